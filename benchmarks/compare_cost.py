"""Cost of the cross-source comparison as the corpus grows: `compare()` over 500, 2,000 and 5,000
documents, with its time and peak memory at each size and the growth from one size to the next.

The documents are variants of the bundled examples, analysed once by the spaCy pipeline: each
variant has its own id, is published later (a feed of `--per-day` documents a day, so a larger
corpus spans more days, as a news feed does), leaves out about one sentence in seven (with the
actors' mentions, events and quotes in it) and changes about a third of its numbers (a changed
toll is a contradiction for the comparison to find). Variants of one example read alike, so they
form one long story per example: the work that grows is within stories, which is what blocking
and the top-k neighbours bound. `--per-day` large puts many documents in one date window; within
a window the comparison still scores every pair (in chunks), so the time then grows faster.

    python benchmarks/compare_cost.py [--sizes 500 2000 5000] [--embeddings lexical] [--per-day 20]

Time is one run (the sentence encoder loaded beforehand), as wall-clock seconds and as CPU
seconds of this process (steadier on a shared machine; the growth is read from these); peak
memory is that of a second run under tracemalloc (which slows Python, so it is not timed),
counting only what the comparison allocates, not the documents themselves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rashomon import analyze
from rashomon.compare import CompareLexicon, compare
from rashomon.config import Settings
from rashomon.embeddings import load_embedder
from rashomon.knowledge import load_knowledge
from rashomon.model import Actor, Document, Event, Quote, Stance

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SIZES = (500, 2000, 5000)
DROP_SENTENCE = 1 / 7  # chance that a variant leaves a sentence out
CHANGE_NUMBER = 1 / 3  # chance that a variant changes a number
NUMBER = re.compile(r"\d+")
YEAR = re.compile(r"(19|20)\d\d")


def variant(base: Document, n: int, days_later: int, rng: random.Random) -> Document:
    """A distinct document made from `base`: same offsets, some sentences blanked out (spaces, so
    every offset stays valid), some numbers changed digit for digit, a later date."""
    dropped = {i for i in range(len(base.sentences)) if rng.random() < DROP_SENTENCE}
    chars = list(base.text)
    for i in dropped:
        start, end = base.sentences[i]
        chars[start:end] = " " * (end - start)
    for match in NUMBER.finditer(base.text):
        if not YEAR.fullmatch(match.group()) and rng.random() < CHANGE_NUMBER:
            digits = [str(rng.randint(1, 9))] + [str(rng.randint(0, 9)) for _ in match.group()[1:]]
            chars[match.start():match.end()] = digits
    text = "".join(chars)
    spans = [base.sentences[i] for i in dropped]

    def kept(offset: int) -> bool:
        return not any(start <= offset < end for start, end in spans)

    def same(words: str, start: int) -> str:
        """`words` as the variant has them, where they are the base text at `start`."""
        return text[start:start + len(words)] if base.text[start:start + len(words)] == words else words

    shift = dt.timedelta(days=days_later)
    return base.model_copy(update={
        "id": f"{base.id}-{n}", "source": f"{base.source}#variant-{n}", "text": text,
        "published": base.published + shift if base.published else None,
        "actors": [a for a in (_actor(a, dropped) for a in base.actors) if a.mention_count > 0],
        "events": [_event(e, shift, same) for e in base.events if kept(e.evidence[0].start)],
        "quotes": [_quote(q, same) for q in base.quotes if kept(q.start)],
        "stance": [_stance(s, base.text, same, kept) for s in base.stance],
    })


def _actor(actor: Actor, dropped: set[int]) -> Actor:
    mentions = [m for m in actor.mentions if m.sentence not in dropped]
    lost = len(actor.mentions) - len(mentions)
    return actor.model_copy(update={"mentions": mentions, "mention_count": actor.mention_count - lost})


def _event(event: Event, shift: dt.timedelta, same: Callable[[str, int], str]) -> Event:
    evidence = [e.model_copy(update={"text": same(e.text, e.start)}) for e in event.evidence]
    return event.model_copy(update={"evidence": evidence, "text": same(event.text, event.evidence[0].start),
                                    "date": event.date + shift if event.date else None})


def _quote(quote: Quote, same: Callable[[str, int], str]) -> Quote:
    return quote.model_copy(update={"text": same(quote.text, quote.start)})


def _stance(row: Stance, base_text: str, same: Callable[[str, int], str], kept: Callable[[int], bool]) -> Stance:
    at = {sentence: base_text.find(sentence) for sentence in row.sentences}
    return row.model_copy(update={"sentences": [same(s, a) for s, a in at.items() if a >= 0 and kept(a)]})


def corpus(bases: list[Document], size: int, per_day: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    return [variant(bases[n % len(bases)], n, n // per_day, rng) for n in range(size)]


@dataclass(frozen=True)
class Cost:
    wall: float  # seconds
    cpu: float  # seconds
    peak: float  # MiB
    stories: int
    findings: int


def measure(documents: list[Document], embeddings: str, lexicon: CompareLexicon) -> Cost:
    wall, cpu = time.perf_counter(), time.process_time()
    comparison = compare(documents, embeddings, lexicon=lexicon)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tracemalloc.start()
    compare(documents, embeddings, lexicon=lexicon)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Cost(wall, cpu, peak / 2**20, len(comparison.stories), len(comparison.findings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--embeddings", default="lexical", choices=["auto", "onnx", "torch", "lexical"])
    parser.add_argument("--per-day", type=int, default=20, help="documents published per day")
    args = parser.parse_args()
    bases = [d for d in analyze(str(EXAMPLES), Settings(compare=False)).documents if d.status == "analysed"]
    lexicon = load_knowledge().compare
    print(f"comparison by {load_embedder(args.embeddings)[0].name}, {args.per_day} documents a day")
    compare(corpus(bases, 20, args.per_day), args.embeddings, lexicon=lexicon)  # warm-up: loads the encoder
    print(f"{'documents':>9} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'stories':>8} {'findings':>9}  growth")
    last: tuple[int, Cost] | None = None
    for size in args.sizes:
        cost = measure(corpus(bases, size, args.per_day), args.embeddings, lexicon)
        growth = ""
        if last is not None:
            growth = (f"  x{size / last[0]:.1f} documents: CPU time x{cost.cpu / last[1].cpu:.2f}, "
                      f"memory x{cost.peak / last[1].peak:.2f}")
        print(f"{size:>9} {cost.wall:>7.2f} {cost.cpu:>7.2f} {cost.peak:>9.1f} {cost.stories:>8} {cost.findings:>9}"
              f"{growth}")
        last = (size, cost)


if __name__ == "__main__":
    main()
