"""Names: the knowledge base's names, aliases, demonyms and metonyms as the text capitalises them,
and people the knowledge base does not know (spaCy PERSON entities, and proper names in apposition
to a role), with the role an apposition gives them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacy.attrs import DEP, POS
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ...kb import PERSON_PREFIX, Entity, KnowledgeBase, slug, surface_key
from ..records import Mention
from ..syntax import NOUN_POS
from .mentions import name_words
from .tables import ActorTables


def kb_matches(doc: Doc, kb: KnowledgeBase, tables: ActorTables, places: list[Span]) -> list[Mention]:
    """Names, aliases, demonyms and metonyms; a name inside a longer place name is part of
    the place ("Northern Ireland", "Bandar Abbas", "East Azerbaijan province")."""
    spans = []
    for match_id, start, end in tables.names(doc):
        span = doc[start:end]
        if any(_inside(span, p) and len(p) > len(span) for p in places):
            continue
        if _capitalised_like(span, kb.lookup(match_id)):
            spans.append(Span(doc, start, end, label=match_id))
    people = [e for e in doc.ents if e.label_ == "PERSON" and _clean_person(e, kb) is not None]
    kept = filter_spans(spans + [p for p in people if any(_inside(s, p) and s != p for s in spans)
                                 and not any(_inside(p, s) for s in spans)])
    found = []
    for span in kept:
        if span.label_ not in tables.forms:
            continue  # a PERSON entity that swallowed a KB form ("Jordan Peterson")
        found.extend(_from_form(kb, span))
    return found


def _from_form(kb: KnowledgeBase, span: Span) -> list[Mention]:
    candidates = kb.lookup(span.label_)
    if not candidates:
        return []
    entity, how = _prefer(candidates)
    state_sector = _generic_organ(span, entity, kb)
    if state_sector is not None:
        return [Mention(span.start, span.end, state_sector[0], "adjective", state_sector[1])]
    sector = entity.sector if entity.kind != "state" else None
    if how in {"adjective", "plural", "name", "alias"} and entity.kind == "state":
        sector = _sector_after(span, kb) or ("CVL" if how == "plural" else None)
    if how == "metonym":
        sector = "GOV"
    return [Mention(span.start, span.end, entity.id, how, sector)]


def unknown_people(doc: Doc, kb: KnowledgeBase, day: dt.date | None, found: list[Mention], places: set[int]
                   ) -> list[Mention]:
    taken = {i for f in found for i in range(f.start, f.end)} | places
    result = list(found)
    known_surnames: dict[str, str] = {}
    full_names: dict[str, str] = {}  # surname -> an unknown person named in full
    candidates = [e for e in doc.ents if e.label_ == "PERSON"] + _described_names(doc, kb)
    for ent in sorted(filter_spans(candidates), key=lambda e: e.start):
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        name = _clean_person(ent, kb)
        if name is None:
            continue
        tokens = name.split()
        if len(tokens) == 1 and tokens[0].lower() in known_surnames:
            actor = known_surnames[tokens[0].lower()]
        else:
            actor = PERSON_PREFIX + slug(name)
            known_surnames.setdefault(tokens[-1].lower(), actor)
        role = _role(ent, kb, result)
        result.append(Mention(ent.start, ent.end, actor, "name", role[1], None, role[2], role[0]))
        taken.update(range(ent.start, ent.end))
        if len(tokens) > 1:
            full_names.setdefault(tokens[-1].lower(), actor)
    return _surnames_to_unknown(doc, kb, day, result, full_names)


def _surnames_to_unknown(doc: Doc, kb: KnowledgeBase, day: dt.date | None, found: list[Mention],
                         full_names: dict[str, str]) -> list[Mention]:
    """A bare surname the knowledge base gave to one of its people ('Bush' in 2015) is the person
    of that surname the document names in full ('Jeb Bush'), unless it names the known one in full
    too, a title made it theirs ('President Bush'), or the known one held an office on the
    document's date (then they are who the bare surname means: 'Melania Trump ... Trump
    tweeted' in 2019 is the president). Without a date, nothing changes."""
    named_in_full = {f.actor for f in found if f.end - f.start > 1}
    result = []
    for f in found:
        other = full_names.get(doc[f.start].lower_) if f.end - f.start == 1 else None
        known = kb.entities.get(f.actor)
        if (other is not None and other != f.actor and day is not None and known is not None
                and known.kind == "person" and f.actor not in named_in_full and f.office is None
                and not known.offices_on(day)):
            f = Mention(f.start, f.end, other, "name")
        result.append(f)
    return result


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _capitalised_like(span: Span, candidates: list[tuple[Entity, str]]) -> bool:
    """A KB form matches only if the text capitalises it as a name: 'Chad' not 'chad',
    'Jordan' the state not 'jordan'; lower-case forms such as 'the Kremlin' keep their case."""
    first = span[0]
    if first.is_title or first.is_upper:
        return True
    return first.text[:1].isupper() or (first.is_punct and len(span) > 1 and span[1].text[:1].isupper())


def _prefer(candidates: list[tuple[Entity, str]]) -> tuple[Entity, str]:
    """One form may name several entities; a name beats an alias beats a demonym or metonym,
    a state beats an organisation, and a person is never picked from a bare shared surname."""
    order = {"name": 0, "alias": 1, "adjective": 2, "plural": 2, "metonym": 3}
    kind_order = {"state": 0, "organisation": 1, "group": 1, "person": 2}
    return sorted(candidates, key=lambda c: (order.get(c[1], 9), kind_order.get(c[0].kind, 9)))[0]


def _generic_organ(span: Span, entity: Entity, kb: KnowledgeBase) -> tuple[str, str] | None:
    """'Russian military', 'Israeli officials': a demonym and a sector noun name the state in that
    sector (PLOVER codes RUSMIL), not a specific organ, even where the KB lists the phrase."""
    if entity.kind == "state" or not entity.country or len(span) < 2:
        return None
    head, rest = span[:-1].text, span[-1].lower_
    state = kb.state(entity.country)
    if state is None or rest not in kb.sector_nouns:
        return None
    if any(surface_key(head) == surface_key(form) for form in [*state.adjectives, state.name, *state.aliases]):
        return state.id, kb.sector_nouns[rest]
    return None


def _sector_after(span: Span, kb: KnowledgeBase) -> str | None:
    doc = span.doc
    for width in (2, 1):
        if span.end + width <= len(doc):
            words = doc[span.end:span.end + width].text.lower()
            if words in kb.sector_nouns:
                return kb.sector_nouns[words]
    return None


def _clean_person(ent: Span, kb: KnowledgeBase) -> str | None:
    if any(t.text in {",", ";", "&"} or t.lower_ in {"and", "or"} for t in ent):
        return None  # a list of names, not one person
    words = name_words(ent, kb.honorifics)
    if not words or any(not t.text[:1].isupper() for t in words) or any(t.like_num for t in words):
        return None
    if all(t.pos_ not in {"PROPN"} for t in words):
        return None
    text = " ".join(t.text for t in words)
    return text.removesuffix("'s").removesuffix("\u2019s") or None


def _described_names(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """Proper names in apposition to a role ('the Deputy Chairman of the Defense Committee,
    Zhuravlev'): people, whatever label the statistical NER gave them."""
    found = []
    marks = doc.to_array([DEP, POS]).tolist()
    appos, propn = doc.vocab.strings["appos"], doc.vocab.strings["PROPN"]
    for i in (i for i, (dep, pos) in enumerate(marks) if dep == appos and pos == propn):
        token = doc[i]
        if not token.text[:1].isupper():
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].head.i == token.i:
            start -= 1
        if _role_head(token.head, kb) is not None:
            found.append(Span(doc, start, token.i + 1, label="PERSON"))
    return found


def _role_head(token: Token, kb: KnowledgeBase) -> Token | None:
    """The role noun a name is in apposition to, up through 'of the ...' phrases."""
    for _ in range(4):
        if token.lower_ in kb.role_words:
            return token
        if token.dep_ not in {"pobj", "prep", "compound"}:
            return None
        token = token.head
    return None


def _role(ent: Span, kb: KnowledgeBase, found: Iterable[Mention]) -> tuple[str | None, str | None, str | None]:
    """(title words, sector, country) from an apposition: 'Iran's ambassador to Russia, Jalali'."""
    root = ent.root
    description: Token | None
    if root.dep_ == "appos" and root.head.pos_ in NOUN_POS:
        description = _role_head(root.head, kb) or root.head
    else:
        description = next((c for c in root.children if c.dep_ == "appos"), None)
    if description is None:
        return None, None, None
    words = list(description.subtree)
    if any(ent.start <= t.i < ent.end for t in words):
        words = [t for t in words if t.i < ent.start] or [description]
    role_sector = None
    for token in words:
        if token.lower_ in kb.role_words:
            role_sector = kb.role_words[token.lower_]
            if token.i == description.i:
                break
    if role_sector is None and description.lower_ not in kb.role_words:
        return None, None, None
    first, last = words[0].i, words[-1].i + 1
    for token in ent.doc[first:ent.start]:
        if "\n" in token.text_with_ws:
            first = token.i + 1  # a heading line above is not part of the description
    country, org_sector = None, None
    for f in found:
        if first <= f.start and f.end <= last:
            entity = kb.entities.get(f.actor)
            if entity is None or entity.kind == "person":
                continue
            if org_sector is None and entity.kind != "state":
                org_sector = entity.sector
            if country is None:
                country = entity.country
    title = " ".join(ent.doc[first:last].text.split()).strip(" ,")
    if title.lower().startswith("the "):
        title = title[4:]
    return title, org_sector or role_sector, country
