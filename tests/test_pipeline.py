"""The pipeline streams, skips what it cannot analyse, and loses to a failing stage only that stage's output."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.components.extensions import EXTENSIONS, guarded, stage_failures
from rashomon.components.records import RECORD_TYPES, EventRecord
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

    @guarded("words")
    def __call__(self, doc):
        if "BOOM" in doc.text:
            raise ValueError("cannot cope")
        return doc


@Language.factory("test_exploding")
def make_exploding(nlp, name):
    return Exploding()


@pytest.mark.model
def test_pipeline_component_failure_costs_only_its_output():
    from rashomon.pipeline import build_nlp

    nlp = build_nlp(Settings())
    nlp.add_pipe("test_exploding")
    analysis = analyze_texts(["Iran thanked China.", "Iran's mediation went BOOM.", "Qatar hosted talks."], nlp=nlp)
    assert analysis.errors == []
    assert [d.status for d in analysis.documents] == ["analysed"] * 3
    failed = analysis.documents[1]
    assert stage_failures(failed.warnings) == ["test_exploding failed: ValueError: cannot cope; its words are missing"]
    assert [a.name for a in failed.actors] == ["Iran"]
    assert not stage_failures(analysis.documents[0].warnings + analysis.documents[2].warnings)


# Two short texts that between them give every kind of record: mentions, actors, places, events
# with evidence, statements, flags (Obama's title in 2025) and stance.
TWO_TEXTS = [
    ('"We will respond," Iranian Foreign Minister Abbas Araghchi said on Saturday. Israel struck Fordow and Iran '
     'fired missiles at Haifa. Iran accused Israel of reckless aggression. Israel called the Iranian regime criminal.',
     "2025-06-21"),
    ("President Obama said on Monday that Russia must withdraw from Ukraine. Putin thanked Iran and said Russia "
     "would never retreat. Russia attacked Ukraine again.", "2025-06-19"),
]


def dated_docs(nlp: Language) -> Iterator[Doc]:
    for text, published in TWO_TEXTS:
        doc = nlp.make_doc(text)
        doc._.rashomon_published = published
        yield doc


def extension_values(doc: Doc) -> dict[str, object]:
    return {name: getattr(doc._, f"rashomon_{name}") for name in EXTENSIONS}


def record_types(values: dict[str, object]) -> set[type]:
    found: set[type] = set()
    for value in values.values():
        items = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
        for item in items:
            found.add(type(item))
            found.update(type(e) for e in (item.evidence if isinstance(item, EventRecord) else []))
    return found


@pytest.mark.model
def test_pipeline_records_come_back_typed_from_worker_processes(nlp):
    """Under n_process > 1 spaCy sends every doc back through Doc.to_bytes: the records must arrive as
    the same types, equal to what one process makes."""
    single = [extension_values(doc) for doc in nlp.pipe(dated_docs(nlp))]
    workers = [extension_values(doc) for doc in nlp.pipe(dated_docs(nlp), n_process=2)]
    assert workers == single
    assert set().union(*(record_types(values) for values in workers)) == set(RECORD_TYPES)


def written(doc: Doc) -> dict[str, object]:
    """What a component may write: our extensions and the span groups, copied."""
    found: dict[str, object] = {f"doc._.rashomon_{name}": copy.deepcopy(getattr(doc._, f"rashomon_{name}"))
                                for name in EXTENSIONS}
    found["doc.spans"] = {key: [(s.start, s.end, s.label_, s.kb_id_) for s in group]
                          for key, group in doc.spans.items()}
    return found


@pytest.mark.model
@pytest.mark.parametrize("published", ["2025-06-19", None])
def test_pipeline_components_write_only_what_they_declare(nlp, published):
    """Each component changes only what its factory declares in `assigns`, and every `doc._` attribute
    a component requires is assigned by one before it (spaCy's `analyze_pipes`)."""
    analysis = nlp.analyze_pipes()
    assert not [attr for attrs in analysis["problems"].values() for attr in attrs if attr.startswith("doc._.")]
    doc = next(dated_docs(nlp))
    doc._.rashomon_published = published  # without a date the actors stage warns
    for name, component in nlp.pipeline:
        before = written(doc)
        doc = component(doc)
        after = written(doc)
        changed = {key for key in after if after[key] != before[key]}
        assert changed <= set(analysis["summary"][name]["assigns"]), name


@pytest.mark.model
def test_every_statement_text_is_the_article_at_its_offsets(examples_analysis):
    """A statement is evidence: its text, and each of its spans, is found where it says it is."""
    statements = [(d, q) for d in examples_analysis.documents for q in d.quotes]
    assert len(statements) > 50 and any(q.spans for _, q in statements)
    assert [q.text for d, q in statements if d.text[q.start:q.end] != q.text] == []
    assert all(q.start <= a < b <= q.end for _, q in statements for a, b in q.spans)
