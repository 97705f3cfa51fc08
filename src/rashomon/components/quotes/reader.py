"""Pass 1, quote marks, and the reader that runs the three passes over one document.

Quote-mark units (`units`: `textspans.quote_regions`; the two halves of a split quote joined). A
unit that stands on its own (it opens the sentence, or follows a colon or comma) is a direct quote;
its speaker comes from the words around it, read up to the sentence's end outside quote marks
(`Speakers.frame_speaker`): a speech verb's subject, a speech noun's owner ("statements from X"),
"according to X", the subject of a clause ending in a colon, or a headline name ("Name: '...'"). A
unit inside a clause is a partial quote only when a speech or cognition verb governs it in the
parse; otherwise it is a scare quote or a label (an operation, a book, a "so-called" phrase) and is
dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...textspans import QuoteRegion, quote_regions
from ..syntax import NOMINAL_SUBJECT_DEPS, NOUN_POS, VERB_POS
from .cues import Cues, SpeakerNouns, cue_text
from .indirect import (
    CLAUSE_SUBJECT_DEPS,
    IndirectSpeech,
    hedged,
    reported_content,
    same_speaker,
    that_clause,
    trim_clause,
)
from .labels import SpeakerLabels
from .layout import LEAD_MARKS, SENTENCE_END, Layout
from .neighbours import Neighbours
from .speakers import CLOSING_MARKS, SIGNATURE_DASHES, Speakers
from .statements import Speaker, Statement
from .units import Unit, quote_units, stripped

# Longest attribution after a quote that ends its own sentence ('"... now!" the minister said.').
MAX_TRAIL = 14
# Longest capitalised phrase taken as a name rather than a statement ('"The Missing Peace"').
MAX_NAME_WORDS = 5
# How many heads above a partial quote a speech or cognition word governing it is looked for.
MAX_CUE_CLIMB = 5
# Prepositions that name a statement's topic, not its words ('talked about "security guarantees"').
TOPIC_PREPOSITIONS = {"about", "regarding", "concerning"}
# Prepositions whose object says what the verb's object is ('described the talks as "constructive"',
# 'likened the blockade to "a siege"'): the climb may pass that object.
PREDICATIVE_PREPOSITIONS = {"as", "to"}
CLAUSE_BREAKS = {",", ";", ":", "\u2014", "\u2013", "(", "--"}
QUOTE_MARK_TEXTS = {'"', "\u201c", "\u201d", "''", "``"}
# What joins a reported clause to the same speaker's quoted words after it: 'and' or 'but'.
CONJOINING = re.compile("^[\\s,\"'\u201d\u2019]*(?:and|but)\\b")
MAX_JOINING_WORDS = 6
LABEL_BEFORE = re.compile(r"(?i)\bso[- ]called\s*$")
# The dependents of a cue that carry what is said: 'called [them] ["deplorables"]', 'accused X [of
# being "duped"]' (a clause it reports is read by `reported_content`).
CONTENT_DEPS = {"dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "dative", "prep"}


class Reader:
    """One document's statements, read in three passes over its layout.

    Given `regions` and a token `window`, it reads the quotes nested inside another quote: the words
    outside the window bound every sentence, and only speakers the actors stage knows count."""

    def __init__(self, doc: Doc, cues: Cues, nouns: SpeakerNouns, regions: Sequence[QuoteRegion] | None = None,
                 window: tuple[int, int] | None = None) -> None:
        self.doc = doc
        self.cues = cues
        self.nouns = nouns
        self.layout = Layout(doc, regions, window)
        self.speakers = Speakers(self.layout, cues, nouns, require_actor=window is not None)
        self.partials = PartialQuotes(self.layout, cues, self.speakers)

    def statements(self) -> list[Statement]:
        found: list[Statement] = []
        pending: list[Unit] = []
        for unit in quote_units(self.layout, self.cues):
            statement, waiting = self._read_unit(unit)
            if statement is not None:
                found.append(self._with_spans(statement, unit))
                found.extend(self._nested(unit) if statement.kind == "direct" else [])
            elif waiting:
                pending.append(unit)
        found = _merged_partials(found, self.layout.text)
        if self.layout.window is None:  # a transcript's turns before what is said inside them
            labelled = SpeakerLabels(self.layout, self.cues, self.speakers).statements(found)
            found.extend(labelled)
            pending = [u for u in pending if not _overlaps_any(u.chars(self.layout.text), labelled)]
        unread = [u.chars(self.layout.text) for u in pending]
        found = IndirectSpeech(self.layout, self.cues, self.speakers).statements(found, unread)
        neighbours = Neighbours(self.layout, self.cues, self.speakers)
        for unit in pending:
            statement = neighbours.statement(unit, found)
            if statement is not None:
                found.append(self._with_spans(statement, unit))
        found = sorted((self._to_closing_mark(s, found) for s in found), key=lambda s: (s.start, s.end))
        return self._conjoined(found) if self.layout.window is None else found

    def _conjoined(self, statements: list[Statement]) -> list[Statement]:
        """A reported clause and the same speaker's quoted words joined to it by 'and' or 'but' in
        its sentence are one statement ('said she hopes to win, but she knows that "the river is
        king"', 'said the video should be released but said "the question is the timing"'); not
        when a verb of another kind leads the second ('"a fraud" and urged voters to "look"')."""
        text = self.layout.text
        joined: list[Statement] = []
        for statement in statements:
            last = joined[-1] if joined else None
            if last is not None and last.kind != "direct" and statement.kind != "indirect" \
                    and same_speaker(last.speaker, statement.speaker) and self._joined_by(last.end, statement.start):
                quoted = [*(last.spans or ([] if last.kind == "indirect" else [(last.start, last.end)])),
                          *(statement.spans or [(statement.start, statement.end)])]
                end = statement.end + (text[statement.end:statement.end + 1] in CLOSING_MARKS)
                joined[-1] = replace(last, kind="partial", text=text[last.start:end], end=end, spans=quoted)
            else:
                joined.append(statement)
        return joined

    def _joined_by(self, start: int, end: int) -> bool:
        """Whether the words between two statements only join them: a conjunction and a few words,
        no sentence break, no verb but one of saying or thinking ('", but she knows that "')."""
        gap = self.layout.text[start:end]
        if CONJOINING.match(gap) is None or "\n" in gap:
            return False
        tokens = [self.doc[i] for i in self.layout.tokens_between(start, end)]
        words = [t for t in tokens if not t.is_punct]
        return len(words) <= MAX_JOINING_WORDS and not any(t.is_sent_start or t.text in SENTENCE_END for t in tokens) \
            and all(self.cues.is_speech(t) or self.cues.is_cognition(t) for t in words
                    if t.pos_ == "VERB" and t.lemma_ not in {"be", "have"})

    def _to_closing_mark(self, statement: Statement, found: list[Statement]) -> Statement:
        """A reported clause that ends inside quoted words goes on to their closing mark: the
        parse may end the clause at a conjunct inside them ('saying he "has offended voters, and he
        has no plan"'), but a quote is the speaker's to its end, unless it is someone else's."""
        if statement.kind == "direct" or self.layout.window is not None:
            return statement
        text = self.layout.text
        region = next((r for r in self.layout.regions if r.start < statement.end < r.end - 1
                       and any(c.isalnum() for c in text[statement.end:r.end - 1])), None)
        if region is None or region.start < statement.start or "\n" in text[statement.end:region.end] \
                or any(s.start < region.end and region.start < s.end and not same_speaker(s.speaker, statement.speaker)
                       for s in found):
            return statement
        end = region.end
        spans = statement.spans or [stripped(text, *r.inner) for r in self.layout.regions
                                    if statement.start <= r.start and r.end <= end]
        return replace(statement, kind="partial", text=text[statement.start:end], end=end, spans=spans)

    def _with_spans(self, statement: Statement, unit: Unit) -> Statement:
        """A quote split by its attribution ('"...," X said. "..."'), or reopened in a new
        paragraph, keeps that in its text and lists the quoted words' own spans."""
        if statement.spans:
            return statement  # a partial quote widened to what it is part of lists its words already
        spans = unit.pieces(self.layout.text)
        return replace(statement, spans=spans) if len(spans) > 1 else statement

    def _nested(self, unit: Unit) -> list[Statement]:
        """Quotes inside a direct quote ('"He told me: 'never'," she said.'), read within it."""
        text = self.layout.text
        start, end = unit.chars(text)
        inner = [QuoteRegion(r.start + start, r.end + start, r.mark) for r in quote_regions(text[start:end])]
        if not inner:
            return []
        reader = Reader(self.doc, self.cues, self.nouns, inner, (unit.first + 1, unit.last - 1))
        found = [(reader._read_unit(u)[0], u) for u in quote_units(reader.layout, reader.cues)]
        return [reader._with_spans(s, u) for s, u in found
                if s is not None and s.kind == "direct"]  # inner partials are scare quotes

    def _read_unit(self, unit: Unit) -> tuple[Statement | None, bool]:
        """The statement a unit makes, or whether it waits for a neighbour's speaker (pass 3)."""
        lead = self.layout.lead(unit.first)
        trail = self._trail(unit)
        text, start, end = unit.quoted(self.layout.text)
        opening = unit.regions[0].start
        if not text or LABEL_BEFORE.search(self.layout.text[max(0, opening - 12):opening]):
            return None, False
        signed = self.speakers.dash_speaker(self._signature(unit))
        if signed is not None and self.layout.text[:opening].rstrip(" \t")[-1:] in {"", "\n"}:
            return Statement("direct", text, start, end, signed, None), False  # a line of its own, signed
        standalone = (not lead or lead[-1].text in LEAD_MARKS) and (not trail or trail[0].is_punct
                                                                     or self._has_cue(trail))
        if not standalone and unit.gap and lead and not self._has_cue(lead):
            return self._split_clause(unit, lead), False
        if not standalone:
            return self.partials.statement(unit, text, start, end), False
        found = self.speakers.frame_speaker(lead, trail, unit.gap)
        if found is None:
            frame = [*unit.gap, *trail, *lead]
            return None, unit.reads_as_statement(self.doc) and not self._names_unknown_speaker(frame)
        speaker, cue = found
        going_on = self._going_on(unit, trail)
        if going_on is not None:
            first = unit.regions[0].start
            return Statement("partial", self.layout.text[first:going_on], first, going_on, speaker, cue,
                             unit.pieces(self.layout.text)), False
        return Statement("direct", text, start, end, speaker, cue), False

    def _going_on(self, unit: Unit, trail: list[Token]) -> int | None:
        """Where a quote's own clause ends when it goes on after the closing mark, before its
        attribution: '"You pushed the staff to the limit" to lift the share price, she said.'"""
        inner = self.layout.text[slice(*unit.regions[-1].inner)].rstrip()
        if not trail or trail[0].is_punct or not inner[-1:].isalnum():
            return None
        cut = next((k for k, t in enumerate(trail) if t.text in CLAUSE_BREAKS), None)
        if cut is None or cut == 0 or not self._has_cue(trail[cut:]):
            return None
        return trail[cut - 1].idx + len(trail[cut - 1].text)

    def _signature(self, unit: Unit) -> list[Token]:
        """The words after a quote, its closing mark included when the tokenizer glued a dash to it."""
        last = self.doc[unit.last]
        after = self.layout.sentence_after(unit.last)
        return [last, *after] if len(last) > 1 and last.text.endswith(tuple(SIGNATURE_DASHES)) else after

    def _split_clause(self, unit: Unit, lead: list[Token]) -> Statement | None:
        """A sentence that quotes its speaker's words from inside a clause and goes on in a second
        quote after the attribution ('The talks did "far too little," she said. "We lost a year."'):
        one statement from the start of the sentence, its quoted words as spans."""
        found = self.speakers.frame_speaker([], [], unit.gap)
        first = self.layout.tokens_between(unit.regions[0].start, unit.regions[0].end)
        if found is None or _is_name(self.doc[first.start:first.stop]):
            return None
        start, end = lead[0].idx, unit.chars(self.layout.text)[1]
        return Statement("partial", self.layout.text[start:end], start, end, *found, unit.pieces(self.layout.text))

    def _names_unknown_speaker(self, frame: list[Token]) -> bool:
        """Whether the sentence names a speaker that could not be resolved ('the report said'):
        then no neighbour's speaker may be borrowed."""
        for token in frame:
            subject = self.speakers.subject_of(token) if self.cues.is_speech(token) else None
            if subject is not None and subject.pos_ in NOUN_POS:
                return True
        return False

    def _trail(self, unit: Unit) -> list[Token]:
        """The words after a quote to the end of its sentence; a quote that ends its own sentence
        keeps only a short attribution ('"...!" he said.')."""
        tokens = self.layout.sentence_after(unit.last)
        ended = unit.ends_sentence(self.layout.text) and tokens and tokens[0].text[:1].isupper()
        if ended and (len(tokens) > MAX_TRAIL or not self._has_cue(tokens)):
            return []
        return tokens

    def _has_cue(self, tokens: list[Token]) -> bool:
        return any(self.cues.is_speech(t) or self.cues.is_noun(t) for t in tokens) \
            or any(self.cues.according_at(t) is not None for t in tokens)


class PartialQuotes:
    """Quoted words inside a clause: a partial quote when a speech or cognition word governs them in
    the parse, else a scare quote or a label."""

    def __init__(self, layout: Layout, cues: Cues, speakers: Speakers) -> None:
        self.layout = layout
        self.cues = cues
        self.speakers = speakers

    def statement(self, unit: Unit, text: str, start: int, end: int) -> Statement | None:
        """The unit's statement, given its quoted `text` at characters [start, end), if anyone makes it."""
        root = self._unit_root(unit)
        if root is None:
            return None
        voiced = self._voiced_by(root)
        if voiced is not None:  # 'chanting "U-S-A!"', 'used the phrase "peace through strength"'
            speech = self.cues.is_speech(voiced)
            speaker = self.speakers.verb_speaker(voiced) if speech else self._person_subject(voiced)
            if speaker is not None and not _inside(speaker, unit):
                return Statement("partial", text, start, end, speaker, cue_text(voiced))
        if _is_label(root, unit, self.layout.doc):
            return None
        cues = list(self._governing_cues(root))
        # Quote marks carry the words of whoever reports them: a speech cue beats a nearer
        # cognition verb ('claimed that the West wants a "strategic defeat"').
        for cue in sorted(cues, key=self.cues.is_cognition):
            speaker = self.speakers.noun_speaker(cue) if self.cues.is_noun(cue) else self.speakers.verb_speaker(cue)
            if speaker is not None and not _inside(speaker, unit):
                return self._partial(unit, root, cue, speaker, text, (start, end))
        verb = None if cues else self._governing_verb(root)
        speaker = self._person_subject(verb) if verb is not None else None
        if verb is None or speaker is None or _inside(speaker, unit):
            return None
        return self._partial(unit, root, verb, speaker, text, (start, end))

    def _voiced_by(self, root: Token) -> Token | None:
        """The verb whose object the quoted words are as words voiced, names and titles included:
        a song or a chant ('singing "It's Our Time"'), or a phrase used ('has used the phrase
        "Islamic terrorism"'). A title named is not ('wrote "The Missing Peace"')."""
        head = root.head
        if root.dep_ in {"dobj", "ccomp", "xcomp", "oprd"} and head.lemma_.lower() in self.cues.utterances:
            return head
        if root.dep_ == "appos" and head.lemma_.lower() in self.cues.wordings and head.dep_ == "dobj" \
                and head.head.pos_ == "VERB":
            return head.head
        return None

    def _partial(self, unit: Unit, root: Token, cue: Token, speaker: Speaker, text: str,
                 chars: tuple[int, int]) -> Statement:
        content = self._content(cue, root, unit)
        whole = text[:1].isupper() and _is_clause(root)  # 'said that "We will ..."' quotes a sentence
        if whole and (content is None or content[1] <= unit.regions[-1].end):
            return Statement("direct", text, *chars, speaker, cue_text(cue))
        if content is None:
            return Statement("partial", text, *chars, speaker, cue_text(cue))
        first, last = content
        text = self.layout.text
        later = [stripped(text, *r.inner) for r in self.layout.regions
                 if unit.regions[-1].end <= r.start and r.end <= last]  # 'an "outrage" and "a stain"'

        return Statement("partial", text[first:last], first, last, speaker, cue_text(cue),
                         unit.pieces(text) + [span for span in later if span[1] > span[0]])

    def _governing_verb(self, root: Token) -> Token | None:
        """The verb whose object or complement holds quoted words that no speech word governs:
        'the mayor hailed the plan as "a new deal"', 'she is promising "jobs, jobs, jobs"'. A
        person who uses someone's words in a clause of their own owns them, as a reporter reads it.
        The climb passes through objects ('is stressing the need to act under "constant attack"')
        but not a subject or an 'of' ('the role of "mediator"'): those name something."""
        token = root
        after_as = False
        for _ in range(MAX_CUE_CLIMB):
            head = token.head
            if head.i == token.i or (token.dep_ == "prep" and token.lower_ in TOPIC_PREPOSITIONS):
                return None
            after_as = after_as or (token.dep_ == "prep" and token.lower_ in PREDICATIVE_PREPOSITIONS)
            if _infinitive(head):
                token = head  # 'stressing the need to bolster defences under "constant attack"'
                continue
            if head.pos_ == "VERB" and head.dep_ not in {"aux", "auxpass"}:
                return None if hedged(head) or self.layout.region_of[head.i] >= 0 else head
            if head.pos_ in {"NOUN", "PROPN", "PRON"} and (head.dep_ in NOMINAL_SUBJECT_DEPS or token.lower_ == "of"):
                return None  # words inside a clause's subject, or 'the role of "mediator"', name something
            token = head
        return None

    def _person_subject(self, verb: Token) -> Speaker | None:
        """The subject of `verb` when it is a person or a pronoun for one, or the words of a person
        or body the knowledge base does not know; not a state or a place ('Russia launched its
        "special operation"' is a label, not Russia's words)."""
        subject = self.speakers.subject_of(verb)
        if subject is None:
            return None
        speaker = self.speakers.resolve(subject)
        if speaker is None or speaker.actor is None:
            return speaker
        actor = self.layout.actors.get(speaker.actor)
        return speaker if actor is not None and actor.kind == "person" else None

    def _content(self, cue: Token, root: Token, unit: Unit) -> tuple[int, int] | None:
        """The characters of what the quoted words are part of: the clause the cue reports
        ('said the tax breaks "do nothing" for growth'), its object with what is said of it
        ('called half of his supporters "deplorables"'), what its preposition governs ('accused
        them of using the talks "to buy time"'), or a speech noun's clause ('the claim that there
        were "thousands of shootings"'). Only a reported clause goes on after the closing mark, to
        its end or its first comma (', calling for …' is the reporter's narrative); in the others
        what follows is as often the reporter's ('to "surrender" on social media'), so they go on
        only over further quoted words of the phrase. None when nothing comes before the quote."""
        reported = None if self.cues.is_noun(cue) else reported_content(cue, self.cues)
        clause = bool(reported) and root.i in {t.i for t in reported or []}
        if clause:
            tokens = trim_clause(reported or [])
        elif self.cues.is_noun(cue):  # 'the claim [that there were "thousands of shootings"]'
            child = _child_towards(cue, root)
            if child is None or not (child.dep_ in {"acl", "ccomp"} or that_clause(child)):
                return None
            tokens = trim_clause(list(child.subtree))
            clause = True
        else:
            tokens = self._object_content(cue, root)
        if not tokens:
            return None
        marks_start, marks_end = unit.regions[0].start, unit.regions[-1].end
        first = min(tokens[0].idx, marks_start)
        if clause:  # the clause goes on with what the sentence adds after it, up to further quoted words
            last = self._clause_end(tokens + self._unquoted_tail(cue, tokens[-1], marks_end), marks_end)
        else:
            last = self._clause_end(self._quoted_phrase(root, unit), marks_end)
        if (first == marks_start and last == marks_end) or "\n" in self.layout.text[first:last]:
            return None  # nothing but the quoted words
        return first, last

    def _quoted_phrase(self, root: Token, unit: Unit) -> list[Token]:
        """The quoted words' phrase: its words to the closing mark, then the words after it that
        depend on a quoted word ('urged them to "check out" [the new tape]', 'likened them to a
        "vicious snake" [in a song]'), up to the telling's setting ('on Tuesday') or a dash."""
        quoted = range(unit.first, unit.last + 1)
        phrase = [t for t in root.subtree if t.i <= unit.last]
        for token in root.doc[unit.last + 1:root.right_edge.i + 1]:
            anchor = token
            while anchor.i > unit.last and anchor.head.i != anchor.i:
                anchor = anchor.head
            if anchor.i not in quoted or self.cues.is_setting(token) or _is_dash(token):
                break
            phrase.append(token)
        return phrase

    def _object_content(self, cue: Token, root: Token) -> list[Token]:
        child = _child_towards(cue, root)
        if child is None or child.dep_ not in CONTENT_DEPS:
            return []
        if child.dep_ == "prep" and child.lower_ in PREDICATIVE_PREPOSITIONS:
            # 'described [the talks as "constructive"]': the object and what it is said to be
            parts = [c for c in cue.children if c.i == child.i or (c.dep_ == "dobj" and c.i < child.i)]
        elif child.dep_ == "prep" and child.lower_ == "of":  # 'accused X of [being "duped"]': what 'of' governs
            parts = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
        elif child.dep_ == "prep":  # 'lauded [the mayor for "new ideas"]': the object and the preposition's phrase
            parts = [c for c in cue.children if c.i == child.i or (c.dep_ == "dobj" and c.i < child.i)]
        else:  # 'called [half of his supporters] ["deplorables"]': the object and what is said of it
            parts = [c for c in cue.children if c.i == child.i or (
                c.dep_ in CONTENT_DEPS - {"prep"} and (c.i > cue.i) == (child.i > cue.i))]
        return trim_clause(sorted((t for c in parts for t in c.subtree), key=lambda t: t.i))

    def _unquoted_tail(self, cue: Token, last: Token, marks_end: int) -> list[Token]:
        """The words of the sentence after a reported clause and its quoted words that the parser hung
        elsewhere ('said there remains a "gap," [when it comes to pay]'), up to further quoted words,
        within what the cue governs ('After saying her knee was "sore," [she left]' is not said)."""
        tail = []
        for token in last.sent[last.i + 1 - last.sent.start:]:
            if token.idx < marks_end:
                continue
            if self.layout.region_of[token.i] >= 0 or token.text in QUOTE_MARK_TEXTS or "\n" in token.text_with_ws \
                    or (token.is_punct and token.is_sent_end) or not self._reported_under(cue, token):
                break
            tail.append(token)
        return tail

    def _reported_under(self, cue: Token, token: Token) -> bool:
        """Whether a word after the quote hangs under the cue or under a verb of saying or thinking
        it reports for ('She said she recalls him "confused," and the partner ...'), not under the
        clause around it ('After saying ..., [she left]')."""
        chain = {cue.i, *(a.i for a in cue.ancestors)}
        owner = next((t for t in [token, *token.ancestors] if t.i in chain), None)
        return owner is not None and (owner.i == cue.i or self.cues.is_speech(owner) or self.cues.is_cognition(owner))

    def _clause_end(self, tokens: list[Token], marks_end: int, quoted_only: bool = False) -> int:
        """The end of what the quoted words are part of, after the closing mark, up to its first
        break outside quote marks: the clause, with further quoted words of it ('that the plan
        was "reckless" and "a gift"'); with `quoted_only`, only as far as further quoted words
        ('a "crime," an "outrage" and "a stain"', not '"surrender" on social media')."""
        end = marks_end
        regions = self.layout.regions
        for token in tokens:
            if token.idx < marks_end:
                continue
            region = self.layout.region_of[token.i]
            if region >= 0:  # quoted words (an outer quote's own edges have no region of theirs)
                end = max(end, regions[region].end) if region < len(regions) else end
                continue
            if token.text in CLAUSE_BREAKS:
                break
            if not quoted_only:
                end = max(end, token.idx + len(token.text))
        return end

    def _unit_root(self, unit: Unit) -> Token | None:
        doc = self.layout.doc
        inside = [i for i in range(unit.first, unit.last + 1) if not doc[i].is_punct]
        if not inside:
            return None
        span = set(inside)
        roots = [doc[i] for i in inside if doc[i].head.i not in span or doc[i].head.i == i]
        # quoted sentences after the first stand alone: the first is what a verb outside governs
        attached = [t for t in roots if t.head.i != t.i] or roots
        return min(attached, key=lambda t: sum(1 for _ in t.ancestors)) if attached else None

    def _governing_cues(self, root: Token) -> Iterator[Token]:
        """The speech or cognition verbs (or speech nouns) whose content the quoted words may be,
        nearest first, climbing through clauses and prepositions but not through another noun,
        except the object a predicative 'as' hangs from ('described the talks as "constructive"')."""
        token = root
        after_as = False
        for _ in range(MAX_CUE_CLIMB):
            head = token.head
            if head.i == token.i:
                return
            if token.dep_ == "prep" and token.lower_ in TOPIC_PREPOSITIONS:
                return  # what was talked about, not what was said
            after_as = after_as or (token.dep_ == "prep" and token.lower_ in PREDICATIVE_PREPOSITIONS)
            is_cue = self.cues.is_speech(head) or self.cues.is_cognition(head) or self.cues.is_noun(head)
            if is_cue and self.layout.region_of[head.i] < 0:
                if hedged(head):
                    return
                yield head
            elif head.pos_ in {"NOUN", "PROPN", "PRON"} and not (after_as and head.dep_ == "dobj") \
                    and not that_clause(token):
                return
            token = head


def _is_dash(token: Token) -> bool:
    """A hyphen standing between spaces, used as a dash ('"burning the Constitution" - a charge')."""
    return token.text == "-" and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _child_towards(head: Token, token: Token) -> Token | None:
    """The child of `head` whose subtree holds `token` (None when it is not below `head`)."""
    for _ in range(MAX_CUE_CLIMB + 1):
        if token.head.i == head.i and token.i != head.i:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _is_label(root: Token, unit: Unit, doc: Doc) -> bool:
    """Quoted words that name rather than state: a modifier of a noun ('the "wolf warrior"
    diplomacy'), a noun phrase as a clause's subject, or a short capitalised name
    ('Operation "Rising Lion"', a book's title)."""
    if root.dep_ in {"compound", "amod", "nmod", "appos", "npadvmod"} and root.head.pos_ in NOUN_POS:
        return True
    if root.dep_ in NOMINAL_SUBJECT_DEPS and root.pos_ in NOUN_POS:
        return True  # a quoted phrase as a clause's subject: 'its "special operation" dragged on'
    return _is_name(doc[unit.first:unit.last + 1])


def _is_name(tokens: Span) -> bool:
    """A short capitalised phrase: a name or a title ('"The Missing Peace"')."""
    words = [t for t in tokens if t.is_alpha]
    content = [t for t in words if not t.is_stop or t.i == words[0].i]
    return 0 < len(words) <= MAX_NAME_WORDS and all(t.text[:1].isupper() for t in content)


def _merged_partials(statements: list[Statement], text: str) -> list[Statement]:
    """Partial quotes of one clause ('said the plan was "reckless" and "a gift to lobbyists"')
    widen to overlapping stretches: one statement, with the quoted words of both as its spans."""
    merged: list[Statement] = []
    for statement in sorted(statements, key=lambda s: (s.start, s.end)):
        last = merged[-1] if merged else None
        if (last is not None and last.kind == statement.kind == "partial" and statement.start < last.end
                and (last.speaker.text, last.cue) == (statement.speaker.text, statement.cue)):
            start, end = last.start, max(last.end, statement.end)
            spans = sorted({*(last.spans or [(last.start, last.end)]),
                            *(statement.spans or [(statement.start, statement.end)])})
            merged[-1] = replace(last, text=text[start:end], end=end, spans=spans)
        else:
            merged.append(statement)
    return merged


def _overlaps_any(chars: tuple[int, int], statements: list[Statement]) -> bool:
    return any(s.start < chars[1] and chars[0] < s.end for s in statements)


def _inside(speaker: Speaker, unit: Unit) -> bool:
    """Whether the speaker's words are the quoted words themselves."""
    return speaker.start < unit.regions[-1].end and unit.regions[0].start < speaker.end


def _infinitive(verb: Token) -> bool:
    """A verb in its infinitive that completes another word ('the need [to bolster]')."""
    return verb.pos_ == "VERB" and verb.dep_ in {"xcomp", "acl", "advcl"} and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _is_clause(root: Token) -> bool:
    return root.pos_ in VERB_POS and any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in root.children)
