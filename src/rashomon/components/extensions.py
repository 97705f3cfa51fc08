"""The `Doc._.rashomon_*` extensions every component reads or writes, registered once, and typed
readers for the records they hold.

Values are the records of `records` (whose msgpack codec lets docs survive `Doc.to_bytes`, as spaCy
sends them between processes), lists of them, plain strings and lists of strings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc

from .records import ActorInfo, EventRecord, FlagRecord, Mention, PlaceMention, StanceRecord, StatementRecord

EXTENSIONS = ("published", "source", "mentions", "actors", "places", "events", "quotes", "flags", "stance",
              "warnings")
MAX_ERROR_CHARS = 200  # of an error's message in a stage's failure warning
STAGE_FAILURE = re.compile(r"[\w.-]+ failed: ")  # a component name, as `guarded` writes it

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


def guarded(missing: str, span_group: str | None = None, **empty: Callable[[], object]
            ) -> Callable[[Callable[[Component, Doc], Doc]], Callable[[Component, Doc], Doc]]:
    """Run a component so that its failure costs only its own output, never the document or the batch.

    On an exception the component's extensions named in `empty` are reset to a fresh empty value
    (`rashomon_quotes=list`) and its span group is emptied, so that no half-written output stays;
    a warning names the component, the error and what is `missing`. The later components run on
    that empty output. The warning is a Doc extension: it travels back with the doc from spaCy's
    worker processes under `n_process > 1`, where spaCy's own error handlers are never heard."""

    def wrap(call: Callable[[Component, Doc], Doc]) -> Callable[[Component, Doc], Doc]:
        @wraps(call)
        def run(self: Component, doc: Doc) -> Doc:
            try:
                return call(self, doc)
            except Exception as exc:
                for name, value in empty.items():
                    setattr(doc._, name, value())
                if span_group is not None:
                    doc.spans[span_group] = []
                warn(doc, failure_warning(getattr(self, "name", "component"), exc, missing))
                return doc

        return run

    return wrap


def failure_warning(component: str, exc: BaseException, missing: str) -> str:
    """'rashomon_quotes failed: RecursionError: maximum recursion depth exceeded; its statements are
    missing' (the error's first line, shortened)."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    if len(detail) > MAX_ERROR_CHARS:
        detail = detail[:MAX_ERROR_CHARS - 1] + "…"
    return f"{component} failed: {type(exc).__name__}{': ' + detail if detail else ''}; its {missing} are missing"


def stage_failures(warnings: list[str]) -> list[str]:
    """The warnings of `guarded` among a document's warnings."""
    return [w for w in warnings if STAGE_FAILURE.match(w)]
