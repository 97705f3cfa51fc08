"""Comparison across sources: alignment, agreement, contradiction, uniqueness, stance, dyads."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.compare import compare, dyads, framing_findings, quantities
from rashomon.embeddings import LexicalEmbedder
from rashomon.model import Actor, ActorRef, Document, Event, Evidence, Mention, Stance

from .conftest import EXAMPLES


def _document(doc_id: str, text: str, events: list[tuple[str, str, str, bool]]) -> Document:
    """A hand-built document: actors RUS, IRN, USA and Putin (a person of RUS)."""
    actors = [Actor(id=i, name=n, kind=k, country=c, known=True, mention_count=1,
                    mentions=[Mention(start=0, end=1, text=n, sentence=0, how="name")])
              for i, n, k, c in (("RUS", "Russia", "state", "RUS"), ("IRN", "Iran", "state", "IRN"),
                                 ("USA", "United States", "state", "USA"),
                                 ("person:vladimir-putin", "Vladimir Putin", "person", "RUS"))]
    refs = {a.id: ActorRef(id=a.id, name=a.name) for a in actors}
    quads = {"REJECT": "verbal_conflict", "ACCUSE": "verbal_conflict", "REQUEST": "verbal_conflict",
             "AID": "material_cooperation", "ASSAULT": "material_conflict"}
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


def _with_sentences(document: Document) -> Document:
    """Each event's evidence becomes its own sentence of the text, in order."""
    start = 0
    for event, sentence in zip(document.events, document.text.split(" | "), strict=True):
        event.evidence = [Evidence(start=start, end=start + len(sentence), text=sentence, trigger=event.type.lower())]
        start += len(sentence) + 3
    return document


def test_compare_mixed_event_types_are_named_by_quad_and_cite_the_shared_type():
    a = _with_sentences(_document("a", "Iran turned down Russia's offer. | Iran blamed Russia.",
                                  [("IRN", "REJECT", "RUS", False), ("IRN", "ACCUSE", "RUS", False)]))
    b = _with_sentences(_document("b", "Tehran faulted Moscow.", [("IRN", "ACCUSE", "RUS", False)]))
    finding = next(f for f in compare([a, b], embeddings="lexical").findings if f.kind == "agreement")
    assert finding.topic == "Iran → ACCUSE → Russia"
    assert [c.text for c in finding.citations] == ["Iran blamed Russia.", "Tehran faulted Moscow."]
    c = _with_sentences(_document("c", "Iran asked Russia for more help.", [("IRN", "REQUEST", "RUS", False)]))
    mixed = next(f for f in compare([a, c], embeddings="lexical").findings if f.kind == "agreement")
    assert mixed.topic == "Iran → verbal conflict (REJECT, REQUEST) → Russia"


def test_compare_a_shared_act_agrees_even_beside_a_contradicting_one():
    a = _with_sentences(_document("a", "Iran is unhappy with Russia. | Iran never asked Russia for help.",
                                  [("IRN", "ACCUSE", "RUS", False), ("IRN", "REQUEST", "RUS", True)]))
    b = _with_sentences(_document("b", "Tehran criticised Moscow. | Tehran demanded more help from Moscow.",
                                  [("IRN", "ACCUSE", "RUS", False), ("IRN", "REQUEST", "RUS", False)]))
    events = [f for f in compare([a, b], embeddings="lexical").findings if "→" in f.topic]
    kinds = {(f.kind, f.topic) for f in events}
    assert ("agreement", "Iran → ACCUSE → Russia") in kinds
    contradiction = next(f for f in events if f.kind == "contradiction")
    assert "REQUEST" in contradiction.topic and {c.text for c in contradiction.citations} == {
        "Iran never asked Russia for help.", "Tehran demanded more help from Moscow."}


def test_compare_questions_and_headings_are_not_claims():
    a = _document("a", "Why did Russia abandon Iran after the United States struck it?", [])
    b = _document("b", "Russia abandoned Iran after the United States struck it", [])
    c = _document("c", "Russia abandoned Iran after the United States struck it.", [])
    assert not compare([a, c], embeddings="lexical", story_similarity=0).findings
    assert not compare([b, c], embeddings="lexical", story_similarity=0).findings
    d = _document("d", "Russia did abandon Iran after the United States struck it.", [])
    assert [f.kind for f in compare([c, d], embeddings="lexical", story_similarity=0).findings] == ["agreement"]


def test_compare_framing_differs_on_fine_roles_within_one_main_role():
    a, b = _document("a", "x", []), _document("b", "y", [])
    russia = ActorRef(id="RUS", name="Russia")

    def cast(document: Document, subrole: str) -> Document:
        document.stance = [Stance(document=document.id, actor=russia, score=-0.2, role="antagonist",
                                  subrole=subrole, sentences=[document.text])]
        return document

    found = framing_findings([cast(a, "conspirator"), cast(b, "incompetent")])
    assert [f.topic for f in found] == ["how the sources cast Russia"]
    assert "conspirator" in found[0].detail and "incompetent" in found[0].detail
    assert framing_findings([cast(a, "incompetent"), cast(b, "incompetent")]) == []


@pytest.mark.model
def test_compare_only_documents_of_one_story(examples_analysis):
    comparison = examples_analysis.comparison
    source = {d.id: d.source.rsplit("/", 1)[-1] for d in examples_analysis.documents}
    stories = sorted(sorted(source[i].split("_")[0] + "_" + source[i].split("_")[1] for i in s.documents)
                     for s in comparison.stories)
    assert stories == [["israel_iran", "israel_iran"], ["poland_drones", "poland_drones"]]
    members = {s.id: set(s.documents) for s in comparison.stories}
    for finding in comparison.findings:
        assert {c.document for c in finding.citations} <= members[finding.story], finding.topic
    deaths = [f for f in comparison.findings if f.kind == "contradiction" and "deaths" in (f.detail or "")]
    assert len(deaths) == 1 and {"950", "610"} <= set(deaths[0].detail.replace(":", " ").split())


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
