"""PLOVER event coding: who did what to whom, with negation, modality, dates and evidence.

Rules over spaCy's dependency parse and a data-file lexicon (data/events.yaml, data/cues.yaml,
data/plover.yaml); see docs/events.md for the conventions and their reasons. In short:
1. candidates - a verb whose lemma (+ particle, preposition, object class) matches a verb entry,
   and a noun matching a noun entry ("U.S. strikes on Iran", "Araghchi's visit to Moscow");
2. roles - subject (or passive agent, or the subject a complement inherits) is the actor, the
   entry's slots give the recipient; every role must resolve to an actor mention;
3. complements - "urged Russia to withdraw" is one REQUEST (mode from the complement), not a
   RETREAT; "refused to send troops" is the sending, negated; "agreed to halt strikes" a CONCEDE;
4. modality - negation, inability, future (cooperation then becomes AGREE, retreats CONCEDE),
   hypothetical, hedged report; the speaker of a quote or of reported speech;
5. dates from DATE entities attached to the event's clause, resolved by `rashomon.dates`;
6. one event per (actor, type, recipient, negated, date), carrying every evidence sentence.

Modules, in that order: `lexicon` (the data files), `parse` (verb frames and clause tests),
`reader` and `speakers` (noun phrases read into actors; who speaks), `candidates` (steps 1-2),
`complements` (3), `modality` (4), `records` (5-6).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...knowledge import Knowledge, packaged_knowledge
from ..extensions import guarded, register_extensions
from ..records import EventRecord
from .candidates import Candidate, CandidateFinder
from .complements import link_complements
from .lexicon import Lexicon, load_lexicon
from .modality import ModalityReader, retype
from .reader import DocReader
from .records import event_records, merge_events

__all__ = ["EventExtractor", "Lexicon", "load_lexicon"]

SPAN_GROUP = "rashomon_events"


class EventExtractor:
    """The `rashomon_events` component: sets `doc._.rashomon_events` and the span group; states an
    event names only through a place or a person ("a strike on Fordow") join the actors and
    mentions through the actors stage's `add_implied_actors`."""

    def __init__(self, nlp: Language, name: str = "rashomon_events") -> None:
        register_extensions()
        self.name = name
        self.lexicon: Lexicon | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.lexicon = (knowledge or packaged_knowledge()).events

    def _ready(self) -> Lexicon:
        if self.lexicon is None:
            self.initialize()
        assert self.lexicon is not None
        return self.lexicon

    @guarded("events", SPAN_GROUP, rashomon_events=list)
    def __call__(self, doc: Doc) -> Doc:
        lexicon = self._ready()
        reader = DocReader(doc, lexicon)
        candidates = CandidateFinder(reader).candidates()
        link_complements(candidates, lexicon)
        modality = ModalityReader(reader)
        records: list[EventRecord] = []
        triggers: set[tuple[int, str]] = set()  # (anchor, type) of the candidates that gave a record
        for candidate in candidates:
            if candidate.suppressed:
                continue
            modality.apply(candidate)
            retype(candidate, lexicon)
            found = list(event_records(reader, candidate, lexicon))
            if found:
                triggers.add((candidate.anchor.i, candidate.type))
            records.extend(found)
        events = merge_events(records)
        reader.commit(events)
        self.set_annotations(doc, events, candidates, triggers)
        return doc

    def set_annotations(self, doc: Doc, events: list[EventRecord], candidates: list[Candidate],
                        triggers: set[tuple[int, str]]) -> None:
        """The events, and a trigger span for every candidate that gave a record, merged into another
        event or not."""
        doc._.rashomon_events = events
        doc.spans[SPAN_GROUP] = [Span(doc, c.anchor.i, c.anchor.i + 1, label=c.type) for c in candidates
                                 if (c.anchor.i, c.type) in triggers]
