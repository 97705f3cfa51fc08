"""Comparison across sources: alignment, agreement, contradiction, uniqueness, stance, dyads."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.compare import compare, dyads, quantities
from rashomon.embeddings import LexicalEmbedder
from rashomon.model import Actor, ActorRef, Document, Event, Evidence, Mention

from .conftest import EXAMPLES


def _document(doc_id: str, text: str, events: list[tuple[str, str, str, bool]]) -> Document:
    """A hand-built document: actors RUS, IRN, USA and Putin (a person of RUS)."""
    actors = [Actor(id=i, name=n, kind=k, country=c, known=True, mention_count=1,
                    mentions=[Mention(start=0, end=1, text=n, sentence=0, how="name")])
              for i, n, k, c in (("RUS", "Russia", "state", "RUS"), ("IRN", "Iran", "state", "IRN"),
                                 ("USA", "United States", "state", "USA"),
                                 ("person:vladimir-putin", "Vladimir Putin", "person", "RUS"))]
    refs = {a.id: ActorRef(id=a.id, name=a.name) for a in actors}
    quads = {"REJECT": "verbal_conflict", "AID": "material_cooperation", "ASSAULT": "material_conflict"}
    built = [Event(id=f"{doc_id}-e{i}", type=t, quad=quads[t], actor=[refs[a]], recipient=[refs[r]], negated=neg,
                   text=text, evidence=[Evidence(start=0, end=len(text), text=text, trigger=t.lower())])
             for i, (a, t, r, neg) in enumerate(events)]
    return Document(id=doc_id, source=f"{doc_id}.txt", word_count=len(text.split()), text=text,
                    sentences=[(0, len(text))], actors=actors, events=built, published=dt.date(2025, 6, 20))


def test_compare_people_align_with_their_state_and_negation_contradicts():
    a = _document("a", "Putin refused to help Iran.", [("person:vladimir-putin", "AID", "IRN", True),
                                                        ("USA", "ASSAULT", "IRN", False)])
    b = _document("b", "Russia sent help to Iran.", [("RUS", "AID", "IRN", False),
                                                      ("USA", "ASSAULT", "IRN", False)])
    findings = compare([a, b], embeddings="lexical").findings
    contradiction = next(f for f in findings if f.kind == "contradiction" and "AID" in f.topic)
    assert {c.document for c in contradiction.citations} == {"a", "b"}
    agreement = next(f for f in findings if f.kind == "agreement" and "ASSAULT" in f.topic)
    assert {c.document for c in agreement.citations} == {"a", "b"}


def test_compare_unique_events_name_their_only_source():
    a = _document("a", "Russia sent help to Iran.", [("RUS", "AID", "IRN", False)])
    b = _document("b", "The United States struck Iran.", [("USA", "ASSAULT", "IRN", False)])
    unique = [f for f in compare([a, b], embeddings="lexical").findings if f.kind == "unique"]
    assert sorted(f.citations[0].document for f in unique) == ["a", "b"]


def test_compare_dyads_count_asserted_events_by_quad_and_skip_negated():
    a = _document("a", "x", [("person:vladimir-putin", "REJECT", "IRN", False), ("RUS", "AID", "IRN", True),
                             ("USA", "ASSAULT", "IRN", False)])
    rows = {(d.actor.id, d.recipient.id): d for d in dyads([a])}
    assert rows[("RUS", "IRN")].verbal_conflict == 1 and rows[("RUS", "IRN")].material_cooperation == 0
    assert rows[("USA", "IRN")].material_conflict == 1


def test_compare_quantities_find_the_kind_of_number():
    assert quantities("Qatar said 19 missiles were fired at the base.") == {"missiles": "19"}
    assert quantities("Officials counted more than 950 people killed by the weekend.") == {"deaths": "950"}
    assert quantities("The talks began in 2025 in Istanbul.") == {}


def test_compare_lexical_fallback_ranks_paraphrases_first():
    vectors = LexicalEmbedder().encode(["Russia evacuated its citizens from Iran on Sunday.",
                                        "On Sunday Russia evacuated citizens from Iran by bus.",
                                        "NATO leaders met in The Hague."])
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.5 > similarity[0, 2]


@pytest.mark.model
def test_compare_opposed_examples_agree_and_contradict_with_evidence_from_both(nlp):
    from rashomon.config import Settings
    from rashomon.pipeline import run

    paths = [str(EXAMPLES / n) for n in ("israel_iran_ceasefire_hawkish.txt", "israel_iran_ceasefire_critical.txt")]
    analysis = run(paths, Settings(), nlp=nlp)
    ids = {d.id for d in analysis.documents}
    findings = analysis.comparison.findings
    agreements = [f for f in findings if f.kind == "agreement" and {c.document for c in f.citations} == ids]
    assert len(agreements) >= 3
    assert any("28 people" in c.text for f in agreements for c in f.citations)
    missiles = [f for f in findings if f.kind == "contradiction" and "missiles" in (f.detail or "")]
    assert missiles and {c.document for c in missiles[0].citations} == ids
    assert "14" in missiles[0].detail and "19" in missiles[0].detail
    for finding in findings:
        for citation in finding.citations:
            document = next(d for d in analysis.documents if d.id == citation.document)
            assert document.text[citation.start:citation.end].strip().startswith(citation.text[:20].strip())


@pytest.mark.model
def test_compare_opposed_opinion_pieces_cast_actors_in_opposite_roles(nlp):
    from rashomon.config import Settings
    from rashomon.pipeline import run

    paths = [str(EXAMPLES / n) for n in ("poland_drones_warsaw_view.txt", "poland_drones_moscow_view.txt")]
    analysis = run(paths, Settings(), nlp=nlp)
    warsaw, moscow = sorted(analysis.documents, key=lambda d: "moscow" in d.source)
    score = {(d.id, s.actor.name): s.score for d in analysis.documents for s in d.stance}
    assert score[warsaw.id, "Russia"] < 0 < score[moscow.id, "Russia"]
    assert score[moscow.id, "Poland"] < 0 < score[warsaw.id, "Poland"]
    framing = {f.topic: f for f in analysis.comparison.findings if f.kind == "framing"}
    for actor in ("Russia", "Poland"):
        finding = framing[f"how the sources cast {actor}"]
        assert {c.document for c in finding.citations} == {warsaw.id, moscow.id}
    agreements = [f for f in analysis.comparison.findings
                  if f.kind == "agreement" and {c.document for c in f.citations} == {warsaw.id, moscow.id}]
    assert any("Article 4" in c.text for f in agreements for c in f.citations)
