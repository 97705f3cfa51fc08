"""Sentence boundaries set before the parser: line breaks and wire datelines."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text", [
    "TBILISI (AP) -- Georgian police detained two opposition leaders on Sunday.",
    "ROTTERDAM, Netherlands -- A Dutch court convicted three men on Monday.",
    "Vilnius - Lithuanian officials expelled a Russian diplomat on Friday.",
    "ASTANA: Kazakh authorities arrested a blogger on Tuesday.",
])
def test_lines_a_dateline_is_no_part_of_the_first_sentence(nlp, text):
    doc = nlp(text)
    first_word = text.split("--")[-1].split(" - ")[-1].split(": ")[-1].split()[0]
    assert [s for s in doc.sents if s[0].text == first_word]


@pytest.mark.parametrize("text", [
    "Putin: We will not send troops to Iran.",
    "Iran - the talks resumed in Muscat on Sunday.",
    "The talks in Doha -- the fourth round -- ended without a deal.",
])
def test_lines_titles_and_dashes_inside_sentences_are_no_datelines(nlp, text):
    assert len(list(nlp(text).sents)) == 1


def test_lines_a_dateline_gives_the_event_its_real_subject(analyse_text):
    document = analyse_text("TBILISI (AP) -- Georgian police detained two opposition leaders on Sunday.")
    assert [(e.type, e.actor[0].id) for e in document.events] == [("COERCE", "generic:GEO:COP:police")]
