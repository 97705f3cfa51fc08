"""Throughput of the rashomon pipeline against bare spaCy, measured in the same run.

    python benchmarks/throughput.py [--words 150000] [--jobs 1] [--batch-size 8]

Builds a corpus of at least --words words by repeating the bundled examples, then times:
bare spaCy (the same model and components, `nlp.pipe` with the same batch settings), spaCy plus
each rashomon component added in turn, and the full pipeline (components plus building the
`rashomon/1` documents). Prints words/s for each and its ratio to bare spaCy; the cost of each
component is the drop from the line above it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from rashomon.config import Settings
from rashomon.ingest import RawDocument, read_inputs
from rashomon.pipeline import COMPONENTS, build_nlp, iter_documents

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def corpus(min_words: int) -> list[RawDocument]:
    base = [r for r in read_inputs([str(EXAMPLES)], Settings()) if isinstance(r, RawDocument)]
    docs: list[RawDocument] = []
    while sum(len(d.text.split()) for d in docs) < min_words:
        docs.extend(RawDocument(d.text, d.source, dict(d.meta)) for d in base)
    return docs


def timed_pipe(nlp: spacy.language.Language, docs: list[RawDocument], settings: Settings) -> float:
    def prepared():
        for raw in docs:
            doc = nlp.make_doc(raw.text)
            doc._.rashomon_published = raw.meta.get("published")
            yield doc

    start = time.perf_counter()
    for _ in nlp.pipe(prepared(), batch_size=settings.batch_size, n_process=settings.jobs):
        pass
    return time.perf_counter() - start


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

    full = build_nlp(settings)
    timed_pipe(full, docs[:8], settings)  # warm-up: caches, lazy loads
    rows: list[tuple[str, float]] = []
    bare = full.select_pipes(disable=list(COMPONENTS))
    rows.append(("bare spaCy", timed_pipe(full, docs, settings)))
    bare.restore()
    for i, name in enumerate(COMPONENTS):
        with full.select_pipes(disable=list(COMPONENTS[i + 1:])):
            rows.append((f"+ {name}", timed_pipe(full, docs, settings)))
    start = time.perf_counter()
    for _ in iter_documents(iter(docs), full, settings):
        pass
    rows.append(("rashomon pipeline (with documents)", time.perf_counter() - start))

    baseline = words / rows[0][1]
    print(f"{'stage':40s} {'words/s':>10s} {'ratio':>7s} {'added':>7s}")
    previous = rows[0][1]
    for label, seconds in rows:
        rate = words / seconds
        added = (seconds - previous) / rows[0][1]
        print(f"{label:40s} {rate:10,.0f} {rate / baseline:7.2f} {added:+7.1%}")
        previous = seconds
    print(f"ratio rashomon/bare spaCy: {baseline and (words / rows[-1][1]) / baseline:.2f}")


if __name__ == "__main__":
    main()
