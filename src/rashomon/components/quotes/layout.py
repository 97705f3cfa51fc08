"""One document laid out for the quotes stage: each token's quote-mark region, paragraph and actor
mention, and the words around a quote up to the ends of its sentence."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ...textspans import QuoteRegion, paragraph_starts, quote_regions
from ..extensions import doc_actors, doc_mentions
from ..records import ActorInfo, Mention

SENTENCE_END = {".", "!", "?"}
# What may end the words before a quote that stands on its own ('X said: "..."', 'X said, "..."').
LEAD_MARKS = {":", ",", "\u2014", "\u2013", "-"}


class Layout:
    """One document's quote marks, paragraphs and mentions, indexed by token once for all three passes.

    Given `regions` and a token `window`, it lays out the quotes nested inside another quote: the
    words outside the window bound every sentence."""

    def __init__(self, doc: Doc, regions: Sequence[QuoteRegion] | None = None,
                 window: tuple[int, int] | None = None) -> None:
        self.doc = doc
        self.text = doc.text
        self.regions = quote_regions(self.text) if regions is None else regions
        self.window = window
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self.region_of = self._token_regions(window)
        self.paragraph_of = self._token_paragraphs()
        self.mention_of = self._token_mentions()
        self.actors: dict[str, ActorInfo] = doc_actors(doc)

    # ---- indexes -------------------------------------------------------------------------
    def _token_regions(self, window: tuple[int, int] | None) -> list[int]:
        region_of = [-1] * len(self.doc)
        if window is not None:
            outside = len(self.regions)  # a region index no unit has: the outer quote's edges
            region_of = [-1 if window[0] <= i <= window[1] else outside for i in range(len(self.doc))]
        for k, region in enumerate(self.regions):
            for i in self.tokens_between(region.start, region.end):
                region_of[i] = k
        return region_of

    def _token_paragraphs(self) -> list[int]:
        starts = paragraph_starts(self.text)
        return [bisect_right(starts, idx) - 1 for idx in self.starts]

    def _token_mentions(self) -> list[Mention | None]:
        mention_of: list[Mention | None] = [None] * len(self.doc)
        for m in doc_mentions(self.doc):
            for i in range(m.start, m.end):
                mention_of[i] = m
        return mention_of

    def tokens_between(self, start: int, end: int) -> range:
        """Tokens whose first character lies in [start, end)."""
        return range(bisect_right(self.starts, start - 1), bisect_right(self.starts, end - 1))

    def paragraph_at(self, char: int) -> int:
        i = min(bisect_right(self.starts, char) - 1, len(self.doc) - 1)
        return self.paragraph_of[max(i, 0)]

    # ---- the words around a quote --------------------------------------------------------
    def lead(self, first: int) -> list[Token]:
        """The words before a quote back to the start of its sentence, outside quote marks. A quote
        that opens its paragraph takes the paragraph before as its lead when that ends in a colon
        ('Caddell continued:' and the quoted paragraph below it)."""
        tokens = self._words_before(first, self.paragraph_of[first])
        if tokens:
            return tokens
        i = first - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i >= 0 and self.doc[i].text == ":" and self.region_of[i] < 0 \
                and self.paragraph_of[i] != self.paragraph_of[first]:
            return self._words_before(i + 1, self.paragraph_of[i])
        return []

    def _words_before(self, first: int, paragraph: int) -> list[Token]:
        tokens: list[Token] = []
        i = first - 1
        while i >= 0 and self.region_of[i] < 0 and self.paragraph_of[i] == paragraph:
            if self.doc[i].text in SENTENCE_END:
                break
            if not self.doc[i].is_space:
                tokens.append(self.doc[i])
            i -= 1
        return tokens[::-1]

    def sentence_after(self, last: int) -> list[Token]:
        """The words after token `last` to the end of its sentence, outside quote marks."""
        tokens: list[Token] = []
        i = last + 1
        while i < len(self.doc) and self.region_of[i] < 0 and self.paragraph_of[i] == self.paragraph_of[last]:
            if not self.doc[i].is_space:
                tokens.append(self.doc[i])
            if self.doc[i].text in SENTENCE_END:
                break
            i += 1
        return tokens

    def previous_word(self, i: int) -> Token | None:
        i -= 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i] if i >= 0 else None

    def sentence_before(self, start: int) -> list[Token]:
        """The sentence ending just before token `start`, in the same paragraph."""
        last = self.previous_word(start)
        if last is None or self.paragraph_of[last.i] != self.paragraph_of[start] or last.text not in SENTENCE_END:
            return []
        tokens = [last]
        i = last.i - 1
        while i >= 0 and self.paragraph_of[i] == self.paragraph_of[start] and self.doc[i].text not in SENTENCE_END:
            tokens.append(self.doc[i])
            i -= 1
        return [t for t in tokens[::-1] if not t.is_space]
