"""The knowledge base: packaged data validates, overlays merge, bad records are named."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.errors import KnowledgeBaseError
from rashomon.kb import Entity, Office, load_kb, validate
from rashomon.wikidata import map_position, people_from_sparql

runner = CliRunner()


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_kb_packaged_data_validates(kb):
    assert validate(kb) == []
    kinds = [e.kind for e in kb.entities.values()]
    assert kinds.count("state") >= 198
    assert kinds.count("person") >= 800
    assert kinds.count("organisation") + kinds.count("group") >= 150


def test_kb_every_state_has_code_qid_and_demonyms(kb):
    states = [e for e in kb.entities.values() if e.kind == "state"]
    for state in states:
        assert len(state.id) == 3 and state.id.isupper()
    for code in ("TWN", "XKX", "PSE", "ESH", "VAT"):
        assert kb.state(code) is not None
    russia = kb.state("RUS")
    assert "Russian" in russia.adjectives and "Kremlin" in {m.removeprefix("the ") for m in russia.metonyms}


def test_kb_holder_changes_with_the_date(kb):
    holder = lambda day: kb.holder("president", "USA", dt.date.fromisoformat(day)).name  # noqa: E731
    assert holder("2019-06-01") == "Donald Trump"
    assert holder("2023-06-01") == "Joe Biden"
    assert holder("2025-06-19") == "Donald Trump"
    assert kb.holder("president", "IRN", dt.date(2025, 6, 19)).name == "Masoud Pezeshkian"
    assert kb.holder("president", "IRN", dt.date(2023, 6, 19)).name == "Ebrahim Raisi"


def test_kb_validate_finds_overlapping_holders_and_ambiguous_names(kb):
    kb = kb.copy()
    kb.add(Entity(id="person:test-usurper", name="Test Usurper", kind="person", aliases=["Smithers"],
                  offices=[Office("president", "USA", None, dt.date(2025, 3, 1), None)]))
    kb.add(Entity(id="person:test-other", name="Other Smithers", kind="person", aliases=["Smithers"]))
    problems = validate(kb)
    assert any("Test Usurper" in p and "overlaps Donald Trump" in p for p in problems)
    assert any("'smithers' names several actors" in p for p in problems)


def test_kb_overlay_adds_and_replaces_and_names_bad_lines(kb, tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("people:\n  - name: Lena Testova\n    aliases: [Testova]\n    offices:\n"
                       "      - {office: foreign_minister, country: EST, start: 2030-01-01, end: null}\n")
    testova = load_kb(overlay, kb).find("Testova")
    assert testova is not None and testova.offices_on(dt.date(2030, 6, 1))[0].office == "foreign_minister"
    overlay.write_text("people:\n  - name: Bad Date\n    offices:\n"
                       "      - {office: president, country: EST, start: 2030-13-45}\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(overlay, kb)
    assert "overlay.yaml:2" in str(caught.value) and "invalid date" in str(caught.value)


SPARQL = {"results": {"bindings": [
    {"person": {"value": "http://www.wikidata.org/entity/Q999001"}, "personLabel": {"value": "Nika Futura"},
     "positionLabel": {"value": "President of Georgia"}, "start": {"value": "2031-03-01T00:00:00Z"},
     "gender": {"value": "http://www.wikidata.org/entity/Q6581072"}},
    {"person": {"value": "http://www.wikidata.org/entity/Q999002"}, "personLabel": {"value": "Aram Test"},
     "positionLabel": {"value": "Minister of Foreign Affairs of Armenia"}, "start": {"value": "2030-05-01T00:00:00Z"},
     "end": {"value": "2031-01-01T00:00:00Z"}},
    {"person": {"value": "http://www.wikidata.org/entity/Q999003"}, "personLabel": {"value": "Nobody"},
     "positionLabel": {"value": "Chief Gardener of Narnia"}},
]}}


def test_kb_wikidata_positions_map_to_offices(kb):
    assert map_position("President of Iran", kb) == ("president", "IRN")
    assert map_position("Minister of Foreign Affairs of Russia", kb) == ("foreign_minister", "RUS")
    assert map_position("Prime Minister of Israel", kb) == ("prime_minister", "ISR")
    assert map_position("Chief Gardener of Narnia", kb) is None


def test_kb_import_wikidata_writes_an_overlay_the_kb_uses(tmp_path, kb):
    people, skipped = people_from_sparql(SPARQL, kb)
    assert skipped == 1 and {p["name"] for p in people} == {"Nika Futura", "Aram Test"}
    source, overlay = tmp_path / "result.json", tmp_path / "kb.yaml"
    source.write_text(json.dumps(SPARQL))
    result = runner.invoke(app, ["kb", "import-wikidata", str(source), "--overlay", str(overlay)])
    assert result.exit_code == 0, result.output
    extended = load_kb(overlay, kb)
    futura = extended.find("Nika Futura")
    assert futura is not None and futura.gender == "female"
    assert [(o.office, o.country, str(o.start)) for o in futura.offices] == [("president", "GEO", "2031-03-01")]
    shown = runner.invoke(app, ["kb", "show", "Aram Test", "--overlay", str(overlay)])
    assert "foreign_minister" in shown.output and "Q999002" in shown.output


def test_kb_cli_validate_and_show():
    result = runner.invoke(app, ["kb", "validate"])
    assert result.exit_code == 0 and "0 problem(s)" in result.output
    shown = runner.invoke(app, ["kb", "show", "Ebrahim Raisi"])
    assert "2024-05-19" in shown.output
    assert runner.invoke(app, ["kb", "show", "Nobody Atall"]).exit_code == 2
    place = runner.invoke(app, ["kb", "show", "Sokhumi"])
    assert place.exit_code == 0 and "Sukhumi" in place.output and "Georgia (GEO)" in place.output
    assert "disputed" in place.output
    generic = runner.invoke(app, ["kb", "show", "generic:FRA:JUD:court"])
    assert generic.exit_code == 0 and "JUD" in generic.output and "FRA" in generic.output
    word = runner.invoke(app, ["kb", "show", "prosecutors"])
    assert word.exit_code == 0 and "generic:[COUNTRY:]JUD:prosecutors" in word.output


def test_kb_places_lie_in_states_and_overlays_add_them(kb, tmp_path):
    assert kb.place("Haifa").country == "ISR" and kb.place("odessa").country == "UKR"
    assert kb.place("Golan Heights").disputed and not kb.place("Kharkiv").disputed
    assert kb.place("Crimea").country == "UKR" and not kb.place("Crimea").disputed
    assert kb.place("Tehran") is None  # a capital is the state's metonym, not a place
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("places:\n  - {name: Testgrad, country: EST, kind: city, aliases: [Testograd]}\n")
    assert load_kb(overlay, kb).place("Testograd").country == "EST"
    overlay.write_text("places:\n  - {name: Testgrad, country: EST, kind: town}\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(overlay, kb)
    assert "overlay.yaml:2" in str(caught.value) and "unknown place kind 'town'" in str(caught.value)


def test_kb_validate_names_places_in_unknown_states_or_shadowed_by_actors(kb, tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("places:\n  - {name: Testgrad, country: XXX, kind: city}\n"
                       "  - {name: Putin, country: RUS, kind: city}\n")
    problems = validate(load_kb(overlay, kb))
    assert any("Testgrad: unknown state 'XXX'" in p for p in problems)
    assert any("place form 'putin' also names Vladimir Putin" in p for p in problems)


def test_kb_given_names_and_titles_tell_one_gender_each(kb, tmp_path):
    from rashomon.kb import KnowledgeBase, load_genders

    names, titles = kb.given_name_genders, kb.title_genders
    assert len(names) >= 300 and set(names.values()) == set(titles.values()) == {"male", "female"}
    assert all(name == name.lower() and " " not in name for name in names)
    assert (names["loretta"], titles["mr."], titles["congresswoman"]) == ("female", "male", "female")
    both = tmp_path / "given_names.yaml"
    both.write_text("titles: {male: [mr], female: [ms]}\ngiven_names: {male: [ada], female: [ada]}\n",
                    encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="'ada' is listed as more than one gender") as error:
        load_genders(KnowledgeBase(), both)
    assert str(both) in str(error.value)
