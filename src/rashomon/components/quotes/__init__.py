"""Statements a document attributes to someone: direct quotes, partial quotes (a few quoted words
inside a reported sentence) and indirect speech, each with its speaker resolved to an actor.

Three passes over a parsed document whose actors are already resolved, run by `reader.Reader`:

1. Quote marks (`reader`, `units`): each quote-mark unit is a direct quote, a partial quote or a
   scare quote; a direct quote's speaker comes from the words around it (`speakers`).
2. Indirect speech (`indirect`): speech verbs outside quote marks with a clausal complement ("X
   said that ...") and "according to X" sentences.
3. Neighbours (`neighbours`): a direct quote with no speaker in its sentence takes one from the
   sentences or paragraphs around it.

`cues` holds the lexicons the stage reads, `layout` the document's tokens indexed by quote region,
paragraph and actor mention, and `statements` what the stage finds."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...knowledge import Knowledge, packaged_knowledge
from ..extensions import guarded, register_extensions
from .cues import Cues, QuoteLexicon, SpeakerNouns
from .reader import Reader
from .statements import Statement

__all__ = ["SPAN_GROUP", "Cues", "QuoteExtractor", "QuoteLexicon", "SpeakerNouns", "set_annotations"]

SPAN_GROUP = "rashomon_quotes"


class QuoteExtractor:
    """The `rashomon_quotes` component."""

    def __init__(self, nlp: Language, name: str = "rashomon_quotes") -> None:
        register_extensions()
        self.name = name
        self.lexicon: QuoteLexicon | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.lexicon = (knowledge or packaged_knowledge()).quotes

    @guarded("statements", SPAN_GROUP, rashomon_quotes=list)
    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.initialize()
        assert self.lexicon is not None
        statements = Reader(doc, self.lexicon.cues, self.lexicon.nouns).statements()
        set_annotations(doc, statements)
        return doc


def set_annotations(doc: Doc, statements: list[Statement]) -> None:
    doc._.rashomon_quotes = [s.record() for s in statements]
    spans = []
    for s in statements:
        span = doc.char_span(s.start, s.end, label=s.kind, kb_id=s.speaker.actor or "", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[SPAN_GROUP] = spans
