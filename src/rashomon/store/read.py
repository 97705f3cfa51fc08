"""Reading the store back: which documents it holds and with which analysis, the documents
themselves (from their JSON record, exactly as analysed), and the latest comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import duckdb

from ..errors import StoreError
from ..model import Comparison, Document, InputError

LOAD_CHUNK = 64  # documents fetched per query when loading them back


def analysis_keys(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Document id -> the key of the analysis that stored it (documents stored whole)."""
    rows = con.execute("SELECT id, analysis_key FROM documents WHERE analysis_key IS NOT NULL "
                       "AND record IS NOT NULL").fetchall()
    return dict(rows)


def select_ids(con: duckdb.DuckDBPyConnection, since: dt.date | None = None, outlets: Sequence[str] = (),
               story: str | None = None) -> list[str]:
    """The ids of the stored documents published on or after `since`, from one of `outlets`, in
    `story` (each filter only when given), ordered by source."""
    conditions: list[str] = ["record IS NOT NULL"]
    params: list[object] = []
    if since is not None:
        conditions.append("published >= ?")
        params.append(since)
    if outlets:
        conditions.append("lower(outlet) IN (SELECT lower(unnest(?)))")
        params.append(list(outlets))
    if story is not None:
        conditions.append("id IN (SELECT document_id FROM stories WHERE story_id = ?)")
        params.append(story)
    sql = f"SELECT id FROM documents WHERE {' AND '.join(conditions)} ORDER BY source, id"
    return [row[0] for row in con.execute(sql, params).fetchall()]


def load_documents(con: duckdb.DuckDBPyConnection, ids: Sequence[str],
                   status: str | None = None) -> Iterator[Document]:
    """The documents `ids` in that order (only those with `status`, when given), a few at a time
    so that memory holds one chunk."""
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = list(ids[start:start + LOAD_CHUNK])
        rows = dict(con.execute("SELECT id, record FROM documents WHERE id IN (SELECT unnest(?))",
                                [chunk]).fetchall())
        for document_id in chunk:
            if document_id not in rows:
                continue
            document = Document.model_validate_json(rows[document_id])
            if status is None or document.status == status:
                yield document


def select_analysed(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[str]:
    """Those of `ids` whose documents were analysed (not left aside for their language), in order."""
    analysed = {row[0] for row in con.execute("SELECT id FROM documents WHERE status = 'analysed' "
                                              "AND id IN (SELECT unnest(?))", [list(ids)]).fetchall()}
    return [i for i in ids if i in analysed]


def compared_since_stored(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> bool:
    """Whether a stored comparison covers exactly `ids` and was made after each was stored."""
    row = con.execute("SELECT count(*) FROM comparisons WHERE list_sort(document_ids) = list_sort(?) AND created >= "
                      "(SELECT max(analysed_at) FROM documents WHERE id IN (SELECT unnest(?)))",
                      [list(ids), list(ids)]).fetchone()
    return bool(row and row[0])


def latest_comparison(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> Comparison | None:
    """The latest comparison drawn only from documents among `ids`."""
    row = con.execute("SELECT record FROM comparisons WHERE list_has_all(?, document_ids) "
                      "ORDER BY created DESC LIMIT 1", [list(ids)]).fetchone()
    return Comparison.model_validate_json(row[0]) if row else None


def latest_errors(con: duckdb.DuckDBPyConnection) -> list[InputError]:
    """The inputs that failed in the latest run."""
    try:
        rows = con.execute("SELECT source, line, stage, reason FROM input_errors WHERE run_id = "
                           "(SELECT id FROM runs ORDER BY started DESC LIMIT 1)").fetchall()
    except duckdb.Error as err:
        raise StoreError(f"cannot read the run's errors: {err}") from None
    return [InputError(source=s, line=n, stage=g, reason=r) for s, n, g, r in rows]
