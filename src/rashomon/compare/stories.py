"""Grouping documents into stories: sources are compared within a story only, since a death toll
in one war does not contradict a death toll in another."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..embeddings import Embedder, SparseRows
from ..model import ActorRef, Document, Story
from .nearest import Blocks, components

# Documents are about the same story at or above this similarity: the mean of the cosine of their
# actor-mention counts and the cosine of their leads' embeddings (set on the bundled examples and
# the seeds: same-story pairs 0.82-0.92, different stories 0.62 at most). With the TF-IDF fallback,
# actor mentions alone (same story 0.88-0.95, different 0.75 at most). A run's setting overrides both.
STORY_SIMILARITY = 0.72
ACTOR_STORY_SIMILARITY = 0.82
LEAD_SENTENCES = 5


def stories(documents: Sequence[Document], encoder: Embedder | None, threshold: float) -> list[Story]:
    """Stories with two or more documents, linked by similarity at or above `threshold` (single
    link); a threshold of 0 or less makes all the documents one story."""
    groups = _linked(documents, encoder, threshold) if threshold > 0 else [list(range(len(documents)))]
    members = [[documents[i] for i in group] for group in groups if len(group) >= 2]
    return [Story(id=f"s{n}", documents=[d.id for d in group], actors=_shared_actors(group))
            for n, group in enumerate(members, 1)]


def _linked(documents: Sequence[Document], encoder: Embedder | None, threshold: float) -> list[list[int]]:
    """Similarity is the cosine of actor mention counts, averaged, when a sentence encoder is at
    hand, with the cosine of the documents' leads (their first sentences say what the story is;
    TF-IDF over a handful of documents says too little). Documents that name no actor in common
    are never linked; at a threshold above 0.5 the actor cosine must be above 0 anyway."""
    blocks = Blocks.of(documents, owners=range(len(documents)))
    actors = _actor_rows(documents).take(blocks.order)
    leads = None
    if encoder is not None:
        texts = [lead(d) for d in documents]
        leads = encoder.fit(texts).encode(texts).take(blocks.order)

    def score(rows: slice, columns: slice) -> np.ndarray:
        shared = actors.cosines(rows, columns)
        mean = shared if leads is None else (shared + leads.cosines(rows, columns)) / 2
        return np.where(shared > 0, mean, -np.inf)

    return components(len(documents), blocks.nearest(score, threshold))


def lead(document: Document) -> str:
    spans = document.sentences[:LEAD_SENTENCES] or [(0, len(document.text))]
    return " ".join(document.text[a:b].strip() for a, b in spans)


def _actor_rows(documents: Sequence[Document]) -> SparseRows:
    """Each document's actor mention counts, one column per actor."""
    column: dict[str, int] = {}
    rows, columns, counts = [], [], []
    for i, document in enumerate(documents):
        for actor in document.actors:
            rows.append(i)
            columns.append(column.setdefault(actor.id, len(column)))
            counts.append(actor.mention_count)
    return SparseRows.of(np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64),
                         np.array(counts, dtype=np.float64), len(documents))


def _shared_actors(documents: Sequence[Document], limit: int = 5) -> list[ActorRef]:
    counts: dict[str, int] = defaultdict(int)
    refs: dict[str, ActorRef] = {}
    for document in documents:
        for actor in document.actors:
            counts[actor.id] += actor.mention_count
            refs.setdefault(actor.id, ActorRef(id=actor.id, name=actor.name, wikidata=actor.wikidata))
    everywhere = set.intersection(*({a.id for a in d.actors} for d in documents))
    shared = [a for a in counts if a in everywhere]  # first-seen order breaks ties
    return [refs[a] for a in sorted(shared, key=lambda a: -counts[a])[:limit]]
