"""Target-dependent stance and framing role of each source toward each actor it discusses.

For every mention, the clause around it (bounded by punctuation and clause-opening conjunctions)
is scored with VADER plus our news lexicon (data/stance.yaml: terms VADER misreads, and the
SemEval-2025 entity-framing roles they cast). A negator within three words before a lexicon
term flips it. The actor's score is the mean over its mentions, clipped to [-1, 1]; its role is
the main role its clauses cast most often, else the sign of a clear score."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache

from .data_files import load_data
from .model import Actor, ActorRef, Document, Stance
from .textspans import quote_regions

MAX_ACTORS_PER_DOCUMENT = 12
MIN_MENTIONS = 2
# A clear score: below/above this, an actor with no role cue is cast as antagonist/protagonist.
ROLE_SCORE = 0.25
VADER_WEIGHT = 0.5
CLAUSE_BREAK = re.compile(r"[.;:!?()\u2014\u2013\n]|,\s+(?:but|while|whereas|although|though|yet|and)\b|\bbut\b")
WORD = re.compile(r"[a-z][a-z'-]*")
OBJECT_PREPOSITIONS = frozenset({"against", "on", "upon", "toward", "towards", "into", "at", "over", "of"})
VICTIM_POLARITY = 0.3
QUOTED_STATEMENT_WORDS = 6
INFLECTIONS = ("", "s", "es", "d", "ed", "ing", "ly", "ment")


@cache
def _lexicon() -> tuple[dict[str, tuple[float, str | None]], list[tuple[str, float, str | None]]]:
    """Single-word forms (with simple inflections) and multi-word phrases."""
    words: dict[str, tuple[float, str | None]] = {}
    phrases: list[tuple[str, float, str | None]] = []
    for term in load_data("stance.yaml")["terms"]:
        lemma, entry = str(term["lemma"]).lower(), (float(term["polarity"]), term.get("role"))
        if " " in lemma:
            phrases.append((lemma, *entry))
            continue
        for ending in INFLECTIONS:
            words.setdefault(lemma + ending, entry)
            if lemma.endswith("e"):
                words.setdefault(lemma[:-1] + ending, entry)
    return words, phrases


@cache
def _vader():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def clause_around(text: str, start: int, end: int) -> str | None:
    """The clause holding [start, end), with quoted statements blanked out: the words of the
    people quoted are theirs, not the source's stance (None when the mention is inside one).
    Short quoted labels stay: they are often the source's own framing."""
    for region in quote_regions(text):
        if len(text[region.start + 1:region.end - 1].split()) < QUOTED_STATEMENT_WORDS:
            continue
        if region.start <= start < region.end:
            return None
        text = text[:region.start] + " " * (region.end - region.start) + text[region.end:]
    left = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = CLAUSE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right]


def score_clause(clause: str, target: str = "") -> tuple[float, list[str]]:
    """(score, roles) of one clause toward the target words in it: VADER compound plus lexicon
    terms, negation-aware. A hostile term whose object is the target ('aggression against
    Ukraine') casts the target as its victim, not its perpetrator."""
    words, phrases = _lexicon()
    lower = clause.lower()
    tokens = WORD.findall(lower)
    target_at = _position(tokens, target)
    vader = VADER_WEIGHT * _vader().polarity_scores(clause)["compound"]
    if vader < 0 and target_at is not None and OBJECT_PREPOSITIONS & set(tokens[max(0, target_at - 3):target_at]):
        vader = -vader * VICTIM_POLARITY  # "the war against Ukraine": the hostility is aimed at the target
    total, roles = 0.0, []
    for i, token in enumerate(tokens):
        if token in words:
            polarity, role = words[token]
            if polarity < 0 and target_at is not None and _is_object(tokens, i, target_at):
                polarity, role = VICTIM_POLARITY, "victim"
                vader = max(vader, 0.0)  # hostility aimed at the target is not its own
            flipped = any(t in _negators() for t in tokens[max(0, i - 3):i])
            total += -polarity if flipped else polarity
            if role and not flipped:
                roles.append(role)
    for phrase, polarity, role in phrases:
        if phrase in lower:
            total += polarity
            if role:
                roles.append(role)
    return max(-1.0, min(1.0, total + vader)), roles


def _position(tokens: list[str], target: str) -> int | None:
    first = WORD.findall(target.lower())[:1]
    return tokens.index(first[0]) if first and first[0] in tokens else None


def _is_object(tokens: list[str], term: int, target: int) -> bool:
    """The target follows the term through an object preposition within a few words."""
    between = tokens[term + 1:target]
    return 0 < len(between) <= 4 and bool(OBJECT_PREPOSITIONS & set(between))


def stance_rows(documents: Sequence[Document]) -> list[Stance]:
    rows = []
    for document in documents:
        candidates = [a for a in document.actors if a.mention_count >= MIN_MENTIONS]
        for actor in candidates[:MAX_ACTORS_PER_DOCUMENT]:
            rows.append(_stance(document, actor))
    return rows


def _stance(document: Document, actor: Actor) -> Stance:
    scores, roles = [], Counter()
    evidence: dict[int, float] = defaultdict(float)
    for mention in actor.mentions:
        s, e = document.sentences[mention.sentence] if document.sentences else (0, len(document.text))
        clause = clause_around(document.text[s:e], mention.start - s, mention.end - s)
        if clause is None:
            continue
        score, found = score_clause(clause, mention.text)
        scores.append(score)
        roles.update(found)
        evidence[mention.sentence] += abs(score)
    mean = sum(scores) / len(scores) if scores else 0.0
    main_role = _main_role()
    main = Counter(main_role[r] for r in roles.elements() if r in main_role)
    role = main.most_common(1)[0][0] if main else None
    if role is None and abs(mean) >= ROLE_SCORE:
        role = "antagonist" if mean < 0 else "protagonist"
    subrole = next((r for r, _ in roles.most_common() if main_role.get(r) == role), None)
    strongest = sorted(evidence, key=lambda i: -evidence[i])[:3]
    sentences = [document.text[slice(*document.sentences[i])].strip() for i in sorted(strongest)
                 if document.sentences and evidence[i] > 0]
    return Stance(document=document.id, actor=ActorRef(id=actor.id, name=actor.name, wikidata=actor.wikidata),
                  score=round(max(-1.0, min(1.0, mean)), 3), role=role, subrole=subrole, sentences=sentences)


@cache
def _main_role() -> dict[str, str]:
    """Fine-grained framing role → main role (protagonist, antagonist, innocent)."""
    roles = load_data("stance.yaml")["roles"]
    return {fine: main for main, fines in roles.items() if main != "__line__" for fine in fines}


@cache
def _negators() -> frozenset[str]:
    return frozenset(str(n) for n in load_data("stance.yaml")["negators"])
