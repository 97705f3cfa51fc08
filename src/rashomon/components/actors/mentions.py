"""The actors stage's records: a mention (`doc._.rashomon_mentions`) and an actor
(`doc._.rashomon_actors` values), built here only, also for the actors a later stage finds the
document to name (`add_implied_actors`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from ...kb import Entity


@dataclass(slots=True)
class Found:
    """A resolved mention while the document is being read."""

    start: int  # token offsets
    end: int
    actor: str
    how: str
    sector: str | None = None
    office: str | None = None
    office_of: str | None = None
    title_text: str | None = None
    past: bool = False


def mention_record(f: Found) -> dict:
    return {"start": f.start, "end": f.end, "actor": f.actor, "how": f.how, "sector": f.sector,
            "office": f.office, "office_of": f.office_of, "title": f.title_text, "past": f.past}


def known_actor_record(entity: Entity) -> dict:
    """The per-document record of a knowledge-base actor (`doc._.rashomon_actors` values)."""
    return {"name": entity.name, "kind": entity.kind, "country": entity.country,
            "sector": entity.sector, "wikidata": entity.wikidata, "title": None, "known": True,
            "gender": entity.gender}


def actor_record(entity: Entity | None, f: Found, doc: Doc) -> dict:
    if entity is not None:
        return known_actor_record(entity)
    name = doc[f.start:f.end].text
    return {"name": name, "kind": "person", "country": f.office_of, "sector": f.sector,
            "wikidata": None, "title": f.title_text, "known": False, "gender": None}


def add_implied_actors(doc: Doc, actors: dict[str, dict], mentions: Iterable[tuple[int, int, str, str]]) -> None:
    """Actors a later stage found the document to name without this stage seeing them (the events
    stage: a state named only by a place, "missiles at Haifa", or by a person, "his country") join
    `doc._.rashomon_actors` (an actor already there keeps its record), and their words, given as
    (start, end, actor, how), join `doc._.rashomon_mentions` unless that actor already has a mention
    starting there. The span group is left as this stage set it."""
    table = dict(doc._.rashomon_actors or {})
    for actor, record in actors.items():
        table.setdefault(actor, record)
    found = list(doc._.rashomon_mentions or [])
    for start, end, actor, how in mentions:
        if not any(m["start"] == start and m["actor"] == actor for m in found):
            found.append(mention_record(Found(start, end, actor, how)))
    doc._.rashomon_actors = table
    doc._.rashomon_mentions = sorted(found, key=lambda m: (m["start"], m["end"]))
