"""The `rashomon_actors` component: the order of work, places, and the output records."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ...kb import KnowledgeBase
from ...knowledge import Knowledge, packaged_knowledge
from ..extensions import doc_date, guarded, register_extensions, warn
from ..records import ActorInfo, Mention, PlaceMention
from .coreference import document_genders, resolve_descriptions, resolve_pronouns
from .generic import generic_actors
from .mentions import actor_record
from .names import kb_matches, unknown_people
from .tables import ActorTables
from .titles import resolve_titles

SPAN_GROUP = "rashomon_actors"


class ActorResolver:
    """The `rashomon_actors` component."""

    def __init__(self, nlp: Language, name: str = "rashomon_actors") -> None:
        register_extensions()
        self.name = name
        self.kb: KnowledgeBase | None = None
        self.tables = ActorTables()

    # ---- setup ------------------------------------------------------------------------------
    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        knowledge = knowledge or packaged_knowledge()
        self.kb, self.tables = knowledge.kb, knowledge.actors

    def _ready(self) -> KnowledgeBase:
        if self.kb is None:
            self.initialize()
        assert self.kb is not None
        return self.kb

    # ---- run --------------------------------------------------------------------------------
    @guarded("actors, mentions and places", SPAN_GROUP, rashomon_mentions=list, rashomon_actors=dict,
             rashomon_places=list)
    def __call__(self, doc: Doc) -> Doc:
        kb = self._ready()
        day = doc_date(doc)
        if day is None:
            warn(doc, "publication date unknown: titles are not resolved to office-holders and no "
                      "anachronism checks are made")
        place_spans = self._place_spans(doc)
        found = kb_matches(doc, kb, self.tables, place_spans)
        found = resolve_titles(doc, kb, self.tables, day, found)
        places = self._places(kb, place_spans, found)
        found = unknown_people(doc, kb, day, found, {i for p in places for i in range(p.start, p.end)})
        genders = document_genders(doc, kb, found)
        found = resolve_pronouns(doc, kb, found, genders)
        found, places = resolve_descriptions(doc, kb, self.tables, found, places)
        found = generic_actors(doc, kb, found, places)
        self.set_annotations(doc, kb, found, genders)
        doc._.rashomon_places = places
        return doc

    def _place_spans(self, doc: Doc) -> list[Span]:
        """Capitalised gazetteer names, longest first."""
        return filter_spans([Span(doc, start, end, label=match_id) for match_id, start, end in self.tables.places(doc)
                             if doc[start].text[:1].isupper()])

    def _places(self, kb: KnowledgeBase, spans: list[Span], found: list[Mention]) -> list[PlaceMention]:
        """The places outside actor mentions."""
        taken = {i for f in found for i in range(f.start, f.end)}
        places = []
        for span in spans:
            if taken.intersection(range(span.start, span.end)):
                continue
            place = kb.places[span.label_]
            places.append(PlaceMention(span.start, span.end, place.name, place.kind, place.country, place.disputed))
        return places

    # ---- output -----------------------------------------------------------------------------
    def set_annotations(self, doc: Doc, kb: KnowledgeBase, found: list[Mention], genders: dict[str, str]) -> None:
        found.sort(key=lambda f: (f.start, f.end))
        actors: dict[str, ActorInfo] = {}
        for f in found:
            entity = kb.entities.get(f.actor)
            if f.actor not in actors:
                actors[f.actor] = actor_record(entity, f, doc, kb.honorifics, genders.get(f.actor))
            elif f.title and not actors[f.actor].title and entity is None:
                actors[f.actor].title = f.title
        doc._.rashomon_mentions = found
        doc._.rashomon_actors = actors
        doc.spans[SPAN_GROUP] = [Span(doc, m.start, m.end, label=m.how, kb_id=m.actor) for m in found]
