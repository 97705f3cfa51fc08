"""The say–do matrix: per directed pair of actors, the count of asserted, non-negated events in
each PLOVER quad class, over all documents of a run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import QUADS, ActorRef, Document, DyadCounts, Event


def state_of(document: Document, ref: ActorRef) -> str:
    """People count as their state: 'Putin rejects' and 'Russia rejects' are one actor's act."""
    actor = next((a for a in document.actors if a.id == ref.id), None)
    if actor is not None and actor.kind == "person" and actor.country:
        return actor.country
    return ref.id


def dyads(documents: Iterable[Document]) -> list[DyadCounts]:
    """Per directed pair, the count of asserted, non-negated events in each quad class. The
    documents are read once, so they may come as a stream."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(QUADS, 0))
    refs: dict[str, ActorRef] = {}
    for document in documents:
        for event in document.events:
            if event.negated or event.modality != "asserted":
                continue
            for actor, recipient in _pairs(document, event):
                counts[(actor.id, recipient.id)][event.quad] += 1
                refs.setdefault(actor.id, actor)
                refs.setdefault(recipient.id, recipient)
    rows = [DyadCounts(actor=refs[a], recipient=refs[r], **c) for (a, r), c in counts.items()]
    rows.sort(key=lambda d: -sum(getattr(d, q) for q in QUADS))
    return rows


def _pairs(document: Document, event: Event) -> list[tuple[ActorRef, ActorRef]]:
    state_refs = {a.id: ActorRef(id=a.id, name=a.name, wikidata=a.wikidata) for a in document.actors}

    def as_state(ref: ActorRef) -> ActorRef:
        return state_refs.get(state_of(document, ref), ref)

    actors = {as_state(r).id: as_state(r) for r in event.actor}
    recipients = {as_state(r).id: as_state(r) for r in event.recipient}
    return [(a, r) for a in actors.values() for r in recipients.values() if a.id != r.id]
