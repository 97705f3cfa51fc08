"""What the comparison aligns: one document's report of something (an event, a claim)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Citation, Document


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    """One document's report of something, with the words that carry it."""

    document: Document
    text: str
    start: int
    end: int
    negated: bool

    def citation(self) -> Citation:
        return Citation(document=self.document.id, source=self.document.source, text=self.text,
                        start=self.start, end=self.end)
