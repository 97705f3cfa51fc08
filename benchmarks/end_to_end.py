"""The whole `rashomon analyze` command against bare spaCy, each a separate process, in the same run.

    python benchmarks/end_to_end.py [--docs 500] [--corpus DIR] [--one-article] [--rounds 3] [--repeat 1]

A user waits for the command, not for the in-process components (benchmarks/throughput.py), so
every figure here is one child process from start to exit: interpreter and import start-up,
model load, parsing, the store, analysis.json and the report. Wall time and peak RSS come from
os.wait4 on each child.

1. One article (always first; `--one-article` stops after it): the longest bundled example,
   topped up to about 600 words, timed `--rounds` times, interleaved, as bare spaCy (load the
   model, parse the text) and as `rashomon analyze ARTICLE --out ... --db ...`. Prints the medians.
   Goals: rashomon <= 2.5 s and <= 1.5x spaCy.
2. A corpus: --docs distinct variants of the bundled examples (see benchmarks/corpus.py), or the
   articles in --corpus DIR. Timed as bare spaCy (`nlp.pipe`, batch_size 8, over the texts
   rashomon reads from the same files), `rashomon analyze CORPUS --no-compare` and
   `rashomon analyze CORPUS`, `--repeat` times, interleaved. Ratio = spaCy time / rashomon time
   (1.0: as fast as spaCy). Goals: >= 0.8 without the comparison, >= 0.7 with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import corpus

from rashomon.config import DEFAULT_MODEL, Settings
from rashomon.ingest import RawDocument, read_inputs

RASHOMON = Path(sys.executable).with_name("rashomon")
BATCH_SIZE = 8
# Bare spaCy in a child: argv is the model name and a JSON file holding the list of texts.
SPACY_SCRIPT = f"""
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
texts = json.loads(open(sys.argv[2], encoding="utf-8").read())
for _ in nlp.pipe(texts, batch_size={BATCH_SIZE}):
    pass
"""
RSS_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss counts bytes on macOS, KiB on Linux
LOG_TAIL = 2000  # characters of a failed child's output to show


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, process start to exit
    rss_mb: float  # peak resident set size


def run_child(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run `cmd` to its exit; output goes to `log`, shown if the command fails."""
    with log.open("wb") as out:
        start = time.perf_counter()
        with subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT) as proc:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL:]
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(cmd)}\n{tail}")
    return Run(wall, usage.ru_maxrss * RSS_BYTES / 2**20)


def spacy_cmd(texts: Path) -> list[str]:
    return [sys.executable, "-c", SPACY_SCRIPT, DEFAULT_MODEL, str(texts)]


def rashomon_cmd(source: Path, out: Path, compare: bool) -> list[str]:
    flags = [] if compare else ["--no-compare"]
    return [str(RASHOMON), "analyze", str(source), "--out", str(out), "--db", str(out / "x.duckdb"), *flags]


def texts_file(source: Path, work: Path) -> tuple[Path, int, int]:
    """The texts rashomon reads from `source`, as JSON for the spaCy child; with docs and words."""
    texts = [r.text for r in read_inputs([str(source)], Settings()) if isinstance(r, RawDocument)]
    path = work / f"{source.name}.texts.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    return path, len(texts), sum(len(t.split()) for t in texts)


def analysed(out: Path) -> int:
    return len(json.loads((out / "analysis.json").read_text(encoding="utf-8"))["documents"])


def summary(runs: list[Run]) -> Run:
    """Median wall time, highest peak RSS."""
    return Run(statistics.median(r.wall for r in runs), max(r.rss_mb for r in runs))


def one_article_section(work: Path, rounds: int) -> None:
    article = work / "article.txt"
    article.write_text(corpus.one_article().render(), encoding="utf-8")
    texts, _, words = texts_file(article, work)
    spacy_runs: list[Run] = []
    rashomon_runs: list[Run] = []
    for r in range(rounds):
        spacy_runs.append(run_child(spacy_cmd(texts), work, work / f"one-spacy-{r}.log"))
        out = work / f"one-{r}"
        rashomon_runs.append(run_child(rashomon_cmd(article, out, compare=True), work, out.with_suffix(".log")))
    bare, full = summary(spacy_runs), summary(rashomon_runs)
    print(f"one article: {words} words; median of {rounds} runs each, process start to exit")
    print(f"  bare spaCy (load + parse)  {bare.wall:6.2f} s  {bare.rss_mb:6.0f} MB")
    print(f"  rashomon analyze           {full.wall:6.2f} s  {full.rss_mb:6.0f} MB   (goal <= 2.5 s)")
    print(f"  rashomon / spaCy           {full.wall / bare.wall:6.2f} x              (goal <= 1.5 x)")


def corpus_section(source: Path, work: Path, repeat: int) -> None:
    texts, docs, words = texts_file(source, work)
    print(f"\ncorpus: {source}: {docs} documents, {words:,} words; {repeat} run(s) each, interleaved")
    runs: dict[str, list[Run]] = {"spacy": [], "no-compare": [], "compare": []}
    counts = {"spacy": docs}
    for r in range(repeat):
        runs["spacy"].append(run_child(spacy_cmd(texts), work, work / f"spacy-{r}.log"))
        for name in ("no-compare", "compare"):
            out = work / f"{name}-{r}"
            try:  # a failed rashomon run is reported in its row; the other figures still count
                runs[name].append(run_child(rashomon_cmd(source, out, name == "compare"), work,
                                            out.with_suffix(".log")))
            except RuntimeError as err:
                print(f"failed: {err}", file=sys.stderr)
                continue
            counts[name] = analysed(out)
    print_table(runs, counts, words)


def print_table(runs: dict[str, list[Run]], counts: dict[str, int], words: int) -> None:
    labels = {"spacy": ("bare spaCy (nlp.pipe, batch 8)", ""),
              "no-compare": ("rashomon analyze --no-compare", ">= 0.80"),
              "compare": ("rashomon analyze", ">= 0.70")}
    bare = summary(runs["spacy"]).wall
    print(f"  {'process':32s} {'wall s':>8s} {'peak RSS MB':>12s} {'docs':>6s} {'words/s':>8s} {'ratio':>6s}  goal")
    for name, (label, goal) in labels.items():
        if not runs[name]:
            print(f"  {label:32s} {'failed (see above)':>36s}")
            continue
        run = summary(runs[name])
        row = (f"  {label:32s} {run.wall:8.2f} {run.rss_mb:12.0f} {counts[name]:6d} {words / run.wall:8,.0f} "
               f"{bare / run.wall:6.2f}  {goal}")
        print(row.rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500, help="generated corpus size (distinct documents)")
    parser.add_argument("--corpus", type=Path, help="a directory of articles to use instead of generating")
    parser.add_argument("--seed", type=int, default=0, help="seed for the generated corpus")
    parser.add_argument("--one-article", action="store_true", help="only the one-article section")
    parser.add_argument("--corpus-only", action="store_true", help="only the corpus section")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each process for one article")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each process for the corpus")
    args = parser.parse_args()
    print(f"rashomon: {RASHOMON}; spaCy model: {DEFAULT_MODEL}")
    with tempfile.TemporaryDirectory(prefix="rashomon-e2e-") as tmp:
        work = Path(tmp)
        if not args.corpus_only:
            one_article_section(work, args.rounds)
        if args.one_article:
            return
        source = args.corpus.resolve() if args.corpus else corpus.write(corpus.variants(args.docs, args.seed),
                                                                         work / "corpus")
        corpus_section(source, work, args.repeat)


if __name__ == "__main__":
    main()
