"""The pipeline: ingest → spaCy (with the rashomon components) → documents → comparison.

`analyze()` is the Python API; the CLI is a thin layer over `run()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import __name__ as package_name
from .compare import claim_sentences, compare, lead
from .components import factories  # noqa: F401 - registers the factories
from .components.extensions import register_extensions
from .config import MODEL_INSTALL_HINT, Settings
from .documents import base_document, from_doc
from .dyads import dyads
from .embeddings import Prefetching
from .errors import IngestError, ModelNotFoundError, RashomonError
from .ingest import RawDocument, load_manifest, read_inputs
from .knowledge import Knowledge, load_knowledge
from .meta import guess_language
from .model import Analysis, Document, InputError

PRE_PARSER = ("rashomon_lines",)  # added before spaCy's parser
COMPONENTS = ("rashomon_actors", "rashomon_quotes", "rashomon_events", "rashomon_checks", "rashomon_stance")
SUPPORTED_LANGUAGES = {"en"}


def build_nlp(settings: Settings | None = None, knowledge: Knowledge | None = None) -> Language:
    """The configured spaCy pipeline with the rashomon components added, each initialised with
    the one `Knowledge` of these settings."""
    settings = settings or Settings()
    knowledge = knowledge or load_knowledge(settings.kb_overlay)
    try:
        nlp = spacy.load(settings.model)
    except OSError:
        hint = (MODEL_INSTALL_HINT if settings.model == Settings().model
                else f"install the package providing '{settings.model}'")
        raise ModelNotFoundError(f"spaCy pipeline '{settings.model}' is not installed; {hint}") from None
    for name in PRE_PARSER:
        nlp.add_pipe(name, before="parser" if "parser" in nlp.pipe_names else None)
    for name in COMPONENTS:
        component: Any = nlp.add_pipe(name)  # a rashomon component: it has initialize()
        component.initialize(nlp=nlp, knowledge=knowledge)
    register_extensions()
    return nlp


@dataclass
class Outcome:
    """What streaming yields: a document, or an error for one input."""

    document: Document | None = None
    error: InputError | None = None


def input_error(err: RashomonError) -> InputError:
    return InputError(source=err.source or "?", line=err.line, stage=err.stage, reason=err.reason)


def iter_documents(raws: Iterable[RawDocument | IngestError], nlp: Language,
                   settings: Settings, knowledge: Knowledge | None = None) -> Iterator[Outcome]:
    """Stream outcomes in input order as far as possible; memory stays flat with corpus size."""
    cues = (knowledge or load_knowledge(settings.kb_overlay)).documents
    pending: list[Outcome] = []

    def english_docs() -> Iterator[tuple[Doc, RawDocument]]:
        for raw in raws:
            if isinstance(raw, IngestError):
                pending.append(Outcome(error=input_error(raw)))
                continue
            language = raw.meta.get("language") or guess_language(raw.text, cues)
            if (language or "").split("-")[0].lower() not in SUPPORTED_LANGUAGES:
                document = base_document(raw, language, cues)
                document.status = "unsupported_language"
                document.warnings.append(f"language '{language or 'unknown'}' is not supported; "
                                         "only English is analysed")
                pending.append(Outcome(document=document))
                continue
            doc = nlp.make_doc(raw.text)
            doc._.rashomon_published = raw.meta.get("published")
            doc._.rashomon_source = raw.source
            yield doc, raw

    stream = nlp.pipe(english_docs(), as_tuples=True, batch_size=settings.batch_size,
                      n_process=settings.jobs)
    for doc, raw in stream:
        yield from _drain(pending)
        yield Outcome(document=from_doc(doc, raw, "en", cues))  # a failed stage is a warning on it
    yield from _drain(pending)


def _drain(pending: list[Outcome]) -> Iterator[Outcome]:
    while pending:
        yield pending.pop(0)


def run(paths: Iterable[str], settings: Settings, manifest: Path | None = None,
        overrides: dict[str, str] | None = None, nlp: Language | None = None,
        on_outcome: Callable[[Outcome], None] | None = None) -> Analysis:
    """Analyse every input; one broken input costs one `InputError`, never the run."""
    errors: list[InputError] = []
    rows: dict[str, dict[str, str]] = {}
    if manifest is not None:
        rows, manifest_errors = load_manifest(manifest)
        errors.extend(input_error(e) for e in manifest_errors)
    raws = with_overrides(read_inputs(paths, settings, rows), overrides or {})
    nlp = nlp or build_nlp(settings)
    return _collected(iter_documents(raws, nlp, settings), settings, errors, on_outcome)


def _collected(outcomes: Iterable[Outcome], settings: Settings, errors: list[InputError],
               on_outcome: Callable[[Outcome], None] | None = None) -> Analysis:
    """The analysis of these outcomes. Each analysed document's lead and claims go to the
    sentence encoder at once, so that the comparison finds them encoded."""
    prefetched = Prefetching(settings.embeddings) if settings.compare else None
    lexicon = load_knowledge(settings.kb_overlay).compare
    documents: list[Document] = []
    for outcome in outcomes:
        if outcome.document is not None:
            documents.append(outcome.document)
            if prefetched is not None and outcome.document.status == "analysed":
                prefetched.prefetch([lead(outcome.document), *claim_sentences(outcome.document, lexicon)])
        if outcome.error is not None:
            errors.append(outcome.error)
        if on_outcome is not None:
            on_outcome(outcome)
    return finish(documents, errors, settings, prefetched)


def with_overrides(raws: Iterable[RawDocument | IngestError],
                    overrides: dict[str, str]) -> Iterator[RawDocument | IngestError]:
    for raw in raws:
        if isinstance(raw, RawDocument):
            raw.meta.update({k: v for k, v in overrides.items() if v})
        yield raw


def finish(documents: list[Document], errors: list[InputError], settings: Settings,
           prefetched: Prefetching | None = None) -> Analysis:
    """The run's analysis: documents, errors, the dyad table and, for two or more analysed
    documents, the cross-source comparison (with the sentence embeddings `prefetched`, if any)."""
    from importlib.metadata import version

    analysed = [d for d in documents if d.status == "analysed"]
    lexicon = load_knowledge(settings.kb_overlay).compare
    comparison = None
    if settings.compare and len(analysed) >= 2:
        comparison = compare(analysed, prefetched or settings.embeddings, settings.story_similarity, lexicon=lexicon)
    elif prefetched is not None:
        prefetched.stop()
    return Analysis(tool_version=version(package_name), model=settings.model,
                    created=dt.datetime.now(dt.UTC).replace(microsecond=0),
                    documents=documents, errors=errors, dyads=dyads(analysed), comparison=comparison)


def analyze(paths: str | Path | Iterable[str | Path], settings: Settings | None = None, *,
            manifest: str | Path | None = None, out: str | Path | None = None, db: str | Path | None = None,
            **overrides: str) -> Analysis:
    """Analyse files, directories or URLs: `rashomon.analyze("examples/")`. With `out`, also
    write analysis.json and report.html there; with `db`, the rows into that DuckDB file."""
    from .outputs import write_outputs

    settings = settings or Settings()
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    analysis = run([str(p) for p in items], settings, Path(manifest) if manifest else None, overrides)
    write_outputs(analysis, Path(out) if out is not None else None, Path(db) if db is not None else None)
    return analysis


def analyze_texts(texts: Iterable[str], settings: Settings | None = None, *,
                  published: str | None = None, nlp: Language | None = None) -> Analysis:
    """Analyse strings directly: `rashomon.analyze_texts(["..."], published="2025-06-19")`."""
    settings = settings or Settings()
    raws = [RawDocument(t, f"<text {i}>", {"published": published} if published else {})
            for i, t in enumerate(texts)]
    nlp = nlp or build_nlp(settings)
    order = {raw.source: i for i, raw in enumerate(raws)}
    outcomes = sorted(iter_documents(raws, nlp, settings),  # unsupported texts come back early
                      key=lambda o: order[o.document.source] if o.document else len(order))
    return _collected(outcomes, settings, [])
