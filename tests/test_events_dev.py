"""The events stage on the labelled dev sentences stays above the floors pinned in
tests/data/floors.json under "events" (scored by benchmarks/score_events.py; a change may raise a
floor, never silently lower it)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import benchmark_module

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "tests" / "data" / "floors.json"


def scorer() -> ModuleType:
    return benchmark_module("score_events")


def floors() -> list[tuple[str, str, float]]:
    table = json.loads(FLOORS.read_text())["events"]
    return [(part, name, value) for part, values in table.items() if not part.startswith("_")
            for name, value in values.items()]


@pytest.fixture(scope="module")
def dev_scores(nlp) -> dict:
    score_events = scorer()
    rows = score_events.load(score_events.DATA)
    return score_events.evaluate(rows, score_events.predict(rows, nlp))


@pytest.mark.model
@pytest.mark.parametrize(("part", "name", "floor"), floors())
def test_events_dev_set_above_floors(dev_scores, part, name, floor):
    measured = dev_scores[part] if part.endswith("_accuracy") else dev_scores[part][name]
    assert measured >= floor, f"{part} {name}: measured {measured} below floor {floor}"


def test_events_dev_set_matching_rules():
    score_events = scorer()
    gold = [{"actor": ["ISR", "IRN"], "type": "ASSAULT", "recipient": None, "negated": False},
            {"actor": "Vladimir Putin", "type": "AGREE", "recipient": "IRN", "negated": True}]

    def pred(actor, kind, recipient, negated=False):
        return {"type": kind, "negated": negated, "_actor": {actor}, "_recipient": {recipient} if recipient else set()}

    by_type, by_quad = score_events.Counts(), score_events.Counts()
    preds = [pred("isr", "ASSAULT", "irn"), pred("irn", "ASSAULT", None),  # both sides of one reciprocal event
             pred("vladimir putin", "SUPPORT", "irn", True),  # right quad, wrong type
             pred("rus", "AGREE", "irn", True)]  # nobody in the gold
    score_events.score_sentence(preds, gold, "type", by_type)
    score_events.score_sentence(preds, gold, "quad", by_quad)
    assert (sum(by_type.tp.values()), sum(by_type.fp.values()), sum(by_type.fn.values())) == (1, 2, 1)
    assert (sum(by_quad.tp.values()), sum(by_quad.fp.values()), sum(by_quad.fn.values())) == (2, 1, 0)
