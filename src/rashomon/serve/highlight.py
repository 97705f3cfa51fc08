"""An article as HTML with its spans marked: actor mentions (links to the actor), event evidence,
statements, flags and one highlighted passage (a citation's). Every piece of article text is
escaped; the markup around it is ours."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    layer: str  # mention | event | quote | flag | hl
    actor: str | None = None  # the actor of a mention


def spans(parts: dict[str, list[dict[str, Any]]], highlight: tuple[int, int] | None) -> list[Span]:
    """The spans of a document's rows (as `queries.document_parts` reads them)."""
    found = [Span(m["start_char"], m["end_char"], "mention", m["actor_id"]) for m in parts["mentions"]]
    found += [Span(q["start_char"], q["end_char"], "quote") for q in parts["quotes"]]
    found += [Span(f["start_char"], f["end_char"], "flag") for f in parts["flags"]]
    for event in parts["events"]:
        found += [Span(ev["start"], ev["end"], "event") for ev in json.loads(event["evidence"] or "[]")]
    if highlight is not None:
        found.append(Span(*highlight, "hl"))
    return found


def marked(text: str, found: Iterable[Span]) -> Markup:
    """`text` cut at every span boundary; each piece wrapped in the layers that cover it. A piece
    inside a mention is a link to its actor; the first highlighted piece carries id="hl"."""
    items = [s for s in found if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in items), *(s.end for s in items)})
    pieces: list[Markup] = []
    anchored = False
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in items if s.start <= start and end <= s.end]
        piece = escape(text[start:end])
        if not covering:
            pieces.append(piece)
            continue
        classes = " ".join(sorted({s.layer for s in covering}))
        anchor = ""
        if "hl" in classes and not anchored:
            anchor, anchored = ' id="hl"', True
        actor = next((s.actor for s in covering if s.actor), None)
        if actor is not None:
            pieces.append(Markup('<a class="{}"{} href="/actors/{}">{}</a>').format(
                classes, Markup(anchor), quote(actor, safe=":"), piece))
        else:
            pieces.append(Markup('<span class="{}"{}>{}</span>').format(classes, Markup(anchor), piece))
    return Markup("").join(pieces)


def snippet(text: str, words: list[str], width: int = 90) -> Markup:
    """A window of `text` around the first of `words` found, the words marked."""
    lower = text.lower()
    hits = [i for i in (lower.find(w.lower()) for w in words) if i >= 0]
    at = min(hits) if hits else 0
    start = max(at - width, 0)
    window = text[start:at + width * 2]
    found = []
    for word in words:
        position = window.lower().find(word.lower())
        while position >= 0 and word:
            found.append(Span(position, position + len(word), "hit"))
            position = window.lower().find(word.lower(), position + len(word))
    body = marked(window, found)
    return Markup("{}{}{}").format("… " if start else "", body, " …" if start + len(window) < len(text) else "")
