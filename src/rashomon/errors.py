"""One exception family, caught once at the edge (CLI or API caller).

Every error knows where it happened (`source`, and `line` for corpora) and which stage raised it,
so a batch can record it as one line and go on.
"""

from __future__ import annotations


class RashomonError(Exception):
    """Base class: a failure the user can act on, with the input and stage it belongs to."""

    stage = "rashomon"

    def __init__(self, reason: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class IngestError(RashomonError):
    """An input could not be read or turned into a document."""

    stage = "ingest"


class KnowledgeBaseError(RashomonError):
    """A knowledge-base data file is malformed."""

    stage = "knowledge-base"


class ModelNotFoundError(RashomonError):
    """The spaCy pipeline asked for is not installed."""

    stage = "nlp"


class StoreError(RashomonError):
    """The DuckDB store could not be opened or written."""

    stage = "store"


class ReportError(RashomonError):
    """The report or an export could not be written."""

    stage = "report"
