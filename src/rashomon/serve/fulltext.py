"""BM25 full-text search over documents, statements and events, with DuckDB's `fts` extension.

DuckDB's `INSTALL` downloads extensions from DuckDB's own server, which the workbench cannot count
on. The extension comes instead from the `duckdb-ext-fts` package (the `serve` extra), built for
the pinned duckdb, and is loaded from that file: nothing is downloaded. It has to be loaded, and
the in-memory database that holds the index attached, before the connection's configuration is
locked (database.py); where that fails, search falls back to ILIKE (queries.py).

The index is kept in that in-memory database (`search`), never in the store file. It is built on
the first search and again on the first search after the Add page stores a document. Each build is
one transaction: a search on another cursor meanwhile reads the previous index."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import duckdb

CATALOG = "search"
EXTENSION = "fts.duckdb_extension"
# Each indexed table: the store's rows as an id and the text columns to index.
SOURCES = {
    "documents": "SELECT id, coalesce(title, '') AS title, coalesce(text, '') AS text FROM documents",
    "statements": "SELECT id, coalesce(speaker_name, '') AS speaker, coalesce(text, '') AS text FROM quotes",
    "events": """SELECT id, coalesce(type, '') AS type,
                        array_to_string(list_concat(actor_names, recipient_names), ' ') AS actors,
                        coalesce(text, '') AS text FROM events""",
}
COLUMNS = {"documents": ("title", "text"), "statements": ("speaker", "text"), "events": ("type", "actors", "text")}


def extension_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The `fts` binary that duckdb-ext-fts installs for this duckdb version and platform, if any."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        return None
    row = con.execute("SELECT platform FROM pragma_platform()").fetchone()
    platform = row[0] if row else ""
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "extensions" / f"v{duckdb.__version__}" / platform / EXTENSION
        if path.is_file():
            return path
    return None


def score(table: str, id_column: str) -> str:
    """The SQL of a row's BM25 score for the query bound as its parameter (NULL unless every
    word of the query occurs in the row, after stemming)."""
    return f"{CATALOG}.fts_main_{table}.match_bm25({id_column}, ?, conjunctive := 1)"


class FullText:
    """The extension, loaded or not, and whether the index must be built before the next search."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.error = self._load()
        self._stale = True
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.error is None

    def _load(self) -> str | None:
        """Load the extension and attach the index's database; the reason in words if it fails."""
        path = extension_path(self.con)
        if path is None:
            return f"no duckdb-ext-fts package for duckdb {duckdb.__version__} on this platform is installed"
        try:
            self.con.execute(f"LOAD '{path}'")
            self.con.execute(f"ATTACH ':memory:' AS {CATALOG}")
        except duckdb.Error as err:
            return f"the fts extension could not be loaded: {err}"
        return None

    def stale(self) -> None:
        """The store has changed: build the index again before the next search."""
        self._stale = True

    def ready(self) -> None:
        """Build the index if it is stale (one search builds it; the others wait for it)."""
        with self._lock:
            if self._stale:
                self._stale = False  # first: a document stored during the build makes it stale again
                try:
                    self._build()
                except duckdb.Error:
                    self._stale = True
                    raise

    def _build(self) -> None:
        cursor = self.con.cursor()
        try:
            cursor.execute("BEGIN")
            for table, select in SOURCES.items():
                self._index(cursor, table, select)
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    @staticmethod
    def _index(cursor: duckdb.DuckDBPyConnection, table: str, select: str) -> None:
        """Index a copy of the rows' text, then drop the copy: the index keeps what BM25 needs."""
        columns = ", ".join(f"'{c}'" for c in COLUMNS[table])
        cursor.execute(f"CREATE OR REPLACE TABLE {CATALOG}.{table} AS {select}")
        cursor.execute(f"PRAGMA create_fts_index('{CATALOG}.main.{table}', 'id', {columns}, overwrite = 1)")
        cursor.execute(f"DROP TABLE {CATALOG}.{table}")
