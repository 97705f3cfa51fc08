"""Statements a document attributes to someone: direct quotes, partial quotes (a few quoted words
inside a reported sentence) and indirect speech, each with its speaker resolved to an actor.

Three passes over a parsed document whose actors are already resolved:

1. Quote-mark units (`textspans.quote_regions`; the two halves of a split quote joined). A unit
   that stands on its own (it opens the sentence, or follows a colon or comma) is a direct quote;
   its speaker comes from the words around it, read up to the sentence's end outside quote marks:
   a speech verb's subject, a speech noun's owner ("statements from X"), "according to X", the
   subject of a clause ending in a colon, or a headline name ("Name: '...'"). A unit inside a
   clause is a partial quote only when a speech or cognition verb governs it in the parse;
   otherwise it is a scare quote or a label (an operation, a book, a "so-called" phrase) and
   is dropped.
2. Speech verbs outside quote marks with a clausal complement ("X said that ...") and
   "according to X" sentences: indirect speech, unless the clause holds a quote already taken,
   or the verb is negated, modal or conditional (a statement not made).
3. A direct quote that reads as a statement but has no speaker in its sentence takes the speaker
   of the sentence before it (a statement or a speech verb), of the paragraph before when that
   ends with a colon or a statement ("floating" quotes), else of a speech verb in the next sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..kb import KnowledgeBase
from ..knowledge import Knowledge, packaged_knowledge
from ..textspans import QuoteRegion, paragraph_starts, quote_regions
from .extensions import guarded, register_extensions

SPAN_GROUP = "rashomon_quotes"
# Without a speech word beside it, quoted text must read as a statement: this many words, one a verb.
MIN_STATEMENT_WORDS = 4
# Longest attribution between the halves of a split quote ('"...," X said on Monday in Kyiv. "..."').
MAX_SPLIT_GAP = 20
# Longest attribution after a quote that ends its own sentence ('"... now!" the minister said.').
MAX_TRAIL = 14
# Longest capitalised phrase taken as a name rather than a statement ('"The Missing Peace"').
MAX_NAME_WORDS = 5
# How many heads up the parse a governing speech verb or a verb's subject is looked for.
MAX_CLIMB = 4
# Longest speaker description kept as written ("a senior Ukrainian commander in the Donetsk region").
MAX_SPEAKER_TOKENS = 9
SENTENCE_END = {".", "!", "?"}
LEAD_MARKS = {":", ",", "\u2014", "\u2013", "-"}
MODALS = {"will", "would", "could", "can", "may", "might", "must", "should", "shall", "'ll", "'d", "wo", "ca"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
QUESTION_WORDS = {"whether", "if", "what", "who", "whom", "which", "why", "how", "where", "when"}
SUBJECT_CLIMB = {"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp"}
# Attribution phrases whose object is the source itself ("according to X"); in the others
# ("speaking to X", "in an interview with X") the object is the listener or the medium.
SOURCE_PHRASE_WORDS = {"according", "quoting", "citing", "words"}
# Of those, the phrases by which a reporter relays its source ("citing a Kremlin source").
RELAY_WORDS = {"quoting", "citing"}
# Prepositions that name a statement's topic, not its words ('talked about "security guarantees"').
TOPIC_PREPOSITIONS = {"about", "regarding", "concerning"}
LABEL_BEFORE = re.compile(r"(?i)\bso[- ]called\s*$")
PARAGRAPH_REOPEN = re.compile("\\s*\\n\\s*[\"\u201c\u201e\u2018'\u00ab]?")
@dataclass(frozen=True, slots=True)
class SpeakerNouns:
    """Nouns that name a person (a role or a description) and nouns that name a body."""

    people: frozenset[str]
    bodies: frozenset[str]
    personal_bodies: frozenset[str]  # bodies that speak for the person owning them
    spokespeople: frozenset[str]  # people whose words are their institution's

    @classmethod
    def build(cls, data: dict[str, Any], kb: KnowledgeBase) -> SpeakerNouns:
        titles = {_head_word(t) for t in kb.office_titles} | {w.lower() for w in kb.leader_words}
        people = _words(data, "person_nouns") | titles | {w for w in kb.role_words if " " not in w}
        sectors = {w for w, sector in kb.sector_nouns.items() if sector in data["body_sectors"] and " " not in w}
        return cls(frozenset(people), _words(data, "body_nouns") | sectors, _words(data, "personal_bodies"),
                   _words(data, "spokespeople"))


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data[key])


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """What the quotes stage knows: the cues of cues.yaml and the nouns that can name a speaker."""

    cues: Cues
    nouns: SpeakerNouns

    @classmethod
    def build(cls, data: dict[str, Any], kb: KnowledgeBase) -> QuoteLexicon:
        return cls(Cues.from_data(data), SpeakerNouns.build(data, kb))


def _head_word(title: str) -> str:
    """'minister of foreign affairs' → minister; 'foreign ministry spokesperson' → spokesperson."""
    return re.split(r"\s+(?:of|for|to)\s+", title.lower())[0].split()[-1]


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicons of `cues.yaml`: verb lemmas (with the particles a phrasal entry requires),
    speech nouns, cognition verbs and attribution phrases."""

    speech: dict[str, frozenset[str]]
    cognition: dict[str, frozenset[str]]
    nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    speech_ids: frozenset[int] = frozenset()  # string ids of the speech lemmas
    phrase_ids: frozenset[int] = frozenset()  # and of the first words of non-relay phrases

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Cues:
        phrases = [tuple(str(p).lower().split()) for p in data.get("according_to") or []]
        according = tuple(p for p in phrases if SOURCE_PHRASE_WORDS & set(p))
        speech = _verb_table(data.get("speech_verbs") or [])
        return cls(speech=speech, cognition=_verb_table(data.get("cognition_verbs") or []),
                   nouns=frozenset(str(n).lower() for n in data.get("speech_nouns") or [] if " " not in str(n)),
                   according=according, speech_ids=frozenset(get_string_id(lemma) for lemma in speech),
                   phrase_ids=frozenset(get_string_id(p[0]) for p in according if p[0] not in RELAY_WORDS))

    def is_speech(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.speech, token)

    def is_cognition(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.cognition, token)

    def is_noun(self, token: Token) -> bool:
        return token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in self.nouns


def _verb_table(entries: Iterable[object]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for entry in entries:
        lemma, _, rest = str(entry).lower().partition(" ")
        table.setdefault(lemma, set()).add(rest)
    return {lemma: frozenset(rests) for lemma, rests in table.items()}


def _verb_matches(table: dict[str, frozenset[str]], token: Token) -> bool:
    rests = table.get(token.lemma_.lower())
    if not rests:
        return False
    if "" in rests:
        return True
    following = {c.lower_ for c in token.children if c.dep_ in {"prt", "prep", "dobj"}}
    return any(rest.split()[0] in following for rest in rests)


@dataclass(slots=True)
class Speaker:
    actor: str | None
    text: str
    start: int  # character offsets of the speaker's words
    end: int


@dataclass(slots=True)
class Statement:
    kind: str
    text: str
    start: int
    end: int
    speaker: Speaker
    cue: str | None

    def record(self) -> dict[str, Any]:
        return {"speaker": self.speaker.actor, "speaker_text": self.speaker.text, "text": self.text,
                "kind": self.kind, "cue": self.cue, "start": self.start, "end": self.end,
                "speaker_start": self.speaker.start, "speaker_end": self.speaker.end}


@dataclass(slots=True)
class Unit:
    """One quotation: a quote-mark region, or the two halves of a split quote."""

    regions: list[QuoteRegion]
    first: int  # token offsets, quote marks included
    last: int
    gap: list[Token] = field(default_factory=list)  # the attribution between split halves


class QuoteExtractor:
    """The `rashomon_quotes` component."""

    def __init__(self, nlp: Language, name: str = "rashomon_quotes") -> None:
        register_extensions()
        self.name = name
        self.lexicon: QuoteLexicon | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.lexicon = (knowledge or packaged_knowledge()).quotes

    @guarded
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


class Reader:
    """One document's quote marks, paragraphs and mentions, read once for all three passes.

    Given `regions` and a token `window`, it reads quotes nested inside another quote: the words
    outside the window bound every sentence, and only speakers the actors stage knows count."""

    def __init__(self, doc: Doc, cues: Cues, nouns: SpeakerNouns, regions: Sequence[QuoteRegion] | None = None,
                 window: tuple[int, int] | None = None) -> None:
        self.doc = doc
        self.cues = cues
        self.nouns = nouns
        self.text = doc.text
        self.regions = quote_regions(self.text) if regions is None else regions
        self.require_actor = window is not None
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self.region_of = self._token_regions(window)
        self.paragraph_of = self._token_paragraphs()
        self.mention_of = self._token_mentions()
        self.actors: dict[str, dict[str, Any]] = doc._.rashomon_actors or {}

    # ---- indexes -------------------------------------------------------------------------
    def _token_regions(self, window: tuple[int, int] | None) -> list[int]:
        region_of = [-1] * len(self.doc)
        if window is not None:
            outside = len(self.regions)  # a region index no unit has: the outer quote's edges
            region_of = [-1 if window[0] <= i <= window[1] else outside for i in range(len(self.doc))]
        for k, region in enumerate(self.regions):
            for i in self._tokens_between(region.start, region.end):
                region_of[i] = k
        return region_of

    def _token_paragraphs(self) -> list[int]:
        starts = paragraph_starts(self.text)
        return [bisect_right(starts, idx) - 1 for idx in self.starts]

    def _token_mentions(self) -> list[dict[str, Any] | None]:
        mention_of: list[dict[str, Any] | None] = [None] * len(self.doc)
        for m in self.doc._.rashomon_mentions or []:
            for i in range(m["start"], m["end"]):
                mention_of[i] = m
        return mention_of

    def _tokens_between(self, start: int, end: int) -> range:
        """Tokens whose first character lies in [start, end)."""
        return range(bisect_right(self.starts, start - 1), bisect_right(self.starts, end - 1))

    # ---- the three passes ----------------------------------------------------------------
    def statements(self) -> list[Statement]:
        found: list[Statement] = []
        pending: list[Unit] = []
        for unit in self._units():
            statement, waiting = self._read_unit(unit)
            if statement is not None:
                found.append(statement)
                found.extend(self._nested(unit) if statement.kind == "direct" else [])
            elif waiting:
                pending.append(unit)
        taken = [(s.start, s.end) for s in found] + [self._unit_chars(u) for u in pending]
        found.extend(self._reported(taken))
        for unit in pending:
            statement = self._neighbour_statement(unit, found)
            if statement is not None:
                found.append(statement)
        return sorted(found, key=lambda s: (s.start, s.end))

    def _nested(self, unit: Unit) -> list[Statement]:
        """Quotes inside a direct quote ('"He told me: 'never'," she said.'), read within it."""
        start, end = self._unit_chars(unit)
        inner = [QuoteRegion(r.start + start, r.end + start, r.mark) for r in quote_regions(self.text[start:end])]
        if not inner:
            return []
        reader = Reader(self.doc, self.cues, self.nouns, inner, (unit.first + 1, unit.last - 1))
        found = (reader._read_unit(u)[0] for u in reader._units())
        return [s for s in found if s is not None and s.kind == "direct"]  # inner partials are scare quotes

    # ---- pass 1: quote marks -------------------------------------------------------------
    def _units(self) -> list[Unit]:
        units: list[Unit] = []
        for region in self.regions:
            tokens = self._tokens_between(region.start, region.end)
            if not tokens:
                continue
            gap = self._split_gap(units[-1], region) if units else None
            if gap is not None:
                units[-1].regions.append(region)
                units[-1].last = tokens[-1]
                units[-1].gap = gap
            else:
                units.append(Unit([region], tokens[0], tokens[-1]))
        return units

    def _split_gap(self, unit: Unit, region: QuoteRegion) -> list[Token] | None:
        """The attribution between two quote-mark regions that form one split quote, if they do:
        '"So," Zakharova told reporters. "Who ...?"' or '"...," she said, "but ..."'."""
        before = unit.regions[-1]
        if unit.gap or self.paragraph_at(before.start) != self.paragraph_at(region.start):
            return None
        gap_text = self.text[before.end:region.start].strip()
        inner = self.text[before.start + 1:before.end - 1].rstrip()
        if not gap_text or not (inner[-1:] in {",", "\u2014", "\u2013", "-", "?", "!", "\u2026"}
                                or gap_text[0] in {",", "\u2014"}) or gap_text[-1] not in {".", ",", ":"}:
            return None
        gap = [self.doc[i] for i in self._tokens_between(before.end, region.start) if not self.doc[i].is_space]
        if len(gap) > MAX_SPLIT_GAP or any(t.text in SENTENCE_END for t in gap[:-1]):
            return None
        return gap if any(self.cues.is_speech(t) for t in gap) else None

    def _read_unit(self, unit: Unit) -> tuple[Statement | None, bool]:
        """The statement a unit makes, or whether it waits for a neighbour's speaker (pass 3)."""
        lead = self._lead(unit.first)
        trail = self._trail(unit)
        text, start, end = self._unit_text(unit)
        opening = unit.regions[0].start
        if not text or LABEL_BEFORE.search(self.text[max(0, opening - 12):opening]):
            return None, False
        standalone = (not lead or lead[-1].text in LEAD_MARKS) and (not trail or trail[0].is_punct
                                                                     or self._has_cue(trail))
        if not standalone:
            return self._partial(unit, text, start, end), False
        found = self._frame_speaker(lead, trail, unit.gap)
        if found is None:
            frame = [*unit.gap, *trail, *lead]
            return None, self._reads_as_statement(unit) and not self._names_unknown_speaker(frame)
        speaker, cue = found
        return Statement("direct", text, start, end, speaker, cue), False

    def _names_unknown_speaker(self, frame: list[Token]) -> bool:
        """Whether the sentence names a speaker that could not be resolved ('the report said'):
        then no neighbour's speaker may be borrowed."""
        for token in frame:
            subject = _subject(token) if self.cues.is_speech(token) else None
            if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
                return True
        return False

    def _lead(self, first: int) -> list[Token]:
        """The words before a quote back to the start of its sentence, outside quote marks."""
        tokens: list[Token] = []
        i = first - 1
        while i >= 0 and self.region_of[i] < 0 and self.paragraph_of[i] == self.paragraph_of[first]:
            if self.doc[i].text in SENTENCE_END:
                break
            if not self.doc[i].is_space:
                tokens.append(self.doc[i])
            i -= 1
        return tokens[::-1]

    def _trail(self, unit: Unit) -> list[Token]:
        """The words after a quote to the end of its sentence; a quote that ends its own sentence
        keeps only a short attribution ('"...!" he said.')."""
        tokens = self._sentence_after(unit.last)
        ended = self._ends_sentence(unit) and tokens and tokens[0].text[:1].isupper()
        if ended and (len(tokens) > MAX_TRAIL or not self._has_cue(tokens)):
            return []
        return tokens

    def _sentence_after(self, last: int) -> list[Token]:
        tokens: list[Token] = []
        i = last + 1
        while i < len(self.doc) and self.region_of[i] < 0 and self.paragraph_of[i] == self.paragraph_of[last]:
            if not self.doc[i].is_space:
                tokens.append(self.doc[i])
            if self.doc[i].text in SENTENCE_END:
                break
            i += 1
        return tokens

    def _has_cue(self, tokens: list[Token]) -> bool:
        return any(self.cues.is_speech(t) or self.cues.is_noun(t) for t in tokens) or self._according_in(tokens)

    def _according_in(self, tokens: list[Token]) -> bool:
        return any(self._according_at(t) is not None for t in tokens)

    def _unit_text(self, unit: Unit) -> tuple[str, int, int]:
        parts = []
        for region in unit.regions:
            inner_start, inner_end = region.inner
            parts.append(PARAGRAPH_REOPEN.sub(" ", self.text[inner_start:inner_end]).strip())
        start, end = self._unit_chars(unit)
        return " ".join(p for p in parts if p), start, end

    def _unit_chars(self, unit: Unit) -> tuple[int, int]:
        start = unit.regions[0].start + 1
        end = unit.regions[-1].end - 1
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def _reads_as_statement(self, unit: Unit) -> bool:
        tokens = [self.doc[i] for i in range(unit.first, unit.last + 1)]
        words = [t for t in tokens if t.is_alpha]
        return len(words) >= MIN_STATEMENT_WORDS and any(t.pos_ in {"VERB", "AUX"} for t in words)

    # ---- partial quotes ------------------------------------------------------------------
    def _partial(self, unit: Unit, text: str, start: int, end: int) -> Statement | None:
        root = self._unit_root(unit)
        if root is None or _is_label(root, unit, self.doc):
            return None
        cues = list(self._governing_cues(root))
        # Quote marks carry the words of whoever reports them: a speech cue beats a nearer
        # cognition verb ('claimed that the West wants a "strategic defeat"').
        for cue in sorted(cues, key=self.cues.is_cognition):
            speaker = self._noun_speaker(cue) if self.cues.is_noun(cue) else self._verb_speaker(cue)
            if speaker is not None:
                kind = "direct" if text[:1].isupper() and _is_clause(root) else "partial"
                return Statement(kind, text, start, end, speaker, self._cue_text(cue))
        return None

    def _unit_root(self, unit: Unit) -> Token | None:
        inside = [i for i in range(unit.first, unit.last + 1) if not self.doc[i].is_punct]
        if not inside:
            return None
        span = set(inside)
        roots = [self.doc[i] for i in inside if self.doc[i].head.i not in span or self.doc[i].head.i == i]
        return min(roots, key=lambda t: sum(1 for _ in t.ancestors)) if roots else None

    def _governing_cues(self, root: Token) -> Iterator[Token]:
        """The speech or cognition verbs (or speech nouns) whose content the quoted words may be,
        nearest first, climbing through clauses and prepositions but not through another noun,
        except the object a predicative 'as' hangs from ('described the talks as "constructive"')."""
        token = root
        after_as = False
        for _ in range(MAX_CLIMB + 1):
            head = token.head
            if head.i == token.i:
                return
            if token.dep_ == "prep" and token.lower_ in TOPIC_PREPOSITIONS:
                return  # what was talked about, not what was said
            after_as = after_as or (token.dep_ == "prep" and token.lower_ == "as")
            is_cue = self.cues.is_speech(head) or self.cues.is_cognition(head) or self.cues.is_noun(head)
            if is_cue and self.region_of[head.i] < 0:
                if _hedged(head):
                    return
                yield head
            elif head.pos_ in {"NOUN", "PROPN", "PRON"} and not (after_as and head.dep_ == "dobj") \
                    and not _that_clause(token):
                return
            token = head

    # ---- speakers ------------------------------------------------------------------------
    def _frame_speaker(self, lead: list[Token], trail: list[Token],
                       gap: list[Token]) -> tuple[Speaker, str | None] | None:
        """Who says a standalone quote, from the words of its own sentence. A clause ending in a
        colon right before the quote, with no word of saying in it, names its speaker first ("The
        ministry made its position clear: '...'"), before any speech verb after the quote."""
        colon = bool(lead) and lead[-1].text == ":" and not gap
        cued = any(self.cues.is_speech(t) or self.cues.is_noun(t) or self.cues.is_cognition(t) for t in lead)
        if colon and not cued:
            found = self._colon_speaker(lead[:-1])
            if found is not None:
                return found
        nearest_first = [*gap, *trail, *lead[::-1]]
        for token in nearest_first:
            if self.cues.is_speech(token):
                speaker = self._verb_speaker(token) or self._inverted_speaker(token, [*gap, *trail])
                if speaker is not None:
                    return speaker, self._cue_text(token)
        for token in nearest_first:
            found = self._noun_or_phrase_speaker(token)
            if found is not None:
                return found
        return self._colon_speaker(lead[:-1]) if colon and cued else None

    def _noun_or_phrase_speaker(self, token: Token) -> tuple[Speaker, str | None] | None:
        according = self._according_at(token)
        if according is not None:
            speaker = self._resolve(according[1])
            return (speaker, according[0]) if speaker else None
        if self.cues.is_noun(token):
            speaker = self._noun_speaker(token)
            return (speaker, token.text) if speaker else None
        if self.cues.is_cognition(token):
            speaker = self._verb_speaker(token)
            return (speaker, token.text) if speaker else None
        return None

    def _colon_speaker(self, words: list[Token]) -> tuple[Speaker, str | None] | None:
        """'he quickly drew the line: "..."' → he; a headline 'Zelensky: "..."' → Zelensky."""
        if not words:
            return None
        inside = {t.i for t in words}
        roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
        if not roots:
            return None
        root = roots[-1]
        if root.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            speaker = self._resolve(subject, need_actor=True) if subject is not None else None
        else:
            speaker = self._resolve(root, need_actor=True)
        return (speaker, None) if speaker else None

    def _verb_speaker(self, verb: Token) -> Speaker | None:
        subject = _subject(verb)
        if subject is not None and self.paragraph_of[subject.i] == self.paragraph_of[verb.i]:
            return self._resolve(subject)
        if subject is not None or verb.tag_ in {"VBD", "VBZ", "VBP"}:
            return self._person_before(verb)  # the parse ran across a heading or lost the subject
        return None

    def _inverted_speaker(self, verb: Token, after_quote: list[Token]) -> Speaker | None:
        """'"...," said a Turkish official': the speaker after a verb that opens the attribution."""
        words = [t for t in after_quote if not t.is_punct]
        if not words or words[0].i != verb.i:
            return None
        found = next((c for c in verb.rights if c.pos_ in {"NOUN", "PROPN"}
                      and c.dep_ in {"nsubj", "dobj", "attr", "npadvmod", "oprd", "appos"}), None)
        return self._resolve(found) if found is not None else None

    def _person_before(self, verb: Token) -> Speaker | None:
        """The nearest person named before a verb in its sentence, not as an owner or object."""
        for token in reversed(self._lead(verb.i)):
            mention = self.mention_of[token.i]
            if mention is None or mention["actor"] not in self.actors or token.dep_ in {"poss", "pobj", "dobj"}:
                continue
            if self.actors[mention["actor"]]["kind"] == "person":
                return self._mention_speaker(mention)
        return None

    def _noun_speaker(self, noun: Token) -> Speaker | None:
        """'Putin's remarks', 'statements from X', 'a letter by X', 'X made a statement'."""
        for child in noun.children:
            if child.dep_ == "poss":
                return self._resolve(child)
            if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self._resolve(obj)
        if noun.dep_ in {"dobj", "pobj"} and noun.head.pos_ in {"VERB", "ADP"}:
            verb = noun.head if noun.head.pos_ == "VERB" else noun.head.head
            return self._verb_speaker(verb) if verb.pos_ == "VERB" else None
        return None

    def _resolve(self, token: Token, need_actor: bool = False) -> Speaker | None:
        """The speaker a subject or owner token names: an actor mention at its head or in its
        apposition, else (for a person or body the knowledge base does not know) its words."""
        token = _antecedent(token)
        mention = self._mention_for(token)
        if mention is not None:
            return self._mention_speaker(mention)
        if self.cues.is_noun(token):
            return self._noun_speaker(token)  # 'a statement from X said'
        if token.pos_ not in {"NOUN", "PROPN"}:
            return None
        body = self._body_actor(token)
        if body is not None or need_actor or self.require_actor:
            return body
        known_kind = token.lemma_.lower() in self.nouns.people | self.nouns.bodies
        if known_kind or token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG"}:
            return self._description(token)
        return None

    def _mention_for(self, token: Token) -> dict[str, Any] | None:
        mention = self.mention_of[token.i]
        if mention is not None and mention["how"] != "adjective" and mention["actor"] in self.actors:
            return mention
        for child in token.children:
            if child.dep_ == "appos":
                found = self.mention_of[child.i]
                if found is not None and found["actor"] in self.actors:
                    return found
        return self._name_after(token)

    def _name_after(self, token: Token) -> dict[str, Any] | None:
        """A person named between commas after a role, wherever the parse hung the name: 'the
        deputy head of the committee, Ivanov, said'."""
        for i in range(token.i + 1, min(token.right_edge.i + 3, len(self.doc))):
            mention = self.mention_of[i]
            if mention is None or mention["start"] != i or self.doc[i - 1].text != ",":
                continue
            after = mention["end"]
            person = mention["actor"] in self.actors and self.actors[mention["actor"]]["kind"] == "person"
            if person and after < len(self.doc) and (self.doc[after].text in {",", ":"}
                                                     or self.doc[after].pos_ in {"VERB", "AUX"}):
                return mention
        return None

    def _mention_speaker(self, mention: dict[str, Any]) -> Speaker:
        span = self.doc[mention["start"]:mention["end"]]
        return Speaker(mention["actor"], span.text, span.start_char, span.end_char)

    def _body_actor(self, token: Token) -> Speaker | None:
        """A body speaks for the state or organisation that owns it: 'Russia's defence ministry',
        'the foreign ministry in Beijing', 'the G7 foreign ministers' (not one unnamed official,
        but a spokesperson: 'a State Department spokesperson'); a leader's office speaks for the
        leader."""
        lemma = token.lemma_.lower()
        one_person = lemma in self.nouns.people and token.tag_ in {"NN", "NNP"} and lemma not in self.nouns.spokespeople
        if one_person or lemma not in self.nouns.people | self.nouns.bodies:
            return None  # one unnamed person, or not a body at all ('the Russia-Iran treaty')
        for child in token.children:
            targets = [child]
            if child.dep_ == "prep" and child.lower_ in {"in", "of"}:
                targets = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ not in {"poss", "compound", "amod", "nmod"}:
                continue
            for target in targets:
                mention = self.mention_of[target.i]
                if mention is not None and mention["actor"] in self.actors \
                        and (self.actors[mention["actor"]]["kind"] != "person" or lemma in self.nouns.personal_bodies):
                    span = self.doc[token.left_edge.i:token.i + 1]
                    return Speaker(mention["actor"], span.text, span.start_char, span.end_char)
        return None

    def _description(self, token: Token) -> Speaker:
        """The speaker's words as written: determiners, modifiers and short prepositional phrases
        ('a displaced woman in Khan Younis'), without clauses or appositions."""
        end = token.i + 1
        for child in token.rights:
            if child.dep_ != "prep" or child.right_edge.i + 1 - token.left_edge.i > MAX_SPEAKER_TOKENS:
                break
            end = child.right_edge.i + 1
        span = self.doc[token.left_edge.i:end]
        return Speaker(None, span.text, span.start_char, span.end_char)

    def _according_at(self, token: Token) -> tuple[str, Token] | None:
        """('according to', object) when an attribution phrase starts at this token."""
        for phrase in self.cues.according:
            end = token.i + len(phrase)
            if end > len(self.doc) or tuple(t.lower_ for t in self.doc[token.i:end]) != phrase:
                continue
            last = self.doc[end - 1]
            obj = next((c for c in last.children if c.dep_ in {"pobj", "dobj"}), None)
            if obj is None and end < len(self.doc) and self.doc[end].pos_ in {"NOUN", "PROPN", "DET", "ADJ"}:
                obj = self.doc[end].head if self.doc[end].pos_ in {"DET", "ADJ"} else self.doc[end]
            if obj is not None and obj.i >= end:
                return " ".join(phrase), obj
        return None

    def _cue_text(self, token: Token) -> str:
        particles = [c for c in token.children if c.dep_ == "prt"]
        return " ".join([token.text, *(p.text for p in particles)])

    # ---- pass 2: indirect speech ---------------------------------------------------------
    def _reported(self, taken: list[tuple[int, int]]) -> Iterator[Statement]:
        """'According to X, ...' first, then speech verbs, then the attribution phrases that hang
        on a speech verb: in 'according to the UN, he told him that ...' the statement is his, as
        the UN reports it; in 'according to diplomats, the draft was withdrawn after Washington
        signalled that ...' it is the diplomats'."""
        verbs, phrases = self._cue_tokens()
        on_verb = {t.i for t in phrases if self.cues.is_speech(self._phrase_head(t))}
        free = [self._reported_by_phrase(t) for t in phrases if t.i not in on_verb]
        by_verb = [self._reported_by_verb(t) for t in verbs if self.cues.is_speech(t)]
        attached = [self._reported_by_phrase(t) for t in phrases if t.i in on_verb]
        for statement in [*free, *by_verb, *attached]:
            if statement is not None and not _overlaps(taken, statement.start, statement.end):
                taken.append((statement.start, statement.end))
                yield statement

    def _cue_tokens(self) -> tuple[list[Token], list[Token]]:
        """Speech-verb candidates and attribution-phrase starts outside quote marks, found on the
        doc's arrays so that only they become Token objects."""
        if not len(self.doc):
            return [], []
        lemmas, lowers = self.doc.to_array(["LEMMA", "LOWER"]).T.tolist()
        outside = [i for i, region in enumerate(self.region_of) if region < 0]
        verbs = [self.doc[i] for i in outside if lemmas[i] in self.cues.speech_ids]
        phrases = [self.doc[i] for i in outside if lowers[i] in self.cues.phrase_ids]
        return verbs, phrases

    def _reported_by_verb(self, verb: Token) -> Statement | None:
        content = _content(verb, self.cues)
        if content is None or _hedged(verb):
            return None
        speaker = self._relayed_source(verb) or self._verb_speaker(verb)
        return self._indirect(content, speaker, self._cue_text(verb), verb.i)

    def _relayed_source(self, verb: Token) -> Speaker | None:
        """'Agencies, citing a Kremlin source, reported that ...': the source, not the relay."""
        for child in verb.children:
            found = self._according_at(child) if child.lower_ in RELAY_WORDS else None
            if found is not None:
                return self._resolve(found[1])
        return None

    def _reported_by_phrase(self, token: Token) -> Statement | None:
        found = self._according_at(token)
        if found is None:
            return None
        phrase, obj = found
        excluded = {t.i for t in self.doc[token.i:obj.i + 1]} | {t.i for t in obj.subtree}
        if token.i > 0 and self.doc[token.i - 1].text == ",":
            excluded.add(token.i - 1)  # "..., according to officials, but ..." keeps one comma
        sentence = token.sent
        opens = all(t.is_punct or t.is_space for t in self.doc[sentence.start:token.i])
        head = self._phrase_head(token)
        scope = sentence if opens or head.i == token.i else head.subtree
        if not opens:  # "According to officials, the talks collapsed, but ..." is theirs entirely
            excluded |= _narrative_conjuncts(head)
        content = [t for t in scope if t.i not in excluded]
        return self._indirect(content, self._resolve(obj), phrase)

    def _phrase_head(self, token: Token) -> Token:
        """The predicate an attribution phrase qualifies: its head in the parse, or the verb right
        after it when it stands between commas ('he met Putin and, according to the UN, told him')."""
        found = self._according_at(token)
        if found is None:
            return token.head
        after = found[1].right_edge.i + 1
        while after < len(self.doc) and (self.doc[after].is_punct or self.doc[after].is_space):
            after += 1
        if after < len(self.doc) and self.doc[after].pos_ == "VERB" and self.doc[after - 1].text == ",":
            return self.doc[after]
        return token.head

    def _indirect(self, content: list[Token], speaker: Speaker | None, cue: str,
                  verb: int | None = None) -> Statement | None:
        words = _trim(content, verb)
        if speaker is None or sum(t.is_alpha for t in words) < 3:
            return None
        return Statement("indirect", self._join(words), words[0].idx, words[-1].idx + len(words[-1]), speaker, cue)

    def _join(self, words: list[Token]) -> str:
        """The words as written, one space where words of the sentence were left out."""
        parts = [words[0].text]
        for before, word in pairwise(words):
            parts.append(self.text[before.idx + len(before):word.idx] if word.i == before.i + 1 else " ")
            parts.append(word.text)
        return "".join(parts)

    # ---- pass 3: neighbours --------------------------------------------------------------
    def _neighbour_statement(self, unit: Unit, found: list[Statement]) -> Statement | None:
        text, start, end = self._unit_text(unit)
        speaker = self._previous_speaker(unit, found) or self._next_speaker(unit)
        return Statement("direct", text, start, end, speaker, None) if speaker else None

    def _previous_speaker(self, unit: Unit, found: list[Statement]) -> Speaker | None:
        """A speaker carried over from the sentence before, or from the previous paragraph when
        it ends with a colon or a statement (a quote 'floating' after its attribution)."""
        lead = self._lead(unit.first)
        start = lead[0].i if lead else unit.first
        paragraph = self.paragraph_of[unit.first]
        before = sorted((s for s in found if s.end <= self.doc[start].idx), key=lambda s: s.start)
        previous = self._sentence_before(start)
        if previous:
            earlier = [s for s in before if s.end > previous[0].idx]
            if earlier:
                return earlier[-1].speaker
            return self._cue_speaker(previous)
        last = self._previous_word(start)
        if start != unit.first or last is None or self.paragraph_of[last.i] == paragraph:
            return None
        if last.text == ":":
            framed = self._frame_speaker(self._lead(last.i + 1), [], [])
            return framed[0] if framed else None
        previous_paragraph = [s for s in before if self.paragraph_at(s.start) == self.paragraph_of[last.i]]
        return previous_paragraph[-1].speaker if previous_paragraph else None

    def _previous_word(self, i: int) -> Token | None:
        i -= 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i] if i >= 0 else None

    def _sentence_before(self, start: int) -> list[Token]:
        """The sentence ending just before token `start`, in the same paragraph."""
        last = self._previous_word(start)
        if last is None or self.paragraph_of[last.i] != self.paragraph_of[start] or last.text not in SENTENCE_END:
            return []
        tokens = [last]
        i = last.i - 1
        while i >= 0 and self.paragraph_of[i] == self.paragraph_of[start] and self.doc[i].text not in SENTENCE_END:
            tokens.append(self.doc[i])
            i -= 1
        return [t for t in tokens[::-1] if not t.is_space]

    def _next_speaker(self, unit: Unit) -> Speaker | None:
        following = self._sentence_after(unit.last)
        if following and not self._ends_sentence(unit):
            following = self._sentence_after(following[-1].i)
        return self._cue_speaker(following, reported=False)

    def _ends_sentence(self, unit: Unit) -> bool:
        inner_end = self.text[unit.regions[-1].start + 1:unit.regions[-1].end - 1].rstrip()
        return inner_end[-1:] in SENTENCE_END | {"\u2026"}

    def _cue_speaker(self, tokens: list[Token], reported: bool = True) -> Speaker | None:
        """The subject of a speech verb among these words; with `reported=False`, only of a verb
        that reports nothing else (no clause of its own)."""
        for token in tokens:
            if self.region_of[token.i] >= 0 or not self.cues.is_speech(token) or _hedged(token):
                continue
            if not reported and _content(token, self.cues) is not None:
                continue
            speaker = self._verb_speaker(token)
            if speaker is not None:
                return speaker
        return None

    def paragraph_at(self, char: int) -> int:
        i = min(bisect_right(self.starts, char) - 1, len(self.doc) - 1)
        return self.paragraph_of[max(i, 0)]


# ---- parse helpers --------------------------------------------------------------------------
def _subject(verb: Token) -> Token | None:
    """The subject of a speech verb, climbing from participles and infinitives to the clause that
    has one ('stressing that ...' → the subject of the main verb)."""
    token = verb
    for _ in range(MAX_CLIMB):
        for child in token.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "nsubjpass" and token.lemma_ in {"quote", "cite"}:
                return child
        if token.dep_ not in SUBJECT_CLIMB or token.head.i == token.i:
            return None
        if token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.dep_ == "ccomp":
            token = token.head  # '..., saying ...' hung on the reported clause: the reporter speaks
        token = token.head
    return None


def _is_label(root: Token, unit: Unit, doc: Doc) -> bool:
    """Quoted words that name rather than state: a modifier of a noun ('the "wolf warrior"
    diplomacy'), a noun phrase as a clause's subject, or a short capitalised name
    ('Operation "Rising Lion"', a book's title)."""
    if root.dep_ in {"compound", "amod", "nmod", "appos", "npadvmod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return True
    if root.dep_ in {"nsubj", "nsubjpass"} and root.pos_ in {"NOUN", "PROPN"}:
        return True  # a quoted phrase as a clause's subject: 'its "special operation" dragged on'
    words = [t for t in doc[unit.first:unit.last + 1] if t.is_alpha]
    content = [t for t in words if not t.is_stop or t.i == words[0].i]
    return 0 < len(words) <= MAX_NAME_WORDS and all(t.text[:1].isupper() for t in content)


def _is_clause(root: Token) -> bool:
    return root.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children)


def _antecedent(token: Token) -> Token:
    """'Khamenei, who demands ...': the noun a relative pronoun stands for."""
    if token.tag_ in {"WP", "WDT"} and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _hedged(verb: Token) -> bool:
    """A speech verb that reports no statement made: negated, modal, an infinitive, conditional."""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and (child.lower_ in MODALS or child.tag_ == "TO"):
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
            return True
    return False


def _content(verb: Token, cues: Cues) -> list[Token] | None:
    """The clause a speech verb reports: its clausal complement (or the 'that' clause of the
    statement it was made in), or the sentence around a parenthetical ('The talks, he said, had
    failed'); without any clause that reports a statement of its own ('..., saying ...')."""
    clause = _complement(verb, cues)
    if clause is not None:
        first = next((t for t in clause.subtree if not t.is_punct), None)
        if first is None or first.lower_ in QUESTION_WORDS:
            return None
        story = _narrative_conjuncts(clause)
        tokens = [t for t in clause.subtree if t.i not in story]
        # a clause the parse split in two ('that Iran would stop provided Israel | stopped ...')
        for extra in (c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.i > verb.i):
            tokens.extend(extra.subtree)
    elif verb.dep_ == "parataxis":
        inside = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in inside]
    else:
        return None
    nested = {t.i for other in tokens if other.i != (clause.i if clause is not None else -1)
              and cues.is_speech(other) and _complement(other, cues) is not None for t in other.subtree}
    return sorted((t for t in tokens if t.i not in nested), key=lambda t: t.i)


def _narrative_conjuncts(clause: Token) -> set[int]:
    """', and Tokyo summoned the ambassador' after a reported clause: a conjunct with a subject of
    its own, set off by a comma and without a 'that' of its own, goes on with the story rather
    than the statement."""
    found: set[int] = set()
    for conj in (c for c in clause.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
        own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children)
        that = any(c.dep_ == "mark" for c in conj.children)
        start = conj.left_edge.i
        cc = max((c for c in clause.children if c.dep_ == "cc" and c.i < start), key=lambda c: c.i, default=None)
        comma = cc is not None and cc.i > 0 and clause.doc[cc.i - 1].text == ","
        if own_subject and not that and comma:
            found.update(t.i for t in conj.subtree)
            found.add(cc.i - 1)
            found.add(cc.i)
    return found


def _complement(verb: Token, cues: Cues) -> Token | None:
    """A speech verb's reported clause: its ccomp, or a 'that' clause the parse hung on a noun
    after it ('said in a statement that ...', 'said on Tuesday that ...')."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return clause
    for prep in verb.children:
        for noun in prep.children if prep.dep_ == "prep" else []:
            that = next((c for c in noun.children if _that_clause(c) or (
                cues.is_noun(noun) and c.dep_ in {"acl", "ccomp"} and _has_that(c))), None)
            if that is not None:
                return that
    return None


def _has_that(clause: Token) -> bool:
    return any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children)


def _that_clause(clause: Token) -> bool:
    """A 'that' clause misread as a relative clause: 'that' is not its subject or object, and it
    has a subject of its own ('said on Tuesday that Moscow was ready')."""
    if clause.dep_ != "relcl":
        return False
    that = next((c for c in clause.children if c.lower_ == "that" and c.i < clause.i), None)
    return that is not None and that.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj"} and any(
        c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i != that.i for c in clause.children)


def _trim(tokens: list[Token], verb: int | None = None) -> list[Token]:
    """Drop the punctuation at either end of a reported clause and its complementiser: a 'that'
    marked so, or opening a clause that follows its verb (the parser often takes it for a
    determiner: 'warned that famine is imminent')."""
    words = [t for t in tokens if not t.is_space]
    while words and words[0].is_punct:
        words = words[1:]
    if words and words[0].lower_ == "that" and (words[0].dep_ == "mark" or (verb is not None and words[0].i > verb)):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words = words[:-1]
    return words


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)
