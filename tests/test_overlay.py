"""A knowledge-base overlay reaches every stage: a state, a place and a person that only the
overlay knows are actors, event participants, speakers and subjects of record checks."""

from __future__ import annotations

import pytest

from rashomon.config import Settings
from rashomon.knowledge import load_knowledge
from rashomon.pipeline import analyze_texts, build_nlp

OVERLAY = """\
states:
  - id: XVL
    name: Valdoria
    adjectives: [Valdorian]
    plurals: [Valdorians]
    capital: Ostrava Nova
    leader_office: president
people:
  - name: Ilse Marrow
    aliases: [Marrow]
    gender: female
    died: 2024-02-01
    offices:
      - {office: president, country: XVL, start: 2019-03-01, end: 2024-02-01}
  - name: Teodor Vask
    aliases: [Vask]
    gender: male
    offices:
      - {office: president, country: XVL, start: 2024-02-01, end: null}
places:
  - {name: Port Sable, country: XVL, kind: port}
"""

TEXT = ("Iran fired missiles at Port Sable on Sunday. "
        "\"We will answer this attack,\" Valdorian President Teodor Vask said. "
        "President Ilse Marrow also condemned the strike, the Valdorian news agency said.")


@pytest.fixture(scope="module")
def overlay_document(tmp_path_factory):
    overlay = tmp_path_factory.mktemp("overlay") / "valdoria.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    settings = Settings(kb_overlay=overlay, compare=False)
    return analyze_texts([TEXT], settings, published="2025-06-15",
                         nlp=build_nlp(settings, load_knowledge(overlay))).documents[0]


@pytest.mark.model
def test_overlay_state_and_place_make_an_event(overlay_document):
    assert any(e.type == "ASSAULT" and [a.id for a in e.actor] == ["IRN"] and [r.id for r in e.recipient] == ["XVL"]
               for e in overlay_document.events)


@pytest.mark.model
def test_overlay_person_is_a_speaker(overlay_document):
    speakers = {q.speaker.name for q in overlay_document.quotes if q.speaker is not None}
    assert "Teodor Vask" in speakers


@pytest.mark.model
def test_overlay_person_is_checked_against_the_record(overlay_document):
    assert any(f.actor is not None and f.actor.name == "Ilse Marrow" for f in overlay_document.flags)


@pytest.mark.model
def test_without_the_overlay_none_of_it_is_known(analyse_text):
    document = analyse_text(TEXT, "2025-06-15")
    assert not any("XVL" in {r.id for r in e.recipient} for e in document.events)
    assert not document.flags
