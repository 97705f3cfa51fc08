"""How a source is named to a reader: by outlet, title and date ('Reuters, “Talks end in Doha”,
2025-06-19'), never by the file path or URL it was read from, which says nothing to an analyst."""

from __future__ import annotations

import datetime as dt

from .model import Document


def source_name(outlet: str | None, title: str | None, published: dt.date | str | None,
                document_id: str | None = None) -> str:
    """The parts that are known, in that order; a document with none of them is named by its id."""
    parts = [p for p in (outlet, f"“{title}”" if title else None, str(published) if published else None) if p]
    if parts:
        return ", ".join(parts)
    return f"untitled document {document_id[:8]}" if document_id else "untitled document"


def document_name(document: Document) -> str:
    return source_name(document.outlet, document.title, document.published, document.id)
