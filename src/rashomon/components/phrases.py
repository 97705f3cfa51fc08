"""Phrase tables: many thousands of multi-word names matched on lowercase tokens, like spaCy's
`PhraseMatcher(attr="LOWER")`, but built once with the knowledge and kept in its compiled cache.

A `PhraseMatcher` needs a `Doc` for every pattern, and making 17,000 of them cost more than a
second at every start. Here each pattern is tokenised once by spaCy's English tokenizer rules when
the knowledge is built, and stored as a trie of string ids; matching walks it over `doc`'s LOWER
ids, every start position, every length, shortest first."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import LOWER
from spacy.lang.en import English
from spacy.strings import get_string_id
from spacy.tokens import Doc

END = 0  # key under which a trie node keeps the labels of the phrases ending there (no token hashes to 0)
Trie = dict[int, "Trie | list[str]"]


class PhraseTable:
    """Labelled phrases, matched on lowercase tokens."""

    def __init__(self) -> None:
        self.trie: Trie = {}

    def add(self, label: str, words: Iterable[str]) -> None:
        node = self.trie
        for word in words:
            child = node.setdefault(get_string_id(word.lower()), {})
            assert isinstance(child, dict)
            node = child
        labels = node.setdefault(END, [])
        assert isinstance(labels, list)
        if label not in labels:
            labels.append(label)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(label, start, end) of every match."""
        ids = doc.to_array([LOWER]).tolist() if len(doc) else []
        found: list[tuple[str, int, int]] = []
        for start in range(len(ids)):
            node = self.trie
            for end in range(start, len(ids)):
                child = node.get(ids[end])
                if not isinstance(child, dict):
                    break
                node = child
                labels = node.get(END)
                if isinstance(labels, list):
                    found.extend((label, start, end + 1) for label in labels)
        return found


class PhraseTokenizer:
    """spaCy's English tokenizer rules, for tokenising patterns once while the knowledge is built."""

    def __init__(self) -> None:
        self.tokenizer = English().tokenizer

    def words(self, text: str) -> list[str]:
        return [t.text for t in self.tokenizer(text)]
