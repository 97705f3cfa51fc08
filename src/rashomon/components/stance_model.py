"""A learned reading of how a news sentence treats one actor mentioned in it.

A multinomial logistic regression (negative, neutral, positive) over sparse features read from
the parse around the mention: the words of the sentence, the words near the mention, what the
mention does or undergoes (its dependency and the verb it hangs from, that verb's other
arguments and modifiers), the words that describe it, whether it stands inside a quotation, and
the loaded words our lexicon and VADER know. Trained on NewsMTSC (`training/stance/`); the
weights ship as `data/stance_model.npz`, read once by `rashomon.knowledge`. Pure numpy at run time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from .syntax import VERB_POS

CLASSES = ("negative", "neutral", "positive")
NEAR = 4  # words either side of the mention read as its neighbourhood
CONTENT_POS = frozenset({"ADJ", "ADV", "NOUN", "VERB", "PROPN", "INTJ"})
DESCRIBING_DEPS = frozenset({"amod", "appos", "relcl", "acl", "compound", "nmod", "advmod", "poss"})
MAX_PATH = 8  # steps climbed from the mention toward the sentence's root

Features = dict[str, float]
Polarity = Callable[[Token], float]  # how loaded a word is on its own, -1 to 1


class Words:
    """A document's sentences and their content words, read once however many mentions a
    sentence holds: (token index, lemma, valence) for each content word."""

    def __init__(self, doc: Doc, polarity: Polarity) -> None:
        self.polarity = polarity
        self.sentences = {sentence.start: sentence for sentence in doc.sents}
        self.starts = [0] * len(doc)  # each token's sentence, by the index of its first token
        for start, sentence in self.sentences.items():
            self.starts[start:sentence.end] = [start] * len(sentence)
        self.content: dict[int, list[tuple[int, str, float]]] = {}

    def sentence(self, token: int) -> Span:
        return self.sentences[self.starts[token]]

    def of(self, sentence: Span) -> list[tuple[int, str, float]]:
        found = self.content.get(sentence.start)
        if found is None:
            found = [(t.i, t.lemma_.lower(), self.polarity(t)) for t in sentence
                     if t.pos_ in CONTENT_POS and not t.is_stop]
            self.content[sentence.start] = found
        return found


def mention_features(mention: Span, quoted: set[int], words: Words) -> Features:
    """The features of one mention in its sentence. `quoted`: indices of the tokens inside
    quotation marks; `words`: the document's content words with their valence."""
    sentence = words.sentence(mention.start)
    root = mention.root
    inside = frozenset(range(mention.start, mention.end))
    found: Features = {"bias": 1.0}
    _words(found, words.of(sentence), inside, root.i)
    _role(found, root)
    _descriptions(found, root, inside)
    _voice(found, mention, quoted, sentence)
    return found


def _words(found: Features, words: list[tuple[int, str, float]], skipped: frozenset[int], at: int) -> None:
    """Each content lemma of the sentence; those near the mention (at token `at`) again, with
    their side; the loaded words' valence, summed over the sentence and over the neighbourhood."""
    near_valence = sentence_valence = 0.0
    for i, lemma, valence in words:
        if i in skipped:
            continue
        found[f"w:{lemma}"] = 1.0
        sentence_valence += valence
        if abs(i - at) <= NEAR:
            found[f"{'l' if i < at else 'r'}:{lemma}"] = 1.0
            near_valence += valence
    found["val:sentence"] = sentence_valence
    found["val:near"] = near_valence


def _role(found: Features, root: Token) -> None:
    """What the mention does or undergoes: its dependency with the verb above it, that verb's
    other arguments, and the lemmas on the way up to the root."""
    below, verb, steps = root, root, 0
    while verb.pos_ not in VERB_POS and verb.head.i != verb.i and steps < MAX_PATH:
        found[f"up:{verb.head.lemma_.lower()}"] = 1.0
        below, verb, steps = verb, verb.head, steps + 1
    if verb.pos_ not in VERB_POS:
        return
    dep = f"prep_{below.lower_}" if below.dep_ in {"prep", "agent"} else below.dep_
    negated = any(c.dep_ == "neg" for c in verb.children)
    lemma = ("not_" if negated else "") + verb.lemma_.lower()
    found[f"verb:{lemma}"] = 1.0
    found[f"as:{dep}|{lemma}"] = 1.0
    for child in verb.children:
        if child.i != root.i and child.dep_ in {"dobj", "advmod", "acomp", "attr", "xcomp", "ccomp", "prep", "neg"}:
            found[f"arg:{child.dep_}|{child.lemma_.lower()}"] = 1.0
    if verb.head.i != verb.i:
        found[f"gov:{verb.dep_}|{verb.head.lemma_.lower()}"] = 1.0


def _descriptions(found: Features, root: Token, inside: frozenset[int]) -> None:
    """The words attached to the mention itself: 'the embattled senator', 'Smith, who lied'."""
    for child in root.children:
        if child.i not in inside and child.dep_ in DESCRIBING_DEPS:
            found[f"desc:{child.lemma_.lower()}"] = 1.0


def _voice(found: Features, mention: Span, quoted: set[int], sentence: Span) -> None:
    if mention.start in quoted:
        found["quote:mention-inside"] = 1.0
    elif not quoted.isdisjoint(range(sentence.start, sentence.end)):
        found["quote:in-sentence"] = 1.0


@dataclass(frozen=True)
class StanceModel:
    """The trained weights: one row per feature name, one column per class of CLASSES."""

    index: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    @classmethod
    def load(cls, path: Path) -> StanceModel:
        with np.load(path, allow_pickle=False) as data:
            names = [str(n) for n in data["names"]]
            return cls(index={n: i for i, n in enumerate(names)},
                       weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float32))

    def save(self, path: Path) -> None:
        names = np.array(sorted(self.index, key=self.index.__getitem__))
        np.savez_compressed(path, names=names, weights=self.weights.astype(np.float16), bias=self.bias)

    def probabilities(self, features: Features) -> np.ndarray:
        """P(negative, neutral, positive) for one mention's features."""
        known = [(row, value) for row, value in ((self.index.get(n), v) for n, v in features.items())
                 if row is not None]
        logits = self.bias.copy()
        if known:
            rows, values = zip(*known, strict=True)
            logits += np.asarray(values, dtype=np.float32) @ self.weights[list(rows)]
        logits -= logits.max()
        odds = np.exp(logits)
        return odds / odds.sum()
