"""The DuckDB store: one row per document, actor, mention, event, quote, flag and stance, and
one per cross-source finding.

Documents are keyed by a hash of their text; storing a document again replaces its rows, so
re-running on the same inputs never duplicates anything. Findings are keyed by a hash of what
they say and the evidence they cite, so a re-run replaces them too. Values are always bound parameters;
identifiers go through `quote_ident`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from .errors import StoreError
from .model import Analysis, Document, Finding

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, author VARCHAR, outlet VARCHAR,
    url VARCHAR, published DATE, language VARCHAR, genre VARCHAR, status VARCHAR,
    word_count INTEGER, text VARCHAR, analysed_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS actors (
    document_id VARCHAR, actor_id VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR,
    sector VARCHAR, wikidata VARCHAR, title VARCHAR, known BOOLEAN, mention_count INTEGER,
    PRIMARY KEY (document_id, actor_id));
CREATE TABLE IF NOT EXISTS mentions (
    document_id VARCHAR, actor_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
    sentence INTEGER, how VARCHAR, sector VARCHAR, PRIMARY KEY (document_id, start_char, end_char, actor_id));
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, document_id VARCHAR, type VARCHAR, mode VARCHAR, quad VARCHAR,
    actor_ids VARCHAR[], actor_names VARCHAR[], recipient_ids VARCHAR[], recipient_names VARCHAR[],
    negated BOOLEAN, modality VARCHAR, date DATE, date_text VARCHAR, speaker_id VARCHAR,
    text VARCHAR, evidence JSON);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY, document_id VARCHAR, speaker_id VARCHAR, speaker_name VARCHAR,
    speaker_text VARCHAR, text VARCHAR, kind VARCHAR, cue VARCHAR, start_char INTEGER, end_char INTEGER);
CREATE TABLE IF NOT EXISTS flags (
    id VARCHAR PRIMARY KEY, document_id VARCHAR, kind VARCHAR, actor_id VARCHAR, actor_name VARCHAR,
    text VARCHAR, message VARCHAR, start_char INTEGER, end_char INTEGER);
CREATE TABLE IF NOT EXISTS stance (
    document_id VARCHAR, actor_id VARCHAR, actor_name VARCHAR, score DOUBLE, role VARCHAR, subrole VARCHAR,
    sentences VARCHAR[], PRIMARY KEY (document_id, actor_id));
CREATE TABLE IF NOT EXISTS findings (
    id VARCHAR PRIMARY KEY, kind VARCHAR, topic VARCHAR, detail VARCHAR, document_ids VARCHAR[],
    citations JSON, found_at TIMESTAMP);
"""
DOCUMENTS_PER_TRANSACTION = 256
INCOMING = "rashomon_incoming_rows"  # the name new rows are scanned under while they are inserted
DOCUMENT_TABLES = ("documents", "actors", "mentions", "events", "quotes", "flags", "stance")
TABLES = (*DOCUMENT_TABLES, "findings")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
        if not read_only:
            con.execute(SCHEMA_SQL)
        return con
    except (duckdb.Error, OSError) as err:
        raise StoreError(f"cannot open database: {err}", str(path)) from None


def save(con: duckdb.DuckDBPyConnection, analysis: Analysis) -> None:
    documents = analysis.documents
    for start in range(0, len(documents), DOCUMENTS_PER_TRANSACTION):
        save_documents(con, documents[start:start + DOCUMENTS_PER_TRANSACTION], analysis.created)
    if analysis.comparison is not None:
        save_findings(con, analysis.comparison.findings, analysis.created)


def save_findings(con: duckdb.DuckDBPyConnection, findings: Iterable[Finding], when: Any) -> None:
    """Agreements, contradictions, unique reports and framing differences, each with its citations."""
    rows = {}
    for f in findings:
        citations = [c.model_dump() for c in f.citations]
        key = json.dumps([f.kind, f.topic, [(c["document"], c["start"], c["end"]) for c in citations]])
        rows[hashlib.sha256(key.encode()).hexdigest()[:16]] = [
            f.kind, f.topic, f.detail, sorted({c["document"] for c in citations}), json.dumps(citations), when]
    if not rows:
        return
    try:
        _insert(con, "findings", [[key, *row] for key, row in rows.items()], replace=True)
    except duckdb.Error as err:
        raise StoreError(f"cannot store findings: {err}") from None


def save_documents(con: duckdb.DuckDBPyConnection, documents: Sequence[Document], when: Any) -> None:
    """Store `documents` in one transaction, replacing their earlier rows. When the batch fails,
    each document is stored on its own: the others are kept, and the error names the first that
    could not be stored (its earlier rows stay as they were)."""
    latest = list({d.id: d for d in documents}.values())  # the same text twice: one document
    try:
        _replace(con, latest, when)
        return
    except duckdb.Error:
        pass
    failed: StoreError | None = None
    for document in latest:
        try:
            _replace(con, [document], when)
        except duckdb.Error as err:
            failed = failed or StoreError(f"cannot store document: {err}", document.source)
    if failed is not None:
        raise failed


def _replace(con: duckdb.DuckDBPyConnection, documents: list[Document], when: Any) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        ids = [d.id for d in documents]
        for table in DOCUMENT_TABLES:
            key = "id" if table == "documents" else "document_id"
            con.execute(f"DELETE FROM {quote_ident(table)} WHERE {quote_ident(key)} IN (SELECT unnest(?))", [ids])
        for table, rows in document_rows(documents, when).items():
            _insert(con, table, rows)
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise


def document_rows(documents: list[Document], when: Any) -> dict[str, list[list[Any]]]:
    """The rows of every document table, in the tables' column order."""
    rows: dict[str, list[list[Any]]] = {table: [] for table in DOCUMENT_TABLES}
    for d in documents:
        rows["documents"].append([d.id, d.source, d.title, d.author, d.outlet, d.url, d.published, d.language,
                                  d.genre, d.status, d.word_count, d.text, when])
        rows["actors"] += [[d.id, a.id, a.name, a.kind, a.country, a.sector, a.wikidata, a.title, a.known,
                            a.mention_count] for a in d.actors]
        rows["mentions"] += [[d.id, a.id, m.start, m.end, m.text, m.sentence, m.how, m.sector]
                             for a in d.actors for m in a.mentions]
        rows["events"] += [[e.id, d.id, e.type, e.mode, e.quad, [r.id for r in e.actor], [r.name for r in e.actor],
                            [r.id for r in e.recipient], [r.name for r in e.recipient], e.negated, e.modality,
                            e.date, e.date_text, e.speaker.id if e.speaker else None, e.text,
                            json.dumps([ev.model_dump() for ev in e.evidence])] for e in d.events]
        rows["quotes"] += [[q.id, d.id, q.speaker.id if q.speaker else None, q.speaker.name if q.speaker else None,
                            q.speaker_text, q.text, q.kind, q.cue, q.start, q.end] for q in d.quotes]
        rows["flags"] += [[f.id, d.id, f.kind, f.actor.id if f.actor else None, f.actor.name if f.actor else None,
                           f.text, f.message, f.start, f.end] for f in d.flags]
        rows["stance"] += [[d.id, s.actor.id, s.actor.name, s.score, s.role, s.subrole, s.sentences]
                           for s in d.stance]
    return rows


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], replace: bool = False) -> None:
    """Insert column-wise: DuckDB scans a mapping of NumPy object arrays in one statement, two
    orders of magnitude faster than `executemany` binding row by row. With `replace`, rows
    replace those with the same primary key."""
    if not rows:
        return
    columns = {}
    for index, values in enumerate(zip(*rows, strict=True)):
        column = np.empty(len(values), dtype=object)
        for row, value in enumerate(values):  # one by one: a slice assignment would unpack lists
            column[row] = value
        columns[f"c{index}"] = column
    con.register(INCOMING, columns)
    try:
        con.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {quote_ident(table)} SELECT * FROM {INCOMING}")
    finally:
        con.unregister(INCOMING)


def query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    try:
        cursor = con.execute(sql)
    except duckdb.Error as err:
        raise StoreError(f"query failed: {err}") from None
    columns = [c[0] for c in cursor.description or []]
    return columns, cursor.fetchall()


EXPORT_FORMATS = {"jsonl", "csv", "parquet", "plover", "quotes"}


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
    return {"document": document_id, "source": source, "url": url, "outlet": outlet, "title": title,
            "published": str(published) if published else None}


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return path


def export_plover(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """PLOVER-style event records, one JSON object per line, each citing its source."""
    def records() -> Iterable[dict[str, Any]]:
        for row in con.execute(PLOVER_SQL).fetchall():
            evidence = json.loads(row[12] or "[]")
            yield {"id": row[0], "date": str(row[1]) if row[1] else None,
                   "actor": [{"code": i, "name": n} for i, n in zip(row[2], row[3], strict=False)],
                   "recipient": [{"code": i, "name": n} for i, n in zip(row[4], row[5], strict=False)],
                   "event": row[6], "mode": row[7], "quad_code": QUAD_CODES[row[8]], "quad": row[8],
                   "negated": row[9], "modality": row[10], "text": row[11],
                   "offsets": [[e["start"], e["end"]] for e in evidence], "citation": _citation(row[13:])}
    return _write_jsonl(path, records())


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
            con.execute(f"COPY {quote_ident(table)} TO {literal} ({options})")
        except duckdb.Error as err:
            raise StoreError(f"cannot export {table}: {err}", str(path)) from None
        written.append(path)
    return written
