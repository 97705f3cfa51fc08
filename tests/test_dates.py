"""Event dates: explicit and relative expressions against the publication date; nothing invented."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.dates import is_point_in_time, resolve_date

PUBLISHED = dt.date(2025, 6, 19)  # a Thursday


@pytest.mark.parametrize(("text", "expected"), [
    ("June 15", "2025-06-15"),
    ("on June 15", "2025-06-15"),
    ("15 June", "2025-06-15"),
    ("the 15th of June", "2025-06-15"),
    ("June 15, 2024", "2024-06-15"),
    ("2025-06-01", "2025-06-01"),
    ("three days ago", "2025-06-16"),
    ("Just three days ago", "2025-06-16"),
    ("yesterday", "2025-06-18"),
    ("the day before yesterday", "2025-06-17"),
    ("today", "2025-06-19"),
    ("March 3rd", "2025-03-03"),
])
def test_dates_explicit_and_relative_days(text, expected):
    assert resolve_date(text, PUBLISHED) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Friday", "2025-06-13"),
    ("on Monday", "2025-06-16"),
    ("last Friday", "2025-06-13"),
    ("Tuesday night", "2025-06-17"),
    ("early on Sunday", "2025-06-15"),
    ("on Thursday", "2025-06-12"),  # the publication's own weekday means a week earlier
])
def test_dates_weekdays_are_the_most_recent_before_publication(text, expected):
    assert resolve_date(text, PUBLISHED) == dt.date.fromisoformat(expected)


def test_dates_without_a_year_take_the_nearest_year():
    assert resolve_date("until June 26", PUBLISHED) == dt.date(2025, 6, 26)
    assert resolve_date("on December 30", dt.date(2025, 1, 2)) == dt.date(2024, 12, 30)


@pytest.mark.parametrize("text", ["in the winter of 2022", "in 2022", "last month", "two weeks ago", "mid-June",
                                  "the past four years", "the 1990s", "June 31", "earlier this month"])
def test_dates_give_no_day_when_the_text_names_none(text):
    assert resolve_date(text, PUBLISHED) is None


def test_dates_need_a_publication_date_to_anchor_anything():
    assert resolve_date("June 15", None) is None
    assert resolve_date("", PUBLISHED) is None


@pytest.mark.parametrize(("text", "point"), [
    ("in the winter of 2022", True), ("in 1979", True), ("last week", True), ("three days ago", True),
    ("the 1990s", True), ("four years", False), ("for two weeks", False), ("the past four years", False),
    ("the last 20", False),
])
def test_dates_points_in_time_are_told_from_durations(text, point):
    assert is_point_in_time(text) is point
