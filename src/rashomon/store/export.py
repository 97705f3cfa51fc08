"""Exports: the tables as JSONL, CSV or Parquet (DuckDB's own writers), events as PLOVER JSONL
and statements as JSONL, each record citing its source."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..sources import source_name
from .schema import TABLES, quote_ident

EXPORT_FORMATS = {"jsonl", "csv", "parquet", "plover", "quotes"}
RECORD_TABLES = {"documents", "comparisons"}  # their JSON records are for rebuilding, not for export


PLOVER_SQL = """
SELECT e.id, e.date, e.actor_ids, e.actor_names, e.recipient_ids, e.recipient_names, e.type, e.mode,
       e.quad, e.negated, e.modality, e.text, e.evidence, d.id, d.source, d.url, d.outlet, d.title, d.published
FROM events e JOIN documents d ON d.id = e.document_id ORDER BY d.published NULLS LAST, e.id"""
QUAD_CODES = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
QUOTES_SQL = """
SELECT q.id, q.speaker_id, q.speaker_name, q.speaker_text, q.text, q.kind, q.cue, q.start_char, q.end_char,
       d.id, d.source, d.url, d.outlet, d.title, d.published
FROM quotes q JOIN documents d ON d.id = q.document_id ORDER BY d.published NULLS LAST, q.id"""


def _citation(row: tuple) -> dict[str, Any]:
    document_id, source, url, outlet, title, published = row
    return {"document": document_id, "name": source_name(outlet, title, published, document_id), "source": source,
            "url": url, "outlet": outlet, "title": title, "published": str(published) if published else None}


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return path


def export_plover(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """PLOVER-style event records, one JSON object per line, each citing its source."""
    return _write_jsonl(path, (plover_record(row) for row in con.execute(PLOVER_SQL).fetchall()))


def plover_record(row: tuple) -> dict[str, Any]:
    """One row of `PLOVER_SQL` as a PLOVER-style record (the workbench's export writes these too)."""
    evidence = json.loads(row[12] or "[]")
    return {"id": row[0], "date": str(row[1]) if row[1] else None,
            "actor": [{"code": i, "name": n} for i, n in zip(row[2], row[3], strict=False)],
            "recipient": [{"code": i, "name": n} for i, n in zip(row[4], row[5], strict=False)],
            "event": row[6], "mode": row[7], "quad_code": QUAD_CODES[row[8]], "quad": row[8],
            "negated": row[9], "modality": row[10], "text": row[11],
            "offsets": [[e["start"], e["end"]] for e in evidence], "citation": _citation(row[13:])}


def export_quotes(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Statements with their speakers, one JSON object per line, each citing its source."""
    def records() -> Iterable[dict[str, Any]]:
        for row in con.execute(QUOTES_SQL).fetchall():
            yield {"id": row[0], "speaker": {"id": row[1], "name": row[2], "as_written": row[3]},
                   "text": row[4], "kind": row[5], "cue": row[6], "offsets": [row[7], row[8]],
                   "citation": _citation(row[9:])}
    return _write_jsonl(path, records())


def export_tables(con: duckdb.DuckDBPyConnection, out: Path, fmt: str,
                  tables: Iterable[str] = TABLES) -> list[Path]:
    """Write each table to OUT/<table>.<fmt> with DuckDB's own writers; `plover` writes
    OUT/events.plover.jsonl and `quotes` OUT/quotes.jsonl."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format '{fmt}'")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "plover":
        return [export_plover(con, out / "events.plover.jsonl")]
    if fmt == "quotes":
        return [export_quotes(con, out / "quotes.jsonl")]
    options = {"jsonl": "FORMAT JSON", "csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET"}[fmt]
    written = []
    for table in tables:
        path = out / f"{table}.{fmt}"
        literal = "'" + str(path).replace("'", "''") + "'"
        try:
            columns = "* EXCLUDE (record)" if table in RECORD_TABLES else "*"
            con.execute(f"COPY (SELECT {columns} FROM {quote_ident(table)}) TO {literal} ({options})")
        except duckdb.Error as err:
            raise StoreError(f"cannot export {table}: {err}", str(path)) from None
        written.append(path)
    return written
