"""The HTML report: one self-contained page. Every piece of article text goes through Jinja's
autoescape or `markupsafe.escape`; nothing from an article reaches the page raw."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .errors import ReportError
from .model import Analysis, Document
from .sources import document_name

ENV = Environment(loader=PackageLoader("rashomon", "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True))


def sentence_anchor(document: Document, offset: int) -> str:
    starts = [s for s, _ in document.sentences]
    index = max(bisect_right(starts, offset) - 1, 0)
    return f"d{document.id}-s{index}"


def sentence_of(document: Document, start: int, end: int) -> tuple[int, int]:
    for s, e in document.sentences:
        if s <= start < e:
            return s, max(e, min(end, len(document.text)))
    return start, end


def highlight(document: Document, start: int, end: int, mark: str = "hl") -> Markup:
    """The sentence holding [start, end) with that span marked, all of it escaped."""
    s, e = sentence_of(document, start, end)
    text = document.text
    return Markup("{}<mark class=\"{}\">{}</mark>{}").format(
        text[s:start], mark, text[start:end], text[end:e])


def marked_text(document: Document) -> Markup:
    """The whole document, sentence by sentence (anchors for evidence links), actor mentions
    marked. Mentions are non-overlapping by construction of the actors stage."""
    spans = sorted(((m.start, m.end, a.id) for a in document.actors for m in a.mentions), key=lambda x: x[0])
    text = document.text
    pieces: list[Markup] = []
    by_sentence: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    starts = [s for s, _ in document.sentences]
    for span in spans:
        by_sentence[max(bisect_right(starts, span[0]) - 1, 0)].append(span)
    for index, (s, e) in enumerate(document.sentences or [(0, len(text))]):
        cursor = s
        inner: list[Markup] = []
        for start, end, actor in by_sentence.get(index, []):
            if start < cursor or end > e:
                continue
            inner.append(escape(text[cursor:start]))
            inner.append(Markup('<mark class="actor" title="{}">{}</mark>').format(actor, text[start:end]))
            cursor = end
        inner.append(escape(text[cursor:e]))
        gap = text[e:document.sentences[index + 1][0]] if index + 1 < len(document.sentences) else ""
        pieces.append(Markup('<span class="sent" id="d{}-s{}">{}</span>').format(
            document.id, index, Markup("").join(inner)))
        pieces.append(Markup("<br>" * gap.count("\n")) if "\n" in gap else escape(gap))
    return Markup("").join(pieces)


QUAD_COLOURS = {"verbal_cooperation": "#2f7d32", "material_cooperation": "#1565c0",
                "verbal_conflict": "#ef6c00", "material_conflict": "#c62828"}
NETWORK_SIZE = 520
MAX_NETWORK_NODES = 24


def render(analysis: Analysis, docs_by_id: Mapping[str, Document] | None = None, total: int | None = None) -> str:
    """The page. `docs_by_id` finds the documents that findings cite (by default, the analysis's
    own); `total` is how many documents the run covers when the analysis shows only the first."""
    template = ENV.get_template("report.html.j2")
    ENV.globals.update(highlight=highlight, marked_text=marked_text, anchor=sentence_anchor, source_name=document_name)
    return template.render(analysis=analysis, docs_by_id=docs_by_id or {d.id: d for d in analysis.documents},
                           total=total if total is not None else len(analysis.documents),
                           network_svg=network_svg(analysis), timeline=timeline(analysis))


def network_svg(analysis: Analysis) -> Markup:
    """Actors on a circle, dyads as arrows coloured by their dominant quad class. Drawn here, in
    escaped SVG, so the page needs no script."""
    weights: dict[str, int] = defaultdict(int)
    for dyad in analysis.dyads:
        total = sum(getattr(dyad, q) for q in QUAD_COLOURS)
        weights[dyad.actor.id] += total
        weights[dyad.recipient.id] += total
    nodes = sorted(weights, key=lambda k: -weights[k])[:MAX_NETWORK_NODES]
    if not nodes:
        return Markup('<p class="muted">No dyads.</p>')
    names = {d.actor.id: d.actor.name for d in analysis.dyads} | {d.recipient.id: d.recipient.name
                                                                   for d in analysis.dyads}
    centre, radius = NETWORK_SIZE / 2, NETWORK_SIZE / 2 - 70
    place = {n: (centre + radius * math.cos(2 * math.pi * i / len(nodes)),
                 centre + radius * math.sin(2 * math.pi * i / len(nodes))) for i, n in enumerate(nodes)}
    parts = [Markup('<svg class="network" role="img" aria-label="actor network" width="{0}" height="{0}" '
                    'viewBox="0 0 {0} {0}" xmlns="http://www.w3.org/2000/svg">').format(NETWORK_SIZE),
             Markup('<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" '
                    'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>')]
    for dyad in analysis.dyads:
        if dyad.actor.id not in place or dyad.recipient.id not in place:
            continue
        counts = {q: getattr(dyad, q) for q in QUAD_COLOURS}
        quad = max(counts, key=lambda q: counts[q])
        (x1, y1), (x2, y2) = place[dyad.actor.id], place[dyad.recipient.id]
        parts.append(Markup('<line x1="{:.0f}" y1="{:.0f}" x2="{:.0f}" y2="{:.0f}" stroke="{}" stroke-width="{}" '
                            'marker-end="url(#arrow)"><title>{} → {}: {}</title></line>').format(
            x1, y1, x2, y2, QUAD_COLOURS[quad], 1 + min(sum(counts.values()), 5), dyad.actor.name,
            dyad.recipient.name, ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if v)))
    for node, (x, y) in place.items():
        parts.append(Markup('<circle cx="{:.0f}" cy="{:.0f}" r="7" fill="#fff" stroke="#333"/>'
                            '<text x="{:.0f}" y="{:.0f}" text-anchor="middle">{}</text>').format(
            x, y, x, y - 11, names.get(node, node)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def timeline(analysis: Analysis) -> list[dict]:
    rows = []
    for document in analysis.documents:
        for event in document.events:
            if event.date is None:
                continue
            label = (f"{', '.join(a.name for a in event.actor)} {event.type} "
                     f"{', '.join(r.name for r in event.recipient)}").strip()
            rows.append({"date": event.date.isoformat(), "label": label, "quad": event.quad,
                         "negated": event.negated, "source": document_name(document),
                         "anchor": sentence_anchor(document, event.evidence[0].start)})
    return sorted(rows, key=lambda r: r["date"])


def write_report(analysis: Analysis, path: Path, docs_by_id: Mapping[str, Document] | None = None,
                 total: int | None = None) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(analysis, docs_by_id, total), encoding="utf-8")
    except OSError as err:
        raise ReportError(f"cannot write report: {err.strerror or err}", str(path)) from None
    return path
