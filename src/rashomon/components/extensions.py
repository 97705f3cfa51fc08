"""The `Doc._.rashomon_*` extensions every component reads or writes, registered once, and typed
readers for the records they hold.

Values are the records of `records` (whose msgpack codec lets docs survive `Doc.to_bytes`, as spaCy
sends them between processes), lists of them, plain strings and lists of strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc

from .records import ActorInfo, EventRecord, FlagRecord, Mention, PlaceMention, StanceRecord, StatementRecord

EXTENSIONS = ("published", "source", "mentions", "actors", "places", "events", "quotes", "flags", "stance",
              "warnings", "failed")

Component = TypeVar("Component")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(f"rashomon_{name}"):
            Doc.set_extension(f"rashomon_{name}", default=None)


def doc_date(doc: Doc) -> dt.date | None:
    value = doc._.rashomon_published
    return dt.date.fromisoformat(value) if value else None


def doc_mentions(doc: Doc) -> list[Mention]:
    """The actors stage's mentions, in text order (none before it runs)."""
    return doc._.rashomon_mentions or []


def doc_actors(doc: Doc) -> dict[str, ActorInfo]:
    """The document's actors by id (none before the actors stage runs)."""
    return doc._.rashomon_actors or {}


def doc_places(doc: Doc) -> list[PlaceMention]:
    return doc._.rashomon_places or []


def doc_quotes(doc: Doc) -> list[StatementRecord] | None:
    """The quotes stage's statements; None without that stage (a reader may then look for quotes itself)."""
    return doc._.rashomon_quotes


def doc_events(doc: Doc) -> list[EventRecord]:
    return doc._.rashomon_events or []


def doc_flags(doc: Doc) -> list[FlagRecord]:
    return doc._.rashomon_flags or []


def doc_stance(doc: Doc) -> list[StanceRecord]:
    return doc._.rashomon_stance or []


def warn(doc: Doc, message: str) -> None:
    warnings = doc._.rashomon_warnings or []
    if message not in warnings:
        warnings.append(message)
    doc._.rashomon_warnings = warnings


def guarded(call: Callable[[Component, Doc], Doc]) -> Callable[[Component, Doc], Doc]:
    """Run a component so that a failure marks the doc instead of losing it or the batch.

    spaCy's error handlers run in worker processes under `n_process > 1`, where the parent never
    hears of them; a mark on the doc travels back with it."""

    @wraps(call)
    def run(self: Component, doc: Doc) -> Doc:
        if doc._.rashomon_failed:
            return doc
        try:
            return call(self, doc)
        except Exception as exc:
            doc._.rashomon_failed = f"{getattr(self, 'name', 'component')} failed: {type(exc).__name__}: {exc}"
            return doc

    return run
