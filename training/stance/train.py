"""Train the stance model (`src/rashomon/data/stance_model.npz`) on NewsMTSC.

    python training/stance/train.py [--newsmtsc ../shared/reference/newsmtsc] [--out PATH]

Parses each NewsMTSC sentence with the project's spaCy model, reads the features of its target
mention (`rashomon.components.stance_model.mention_features`), and fits a multinomial logistic
regression with L2 regularisation by full-batch Adam, in numpy. Prints macro F1 and accuracy on
NewsMTSC's two test sets for a model fitted on its training set, then fits the shipped weights on
all three sets. NewsMTSC: Hamborg and Donnay, EACL 2021, MIT licence."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from functools import partial
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language

from rashomon.components.stance import quoted_tokens, word_polarity
from rashomon.components.stance_model import CLASSES, Features, StanceModel, Words, mention_features
from rashomon.config import Settings
from rashomon.knowledge import load_knowledge

LABELS = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC polarity -> index in CLASSES
MIN_COUNT = 2  # a feature seen fewer times in training is dropped
L2 = 1e-3
STEPS = 400
RATE = 0.05
SPLITS = ("train", "devtest_rw", "devtest_mt")
PACKAGE_DATA = Path(__file__).resolve().parents[2] / "src" / "rashomon" / "data"


def examples(path: Path, nlp: Language) -> tuple[list[Features], list[int]]:
    """(features, label) of every target mention in a NewsMTSC file."""
    lexicon = load_knowledge().stance
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    features: list[Features] = []
    labels: list[int] = []
    for row, doc in zip(rows, nlp.pipe((r["sentence_normalized"] for r in rows), batch_size=64), strict=True):
        quoted, words = quoted_tokens(doc), Words(doc, partial(word_polarity, lexicon))
        for target in row["targets"]:
            mention = doc.char_span(target["from"], target["to"], alignment_mode="expand")
            if mention is None:
                continue
            features.append(mention_features(mention, quoted, words))
            labels.append(LABELS[target["polarity"]])
    return features, labels


class Sparse:
    """A row-sparse design matrix over a fixed feature index."""

    def __init__(self, rows: list[Features], index: dict[str, int]) -> None:
        entries = [(r, index[name], value) for r, row in enumerate(rows)
                   for name, value in row.items() if name in index]
        self.rows = np.array([e[0] for e in entries], dtype=np.int64)
        self.cols = np.array([e[1] for e in entries], dtype=np.int64)
        self.values = np.array([e[2] for e in entries], dtype=np.float64)
        self.shape = (len(rows), len(index))

    def dot(self, weights: np.ndarray) -> np.ndarray:
        out = np.zeros((self.shape[0], weights.shape[1]))
        np.add.at(out, self.rows, self.values[:, None] * weights[self.cols])
        return out

    def tdot(self, residual: np.ndarray) -> np.ndarray:
        out = np.zeros((self.shape[1], residual.shape[1]))
        np.add.at(out, self.cols, self.values[:, None] * residual[self.rows])
        return out


def fit(rows: list[Features], labels: list[int]) -> StanceModel:
    counts = Counter(name for row in rows for name in row)
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT and n != "bias")
    index = {n: i for i, n in enumerate(names)}
    matrix = Sparse(rows, index)
    target = np.eye(len(CLASSES))[labels]
    weights = np.zeros((len(names), len(CLASSES)))
    bias = np.zeros(len(CLASSES))
    params = [weights, bias]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    for step in range(1, STEPS + 1):
        logits = matrix.dot(weights) + bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        residual = (probs - target) / len(labels)
        grads = [matrix.tdot(residual) + L2 * weights, residual.sum(axis=0)]
        for p, g, m, v in zip(params, grads, moments, squares, strict=True):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return StanceModel(index=index, weights=weights.astype(np.float32), bias=bias.astype(np.float32))


def report(name: str, model: StanceModel, rows: list[Features], labels: list[int]) -> None:
    predicted = [int(np.argmax(model.probabilities(r))) for r in rows]
    f1s = []
    for c in range(len(CLASSES)):
        tp = sum(p == c == g for p, g in zip(predicted, labels, strict=True))
        precision = tp / max(1, predicted.count(c))
        recall = tp / max(1, labels.count(c))
        f1s.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    accuracy = sum(p == g for p, g in zip(predicted, labels, strict=True)) / len(labels)
    print(f"{name}: {len(labels)} targets, macro F1 {np.mean(f1s):.3f}, accuracy {accuracy:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsmtsc", type=Path, default=Path("../shared/reference/newsmtsc"))
    parser.add_argument("--out", type=Path, default=PACKAGE_DATA / "stance_model.npz")
    args = parser.parse_args()
    nlp = spacy.load(Settings().model, disable=["ner"])
    splits = {split: examples(args.newsmtsc / f"{split}.jsonl", nlp) for split in SPLITS}
    model = fit(*splits["train"])
    for split in SPLITS:
        report(f"trained on train, {split}", model, *splits[split])
    rows = [row for split in SPLITS for row in splits[split][0]]
    labels = [label for split in SPLITS for label in splits[split][1]]
    model = fit(rows, labels)  # the shipped weights: every labelled sentence
    model.save(args.out)
    print(f"wrote {args.out} ({len(model.index)} features, {args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
