"""Checkable claims (statements with numbers or several actors), the quantities they report, and
the claim match across the sources of one story: matched claims agree, unless they give different
numbers for the same kind of quantity or one denies what the other asserts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..embeddings import Embedder, LexicalEmbedder, Vectors
from ..model import Document, Finding
from .nearest import Blocks
from .reports import Report

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
NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*")
VALUE = re.compile(r"\$?(\d+(?:\.\d+)?)%?")
YEAR = re.compile(r"(19|20)\d\d")
CLOSING = " \n\"'”’»)]"


@dataclass(frozen=True)
class CompareLexicon:
    """The words the comparison reads: which cue words near a number name its kind of quantity
    (within `window` words; the first kind whose cue is nearest wins), and which words make a
    claim a denial."""

    window: int
    kinds: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, cue words), in the data file's order
    negations: tuple[str, ...]

    @classmethod
    def from_data(cls, quantities: dict[str, Any]) -> CompareLexicon:
        """From `data/quantities.yaml` (`window`, `kinds`, `claim_negations`)."""
        kinds = tuple((str(kind), tuple(str(c) for c in cues)) for kind, cues in quantities["kinds"].items())
        return cls(int(quantities["window"]), kinds, tuple(str(w) for w in quantities["claim_negations"]))

    @cached_property
    def negation(self) -> re.Pattern[str]:
        return re.compile(rf"\b({'|'.join(map(re.escape, self.negations))})\b", re.IGNORECASE)

    @cached_property
    def cue_starts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each kind with the first word of each of its cues: a word starting with one is a cue."""
        return tuple((kind, tuple(cue.split()[0] for cue in cues)) for kind, cues in self.kinds)


@dataclass(frozen=True, slots=True, eq=False)
class Claim(Report):
    sentence: int  # index of the sentence in its document
    quantities: dict[str, str]  # kind of quantity -> the number reported for it


def claims(document: Document, lexicon: CompareLexicon) -> list[Claim]:
    """Checkable sentences: a statement (not a question, heading or lead-in) with a number, or
    with two or more actors."""
    mentions_per_sentence: dict[int, set[str]] = defaultdict(set)
    for actor in document.actors:
        for mention in actor.mentions:
            mentions_per_sentence[mention.sentence].add(actor.id)
    found = []
    for index, (start, end) in enumerate(document.sentences):
        text = document.text[start:end].strip()
        if len(text.split()) < 5 or not _statement(text):
            continue
        if NUMBER.search(text) or len(mentions_per_sentence[index]) >= 2:
            found.append(Claim(document, text, start, end, bool(lexicon.negation.search(text)), index,
                               quantities(text, lexicon)))
    return found


def claim_sentences(document: Document, lexicon: CompareLexicon) -> list[str]:
    """The sentences of `document` that the claim match may encode: each claim, and the sentence
    before each claim with a quantity (its context)."""
    found = claims(document, lexicon)
    return [c.text for c in found] + list(_sentences_before([c for c in found if c.quantities]).values())


def _statement(text: str) -> bool:
    """Ends as a statement does: not '?', not a lead-in's ':', not a heading with no full stop."""
    return text.rstrip(CLOSING).endswith((".", "!", "…"))


def quantities(text: str, lexicon: CompareLexicon) -> dict[str, str]:
    """Kind of quantity → the number reported for it ('19 missiles were fired' → missiles: 19)."""
    words = text.lower().replace(",", "").split()
    found: dict[str, str] = {}
    for i, word in enumerate(words):
        value = VALUE.fullmatch(word.strip(".;:()"))
        if value is None or YEAR.fullmatch(value.group(1)):
            continue
        nearest = _nearest_kind(words, i, lexicon)
        if nearest is not None and nearest not in found:
            found[nearest] = value.group(1)
    return found


def _nearest_kind(words: list[str], at: int, lexicon: CompareLexicon) -> str | None:
    """The kind whose cue word is closest to the number at `at` (after it on a tie)."""
    for distance in range(1, lexicon.window + 1):
        for position in (at + distance, at - distance):
            if 0 <= position < len(words):
                for kind, starts in lexicon.cue_starts:
                    if words[position].startswith(starts):
                        return kind
    return None


def claim_findings(documents: Sequence[Document], embedder: Embedder, lexicon: CompareLexicon) -> list[Finding]:
    """Pairs of claims from two sources about one thing, each claim in one pair at most: first
    those that give numbers for the same kind of quantity, then the rest, best match first."""
    items = _candidates([c for d in documents for c in claims(d, lexicon)], lexicon)
    if len(items) < 2:
        return []
    numbered = np.array([n for n, item in enumerate(items) if item.quantities], dtype=np.int64)
    context = _sentences_before([items[n] for n in numbered])
    encoder = embedder.fit([i.text for i in items] + list(context.values()))
    own = encoder.encode([i.text for i in items])
    with_context = own.take(numbered)
    if context:
        with_context = with_context.plus(encoder.encode(list(context.values())),
                                         np.array(list(context), dtype=np.int64))
    threshold = LEXICAL_CLAIM_SIMILARITY if "lexical" in embedder.name else CLAIM_SIMILARITY
    chosen = [(int(numbered[i]), int(numbered[j]), score) for i, j, score in _number_conflicts(
        [items[n] for n in numbered], own.take(numbered), with_context, lexicon, threshold * NUMBER_CLAIM_FACTOR)]
    chosen += _best_matches(items, own, threshold, {n for i, j, _ in chosen for n in (i, j)})
    return [_claim_finding(items[i], items[j], score) for i, j, score in chosen]


def _candidates(items: list[Claim], lexicon: CompareLexicon) -> list[Claim]:
    """Claims that could match one from another source: some word overlap (TF-IDF, cheap) or
    the same kind of quantity. Only these go through the sentence encoder."""
    if len(items) < 2:
        return []
    texts = [i.text for i in items]
    blocks = Blocks.of([i.document for i in items])
    lexical = LexicalEmbedder().fit(texts).encode(texts).take(blocks.order)
    kinds = _kind_matrix(items, lexicon)[blocks.order]

    def overlap(rows: slice, columns: slice) -> np.ndarray:
        shared_kind = kinds[rows] @ kinds[columns].T > 0
        return np.where(shared_kind, np.inf, lexical.cosines(rows, columns))

    keep = blocks.any_at_least(overlap, CANDIDATE_OVERLAP)
    return [item for item, kept in zip(items, keep, strict=True) if kept]


def _kind_matrix(items: list[Claim], lexicon: CompareLexicon) -> np.ndarray:
    """One row per claim, one column per kind of quantity: 1 where the claim gives a number for it."""
    column = {kind: j for j, (kind, _) in enumerate(lexicon.kinds)}
    matrix = np.zeros((len(items), len(column)), dtype=np.float32)
    for i, item in enumerate(items):
        matrix[i, [column[k] for k in item.quantities]] = 1
    return matrix


def _sentences_before(items: list[Claim]) -> dict[int, str]:
    """The sentence before each claim that has one, by the claim's position."""
    before = {}
    for n, item in enumerate(items):
        if item.sentence > 0:
            start, end = item.document.sentences[item.sentence - 1]
            before[n] = item.document.text[start:end].strip()
    return before


def _number_conflicts(items: list[Claim], own: Vectors, with_context: Vectors, lexicon: CompareLexicon,
                      threshold: float) -> list[tuple[int, int, float]]:
    """Claims with a quantity, on the same topic, from two sources, giving numbers for the same
    kind of quantity ('19 missiles' vs '14 missiles'): compared at a lower similarity, and with the
    sentence before each claim as context ('The toll inside Iran ... . A monitoring group counted
    950 dead'), since the numbers themselves make the sentences differ. The pairs taken, best first."""
    blocks = Blocks.of([i.document for i in items])
    own, with_context = own.take(blocks.order), with_context.take(blocks.order)
    kinds = _kind_matrix(items, lexicon)[blocks.order]

    def similarity(rows: slice, columns: slice) -> np.ndarray:
        best = np.maximum(own.cosines(rows, columns), with_context.cosines(rows, columns))
        return np.where(kinds[rows] @ kinds[columns].T > 0, best, -np.inf)

    chosen: list[tuple[int, int, float]] = []
    used: set[int] = set()
    for (i, j), score in sorted(blocks.nearest(similarity, threshold).items(), key=lambda p: (p[1], p[0]),
                                reverse=True):
        if i in used or j in used:
            continue
        a, b = items[i].quantities, items[j].quantities
        if any(a[k] == b[k] for k in a if k in b) and score < CLAIM_SIMILARITY:
            continue  # the same number on a different topic is no agreement
        used.update((i, j))
        chosen.append((i, j, score))
    return chosen


def _best_matches(items: list[Claim], own: Vectors, threshold: float, taken: set[int]) -> list[tuple[int, int, float]]:
    """Greedy matching of the claims not `taken`: the most similar pair first."""
    blocks = Blocks.of([i.document for i in items])
    matched = blocks.nearest(own.take(blocks.order).cosines, threshold)
    used, chosen = set(taken), []
    for (i, j), score in sorted(matched.items(), key=lambda pair: (-pair[1], pair[0])):
        if i not in used and j not in used:
            used.update((i, j))
            chosen.append((i, j, score))
    return chosen


def _claim_finding(a: Claim, b: Claim, score: float) -> Finding:
    shared = [k for k in a.quantities if k in b.quantities and a.quantities[k] != b.quantities[k]]
    agreeing = [k for k in a.quantities if k in b.quantities and a.quantities[k] == b.quantities[k]]
    if shared and not agreeing:
        what = shared[0]
        detail = f"different numbers for the same quantity ({what}): {a.quantities[what]} vs {b.quantities[what]}"
        kind = "contradiction"
    elif a.negated != b.negated and score >= REBUTTAL_SIMILARITY:
        kind, detail = "contradiction", "one source asserts what the other denies"
    else:
        kind, detail = "agreement", f"matching claims (similarity {score:.2f})"
    return Finding(id="", kind=kind, topic=_short(a.text), detail=detail, citations=[a.citation(), b.citation()])


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
