"""Who speaks: the speaker of each quote (from the quotes stage, or found here without it), the
speaker of the last statement, and the actors 'we' and 'it' stand for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ...textspans import quote_regions
from ..extensions import doc_quotes
from ..syntax import NOMINAL_SUBJECT_DEPS
from .parse import logical_subject

if TYPE_CHECKING:
    from .candidates import Candidate
    from .reader import DocReader

FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}


class Speakers:
    """The quotes of one document with their speakers, and the pronouns that depend on who speaks."""

    quotes: list[tuple[int, int, str | None]]  # (start char, end char, speaker), set by `read_quotes`

    def __init__(self, reader: DocReader) -> None:
        self.reader = reader
        self.doc = reader.doc
        self.cues = reader.lex.cues
        # The 'it's whose sayer is being read: reading a sayer reads noun phrases, which may hold an
        # 'it' again, and a misparse can lead back to the first one.
        self._asking: set[int] = set()

    def read_quotes(self) -> None:
        """Called once the reader holds this object: without the quotes stage, finding a speaker
        reads noun phrases, and a pronoun among them ('it') comes back here."""
        self.quotes = self._quotes()

    # ---- quotes and speakers -------------------------------------------------------------------
    def quote_speaker(self, char: int) -> str | None:
        for start, end, speaker in self.quotes:
            if start <= char < end:
                return speaker
        return None

    def last_speaker(self, token: Token) -> list[list[str]]:
        """The speaker of the last statement that ends in this sentence (before `token`) or the one before."""
        sentence = token.sent
        since = self.doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
        before = token.idx
        spoken = [(end, speaker) for start, end, speaker in self.quotes if since <= start and end <= before and speaker]
        return [[max(spoken)[1]]] if spoken else []

    def speakers_side(self, candidate: Candidate) -> list[list[str]]:
        """The speaker's state where the document names it, else the speaker, unless that side is
        the one acting."""
        speaker = self.quote_speaker(candidate.anchor.idx)
        if speaker is None:
            return []
        table = self.reader.table
        country = table[speaker].country
        side = country if country in table else speaker
        if any(side in group or speaker in group for group in candidate.actors):
            return []
        return [[side]]

    def _quotes(self) -> list[tuple[int, int, str | None]]:
        given = doc_quotes(self.doc)
        if given is not None:
            return [(q.start, q.end, q.speaker) for q in given if q.speaker in self.reader.table]
        return [(r.start, r.end, self._fallback_speaker(r.start, r.end)) for r in quote_regions(self.doc.text)]

    def _fallback_speaker(self, start: int, end: int) -> str | None:
        """Without the quotes component: the speech verb or noun of the sentence, outside the quote."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for token in span.sent:
            if start <= token.idx < end:
                continue
            speaker = self._speech_source(token)
            if speaker is not None:
                return speaker
        return None

    def _speech_source(self, token: Token) -> str | None:
        first_actor = self.reader.first_actor
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.cues.speech_verbs:
            return first_actor(logical_subject(token))
        if token.pos_ == "NOUN" and lemma in self.cues.speech_nouns:
            for child in token.children:
                if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}):
                    target = child if child.dep_ == "poss" else next(
                        (g for g in child.children if g.dep_ == "pobj"), None)
                    found = first_actor(target)
                    if found:
                        return found
            if token.dep_ == "dobj":
                return first_actor(logical_subject(token.head))
        return None

    # ---- pronouns ------------------------------------------------------------------------------
    def pronoun_actor(self, pronoun: Token) -> list[str] | None:
        """The actors 'we', 'I' and 'it' stand for."""
        lower = pronoun.lower_
        if lower in FIRST_PLURAL or lower in FIRST_SINGULAR:
            return self._first_person(pronoun)
        if lower == "it":
            found = self._resolve_it(pronoun)
            return [found] if found else None
        return None

    def _first_person(self, token: Token) -> list[str] | None:
        """'We' in a quote is the speaker's side: the speaker and, for a person, their state."""
        speaker = self.quote_speaker(token.idx)
        if speaker is None:
            return None
        table = self.reader.table
        side = [speaker]
        info = table.get(speaker)
        country = info.country if info is not None else None
        if token.lower_ in FIRST_PLURAL and country and country in table and country != speaker:
            side.append(country)
        return side

    def _resolve_it(self, pronoun: Token) -> str | None:
        """'it' for a state or organisation: the one saying the clause it is the subject of
        ("Congo's government said it had severed ties"), else an earlier mention in the same or
        previous sentence, preferring one in the same grammatical role (subject for subject)."""
        sayer = self._sayer(pronoun)
        if sayer is not None:
            return sayer
        reader = self.reader
        sentence = pronoun.sent
        start = sentence.start
        previous = self.doc[start - 1].sent.start if start > 0 else start
        wants_subject = pronoun.dep_ == "nsubj"
        best: tuple[int, int] | None = None
        choice = None
        for i in range(previous, pronoun.i):
            actor = reader.actor_at[i]
            if actor is None or reader.how_at[i] in {"adjective", "pronoun"} or (i + 1 < len(self.doc)
                                                                              and reader.actor_at[i + 1] == actor):
                continue
            if reader.table[actor].kind == "person":
                continue
            token = self.doc[i]
            role = token.dep_ in NOMINAL_SUBJECT_DEPS
            rank = (int(role == wants_subject), i)
            if best is None or rank > best:
                best, choice = rank, actor
        return choice

    def _sayer(self, pronoun: Token) -> str | None:
        clause = pronoun.head
        if pronoun.dep_ not in NOMINAL_SUBJECT_DEPS or clause.dep_ != "ccomp" \
                or clause.head.lemma_.lower() not in self.cues.speech_verbs or pronoun.i in self._asking:
            return None
        self._asking.add(pronoun.i)
        try:
            groups = self.reader.actor_groups(logical_subject(clause.head))
        finally:
            self._asking.discard(pronoun.i)
        if len(groups) == 1 and len(groups[0]) == 1 and self.reader.table[groups[0][0]].kind != "person":
            return groups[0][0]
        return None
