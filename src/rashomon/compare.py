"""Compare sources: align what documents report (events, statements, checkable claims), mark
agreement, contradiction and what only one source reports; and count verbal and material
cooperation and conflict per dyad. (Each source's stance toward its actors is a spaCy stage,
`components/stance.py`; the report sets the sources' stances side by side.)

Runs on `model.Document`s after the spaCy stages. Method notes are written into
`Comparison.method` so a reader of the JSON knows how each part was made (docs/compare.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import TypeVar

import numpy as np

from .data_files import load_data
from .embeddings import Embedder, LexicalEmbedder, load_embedder, unit_rows
from .model import ActorRef, Citation, Comparison, Document, DyadCounts, Event, Finding, Quote, Stance, Story

# Two claims from different sources are about the same thing at or above this cosine similarity
# (set by hand on the bundled examples: paraphrases 0.6-0.8, same topic but different fact < 0.5).
CLAIM_SIMILARITY = 0.62
LEXICAL_CLAIM_SIMILARITY = 0.35
# A negation in only one of two claims is a rebuttal only when the claims are near-paraphrases.
REBUTTAL_SIMILARITY = 0.8
# TF-IDF overlap below which two claims are not sent to the sentence encoder as a possible match
# (on the bundled examples every matched pair overlaps at 0.1 or more, or shares a quantity kind).
CANDIDATE_OVERLAP = 0.1
# Claims with different numbers for the same kind of quantity pair up at this share of the
# claim threshold (the numbers themselves pull the sentences apart).
NUMBER_CLAIM_FACTOR = 0.6
# Events with dates further apart than this are different events.
EVENT_DATE_WINDOW_DAYS = 7
MAX_UNIQUE_PER_DOCUMENT = 12
# Documents are about the same story at or above this similarity: the mean of the cosine of their
# actor-mention counts and the cosine of their leads' embeddings (set on the bundled examples and
# the seeds: same-story pairs 0.82-0.92, different stories 0.62 at most). With the TF-IDF fallback,
# actor mentions alone (same story 0.88-0.95, different 0.75 at most). A run's setting overrides both.
STORY_SIMILARITY = 0.72
ACTOR_STORY_SIMILARITY = 0.82
LEAD_SENTENCES = 5
FRAMING_SCORE = 0.05  # a stance this far from zero counts as a side taken
NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*")
VALUE = re.compile(r"\$?(\d+(?:\.\d+)?)%?")
YEAR = re.compile(r"(19|20)\d\d")
NEGATION = re.compile(r"\b(not|never|no|n't|denied|deny|denies|false|untrue)\b", re.IGNORECASE)
CLOSING = " \n\"'”’»)]"
T = TypeVar("T")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


@dataclass(frozen=True, slots=True)
class _Item:
    """One document's report of something, ready to align."""

    document: Document
    key: tuple
    text: str
    start: int
    end: int
    negated: bool = False


def compare(documents: Sequence[Document], embeddings: str = "auto",
            story_similarity: float | None = None) -> Comparison:
    """Group the documents into stories, then align what the sources of each story report."""
    analysed = [d for d in documents if d.status == "analysed"]
    method = {
        "events": "aligned by actor and recipient (people mapped to their state), PLOVER quad class, "
                  f"and dates within {EVENT_DATE_WINDOW_DAYS} days; opposite negation is a contradiction",
        "statements": "grouped by speaker across sources",
        "dyads": "counts of asserted, non-negated events per directed pair and quad class",
    }
    findings: list[Finding] = []
    stories: list[Story] = []
    if len(analysed) >= 2:
        embedder, notice = load_embedder(embeddings)
        if notice:
            method["claims_notice"] = notice
        lexical = "lexical" in embedder.name
        if story_similarity is None:
            story_similarity = ACTOR_STORY_SIMILARITY if lexical else STORY_SIMILARITY
        stories = _stories(analysed, None if lexical else embedder, story_similarity)
        method["stories"] = (f"documents whose {'actor mentions' if lexical else 'actor mentions and leads'} "
                             f"match at >= {story_similarity} (single link) form a story; sources are "
                             "compared within a story only")
        method["claims"] = (f"checkable sentences (numbers, dates, named actors) matched by {embedder.name}; "
                            "different numbers for the same unit or opposite negation is a contradiction")
        method["framing"] = (f"an actor whose stance has opposite signs (|score| >= {FRAMING_SCORE}) or "
                             "different framing roles (main or fine-grained) in two sources")
        by_id = {d.id: d for d in analysed}
        for story in stories:
            members = [by_id[i] for i in story.documents]
            found = (_event_findings(members) + _statement_findings(members)
                     + _claim_findings(members, embedder) + framing_findings(members))
            for finding in found:
                finding.story = story.id
            findings += found
    for i, finding in enumerate(findings):
        finding.id = f"c{i}"
    return Comparison(method=method, stories=stories, findings=findings, dyads=dyads(analysed))


# ---- stories ----------------------------------------------------------------------------------
def _stories(documents: Sequence[Document], encoder: Embedder | None, threshold: float) -> list[Story]:
    """Stories with two or more documents. Similarity is the cosine of actor mention counts,
    averaged, when a sentence encoder is at hand, with the cosine of the documents' leads (their
    first sentences say what the story is; TF-IDF over a handful of documents says too little)."""
    similarity = unit_rows(_actor_matrix(documents))
    similarity = similarity @ similarity.T
    if encoder is not None:
        leads = encoder.encode([_lead(d) for d in documents])
        similarity = (similarity + leads @ leads.T) / 2
    index = {d.id: i for i, d in enumerate(documents)}
    groups = _cluster(list(documents), lambda a, b: similarity[index[a.id], index[b.id]] >= threshold)
    groups = sorted((g for g in groups if len(g) >= 2), key=lambda g: index[g[0].id])
    return [Story(id=f"s{n}", documents=[d.id for d in group], actors=_shared_actors(group))
            for n, group in enumerate(groups, 1)]


def _lead(document: Document) -> str:
    spans = document.sentences[:LEAD_SENTENCES] or [(0, len(document.text))]
    return " ".join(document.text[a:b].strip() for a, b in spans)


def _actor_matrix(documents: Sequence[Document]) -> np.ndarray:
    ids = sorted({a.id for d in documents for a in d.actors})
    column = {actor: j for j, actor in enumerate(ids)}
    counts = np.zeros((len(documents), max(len(ids), 1)))
    for i, document in enumerate(documents):
        for actor in document.actors:
            counts[i, column[actor.id]] = actor.mention_count
    return counts


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


# ---- actors -----------------------------------------------------------------------------------
def _canon(document: Document, ref: ActorRef) -> str:
    """People count as their state when aligning: 'Putin rejects' and 'Russia rejects' agree."""
    actor = next((a for a in document.actors if a.id == ref.id), None)
    if actor is not None and actor.kind == "person" and actor.country:
        return actor.country
    return ref.id


def _names(documents: Iterable[Document]) -> dict[str, str]:
    names: dict[str, str] = {}
    for document in documents:
        for actor in document.actors:
            names.setdefault(actor.id, actor.name)
    return names


def _citation(item: _Item) -> Citation:
    return Citation(document=item.document.id, source=item.document.source, text=item.text,
                    start=item.start, end=item.end)


# ---- framing ----------------------------------------------------------------------------------
def framing_findings(documents: Sequence[Document]) -> list[Finding]:
    """Actors two sources cast in opposite ways, each with the sentences that carry its stance."""
    rows: dict[str, list[tuple[Document, Stance]]] = defaultdict(list)
    for document in documents:
        for row in document.stance:
            if row.role or abs(row.score) >= FRAMING_SCORE:
                rows[row.actor.id].append((document, row))
    findings = []
    for cast in rows.values():
        if not any(_opposed(a, b) for (_, a), (_, b) in combinations(cast, 2)):
            continue
        detail = "; ".join(f"{d.title or d.source}: {_casting(row)}" for d, row in cast)
        citations = [_sentence_citation(d, sentence) for d, row in cast for sentence in row.sentences[:1]]
        findings.append(Finding(id="", kind="framing", topic=f"how the sources cast {cast[0][1].actor.name}",
                                detail=detail, citations=[c for c in citations if c is not None]))
    return findings


def _opposed(a: Stance, b: Stance) -> bool:
    """Opposite stance signs, different main roles, or the same main role with different fine
    roles (a scheming antagonist in one source, an incompetent one in the other)."""
    signs = a.score * b.score < 0 and min(abs(a.score), abs(b.score)) >= FRAMING_SCORE
    if signs or a.role is None or b.role is None:
        return signs
    return a.role != b.role or (a.subrole is not None and b.subrole is not None and a.subrole != b.subrole)


def _casting(row: Stance) -> str:
    role = f"{row.role} ({row.subrole})" if row.subrole else (row.role or "no clear role")
    return f"{role}, {row.score:+.2f}"


def _sentence_citation(document: Document, sentence: str) -> Citation | None:
    start = document.text.find(sentence)
    if start < 0:
        return None
    return Citation(document=document.id, source=document.source, text=sentence, start=start,
                    end=start + len(sentence))


# ---- events -----------------------------------------------------------------------------------
def _event_items(document: Document) -> list[_Item]:
    items = []
    for event in document.events:
        actors = frozenset(_canon(document, r) for r in event.actor)
        recipients = frozenset(_canon(document, r) for r in event.recipient)
        if not actors or actors == recipients:
            continue
        evidence = event.evidence[0]
        items.append(_Item(document, (actors, recipients, event.quad, event.date, event.type), evidence.text,
                           evidence.start, evidence.end, event.negated))
    return items


def _same_event(a: _Item, b: _Item) -> bool:
    """Reports of one event: overlapping actors, the same quad class, overlapping recipients
    where both name one, dates within the window. To contradict (one negated, one not) they
    must also share the event type and both name the recipient."""
    actors_a, recipients_a, quad_a, date_a, type_a = a.key
    actors_b, recipients_b, quad_b, date_b, type_b = b.key
    if not actors_a & actors_b or quad_a != quad_b:
        return False
    if recipients_a and recipients_b and not recipients_a & recipients_b:
        return False
    if a.negated != b.negated and (type_a != type_b or not (recipients_a and recipients_b)):
        return False
    return not (date_a and date_b and abs((date_a - date_b).days) > EVENT_DATE_WINDOW_DAYS)


def _event_findings(documents: Sequence[Document]) -> list[Finding]:
    names = _names(documents)
    items = [item for d in documents for item in _event_items(d)]
    groups = _cluster(items, _same_event)
    findings = []
    unique_count: dict[str, int] = defaultdict(int)
    for group in groups:
        sources = {item.document.id for item in group}
        first = group[0]
        if len(sources) >= 2:
            findings.extend(_group_findings(group, names))
        elif unique_count[first.document.id] < MAX_UNIQUE_PER_DOCUMENT and not first.negated:
            unique_count[first.document.id] += 1
            findings.append(Finding(id="", kind="unique", topic=_event_topic(first, names, first.key[4]),
                                    detail=f"only {first.document.title or first.document.source} reports this",
                                    citations=[_citation(first)]))
    return findings


def _group_findings(group: list[_Item], names: dict[str, str]) -> list[Finding]:
    """What two or more sources say of one event: an agreement for each polarity that several
    sources share ("Iran is unhappy with Russia" in both), and a contradiction where one source
    reports as not happening what another reports as happening (same type, recipient named)."""
    findings = []
    for negated in (False, True):
        side = [item for item in group if item.negated == negated]
        sources = {item.document.id for item in side}
        if len(sources) >= 2:
            cited = _one_per_document(side)
            findings.append(Finding(id="", kind="agreement", topic=_group_topic(side, cited, names),
                                    detail=f"reported by {len(sources)} sources",
                                    citations=[_citation(i) for i in cited]))
    clashing = [a for a in group if any(
        b.document.id != a.document.id and b.negated != a.negated and _same_event(a, b) for b in group)]
    if clashing:
        cited = _one_per_document(clashing)
        findings.append(Finding(id="", kind="contradiction", topic=_group_topic(clashing, cited, names),
                                detail="one source reports it as happening, another as not happening",
                                citations=[_citation(i) for i in cited]))
    return findings


def _group_topic(group: list[_Item], cited: list[_Item], names: dict[str, str]) -> str:
    """The event type the cited reports share, or their quad class with the types each source used
    ('Russia → verbal cooperation (CONSULT, SUPPORT) → United States')."""
    types = sorted({item.key[4] for item in cited})
    first = cited[0]
    if len(types) == 1:
        return _event_topic(first, names, types[0])
    return _event_topic(first, names, f"{first.key[2].replace('_', ' ')} ({', '.join(types)})")


def _event_topic(item: _Item, names: dict[str, str], verb: str) -> str:
    actors, recipients = item.key[0], item.key[1]
    who = " and ".join(sorted(names.get(a, a) for a in actors))
    whom = " and ".join(sorted(names.get(r, r) for r in recipients))
    verb = f"{verb}{' (negated)' if item.negated else ''}"
    return f"{who} → {verb} → {whom}" if whom else f"{who} → {verb}"


def _one_per_document(group: list[_Item]) -> list[_Item]:
    """One report per document and polarity, preferring the event type most sources share, so the
    citations set the same kind of act side by side."""
    documents_per_type: dict[str, set[str]] = defaultdict(set)
    for item in group:
        documents_per_type[item.key[4]].add(item.document.id)
    ranked = sorted(enumerate(group), key=lambda pair: -len(documents_per_type[pair[1].key[4]]))
    chosen: dict[tuple[str, bool], tuple[int, _Item]] = {}
    for position, item in ranked:
        chosen.setdefault((item.document.id, item.negated), (position, item))
    return [item for _, item in sorted(chosen.values(), key=lambda pair: pair[0])]


def _cluster(items: list[T], same: Callable[[T, T], bool]) -> list[list[T]]:
    """Greedy single-link grouping (union-find) of items that report the same thing."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(items)), 2):
        if same(items[i], items[j]):
            parent[root(i)] = root(j)
    groups: dict[int, list[T]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[root(i)].append(item)
    return list(groups.values())


# ---- statements -------------------------------------------------------------------------------
def _statement_findings(documents: Sequence[Document]) -> list[Finding]:
    by_speaker: dict[str, list[tuple[Document, Quote]]] = defaultdict(list)
    for document in documents:
        for quote in document.quotes:
            if quote.speaker is not None:
                by_speaker[quote.speaker.id].append((document, quote))
    findings = []
    for rows in by_speaker.values():
        if len({d.id for d, _ in rows}) < 2:
            continue
        speaker = rows[0][1].speaker
        assert speaker is not None
        seen, citations = set(), []
        for document, quote in rows:
            if document.id not in seen:
                seen.add(document.id)
                citations.append(Citation(document=document.id, source=document.source, text=quote.text,
                                          start=quote.start, end=quote.end))
        findings.append(Finding(id="", kind="agreement", topic=f"statements by {speaker.name}",
                                detail="quoted by every source listed", citations=citations))
    return findings


# ---- claims -----------------------------------------------------------------------------------
def _claims(document: Document) -> list[_Item]:
    """Checkable sentences: a statement (not a question, heading or lead-in) with a number, or
    with two or more actors."""
    mentions_per_sentence: dict[int, set[str]] = defaultdict(set)
    for actor in document.actors:
        for mention in actor.mentions:
            mentions_per_sentence[mention.sentence].add(actor.id)
    items = []
    for index, (start, end) in enumerate(document.sentences):
        text = document.text[start:end].strip()
        if len(text.split()) < 5 or not _statement(text):
            continue
        if NUMBER.search(text) or len(mentions_per_sentence[index]) >= 2:
            items.append(_Item(document, (index,), text, start, end, bool(NEGATION.search(text))))
    return items


def _statement(text: str) -> bool:
    """Ends as a statement does: not '?', not a lead-in's ':', not a heading with no full stop."""
    return text.rstrip(CLOSING).endswith((".", "!", "…"))


@cache
def _quantity_kinds() -> tuple[int, dict[str, list[str]]]:
    data = load_data("quantities.yaml")
    return int(data["window"]), {k: [str(c) for c in v] for k, v in data["kinds"].items() if k != "__line__"}


def quantities(text: str) -> dict[str, str]:
    """Kind of quantity → the number reported for it ('19 missiles were fired' → missiles: 19)."""
    window, kinds = _quantity_kinds()
    words = text.lower().replace(",", "").split()
    found: dict[str, str] = {}
    for i, word in enumerate(words):
        value = VALUE.fullmatch(word.strip(".;:()"))
        if value is None or YEAR.fullmatch(value.group(1)):
            continue
        nearest = _nearest_kind(words, i, window, kinds)
        if nearest is not None and nearest not in found:
            found[nearest] = value.group(1)
    return found


def _nearest_kind(words: list[str], at: int, window: int, kinds: dict[str, list[str]]) -> str | None:
    """The kind whose cue word is closest to the number at `at` (after it on a tie)."""
    for distance in range(1, window + 1):
        for position in (at + distance, at - distance):
            if 0 <= position < len(words):
                for kind, cues in kinds.items():
                    if any(words[position].startswith(cue.split()[0]) for cue in cues):
                        return kind
    return None


def _candidates(items: list[_Item]) -> list[_Item]:
    """Claims that could match one from another source: some word overlap (TF-IDF, cheap) or
    the same kind of quantity. Only these go through the sentence encoder."""
    lexical = LexicalEmbedder().encode([i.text for i in items])
    overlap = lexical @ lexical.T
    kinds = [set(quantities(i.text)) for i in items]
    keep = []
    for i, item in enumerate(items):
        others = [j for j, other in enumerate(items) if other.document.id != item.document.id]
        if any(overlap[i, j] >= CANDIDATE_OVERLAP or kinds[i] & kinds[j] for j in others):
            keep.append(item)
    return keep


def _claim_findings(documents: Sequence[Document], embedder: Embedder) -> list[Finding]:
    items = _candidates([item for d in documents for item in _claims(d)])
    if len(items) < 2:
        return []
    own = embedder.encode([i.text for i in items])
    similarity = own @ own.T
    threshold = LEXICAL_CLAIM_SIMILARITY if "lexical" in embedder.name else CLAIM_SIMILARITY
    numbers = [quantities(item.text) for item in items]
    in_context = _in_context(items, numbers, own, embedder)
    findings, used = _number_conflicts(items, numbers, np.maximum(similarity, in_context @ in_context.T),
                                       threshold * NUMBER_CLAIM_FACTOR)
    order = np.dstack(np.unravel_index(np.argsort(-similarity, axis=None), similarity.shape))[0]
    for i, j in order:
        if similarity[i, j] < threshold:
            break
        a, b = items[i], items[j]
        if i >= j or a.document.id == b.document.id or i in used or j in used:
            continue
        used.update((i, j))
        findings.append(_claim_finding(a, b, float(similarity[i, j]), numbers[i], numbers[j]))
    return findings


def _in_context(items: list[_Item], numbers: list[dict[str, str]], own: np.ndarray,
                embedder: Embedder) -> np.ndarray:
    """Each claim's vector plus that of the sentence before it, for claims with a quantity."""
    before = {n: item.document.sentences[item.key[0] - 1] for n, item in enumerate(items)
              if item.key[0] > 0 and numbers[n]}
    if not before:
        return own
    texts = [items[n].document.text[a:b].strip() for n, (a, b) in before.items()]
    added = own.copy()
    added[list(before)] += embedder.encode(texts)
    return unit_rows(added)


def _number_conflicts(items: list[_Item], numbers: list[dict[str, str]], similarity: np.ndarray,
                      threshold: float) -> tuple[list[Finding], set[int]]:
    """Claims on the same topic from two sources giving different numbers for the same kind of
    quantity ('19 missiles' vs '14 missiles'): compared at a lower similarity, and with the sentence
    before each claim as context ('The toll inside Iran ... . A monitoring group counted 950 dead'),
    since the numbers themselves make the sentences differ."""
    findings, used = [], set()
    pairs = sorted(((float(similarity[i, j]), i, j) for i, j in combinations(range(len(items)), 2)
                    if items[i].document.id != items[j].document.id), reverse=True)
    for score, i, j in pairs:
        if score < threshold:
            break
        shared = [k for k in numbers[i] if k in numbers[j]]
        if i in used or j in used or not shared:
            continue
        same = any(numbers[i][k] == numbers[j][k] for k in shared)
        if same and score < CLAIM_SIMILARITY:
            continue  # the same number on a different topic is no agreement
        used.update((i, j))
        findings.append(_claim_finding(items[i], items[j], score, numbers[i], numbers[j]))
    return findings, used


def _claim_finding(a: _Item, b: _Item, score: float, numbers_a: dict[str, str],
                   numbers_b: dict[str, str]) -> Finding:
    shared = [k for k in numbers_a if k in numbers_b and numbers_a[k] != numbers_b[k]]
    agreeing = [k for k in numbers_a if k in numbers_b and numbers_a[k] == numbers_b[k]]
    if shared and not agreeing:
        what = shared[0]
        detail = f"different numbers for the same quantity ({what}): {numbers_a[what]} vs {numbers_b[what]}"
        kind = "contradiction"
    elif a.negated != b.negated and score >= REBUTTAL_SIMILARITY:
        kind, detail = "contradiction", "one source asserts what the other denies"
    else:
        kind, detail = "agreement", f"matching claims (similarity {score:.2f})"
    return Finding(id="", kind=kind, topic=_short(a.text), detail=detail, citations=[_citation(a), _citation(b)])


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# ---- dyads ------------------------------------------------------------------------------------
def dyads(documents: Sequence[Document]) -> list[DyadCounts]:
    """Per directed pair, the count of asserted, non-negated events in each quad class."""
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
        return state_refs.get(_canon(document, ref), ref)

    actors = {as_state(r).id: as_state(r) for r in event.actor}
    recipients = {as_state(r).id: as_state(r) for r in event.recipient}
    return [(a, r) for a in actors.values() for r in recipients.values() if a.id != r.id]
