"""Grouping documents into stories: sources are compared within a story only, since a death toll
in one war does not contradict a death toll in another.

Two documents are alike by what happened, not by who is named: the cosine of their leads'
embeddings (the first sentences say what the story is), with a smaller weight for the cosine of
their whole texts' TF-IDF and of their actors weighted by rarity (a president named in every other
article says little; a minister named in two says much). Documents are compared only within
the blocking window of `nearest.Blocks` (a week) and keep their best matches. Stories are formed
by average link over those matches (`nearest.average_link`): a document joins a story only when it
is alike, on average, to all its members, so one shared name cannot chain unrelated stories. A
document that matches nothing stays unstoried."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from ..embeddings import Embedder, LexicalEmbedder, SparseRows, Vectors
from ..model import Actor, ActorRef, Document, Story
from .nearest import Blocks, average_link

# Average similarity at which documents form one story, and the weights of the leads', the texts'
# and the actors' cosines, tuned on 381 real articles on 127 stories told by three outlets each
# (SEESAW dev: completeness 0.97, purity 0.93, pairwise precision 0.86 with the sentence encoder when
# tuned; 0.94, 0.93, 0.85 after the dateline and generic-actor changes to the stages before).
# TF-IDF leads (the fallback) run lower and share fewer words, and actors then outweigh them (two
# unrelated stories that name Russia would be one): the texts weigh more and the actors nothing
# (0.86, 0.96, 0.91). A run's setting overrides the threshold.
STORY_SIMILARITY = 0.29
LEXICAL_STORY_SIMILARITY = 0.1
ENCODER_WEIGHTS = (1.0, 0.25, 0.25)
LEXICAL_WEIGHTS = (1.0, 0.5, 0.0)
LEAD_SENTENCES = 5
# Matches kept per document. Pairs not kept count as 0 in a story's average, so a story of more
# than this many documents in one blocking window reads less alike than it is (and may split).
STORY_TOP_K = 50
# Matches below this share of the threshold are not kept: they would pull an average down, not up.
MIN_LINK_SHARE = 0.5


def stories(documents: Sequence[Document], encoder: Embedder | None, threshold: float) -> list[Story]:
    """Stories with two or more documents whose average similarity is at or above `threshold`;
    `encoder` embeds the leads (None: TF-IDF over the leads). A threshold of 0 or less makes all
    the documents one story."""
    groups = _grouped(documents, encoder, threshold) if threshold > 0 else [list(range(len(documents)))]
    members = [[documents[i] for i in group] for group in groups if len(group) >= 2]
    return [_story(f"s{n}", group) for n, group in enumerate(members, 1)]


def _grouped(documents: Sequence[Document], encoder: Embedder | None, threshold: float) -> list[list[int]]:
    blocks = Blocks.of(documents, owners=range(len(documents)))
    leads = _encoded(encoder or LexicalEmbedder(), [lead(d) for d in documents]).take(blocks.order)
    texts = _encoded(LexicalEmbedder(), [d.text for d in documents]).take(blocks.order)
    actors = _actor_rows(documents).take(blocks.order)
    lead_weight, text_weight, actor_weight = LEXICAL_WEIGHTS if encoder is None else ENCODER_WEIGHTS
    total = lead_weight + text_weight + actor_weight

    def score(rows: slice, columns: slice) -> np.ndarray:
        found = lead_weight * leads.cosines(rows, columns) + text_weight * texts.cosines(rows, columns)
        if actor_weight:
            found += actor_weight * actors.cosines(rows, columns)
        return found / total

    return average_link(len(documents), blocks.nearest(score, threshold * MIN_LINK_SHARE, STORY_TOP_K), threshold)


def _encoded(encoder: Embedder, texts: list[str]) -> Vectors:
    return encoder.fit(texts).encode(texts)


def lead(document: Document) -> str:
    spans = document.sentences[:LEAD_SENTENCES] or [(0, len(document.text))]
    return " ".join(document.text[a:b].strip() for a, b in spans)


def _actor_rows(documents: Sequence[Document]) -> SparseRows:
    """Each document's named actors, one column per actor, weighted by (1 + log of its mentions) times
    its rarity across the documents (smoothed IDF, as the TF-IDF encoder's)."""
    column: dict[str, int] = {}
    seen = Counter(actor.id for document in documents for actor in _named(document))
    rows, columns, weights = [], [], []
    for i, document in enumerate(documents):
        for actor in _named(document):
            rows.append(i)
            columns.append(column.setdefault(actor.id, len(column)))
            rarity = math.log((1 + len(documents)) / (1 + seen[actor.id])) + 1
            weights.append((1 + math.log(max(actor.mention_count, 1))) * rarity)
    return SparseRows.of(np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64),
                         np.array(weights, dtype=np.float64), len(documents))


def _story(story_id: str, documents: list[Document]) -> Story:
    dates = sorted(d.published for d in documents if d.published is not None)
    start, end = (dates[0], dates[-1]) if dates else (None, None)
    actors = _shared_actors(documents)
    label = _key_event(documents) or ", ".join(a.name for a in actors[:3]) or _first_title(documents)
    if start is not None and end is not None:
        label += f" · {start.isoformat()}" + (f" to {end.isoformat()}" if end != start else "")
    return Story(id=story_id, label=label, start=start, end=end, documents=[d.id for d in documents],
                 actors=actors)


def _key_event(documents: Sequence[Document]) -> str | None:
    """The event most of the story's sources report (asserted, with an actor and a recipient), as
    'Actor → Recipient (TYPE)'; ties go to the one with more evidence sentences, then the first seen."""
    reports: Counter[tuple[str, str, str]] = Counter()
    weight: Counter[tuple[str, str, str]] = Counter()
    for document in documents:
        seen = set()
        for event in document.events:
            if event.negated or event.modality != "asserted" or not event.actor or not event.recipient:
                continue
            key = (" and ".join(a.name for a in event.actor), " and ".join(r.name for r in event.recipient), event.type)
            weight[key] += len(event.evidence)
            if key not in seen:
                seen.add(key)
                reports[key] += 1
    if not reports:
        return None
    actor, recipient, kind = max(reports, key=lambda key: (reports[key], weight[key]))
    return f"{actor} → {recipient} ({kind})"


def _first_title(documents: Sequence[Document]) -> str:
    return next((d.title for d in documents if d.title), documents[0].id)


def _shared_actors(documents: Sequence[Document], limit: int = 5) -> list[ActorRef]:
    counts: dict[str, int] = defaultdict(int)
    refs: dict[str, ActorRef] = {}
    for document in documents:
        for actor in _named(document):
            counts[actor.id] += actor.mention_count
            refs.setdefault(actor.id, ActorRef(id=actor.id, name=actor.name, wikidata=actor.wikidata))
    everywhere = set.intersection(*({a.id for a in _named(d)} for d in documents))
    shared = [a for a in counts if a in everywhere]  # first-seen order breaks ties
    return [refs[a] for a in sorted(shared, key=lambda a: -counts[a])[:limit]]


def _named(document: Document) -> list[Actor]:
    """The actors a document names: not generic ones ('the police' of one story and of another
    are not one actor, though they share an id)."""
    return [actor for actor in document.actors if actor.kind != "generic"]
