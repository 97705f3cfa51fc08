"""How a source is named to a reader: by outlet, title and date ('Reuters, “Talks end in Doha”,
2025-06-19'), never by the file path or URL it was read from, which says nothing to an analyst."""

from __future__ import annotations

import datetime as dt

from .model import Document


def source_name(outlet: str | None, title: str | None, published: dt.date | str | None,
                document_id: str | None = None) -> str:
    """The parts that are known, in that order. A source with neither outlet nor title is an
    untitled document, told apart from others by the start of its id."""
    named = [p for p in (outlet, f"“{title}”" if title else None) if p]
    if not named:
        named = [f"untitled document {document_id[:8]}" if document_id else "untitled document"]
    return ", ".join([*named, str(published)] if published else named)


def document_name(document: Document) -> str:
    return source_name(document.outlet, document.title, document.published, document.id)
