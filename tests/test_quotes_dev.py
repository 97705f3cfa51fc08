"""The quotes stage on the labelled dev set stays above the floors pinned in tests/data/floors.json
(scored by benchmarks/score_quotes.py; a change may raise a floor, never silently lower it)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import benchmark_module

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "tests" / "data" / "floors.json"


def scorer() -> ModuleType:
    return benchmark_module("score_quotes")


@pytest.fixture(scope="module")
def dev_scores(nlp) -> dict:
    score_quotes = scorer()
    return score_quotes.evaluate(score_quotes.quote_pipeline(nlp), score_quotes.load_items()).numbers()


@pytest.mark.model
@pytest.mark.parametrize(("part", "floors"), [(k, v) for k, v in json.loads(FLOORS.read_text())["quotes"].items()
                                               if not k.startswith("_")])
def test_quotes_dev_set_above_floors(dev_scores, part, floors):
    below = {name: (dev_scores[part][name], floor) for name, floor in floors.items() if dev_scores[part][name] < floor}
    assert not below, f"{part}: measured below floor {below}"


def test_quotes_dev_set_matching_rules():
    score_quotes = scorer()
    item = {"id": "t", "quotes": [{"speaker": "a Western diplomat", "text": "Nobody believes the truce will hold.",
                                   "kind": "direct"}]}
    score = score_quotes.Score()
    predicted = [{"speaker": None, "speaker_text": "One Western diplomat", "kind": "direct",
                  "text": "Nobody believes the truce will hold."},
                 {"speaker": None, "speaker_text": "a source", "kind": "direct", "text": "the truce will hold"}]
    score_quotes.score_item(item, predicted, {}, score)
    numbers = score.numbers()["overall"]
    assert (numbers["precision"], numbers["recall"], numbers["speaker_accuracy"]) == (0.5, 1.0, 0.5)


def test_quotes_dev_set_matches_a_partial_quote_on_its_quoted_words():
    score_quotes = scorer()
    text = 'Sanchez called the levy passed by the coalition last week "a tax on the poor" in parliament.'
    item = {"id": "t", "text": text, "quotes": [{"speaker": "Sanchez", "text": "a tax on the poor",
                                                 "kind": "partial"}]}
    start = text.index("the levy")
    words = (text.index("a tax"), text.index("poor") + 4)
    predicted = [{"speaker": None, "speaker_text": "Sanchez", "kind": "partial", "spans": [words],
                  "text": text[start:words[1] + 1]}]
    score = score_quotes.Score()
    score_quotes.score_item(item, predicted, {}, score)
    assert score.numbers()["partial"]["f1"] == 1.0
    score = score_quotes.Score()
    score_quotes.score_item(item, [{**predicted[0], "spans": []}], {}, score)
    assert score.numbers()["partial"]["f1"] == 0.0  # the clause alone is mostly other words


def test_quotes_dev_set_dates_come_from_the_text():
    score_quotes = scorer()
    assert score_quotes.published_in("said in March 2024 that") == "2024-03-15"
    assert score_quotes.published_in("on October 10, 2023, he") == "2023-10-10"
    assert score_quotes.published_in("no date here") == score_quotes.DEFAULT_PUBLISHED
