"""Checks against the record: a title a person did not hold on the document date
(`anachronism`), an "X administration" not in office then (`anachronism`), and a person who had
died before the document date described as acting now (`deceased`).

Explicit past references are never flagged: a past marker before the title ("former", "the late",
"then-") or a year before the document's year in the same sentence."""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..kb import Entity, KnowledgeBase, Office
from ..knowledge import Knowledge, packaged_knowledge
from .extensions import doc_date, doc_flags, doc_mentions, guarded, register_extensions
from .records import FlagRecord, Mention
from .syntax import NOMINAL_SUBJECT_DEPS

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
PRESENT_TAGS = {"VBZ", "VBP", "MD"}


class RecordChecker:
    """The `rashomon_checks` component."""

    def __init__(self, nlp: Language, name: str = "rashomon_checks") -> None:
        register_extensions()
        self.name = name
        self.kb: KnowledgeBase | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.kb = (knowledge or packaged_knowledge()).kb

    @guarded("flags", rashomon_flags=list)
    def __call__(self, doc: Doc) -> Doc:
        if self.kb is None:
            self.initialize()
        assert self.kb is not None
        day = doc_date(doc)
        flags: list[FlagRecord] = []
        if day is not None:
            for mention in doc_mentions(doc):
                person = self.kb.entities.get(mention.actor)
                if person is None or person.kind != "person" or mention.how == "pronoun":
                    continue
                span = doc[mention.start:mention.end]
                if _dated_past(span, day):
                    continue
                flags.extend(self._check(doc, span, mention, person, day))
        doc._.rashomon_flags = _dedupe(doc_flags(doc) + flags)
        return doc

    def _check(self, doc: Doc, span: Span, mention: Mention, person: Entity, day: dt.date) -> list[FlagRecord]:
        assert self.kb is not None
        found = []
        # Only a title written with the name is a claim about who held the office; a bare title
        # was resolved from the record (or to a holder just named), so it cannot contradict it.
        if mention.office and not mention.past and mention.how != "title":
            found.extend(self._title(doc, span, mention, person, day))
        administration = _administration_after(span, self.kb)
        if administration is not None:
            found.extend(self._administration(administration, person, day))
        if person.died and person.died < day and not _past_marked(span, self.kb) and _acts_now(span):
            found.append(_flag("deceased", person, span,
                               f"{person.name} died on {person.died}, before this document's date ({day}), "
                               "but is described as acting now."))
        return found

    def _title(self, doc: Doc, span: Span, mention: Mention, person: Entity, day: dt.date) -> list[FlagRecord]:
        assert self.kb is not None and mention.office is not None
        office, of = mention.office, mention.office_of
        terms = [o for o in person.offices if o.office == office and (of is None or o.holder_of == of)]
        if not terms or any(t.covers(day) for t in terms):
            return []
        title_start = span.start
        while title_start > 0 and doc[title_start - 1].i >= span.start - 6 and \
                mention.title and doc[title_start - 1].text in mention.title.split():
            title_start -= 1
        flagged = doc[title_start:span.end]
        holder = self.kb.holder(office, of or terms[0].holder_of or "", day)
        title = mention.title or office.replace("_", " ")
        message = (f"{person.name} held the office of {title} {_spans(terms)}; on {day} it was held by "
                   f"{holder.name if holder else 'someone else'}.")
        if person.died and person.died < day:
            message += f" {person.name} died on {person.died}."
        return [_flag("anachronism", person, flagged, message)]

    def _administration(self, span: Span, person: Entity, day: dt.date) -> list[FlagRecord]:
        assert self.kb is not None
        terms = [o for o in person.offices if o.office in self.kb.head_offices]
        if not terms or any(t.covers(day) for t in terms):
            return []
        last = max(terms, key=lambda t: t.start or dt.date.min)
        holder = self.kb.holder(last.office, last.holder_of or "", day)
        state = self.kb.entities.get(last.country or "")
        where = f" of {state.name}" if state else ""
        message = (f"{person.name} held the office of {last.office.replace('_', ' ')}{where} {_spans(terms)}; "
                   f"on {day} the administration was {holder.name + chr(39) + 's' if holder else 'another'}.")
        return [_flag("anachronism", person, span, message)]


def _spans(terms: list[Office]) -> str:
    return " and ".join(f"{t.start or '?'} to {t.end or 'present'}" for t in terms)


def _flag(kind: str, person: Entity, span: Span, message: str) -> FlagRecord:
    return FlagRecord(kind=kind, actor=person.id, text=span.text, message=message, start=span.start_char,
                      end=span.end_char)


def _dedupe(flags: list[FlagRecord]) -> list[FlagRecord]:
    seen: set[tuple[str, str, int]] = set()
    out = []
    for flag in flags:
        key = (flag.kind, flag.actor, flag.start)
        if key not in seen:
            seen.add(key)
            out.append(flag)
    return out


def _dated_past(span: Span, day: dt.date) -> bool:
    """The sentence names a year before the document's year: an explicit past reference."""
    return any(int(y) < day.year for y in YEAR.findall(span.sent.text))


def _past_marked(span: Span, kb: KnowledgeBase) -> bool:
    window = span.doc[max(span.sent.start, span.start - 4):span.start]
    return any(t.lower_ in kb.past_markers or t.lower_.rstrip("-") in kb.past_markers for t in window)


def _administration_after(span: Span, kb: KnowledgeBase) -> Span | None:
    doc = span.doc
    for word in kb.administration_words:
        width = len(word.split())
        after = doc[span.end:span.end + width]
        if after.text.lower() == word:
            start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
            if _past_marked(doc[start:span.end], kb):
                return None
            return doc[start:span.end + width]
    return None


def _acts_now(span: Span) -> bool:
    """The person is the subject of a present-tense verb ('Raisi declares', 'Raisi is calling')."""
    token: Token = span.root
    if token.dep_ not in NOMINAL_SUBJECT_DEPS:
        return False
    verb = token.head
    return verb.tag_ in PRESENT_TAGS or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in PRESENT_TAGS
                                           for c in verb.children)
