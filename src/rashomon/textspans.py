"""Quotation-mark regions of a text, found on characters (not tokens) so that single quotes used
as quote marks in translated text are told apart from apostrophes (Iran's, allies')."""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u300c": "\u300d"}
SINGLE_OPEN = {"'", "\u2018"}
OPEN_CONTEXT = set(" \t\n([{\u2014\u2013-:;,/") | {""}
CLOSE_CONTEXT = set(" \t\n)]}\u2014\u2013-:;,.!?/\"\u201d") | {""}
# A quote longer than this without its closing mark is taken as unbalanced and dropped.
MAX_QUOTE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    mark: str

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def quote_regions(text: str) -> list[QuoteRegion]:
    regions: list[QuoteRegion] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _closer_for(text, i)
        if close is None:
            i += 1
            continue
        j = _find_close(text, i + 1, ch, close)
        if j is None:
            i += 1
            continue
        regions.append(QuoteRegion(i, j + 1, ch))
        i = j + 1
    return regions


def _closer_for(text: str, i: int) -> str | None:
    ch = text[i]
    if ch == '"':
        return '"'
    if ch in DOUBLE_PAIRS:
        return DOUBLE_PAIRS[ch]
    if ch in SINGLE_OPEN:
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before in OPEN_CONTEXT and after and not after.isspace():
            return "'" if ch == "'" else "\u2019"
    return None


def _find_close(text: str, start: int, opener: str, close: str) -> int | None:
    limit = min(len(text), start + MAX_QUOTE_CHARS)
    single = opener in SINGLE_OPEN
    k = start
    while k < limit:
        ch = text[k]
        if single and ch == "\n" and text[k:k + 2] == "\n\n":
            return None
        if ch == close or (opener == '"' and ch == "\u201d") or (single and ch in {"'", "\u2019"}):
            if not single:
                return k
            after = text[k + 1] if k + 1 < len(text) else ""
            before = text[k - 1] if k else ""
            inside_word = before.isalnum() and after.isalpha()
            if not inside_word and after in CLOSE_CONTEXT and not before.isspace():
                return k
        k += 1
    return None


def inside_quotes(regions: list[QuoteRegion], start: int, end: int) -> QuoteRegion | None:
    for region in regions:
        if region.start <= start and end <= region.end:
            return region
    return None
