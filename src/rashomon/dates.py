"""Dates of events: explicit and relative expressions resolved against the publication date.

Policy (see docs/events.md):
- A date is returned only when the words pin down one day: "June 15", "15 June 2024", "three days
  ago", "yesterday", "on Friday". Weeks, months, years and seasons ("last month", "in 2022", "in the
  winter of 2022") give no date: the caller keeps the words as `date_text` instead. Nothing is
  invented, and nothing is returned without a publication date to anchor relative words.
- A weekday name means the most recent such day strictly before publication ("on Friday" in a
  Friday paper is a week earlier) - dateparser's reading, kept for predictability.
- A day and month without a year take the year that puts them nearest the publication date, so
  "until June 26" in a paper of 19 June 2025 is 2025-06-26, and "on December 30" in a paper of
  2 January is last December.
- Durations ("for four years", "the past two weeks") are not dates.

Everything else is dateparser's, with RELATIVE_BASE = publication date and PREFER_DATES_FROM =
'past'. Common shapes are resolved without it, and results are cached, so this stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser

MONTHS = {name: i + 1 for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# "overnight" and "last night" in a dated report are the night before publication.
RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                 "yesterday": -1, "overnight": -1, "last night": -1, "day before yesterday": -2}
# Words that make an expression a point in time: a year, month, weekday, season or calendar unit, or a
# day relative to publication ("the last 20" is not a date; "last week" is).
POINT_WORDS = re.compile(
    r"\b(ago|yesterday|today|tonight|overnight|morning|evening|night|afternoon|weekend|week|month|year|"
    r"decade|century|winter|spring|summer|autumn|fall|\d{4}|" + "|".join(WEEKDAYS) + "|" + "|".join(MONTHS) +
    r")s?\b", re.I)
DURATION = re.compile(r"^(?:for\s+|over\s+|during\s+)?(?:the\s+)?(?:past\s+|last\s+|next\s+|coming\s+)?"
                      r"(?:\d+|a|an|several|few|many|(?:a\s+)?couple\s+of|" + "|".join(NUMBER_WORDS) + r")\s+"
                      r"(?:years?|months?|weeks?|days?|hours?|decades?)$", re.I)
LEADING = re.compile(r"^(?:on|in|at|by|since|until|till|as of|from|during|early|late|just|only|the)\s+", re.I)
MONTH_DAY = re.compile(r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$", re.I)
DAY_MONTH = re.compile(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{4}))?$",
                       re.I)
AGO = re.compile(r"^(?P<n>\w+)\s+days?\s+ago$", re.I)
WEEKDAY = re.compile(r"^(?:last\s+|this\s+past\s+|past\s+)?(?P<day>" + "|".join(WEEKDAYS) + r")"
                     r"(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
# Dates further than this from publication are taken as misreadings.
MAX_YEARS_AWAY = 150


def resolve_date(text: str, published: dt.date | None) -> dt.date | None:
    """The day an expression names, or None when it names none (or no publication date is known)."""
    if published is None or not text:
        return None
    return _resolve(_clean(text), published)


def is_point_in_time(text: str) -> bool:
    """True for expressions that place something in time ("in 2022", "last week"), false for lengths
    of time ("four years", "for two weeks"); only the former are worth keeping as `date_text`."""
    words = _clean(text)
    if not words or (DURATION.match(words) and " ago" not in words):
        return False
    return bool(POINT_WORDS.search(words))


def _clean(text: str) -> str:
    words = " ".join(text.replace("\u2019", "'").split()).strip(" ,.;:()").lower()
    previous = None
    while previous != words:
        previous, words = words, LEADING.sub("", words)
    return words


@lru_cache(maxsize=4096)
def _resolve(words: str, published: dt.date) -> dt.date | None:
    for rule in (_relative_day, _days_ago, _weekday, _calendar):
        found = rule(words, published)
        if found is not None:
            return found if abs(found.year - published.year) <= MAX_YEARS_AWAY else None
    if not _has_day_signal(words):
        return None
    return _with_dateparser(words, published)


def _relative_day(words: str, published: dt.date) -> dt.date | None:
    for phrase, offset in RELATIVE_DAYS.items():
        if words == phrase or words.startswith(phrase + " "):
            return published + dt.timedelta(days=offset)
    return None


def _days_ago(words: str, published: dt.date) -> dt.date | None:
    match = AGO.match(words)
    if match is None:
        return None
    raw = match["n"]
    count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    return published - dt.timedelta(days=count) if count is not None else None


def _weekday(words: str, published: dt.date) -> dt.date | None:
    match = WEEKDAY.match(words)
    if match is None:
        return None
    back = (published.weekday() - WEEKDAYS.index(match["day"])) % 7 or 7
    return published - dt.timedelta(days=back)


def _calendar(words: str, published: dt.date) -> dt.date | None:
    match = ISO.match(words) or MONTH_DAY.match(words) or DAY_MONTH.match(words)
    if match is None:
        return None
    month = int(match["month"]) if match["month"].isdigit() else MONTHS.get(match["month"])
    if month is None:
        return None
    day = int(match["day"])
    if match["year"]:
        return _safe_date(int(match["year"]), month, day)
    return _nearest_year(month, day, published)


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    candidates = [d for d in (_safe_date(published.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
    if not candidates:
        return None
    # Nearest to publication; on a tie the earlier one (news mostly reports what has happened).
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _has_day_signal(words: str) -> bool:
    """dateparser fills missing parts with the base date ("the 1990s" -> a day in 2025): only trust it
    when the words hold a day of the month next to a month name."""
    has_month = any(re.search(rf"\b{name}\b", words) for name in MONTHS)
    has_day = re.search(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b", words) is not None
    return has_month and has_day


@lru_cache(maxsize=64)
def _parser(published: dt.date) -> DateDataParser:
    base = dt.datetime.combine(published, dt.time())
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                      "STRICT_PARSING": False})


def _with_dateparser(words: str, published: dt.date) -> dt.date | None:
    data = _parser(published).get_date_data(words)
    if data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()
