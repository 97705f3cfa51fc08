"""Pass 4: lines that open with who speaks and a colon, with no verb of saying: a headline
('Poll: Voters Turn Away From the Incumbent', 'Ruiz: The Mine Was Sold to Fail') or a transcript's
turns ('SMITH: We will not wait.'). The rest of the line is the speaker's statement: a transcript's
words (its label in capitals) are direct, a headline's are the editor's summary, indirect."""

from __future__ import annotations

from spacy.tokens import Token

from .cues import Cues
from .indirect import PLACE_ENTITIES
from .layout import Layout
from .speakers import Speakers
from .statements import Speaker, Statement
from .units import stripped

MAX_LABEL_WORDS = 4  # 'Senator Ana Ruiz', 'Poll', 'SMITH'
MIN_STATEMENT_WORDS = 3
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


class SpeakerLabels:
    """The statements of one document's lines that name their speaker before a colon."""

    def __init__(self, layout: Layout, cues: Cues, speakers: Speakers) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.cues = cues
        self.speakers = speakers

    def statements(self, found: list[Statement]) -> list[Statement]:
        """The statements of labelled lines that overlap none of the statements `found`."""
        taken = [(s.start, s.end) for s in found]
        out = []
        for first in self._line_starts():
            statement = self._labelled(first)
            if statement is not None and not any(a < statement.end and statement.start < b for a, b in taken):
                out.append(statement)
        return out

    def _line_starts(self) -> list[int]:
        """The first word of each paragraph, after any quote mark that opens it."""
        starts: list[int] = []
        previous = -1
        for i, paragraph in enumerate(self.layout.paragraph_of):
            token = self.doc[i]
            if token.is_space or (token.is_punct and token.text in QUOTE_MARKS):
                continue
            if paragraph != previous:
                starts.append(i)
            previous = paragraph
        return starts

    def _labelled(self, first: int) -> Statement | None:
        paragraph = self.layout.paragraph_of[first]
        words: list[Token] = []
        for token in self.doc[first:first + MAX_LABEL_WORDS + 1]:
            if token.text == ":" and words:
                return self._statement(words, token, paragraph)
            if not token.is_alpha or not token.text[:1].isupper() or self.layout.paragraph_of[token.i] != paragraph:
                return None
            words.append(token)
        return None

    def _statement(self, label: list[Token], colon: Token, paragraph: int) -> Statement | None:
        if any(t.lower_ in self.cues.not_labels for t in label):
            return None
        speaker = self._speaker(label)
        end = colon.i + 1
        while end < len(self.doc) and self.layout.paragraph_of[end] == paragraph:
            end += 1
        content = [t for t in self.doc[colon.i + 1:end] if not t.is_space]
        if speaker is None or sum(t.is_alpha for t in content) < MIN_STATEMENT_WORDS:
            return None
        text = self.layout.text
        start, stop = stripped(text, content[0].idx, content[-1].idx + len(content[-1]))
        while stop > start and text[stop - 1] in QUOTE_MARKS:
            stop -= 1  # the mark that closes a transcript in quotes, not the words'
        transcript = all(t.text.isupper() for t in label)
        return Statement("direct" if transcript else "indirect", text[start:stop], start, stop, speaker, None)

    def _speaker(self, label: list[Token]) -> Speaker | None:
        """The label's person or source: an actor, or a name or source noun as written ('Poll'). A
        transcript's turns may come anywhere; a headline is the first line (below it, 'Natanz: ...'
        lists things, it does not quote anyone)."""
        head = next((t for t in label if t.head.i == t.i or t.head.i not in {w.i for w in label}), label[-1])
        transcript = all(t.text.isupper() for t in label)
        if (not transcript and self.layout.paragraph_of[head.i] != 0) or head.ent_type_ in PLACE_ENTITIES:
            return None  # 'WASHINGTON: ...' is a dateline
        speaker = self.speakers.resolve(head)
        if speaker is not None and speaker.actor is not None:
            actor = self.layout.actors.get(speaker.actor)
            return None if actor is None or actor.kind == "state" else speaker
        named = head.ent_type_ == "PERSON" and all(t.pos_ == "PROPN" for t in label)
        if not (transcript or named or self.speakers.nouns.names_speaker(head.lemma_.lower())):
            return None  # a headline's own words: 'Stealth Over Health: ...'
        first, last = label[0], label[-1]
        return Speaker(None, self.doc[first.i:last.i + 1].text, first.idx, last.idx + len(last))
