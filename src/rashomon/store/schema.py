"""The store's tables and how to open it.

One process writes at a time: DuckDB locks the file, and a second writer is told which process
holds it (or waits for it, with `wait`). Readers open it read-only."""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

from ..errors import StoreError

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, author VARCHAR, outlet VARCHAR,
    url VARCHAR, published DATE, language VARCHAR, genre VARCHAR, status VARCHAR,
    word_count INTEGER, text VARCHAR, analysed_at TIMESTAMP, analysis_key VARCHAR, record JSON);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS analysis_key VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS record JSON;
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
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR, document_id VARCHAR, comparison_id VARCHAR, label VARCHAR, PRIMARY KEY (story_id, document_id));
ALTER TABLE stories ADD COLUMN IF NOT EXISTS label VARCHAR;
CREATE TABLE IF NOT EXISTS comparisons (
    id VARCHAR PRIMARY KEY, created TIMESTAMP, document_ids VARCHAR[], record JSON);
CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, tool_version VARCHAR, settings JSON,
    analysed INTEGER, skipped INTEGER, failed INTEGER);
CREATE TABLE IF NOT EXISTS input_errors (
    run_id VARCHAR, source VARCHAR, line INTEGER, stage VARCHAR, reason VARCHAR);
"""
INCOMING = "rashomon_incoming_rows"  # the name new rows are scanned under while they are inserted
DOCUMENT_TABLES = ("documents", "actors", "mentions", "events", "quotes", "flags", "stance")
TABLES = (*DOCUMENT_TABLES, "findings", "stories", "comparisons", "runs", "input_errors")
LOCK_RETRY_SECONDS = 0.5
HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect(path: Path | str, read_only: bool = False, wait: float = 0) -> duckdb.DuckDBPyConnection:
    """Open the store (creating its tables unless `read_only`). When another process holds the
    file, retry for up to `wait` seconds, then raise a `StoreError` naming that process."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return _open(path, read_only)
        except duckdb.IOException as err:
            holder = HOLDER.search(str(err))
            if holder is None:
                raise StoreError(f"cannot open database: {err}", str(path)) from None
            if time.monotonic() >= deadline:
                raise StoreError(f"database is in use by process {holder[2]} ({holder[1]}); wait for it to "
                                 "finish", str(path)) from None
            time.sleep(LOCK_RETRY_SECONDS)


def _open(path: Path | str, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
        if not read_only:
            con.execute(SCHEMA_SQL)
        return con
    except duckdb.IOException:
        raise
    except (duckdb.Error, OSError) as err:
        raise StoreError(f"cannot open database: {err}", str(path)) from None


def query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    try:
        cursor = con.execute(sql)
    except duckdb.Error as err:
        raise StoreError(f"query failed: {err}") from None
    columns = [c[0] for c in cursor.description or []]
    return columns, cursor.fetchall()
