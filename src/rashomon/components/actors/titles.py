"""Office titles, with or without a name: "Russian President Putin" gives Putin his office; "Iran's
foreign minister" alone is whoever held the office on the document's date, or a named person who
held it just before ("Assad ... the embattled Syrian president")."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ...kb import Entity, KnowledgeBase
from ..records import Mention
from .tables import ActorTables

# How many tokens back a bare title ("the Syrian president") looks for a named holder.
DESCRIPTION_WINDOW = 120


def resolve_titles(doc: Doc, kb: KnowledgeBase, tables: ActorTables, day: dt.date | None,
                   found: list[Mention]) -> list[Mention]:
    taken = {i for f in found for i in range(f.start, f.end)}
    by_start = {f.start: f for f in found}
    by_end = {f.end: f for f in found}
    result = list(found)
    spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in tables.titles(doc)])
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        office = span.label_.split(":", 1)[1]
        holder_of = _title_owner(doc, kb, span, by_end)
        if office == "@leader":
            state = kb.state(holder_of)
            office = (state.leader_office if state else "leader" if holder_of else None) or ""
            if not office:
                continue
        past = _past_marked(doc, span, kb, holder_of is not None)
        named = by_start.get(span.end)
        if named is None and span.end < len(doc) and doc[span.end].lower_ in kb.honorifics:
            named = by_start.get(span.end + 1)
        if named is not None:
            entity = kb.entities.get(named.actor)
            if entity is not None and entity.kind == "person":
                named.office, named.office_of, named.past = office, holder_of, past
                named.title = doc[span.start:span.end].text
            continue
        if past or day is None or _names_someone_else(doc, span):
            continue
        holder = _recent_holder(kb, found, span.start, office, holder_of) or _holder(kb, office, holder_of, day)
        if holder is not None:
            start = _title_start(doc, span, by_end)
            result.append(Mention(start, span.end, holder.id, "title", kb.offices[office].sector,
                                office, holder_of, doc[start:span.end].text))
            taken.update(range(start, span.end))
    return result


def _title_owner(doc: Doc, kb: KnowledgeBase, span: Span, by_end: dict[int, Mention]) -> str | None:
    """Whose office: a state or organisation just before ("Iran's foreign minister") or after
    ("the foreign minister of Iran")."""
    before = by_end.get(span.start)
    if before is None and span.start > 0 and doc[span.start - 1].tag_ == "POS":
        before = by_end.get(span.start - 1)
    if before is not None:
        entity = kb.entities.get(before.actor)
        if entity and entity.kind in {"state", "organisation", "group"}:
            return entity.country if entity.kind == "state" else entity.id
    tail = doc[span.end:span.end + 4]
    if len(tail) >= 2 and tail[0].lower_ in {"of", "for"}:
        for f in by_end.values():
            if span.end < f.start <= span.end + 3:
                entity = kb.entities.get(f.actor)
                if entity and entity.kind != "person":
                    return entity.country if entity.kind == "state" else entity.id
    return None


def _holder(kb: KnowledgeBase, office: str, of: str | None, day: dt.date) -> Entity | None:
    info = kb.offices.get(office)
    if info is None or not info.single:
        return None
    if of is not None:
        return kb.holder(office, of, day)
    owners = {key[1] for key, rows in kb.holders.items() if key[0] == office
              and any(o.covers(day) for o, _ in rows)}
    return kb.holder(office, owners.pop(), day) if len(owners) == 1 else None


def _recent_holder(kb: KnowledgeBase, found: list[Mention], before: int, office: str,
                   of: str | None) -> Entity | None:
    """A title without a name that follows a named person who held that office at some time
    ('Assad ... the embattled Syrian president') means that person, not today's holder."""
    for f in sorted(found, key=lambda m: -m.start):
        if f.start >= before or before - f.start > DESCRIPTION_WINDOW:
            continue
        entity = kb.entities.get(f.actor)
        if entity is not None and entity.kind == "person" and any(
                o.office == office and (of is None or o.holder_of == of) for o in entity.offices):
            return entity
    return None


def _past_marked(doc: Doc, span: Span, kb: KnowledgeBase, owned: bool) -> bool:
    start = span.start - (2 if owned else 0)
    window = doc[max(0, start - 3):span.start]
    return any(t.lower_.rstrip("-") in kb.past_markers or t.lower_ in kb.past_markers for t in window)


def _names_someone_else(doc: Doc, span: Span) -> bool:
    """'Grand Ayatollah Sistani', 'an ayatollah': a title before a name the KB does not know, or
    after an indefinite article, is not the office-holder."""
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.pos_ == "PROPN") or (before is not None and before.lower_ in {"a", "an"})


def _title_start(doc: Doc, span: Span, by_end: dict[int, Mention]) -> int:
    before = by_end.get(span.start)
    if before is None and span.start > 0 and doc[span.start - 1].tag_ == "POS":
        before = by_end.get(span.start - 1)
    start = before.start if before is not None else span.start
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return start
