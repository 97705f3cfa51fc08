"""Quotation-mark regions of a text, found on characters (not tokens) so that single quotes used
as quote marks in translated text are told apart from apostrophes (Iran's, allies').

Straight double quotes are paired by the side of the word they touch: a mark that opens a word
mid-paragraph while another is open means the first one was never closed, and a mark opening a
paragraph inside an open quote is the convention for a quote running over several paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u300c": "\u300d"}
SINGLE_OPEN = {"'", "\u2018"}
QUOTE_MARK = re.compile("[\"'\u2018\u201d" + "".join(DOUBLE_PAIRS) + "]")
OPEN_CONTEXT = set(" \t\n([{\u2014\u2013-:;,/") | {""}
CLOSE_CONTEXT = set(" \t\n)]}\u2014\u2013-:;,.!?/\"\u201d") | {""}
# A quote longer than this without its closing mark is taken as unbalanced and dropped.
MAX_QUOTE_CHARS = 3000
BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    mark: str

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs begin. Texts with blank lines separate paragraphs by them (single
    newlines are then line wrapping); texts without any use one newline per paragraph."""
    breaks = BLANK_LINE if BLANK_LINE.search(text) else re.compile(r"\n")
    return [0, *(m.end() for m in breaks.finditer(text))]


@lru_cache(maxsize=32)
def quote_regions(text: str) -> tuple[QuoteRegion, ...]:
    """Every quotation-mark region, in order. Cached: several stages ask for the same text."""
    regions: list[QuoteRegion] = []
    paragraph_break = "\n\n" if BLANK_LINE.search(text) else "\n"
    i, n = 0, len(text)
    while i < n:
        candidate = QUOTE_MARK.search(text, i)
        if candidate is None:
            break
        i = candidate.start()
        ch = text[i]
        close = _closer_for(text, i)
        if close is None:
            i += 1
            continue
        j = _find_close(text, i + 1, ch, close, paragraph_break)
        if j is None:
            i += 1
            continue
        regions.append(QuoteRegion(i, j + 1, ch))
        i = j + 1
    return tuple(regions)


CURLY_DOUBLE = {"\u201c", "\u201d"}  # may be closed by a straight mark: '“We do not see a link,"'


def _closer_for(text: str, i: int) -> str | None:
    ch = text[i]
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch == '"':
        return '"' if after and not after.isspace() else None
    if ch in DOUBLE_PAIRS:  # an opening mark before a space closes a quote typed wrong: 'were “Mostly False.“ The'
        return DOUBLE_PAIRS[ch] if after and not after.isspace() else None
    if ch == "\u201d" and (i == 0 or text[i - 1] == "\n") and after and not after.isspace():
        return "\u201d"  # a closing mark typed to open a paragraph's quote: '\n”We ...”'
    if ch in SINGLE_OPEN:
        before = text[i - 1] if i else ""
        if before in OPEN_CONTEXT and after and not after.isspace():
            return "'" if ch == "'" else "\u2019"
    return None


def _find_close(text: str, start: int, opener: str, close: str, paragraph_break: str) -> int | None:
    limit = min(len(text), start + MAX_QUOTE_CHARS)
    if opener in SINGLE_OPEN:
        end = text.find(paragraph_break, start, limit)
        return _find_single_close(text, start, end if end >= 0 else limit)
    k = start
    while k < limit:
        ch = text[k]
        straight_close = opener != '"' and opener in CURLY_DOUBLE and ch == '"' and not _opens_word(text, k)
        if opener == '"' and ch == "\u201c" and paragraph_break in text[start:k]:
            return None  # a later paragraph opens a curly quote: the straight mark was a stray
        mistyped_close = ch == opener != '"' and not text[k - 1].isspace() and text[k + 1:k + 2] in {"", " ", "\n"}
        if ch == close or (opener == '"' and ch == "\u201d") or straight_close or mistyped_close:
            if opener != '"' or not _opens_word(text, k):
                return k
            if not _starts_paragraph(text, k):
                return None  # a new quote opens mid-paragraph: this mark was never closed
        k += 1
    return None


def _find_single_close(text: str, start: int, limit: int) -> int | None:
    for k in range(start, limit):
        if text[k] not in {"'", "\u2019"}:
            continue
        after = text[k + 1] if k + 1 < len(text) else ""
        before = text[k - 1] if k else ""
        inside_word = before.isalnum() and after.isalpha()
        if not inside_word and after in CLOSE_CONTEXT and not before.isspace():
            return k
    return None


def _opens_word(text: str, k: int) -> bool:
    before = text[k - 1] if k else ""
    after = text[k + 1] if k + 1 < len(text) else ""
    return (before.isspace() or before in "([{") and bool(after) and not after.isspace()


def _starts_paragraph(text: str, k: int) -> bool:
    line_start = text.rfind("\n", 0, k) + 1
    return line_start > 0 and not text[line_start:k].strip()


def inside_quotes(regions: Sequence[QuoteRegion], start: int, end: int) -> QuoteRegion | None:
    for region in regions:
        if region.start <= start and end <= region.end:
            return region
    return None
