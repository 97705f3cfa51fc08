"""Writing to the store: a batch of documents in one transaction, the comparison over a set
of documents, and a record of each run.

Documents are keyed by a hash of their text; storing a document again replaces its rows, so
re-running on the same inputs never duplicates anything. Findings are keyed by a hash of what
they say and the evidence they cite, so a re-run replaces them too. Values are always bound
parameters; identifiers go through `quote_ident`."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import numpy as np

from ..errors import StoreError
from ..model import Analysis, Comparison, Document, Finding, InputError
from .schema import DOCUMENT_TABLES, INCOMING, quote_ident

DOCUMENTS_PER_TRANSACTION = 256


def save(con: duckdb.DuckDBPyConnection, analysis: Analysis) -> None:
    """Everything an in-memory analysis holds: its documents, batch by batch, then its comparison."""
    documents = analysis.documents
    for start in range(0, len(documents), DOCUMENTS_PER_TRANSACTION):
        save_documents(con, documents[start:start + DOCUMENTS_PER_TRANSACTION], analysis.created)
    if analysis.comparison is not None:
        compared = [d.id for d in documents if d.status == "analysed"]
        save_comparison(con, analysis.comparison, compared, analysis.created)


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
        raise StoreError(f"cannot store findings: {_first_line(err)}") from None


def save_documents(con: duckdb.DuckDBPyConnection, documents: Sequence[Document], when: Any,
                   keys: Mapping[str, str] | None = None) -> None:
    """Store `documents` in one transaction, replacing their earlier rows; `keys` maps a document
    id to the key of the analysis that made it (see `runs.analysis_key`). When the batch fails,
    each document is stored on its own: the others are kept, and the error names the first that
    could not be stored (its earlier rows stay as they were)."""
    latest = list({d.id: d for d in documents}.values())  # the same text twice: one document
    try:
        _replace(con, latest, when, keys or {})
        return
    except duckdb.Error:
        pass
    failed: StoreError | None = None
    for document in latest:
        try:
            _replace(con, [document], when, keys or {})
        except duckdb.Error as err:
            failed = failed or StoreError(f"cannot store document: {_first_line(err)}", document.source)
    if failed is not None:
        raise failed


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _replace(con: duckdb.DuckDBPyConnection, documents: list[Document], when: Any, keys: Mapping[str, str]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        ids = [d.id for d in documents]
        for table in DOCUMENT_TABLES:
            key = "id" if table == "documents" else "document_id"
            con.execute(f"DELETE FROM {quote_ident(table)} WHERE {quote_ident(key)} IN (SELECT unnest(?))", [ids])
        for table, rows in document_rows(documents, when, keys).items():
            _insert(con, table, rows)
        con.execute("COMMIT")
    except duckdb.Error:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open: a failed write may have ended it already, and
    the error worth reporting is the write's."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def document_rows(documents: list[Document], when: Any,
                  keys: Mapping[str, str] | None = None) -> dict[str, list[list[Any]]]:
    """The rows of every document table, in the tables' column order. The documents row keeps
    the whole record as JSON, so that outputs are rebuilt from the store exactly."""
    rows: dict[str, list[list[Any]]] = {table: [] for table in DOCUMENT_TABLES}
    for d in documents:
        rows["documents"].append([d.id, d.source, d.title, d.author, d.outlet, d.url, d.published, d.language,
                                  d.genre, d.status, d.word_count, d.text, when, (keys or {}).get(d.id),
                                  d.model_dump_json()])
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
        with contextlib.suppress(duckdb.Error):  # in a failed transaction it fails too, hiding why
            con.unregister(INCOMING)


def save_comparison(con: duckdb.DuckDBPyConnection, comparison: Comparison, document_ids: Sequence[str],
                    when: Any) -> str:
    """The comparison over `document_ids`: its record, its stories, and its findings, which replace
    every earlier finding drawn only from these documents. Returns the comparison's id."""
    ids = sorted(document_ids)
    comparison_id = hashlib.sha256(json.dumps([ids, str(when)]).encode()).hexdigest()[:16]
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM findings WHERE list_has_all(?, document_ids)", [ids])
        con.execute("DELETE FROM stories WHERE document_id IN (SELECT unnest(?))", [ids])
        _insert(con, "comparisons", [[comparison_id, when, ids, comparison.model_dump_json()]], replace=True)
        _insert(con, "stories", [[story.id, document, comparison_id, story.label]
                                 for story in comparison.stories for document in story.documents], replace=True)
        con.execute("COMMIT")
    except duckdb.Error as err:
        _rollback(con)
        raise StoreError(f"cannot store the comparison: {_first_line(err)}") from None
    save_findings(con, comparison.findings, when)
    return comparison_id


def save_run(con: duckdb.DuckDBPyConnection, run_id: str, row: Sequence[Any]) -> None:
    """The run's row: started, finished, tool version, settings (JSON), analysed, skipped, failed."""
    _insert_or_fail(con, "runs", [[run_id, *row]], replace=True)


def save_errors(con: duckdb.DuckDBPyConnection, run_id: str, errors: Iterable[InputError]) -> None:
    _insert_or_fail(con, "input_errors", [[run_id, e.source, e.line, e.stage, e.reason] for e in errors])


def _insert_or_fail(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], replace: bool = False) -> None:
    try:
        _insert(con, table, rows, replace)
    except duckdb.Error as err:
        raise StoreError(f"cannot store {table.replace('_', ' ')}: {_first_line(err)}") from None
