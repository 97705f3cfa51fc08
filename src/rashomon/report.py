"""The HTML report: one self-contained page. Every piece of article text goes through Jinja's
autoescape or `markupsafe.escape`; nothing from an article reaches the page raw."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .errors import ReportError
from .model import Analysis, Document

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


def render(analysis: Analysis) -> str:
    template = ENV.get_template("report.html.j2")
    ENV.globals.update(highlight=highlight, marked_text=marked_text, anchor=sentence_anchor)
    data = json.dumps(_graph(analysis), ensure_ascii=False).replace("<", "\\u003c")
    return template.render(analysis=analysis, graph_json=Markup(data))


def _graph(analysis: Analysis) -> dict:
    """Nodes and quad-coloured edges for the actor network, and dated events for the timeline."""
    nodes: dict[str, str] = {}
    edges = []
    timeline = []
    for dyad in analysis.dyads:
        nodes[dyad.actor.id] = dyad.actor.name
        nodes[dyad.recipient.id] = dyad.recipient.name
        counts = {q: getattr(dyad, q) for q in ("verbal_cooperation", "material_cooperation",
                                                  "verbal_conflict", "material_conflict")}
        edges.append({"source": dyad.actor.id, "target": dyad.recipient.id, "counts": counts})
    for document in analysis.documents:
        for event in document.events:
            if event.date:
                timeline.append({"date": event.date.isoformat(), "type": event.type, "quad": event.quad,
                                 "negated": event.negated, "document": document.id,
                                 "label": f"{', '.join(a.name for a in event.actor)} {event.type} "
                                          f"{', '.join(r.name for r in event.recipient)}"})
    timeline.sort(key=lambda t: t["date"])
    return {"nodes": [{"id": k, "name": v} for k, v in nodes.items()], "edges": edges, "timeline": timeline}


def write_report(analysis: Analysis, path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(analysis), encoding="utf-8")
    except OSError as err:
        raise ReportError(f"cannot write report: {err.strerror or err}", str(path)) from None
    return path
