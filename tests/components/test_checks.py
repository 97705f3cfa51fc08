"""Flags: anachronisms and deceased actors; no flag for explicit past references."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def flags(document):
    return [(f.kind, f.actor.name if f.actor else None) for f in document.flags]


def test_checks_title_not_held_on_the_document_date(analyse_text):
    doc = analyse_text("Iranian President Ebrahim Raisi declares that Iran will not back down.", "2025-06-19")
    kinds = {k for k, _ in flags(doc)}
    assert kinds == {"anachronism", "deceased"}
    message = next(f.message for f in doc.flags if f.kind == "anachronism")
    assert "2021-08-03 to 2024-05-19" in message and "Masoud Pezeshkian" in message


def test_checks_same_title_is_fine_when_it_was_true(analyse_text):
    doc = analyse_text("Iranian President Ebrahim Raisi declares that Iran will not back down.", "2023-06-19")
    assert flags(doc) == []


@pytest.mark.parametrize("text", [
    "Former Iranian President Ebrahim Raisi was remembered at the ceremony.",
    "The late Ebrahim Raisi was remembered at the ceremony.",
    "In 2022, Iranian President Ebrahim Raisi visited Moscow.",
])
def test_checks_explicit_past_references_are_not_flagged(analyse_text, text):
    assert flags(analyse_text(text, "2025-06-19")) == []


def test_checks_administration_out_of_office(analyse_text):
    doc = analyse_text("Analysts say the Biden administration faces pressure over Iran.", "2025-06-19")
    assert flags(doc) == [("anachronism", "Joe Biden")]
    assert "2025-01-20" in doc.flags[0].message and "Donald Trump" in doc.flags[0].message
    assert flags(analyse_text("Analysts say the Biden administration faces pressure over Iran.", "2023-06-19")) == []


def test_checks_no_flags_and_a_warning_without_a_date(analyse_text):
    doc = analyse_text("Iranian President Ebrahim Raisi declares that Iran will not back down.", None)
    assert flags(doc) == []
    assert any("publication date unknown" in w for w in doc.warnings)


def test_checks_flag_points_at_the_words(analyse_text):
    doc = analyse_text("Officials met. German Chancellor Olaf Scholz says Berlin will pay more.", "2025-06-26")
    flag = next(f for f in doc.flags if f.kind == "anachronism")
    assert doc.text[flag.start:flag.end] == flag.text and "Scholz" in flag.text
