"""The actors stage's records: actors (`doc._.rashomon_actors` values), built here only, also for the
actors a later stage finds the document to name (`add_implied_actors`). Mentions are
`records.Mention`s from the first step on."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ...kb import Entity
from ..extensions import doc_actors, doc_mentions
from ..records import ActorInfo, Mention


def known_actor_record(entity: Entity) -> ActorInfo:
    """The per-document record of a knowledge-base actor (`doc._.rashomon_actors` values)."""
    return ActorInfo(name=entity.name, kind=entity.kind, country=entity.country, sector=entity.sector,
                     wikidata=entity.wikidata, title=None, known=True, gender=entity.gender)


def name_words(span: Span, honorifics: set[str]) -> list[Token]:
    """The words of a person's name, without punctuation and the titles and party words before
    it ('Sen. Jane Doe' is Jane Doe)."""
    return [t for t in span if not t.is_punct and t.lower_ not in honorifics]


def actor_record(entity: Entity | None, mention: Mention, doc: Doc, honorifics: set[str],
                 gender: str | None) -> ActorInfo:
    """The record of an actor, from the knowledge base or else from its first mention: a person's
    name without the titles and party words before it ('Sen. Jane Doe' is Jane Doe)."""
    if entity is not None:
        return known_actor_record(entity)
    kind = "generic" if mention.how == "generic" else "person"
    span = doc[mention.start:mention.end]
    if kind == "person" and mention.how == "name":
        words = name_words(span, honorifics)
        if words:
            span = doc[words[0].i:span.end]
    return ActorInfo(name=span.text, kind=kind, country=mention.office_of,
                     sector=mention.sector, wikidata=None, title=mention.title, known=False, gender=gender)


def add_implied_actors(doc: Doc, actors: dict[str, ActorInfo], mentions: Iterable[tuple[int, int, str, str]]
                       ) -> None:
    """Actors a later stage found the document to name without this stage seeing them (the events
    stage: a state named only by a place, "missiles at Haifa", or by a person, "his country") join
    `doc._.rashomon_actors` (an actor already there keeps its record), and their words, given as
    (start, end, actor, how), join `doc._.rashomon_mentions` unless that actor already has a mention
    starting there. The span group is left as this stage set it."""
    table = dict(doc_actors(doc))
    for actor, record in actors.items():
        table.setdefault(actor, record)
    found = list(doc_mentions(doc))
    for start, end, actor, how in mentions:
        if not any(m.start == start and m.actor == actor for m in found):
            found.append(Mention(start, end, actor, how))
    doc._.rashomon_actors = table
    doc._.rashomon_mentions = sorted(found, key=lambda m: (m.start, m.end))
