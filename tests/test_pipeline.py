"""The pipeline streams, skips what it cannot analyse, and loses only the failing document."""

from __future__ import annotations

import pytest
from spacy.language import Language

from rashomon.components.extensions import guarded
from rashomon.config import Settings
from rashomon.ingest import RawDocument
from rashomon.pipeline import analyze_texts, iter_documents


@pytest.mark.model
def test_pipeline_reports_other_languages_as_unsupported(nlp):
    analysis = analyze_texts(["Le président français a rencontré le chancelier allemand à Berlin hier soir."],
                             nlp=nlp)
    document = analysis.documents[0]
    assert document.status == "unsupported_language" and document.language == "fr"
    assert document.actors == [] and "not supported" in document.warnings[0]


@pytest.mark.model
def test_pipeline_analyze_texts_keeps_the_input_order(nlp):
    texts = ["Iran fired missiles at Haifa on Saturday.", "Der Krieg geht weiter und die Regierung schweigt dazu.",
             "Russia struck Odesa on Sunday."]
    analysis = analyze_texts(texts, published="2025-06-19", nlp=nlp)
    assert [d.text for d in analysis.documents] == texts
    assert [d.status for d in analysis.documents] == ["analysed", "unsupported_language", "analysed"]


@pytest.mark.model
def test_pipeline_streams_lazily(nlp):
    pulled = []

    def raws():
        for i in range(40):
            pulled.append(i)
            yield RawDocument(f"Iran and Iraq signed accord number {i}.", f"doc{i}", {})

    stream = iter_documents(raws(), nlp, Settings(batch_size=4))
    first = next(stream)
    assert first.document is not None
    assert len(pulled) < 40
    assert sum(1 for _ in stream) == 39


class Exploding:
    name = "exploding"

    @guarded
    def __call__(self, doc):
        if "BOOM" in doc.text:
            raise ValueError("cannot cope")
        return doc


@Language.factory("test_exploding")
def make_exploding(nlp, name):
    return Exploding()


@pytest.mark.model
def test_pipeline_component_failure_costs_one_document():
    from rashomon.pipeline import build_nlp

    nlp = build_nlp(Settings())
    nlp.add_pipe("test_exploding")
    analysis = analyze_texts(["Iran thanked China.", "BOOM went the mediation.", "Qatar hosted talks."], nlp=nlp)
    assert [d.source for d in analysis.documents] == ["<text 0>", "<text 2>"]
    assert len(analysis.errors) == 1
    error = analysis.errors[0]
    assert error.source == "<text 1>" and "cannot cope" in error.reason and error.stage == "extraction"
