"""Quote-mark units: the quote-mark regions of a document (`textspans.quote_regions`), the two
halves of a split quote joined into one ('"So," Zakharova told reporters. "Who ...?"')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...textspans import QuoteRegion
from ..syntax import VERB_POS
from .cues import Cues
from .layout import LEAD_MARKS, SENTENCE_END, Layout

# Without a speech word beside it, quoted text must read as a statement: this many words, one a verb.
MIN_STATEMENT_WORDS = 4
# Longest attribution between the halves of a split quote, a speaker's description included
# ('"...," said Ana Ruiz, a lawyer who has represented miners in three bankruptcy cases since 2009. "..."').
MAX_SPLIT_GAP = 45
MAX_NAME_WORDS = 5  # a quoted name inside an attribution: 'on "Fox and Friends"'
INNER_CLOSING = "'\u2019\"\u201d"
# How the attribution between a split quote's halves ends: '"...," she said. "..."', '"...," he said,
# but "..."'.
SPLIT_GAP_END = re.compile(r"(?:[.,:]|,\s*(?:and|but))$")
REOPENED = re.compile("\\s*\\n\\s*[\"\u201c\u201e\u2018'\u00ab]")  # a new paragraph reopens the quote


@dataclass(slots=True)
class Unit:
    """One quotation: a quote-mark region, or the two halves of a split quote."""

    regions: list[QuoteRegion]
    first: int  # token offsets, quote marks included
    last: int
    gap: list[Token] = field(default_factory=list)  # the attribution between split halves

    def quoted(self, text: str) -> tuple[str, int, int]:
        """The quoted words as the article has them (a split quote's attribution and a reopened
        paragraph's mark included: `pieces` gives the words alone), and where they lie."""
        start, end = self.chars(text)
        return text[start:end], start, end

    def chars(self, text: str) -> tuple[int, int]:
        """Character offsets of the quoted words, without the marks and the spaces inside them."""
        return stripped(text, inner(text, self.regions[0])[0], inner(text, self.regions[-1])[1])

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """Where the quoted words lie: one span per half of a split quote and per paragraph that
        reopens the quote, each without its marks and outer spaces."""
        spans = []
        for region in self.regions:
            cut, inner_end = inner(text, region)
            for reopen in REOPENED.finditer(text, cut, inner_end):
                spans.append(stripped(text, cut, reopen.start()))
                cut = reopen.end()
            spans.append(stripped(text, cut, inner_end))
        return [(a, b) for a, b in spans if b > a]

    def ends_sentence(self, text: str) -> bool:
        inner_end = text[self.regions[-1].start + 1:self.regions[-1].end - 1].rstrip()
        return inner_end[-1:] in SENTENCE_END | {"\u2026"}

    def reads_as_statement(self, doc: Doc) -> bool:
        tokens = [doc[i] for i in range(self.first, self.last + 1)]
        words = [t for t in tokens if t.is_alpha]
        return len(words) >= MIN_STATEMENT_WORDS and any(t.pos_ in VERB_POS for t in words)


def inner(text: str, region: QuoteRegion) -> tuple[int, int]:
    """Where a region's words lie between its marks, a doubled mark ('' ... '') taken whole."""
    start, end = region.inner
    if region.mark == "'" and text[start:start + 1] == "'" and text[end - 1:end] == "'" and end - start > 1:
        return start + 1, end - 1
    return start, end


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the spaces at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_units(layout: Layout, cues: Cues) -> list[Unit]:
    """The document's quotations in order, a split quote as one unit."""
    units: list[Unit] = []
    held: Unit | None = None  # a quoted name that may lie inside a split quote's attribution
    for region in layout.regions:
        tokens = layout.tokens_between(region.start, region.end)
        if not tokens:
            continue
        unit = Unit([region], tokens[0], tokens[-1])
        if held is None and units and not units[-1].gap and _inside_attribution(layout, units[-1], region) \
                and _is_name(layout, tokens):
            held = unit  # '"...," Ruiz said on "Morning Report." "..."'
            continue
        gap = _split_gap(layout, cues, units[-1], region) if units else None
        if units and gap is None and _follows_on(layout, units[-1], region):
            units[-1].regions.append(region)  # '"It is a big year!" "The nation is watching."'
            units[-1].last = tokens[-1]
        elif gap is not None:
            units[-1].regions.append(region)
            units[-1].last = tokens[-1]
            units[-1].gap = gap
        else:
            units.extend([held, unit] if held is not None else [unit])
        held = None
    return [*units, held] if held is not None else units


def _follows_on(layout: Layout, unit: Unit, region: QuoteRegion) -> bool:
    """Whether a quote goes straight on from the one before, with nothing but a space between:
    one speaker's sentences quoted one after the other."""
    text = layout.text
    before = text[unit.regions[-1].start + 1:unit.regions[-1].end - 1].rstrip().rstrip(INNER_CLOSING)
    between = text[unit.regions[-1].end:region.start]
    opening = text[region.start + 1:region.end].lstrip()
    return (between.strip(" \t") == "" and bool(between) and before[-1:] in SENTENCE_END | {",", "\u2026"}
            and opening[:1].isupper())


def _inside_attribution(layout: Layout, unit: Unit, region: QuoteRegion) -> bool:
    """Whether a region may lie in the words after a quote, within its sentence: same paragraph,
    after a word ('said on "Morning Report"'), not opening a sentence."""
    before = layout.text[unit.regions[-1].end:region.start].rstrip()
    return (layout.paragraph_at(unit.regions[-1].start) == layout.paragraph_at(region.start)
            and before[-1:].isalpha() and not any(mark in before for mark in SENTENCE_END))


def _is_name(layout: Layout, tokens: range) -> bool:
    """A short quoted phrase of capitalised words: a show, a title or a nickname."""
    words = [layout.doc[i] for i in tokens if layout.doc[i].is_alpha]
    content = [t for t in words if not t.is_stop or t.i == words[0].i]
    return 0 < len(words) <= MAX_NAME_WORDS and all(t.text[:1].isupper() for t in content)


def _split_gap(layout: Layout, cues: Cues, unit: Unit, region: QuoteRegion) -> list[Token] | None:
    """The attribution between two quote-mark regions that form one split quote, if they do:
    '"So," Zakharova told reporters. "Who ...?"' or '"...," she said, "but ..."'."""
    before = unit.regions[-1]
    if unit.gap or layout.paragraph_at(before.start) != layout.paragraph_at(region.start):
        return None
    text = layout.text
    gap_text = text[before.end:region.start].strip().rstrip(INNER_CLOSING)  # it may end in a quoted name
    # a nested quote or a doubled mark ('' ... '') may close right before the outer mark
    inner = text[before.start + 1:before.end - 1].rstrip().rstrip(INNER_CLOSING).rstrip()
    if not gap_text or not (inner[-1:] in {",", "\u2014", "\u2013", "-", "?", "!", "\u2026"}
                            or gap_text[0] in {",", "\u2014"}) or not SPLIT_GAP_END.search(gap_text):
        return None
    doc = layout.doc
    if _reports_on_its_own(layout, cues, unit.first):
        return None  # 'X said the law was "rushed," she said. "..."': two statements
    gap = [doc[i] for i in layout.tokens_between(before.end, region.start) if not doc[i].is_space]
    unquoted = [t for t in gap[:-1] if layout.region_of[t.i] < 0]
    if len(gap) > MAX_SPLIT_GAP or any(t.text in SENTENCE_END for t in unquoted):
        return None
    return gap if any(cues.is_speech(t) for t in gap) else None


def _reports_on_its_own(layout: Layout, cues: Cues, first: int) -> bool:
    """Whether the words before a quote, inside its sentence, have a speech verb of their own."""
    lead = layout.lead(first)
    return bool(lead) and lead[-1].text not in LEAD_MARKS and any(cues.is_speech(t) for t in lead)
