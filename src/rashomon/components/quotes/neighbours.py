"""Pass 3: a direct quote that reads as a statement but has no speaker in its sentence takes the
speaker of the sentence before it (a statement or a speech verb), of the paragraph before when that
ends with a colon or a statement ("floating" quotes), else of a speech verb in the next sentence."""

from __future__ import annotations

from spacy.tokens import Token

from .cues import Cues
from .indirect import hedged, reported_content
from .layout import Layout
from .speakers import Speakers
from .statements import Speaker, Statement
from .units import Unit


class Neighbours:
    """Speakers for one document's quotes from the sentences and paragraphs around them."""

    def __init__(self, layout: Layout, cues: Cues, speakers: Speakers) -> None:
        self.layout = layout
        self.cues = cues
        self.speakers = speakers

    def statement(self, unit: Unit, found: list[Statement]) -> Statement | None:
        """The quote as a direct statement of its neighbours' speaker, given the statements `found`."""
        text, start, end = unit.quoted(self.layout.text)
        speaker = self._previous_speaker(unit, found) or self._next_speaker(unit)
        return Statement("direct", text, start, end, speaker, None) if speaker else None

    def _previous_speaker(self, unit: Unit, found: list[Statement]) -> Speaker | None:
        """A speaker carried over from the sentence before, or from the previous paragraph when the
        quote opens its sentence."""
        lead = self.layout.lead(unit.first)
        start = lead[0].i if lead else unit.first
        before = sorted((s for s in found if s.end <= self.layout.doc[start].idx), key=lambda s: s.start)
        previous = self.layout.sentence_before(start)
        if previous:
            earlier = [s for s in before if s.end > previous[0].idx]
            speaker = earlier[-1].speaker if earlier else self._cue_speaker(previous)
            return speaker or self._paragraph_quote_speaker(start, before)
        return self._floating_speaker(start, before) if start == unit.first else None

    def _paragraph_quote_speaker(self, start: int, before: list[Statement]) -> Speaker | None:
        """The speaker of the last quote earlier in the paragraph, when the sentences between name
        no one: '"...," she said after the vote. She left early. "..."'."""
        paragraph = self.layout.paragraph_of[start]
        quotes = [s for s in before if s.kind == "direct" and self.layout.paragraph_at(s.start) == paragraph]
        return quotes[-1].speaker if quotes else None

    def _floating_speaker(self, start: int, before: list[Statement]) -> Speaker | None:
        """A quote that opens a paragraph 'floats' after its attribution: the speaker of the previous
        paragraph when that ends with a colon or a statement."""
        last = self.layout.previous_word(start)
        paragraph_of = self.layout.paragraph_of
        if last is None or paragraph_of[last.i] == paragraph_of[start]:
            return None
        if last.text == ":":
            framed = self.speakers.frame_speaker(self.layout.lead(last.i + 1), [], [])
            return framed[0] if framed else None
        previous_paragraph = [s for s in before if self.layout.paragraph_at(s.start) == paragraph_of[last.i]]
        return previous_paragraph[-1].speaker if previous_paragraph else None

    def _next_speaker(self, unit: Unit) -> Speaker | None:
        following = self.layout.sentence_after(unit.last)
        if following and not unit.ends_sentence(self.layout.text):
            following = self.layout.sentence_after(following[-1].i)
        return self._cue_speaker(following, reported=False)

    def _cue_speaker(self, tokens: list[Token], reported: bool = True) -> Speaker | None:
        """The subject of a speech verb among these words; with `reported=False`, only of a verb
        that reports nothing else (no clause of its own)."""
        for token in tokens:
            if self.layout.region_of[token.i] >= 0 or not self.cues.is_speech(token) or hedged(token):
                continue
            if not reported and reported_content(token, self.cues) is not None:
                continue
            speaker = self.speakers.verb_speaker(token)
            if speaker is not None:
                return speaker
        return None
