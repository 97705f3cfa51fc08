"""Writing a run's outputs: `analysis.json` (or `documents.jsonl`) and `report.html` in a folder,
and the rows in the DuckDB store. `write_outputs` writes an analysis held in memory (the Python
API); `write_from_store` builds the same files from the store, one document at a time, so that
memory does not grow with the corpus."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Protocol

import duckdb

from .errors import ReportError
from .model import Analysis, Document, DyadCounts

REPORT_DOCUMENTS = 300  # the report shows this many documents in full; the store holds them all
DOCUMENTS_FIELD = '\n  "documents": [],\n'


@dataclass(frozen=True)
class Written:
    """Where each output went (None: not asked for)."""

    analysis: Path | None = None
    report: Path | None = None
    db: Path | None = None
    documents: Path | None = None


def write_outputs(analysis: Analysis, out: Path | None = None, db: Path | None = None) -> Written:
    """Write what is asked for: OUT/analysis.json and OUT/report.html when `out` is given, rows in
    the DuckDB file `db` when it is given. Raises `ReportError` or `StoreError` naming the path."""
    from .report import write_report
    from .store import connect, save

    json_path = report_path = None
    if out is not None:
        json_path = out / "analysis.json"
        with _opened(json_path) as fh:
            fh.write(analysis.to_json())
        report_path = write_report(analysis, out / "report.html")
    if db is not None:
        con = connect(db)
        try:
            save(con, analysis)
        finally:
            con.close()
    return Written(json_path, report_path, db)


def write_from_store(con: duckdb.DuckDBPyConnection, ids: list[str], out: Path, header: Analysis,
                     jsonl: bool = False) -> Written:
    """OUT/analysis.json and OUT/report.html for the stored documents `ids`. `header` holds what
    is not per document (tool, model, time, errors, comparison); the dyads are counted here. With
    `jsonl`, the documents go to OUT/documents.jsonl, one per line, and analysis.json lists none."""
    from .report import write_report

    json_path, lines_path = out / "analysis.json", out / "documents.jsonl"
    shown: list[Document] = []
    if jsonl:
        with _opened(lines_path) as fh:
            counted = _stream(con, ids, _DocumentLines(fh), shown)
        with _opened(json_path) as fh:
            fh.write(header.model_copy(update={"dyads": counted}).to_json())
    else:
        with _opened(json_path) as fh:
            sink = _AnalysisJson(fh, header)
            counted = _stream(con, ids, sink, shown)
            sink.close(counted)
    full = header.model_copy(update={"documents": shown, "dyads": counted})
    report_path = write_report(full, out / "report.html", StoredDocuments(con, shown), total=len(ids))
    return Written(json_path, report_path, None, lines_path if jsonl else None)


class _Sink(Protocol):
    def add(self, document: Document) -> None: ...


def _stream(con: duckdb.DuckDBPyConnection, ids: list[str], sink: _Sink, shown: list[Document]) -> list[DyadCounts]:
    """Hand each stored document to `sink`, keep the first few for the report, and count the
    dyads of the analysed ones."""
    from .dyads import dyads
    from .store import load_documents

    def each() -> Iterator[Document]:
        for document in load_documents(con, ids):
            sink.add(document)
            if len(shown) < REPORT_DOCUMENTS:
                shown.append(document)
            if document.status == "analysed":
                yield document

    return dyads(each())


class _AnalysisJson:
    """analysis.json exactly as `Analysis.to_json` writes it, with the documents added one at a time."""

    def __init__(self, fh: IO[str], header: Analysis) -> None:
        self.fh, self.header, self.count = fh, header, 0
        before, _ = header.to_json().split(DOCUMENTS_FIELD, 1)
        fh.write(before + '\n  "documents": [')

    def add(self, document: Document) -> None:
        self.fh.write(("," if self.count else "") + "\n" + textwrap.indent(document.model_dump_json(indent=2), "    "))
        self.count += 1

    def close(self, dyads: list[DyadCounts]) -> None:
        _, after = self.header.model_copy(update={"dyads": dyads}).to_json().split(DOCUMENTS_FIELD, 1)
        self.fh.write(("\n  ]" if self.count else "]") + ",\n" + after)


class _DocumentLines:
    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def add(self, document: Document) -> None:
        self.fh.write(document.model_dump_json() + "\n")


@contextmanager
def _opened(path: Path) -> Iterator[IO[str]]:
    """The file open for writing; an OS error becomes a `ReportError` naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            yield fh
    except OSError as err:
        raise ReportError(f"cannot write: {err.strerror or err}", str(path)) from None


class StoredDocuments(Mapping[str, Document]):
    """Documents by id for the report: those it shows, and any other it cites, read from the
    store when asked for (a few kept)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, shown: list[Document]) -> None:
        from .store import load_documents

        self._shown = {d.id: d for d in shown}
        self._load = lru_cache(maxsize=64)(lambda i: next(iter(load_documents(con, [i])), None))

    def __getitem__(self, key: str) -> Document:
        document = self._shown.get(key) or self._load(key)
        if document is None:
            raise KeyError(key)
        return document

    def __iter__(self) -> Iterator[str]:
        return iter(self._shown)

    def __len__(self) -> int:
        return len(self._shown)
