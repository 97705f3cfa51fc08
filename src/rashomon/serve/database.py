"""The server's one connection to the store, and the read-only SQL of the SQL page.

DuckDB lets one process hold a database file for writing, and a read-only connection cannot be
opened beside it, not even in the same process. The workbench writes (the Add page), so it holds
one read-write connection and gives each request a cursor of it. The connection has external
access switched off and its configuration locked as soon as it is opened and the full-text
extension loaded (fulltext.py): no statement can then read or write a file, attach a database or
load an extension. The SQL page runs only a single SELECT, with a row limit and a time limit (the
query is interrupted)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .. import store
from .fulltext import FullText

SQL_ROW_LIMIT = 1000
SQL_TIME_LIMIT = 5.0  # seconds


class QueryRejected(Exception):
    """A query the SQL page does not run, with the reason in words."""


@dataclass(frozen=True)
class SqlResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than the limit


class Database:
    """A cursor per request (and per addition: the Add queue's one worker is the only writer)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = store.connect(path)
        self.fulltext = FullText(self.con)  # loads a file and attaches: before the lock below
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.cursor() as cursor:
            cursor.execute(sql, list(params))
            columns = [c[0] for c in cursor.description or []]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def close(self) -> None:
        self.con.close()

    def read_only_sql(self, sql: str, limit: int = SQL_ROW_LIMIT, seconds: float = SQL_TIME_LIMIT) -> SqlResult:
        """Run one SELECT (or WITH … SELECT); anything else is rejected before it runs."""
        with self.cursor() as cursor:
            try:
                statements = cursor.extract_statements(sql)
            except duckdb.Error as err:
                raise QueryRejected(str(err)) from None
            if len(statements) != 1:
                raise QueryRejected(f"one statement at a time ({len(statements)} given)")
            # duckdb 1.4.4's stubs name it SELECT_STATEMENT; the module has SELECT only.
            if statements[0].type != duckdb.StatementType.SELECT:  # type: ignore[attr-defined]
                raise QueryRejected(f"only SELECT queries run here, not {statements[0].type.name}")
            timer = threading.Timer(seconds, cursor.interrupt)
            timer.start()
            try:
                cursor.execute(sql)
                rows = cursor.fetchmany(limit + 1)
            except duckdb.InterruptException:
                raise QueryRejected(f"stopped after the {seconds:g}-second time limit") from None
            except duckdb.Error as err:
                raise QueryRejected(str(err)) from None
            finally:
                timer.cancel()
            columns = [c[0] for c in cursor.description or []]
        return SqlResult(columns, rows[:limit], len(rows) > limit)
