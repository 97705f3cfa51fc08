"""Throughput of the rashomon pipeline against bare spaCy, measured in the same run.

    python benchmarks/throughput.py [--words 150000] [--jobs 1] [--batch-size 8]

Builds a corpus of at least --words words by repeating the bundled examples, then times bare
spaCy (the same model and components, `nlp.pipe` with the same batch settings), each rashomon
component on the docs spaCy produced (its cost as a share of spaCy's time), building the
`rashomon/1` documents, and finally both pipelines end to end, streaming. Prints the ratios.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from rashomon.config import Settings
from rashomon.documents import from_doc
from rashomon.ingest import RawDocument, read_inputs
from rashomon.knowledge import load_knowledge
from rashomon.pipeline import COMPONENTS, PRE_PARSER, build_nlp, iter_documents

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def corpus(min_words: int) -> list[RawDocument]:
    base = [r for r in read_inputs([str(EXAMPLES)], Settings()) if isinstance(r, RawDocument)]
    docs: list[RawDocument] = []
    while sum(len(d.text.split()) for d in docs) < min_words:
        docs.extend(RawDocument(d.text, d.source, dict(d.meta)) for d in base)
    return docs


def prepared(nlp: spacy.language.Language, docs: list[RawDocument]):  # type: ignore[no-untyped-def]
    for raw in docs:
        doc = nlp.make_doc(raw.text)
        doc._.rashomon_published = raw.meta.get("published")
        yield doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()
    settings = Settings(jobs=args.jobs, batch_size=args.batch_size)
    docs = corpus(args.words)
    words = sum(len(d.text.split()) for d in docs)
    print(f"corpus: {len(docs)} documents, {words:,} words; jobs={args.jobs} batch_size={args.batch_size}")
    nlp = build_nlp(settings)
    cues = load_knowledge(settings.kb_overlay).documents
    list(iter_documents(iter(docs[:8]), nlp, settings))  # warm-up: caches, lazy loads

    # Each rashomon component timed on the docs bare spaCy produced, in pipeline order: its
    # cost relative to spaCy's own time, free of run-to-run noise in the parse itself.
    ours = [*PRE_PARSER, *COMPONENTS]
    with nlp.select_pipes(disable=ours):
        start = time.perf_counter()
        parsed = list(nlp.pipe(prepared(nlp, docs), batch_size=settings.batch_size, n_process=settings.jobs))
        bare = time.perf_counter() - start
    print(f"{'stage':36s} {'seconds':>8s} {'of spaCy':>9s}")
    print(f"{'bare spaCy (same model, nlp.pipe)':36s} {bare:8.2f} {1:9.0%}")
    total = 0.0
    for name in PRE_PARSER:  # timed on unparsed docs: they run before the parser
        component = nlp.get_pipe(name)
        start = time.perf_counter()
        for doc in prepared(nlp, docs):
            component(doc)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{'+ ' + name:36s} {seconds:8.2f} {seconds / bare:+9.1%}")
    for name in COMPONENTS:
        component = nlp.get_pipe(name)
        start = time.perf_counter()
        for doc in parsed:
            component(doc)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{'+ ' + name:36s} {seconds:8.2f} {seconds / bare:+9.1%}")
    start = time.perf_counter()
    for doc, raw in zip(parsed, docs, strict=True):
        from_doc(doc, raw, "en", cues)
    seconds = time.perf_counter() - start
    total += seconds
    print(f"{'+ building rashomon/1 documents':36s} {seconds:8.2f} {seconds / bare:+9.1%}")
    print(f"stage ratio (bare / bare + stages): {bare / (bare + total):.2f}")

    # End to end, streaming, in the same run.
    start = time.perf_counter()
    spacy_only = nlp.select_pipes(disable=ours)
    for _ in nlp.pipe(prepared(nlp, docs), batch_size=settings.batch_size, n_process=settings.jobs):
        pass
    bare_again = time.perf_counter() - start
    spacy_only.restore()
    start = time.perf_counter()
    for _ in iter_documents(iter(docs), nlp, settings):
        pass
    full = time.perf_counter() - start
    print(f"end to end: bare spaCy {words / bare_again:,.0f} words/s, rashomon {words / full:,.0f} words/s, "
          f"ratio {bare_again / full:.2f}")


if __name__ == "__main__":
    main()
