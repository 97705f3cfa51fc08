"""The `Doc._.rashomon_*` extensions every component reads or writes, registered once.

Values are plain lists and dicts so docs survive `Doc.to_bytes` (multiprocessing, DocBin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from spacy.tokens import Doc

EXTENSIONS = ("published", "source", "mentions", "actors", "places", "events", "quotes", "flags", "stance",
              "warnings", "failed")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(f"rashomon_{name}"):
            Doc.set_extension(f"rashomon_{name}", default=None)


def doc_date(doc: Doc) -> dt.date | None:
    value = doc._.rashomon_published
    return dt.date.fromisoformat(value) if value else None


def warn(doc: Doc, message: str) -> None:
    warnings = doc._.rashomon_warnings or []
    if message not in warnings:
        warnings.append(message)
    doc._.rashomon_warnings = warnings


def guarded(call: Callable[[object, Doc], Doc]) -> Callable[[object, Doc], Doc]:
    """Run a component so that a failure marks the doc instead of losing it or the batch.

    spaCy's error handlers run in worker processes under `n_process > 1`, where the parent never
    hears of them; a mark on the doc travels back with it."""

    @wraps(call)
    def run(self: object, doc: Doc) -> Doc:
        if doc._.rashomon_failed:
            return doc
        try:
            return call(self, doc)
        except Exception as exc:
            doc._.rashomon_failed = f"{getattr(self, 'name', 'component')} failed: {type(exc).__name__}: {exc}"
            return doc

    return run
