"""Does memory stay flat as a run grows? Analyses a generated corpus of distinct documents (the
bundled examples varied, see corpus.py) with `rashomon analyze` in a child process, and records
its resident set (VmRSS) and peak so far (VmHWM) as the committed count passes each checkpoint,
then the peak at the end (which includes writing analysis.json and report.html from the store).

    python benchmarks/memory.py                       # 10,000 documents, checkpoints 1k, 5k, 10k
    python benchmarks/memory.py --documents 2000 --checkpoints 500,1000,2000 --compare

Without --compare the goal is no growth between checkpoints and at most 1.5 GB in all.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import variants, write

COMMITTED = re.compile(r"\((\d+)/(\d+) inputs done\)")
GOAL_MB = 1536


def resident_mb(pid: int, field: str = "VmHWM") -> float:
    """The process's resident set now (VmRSS) or its peak so far (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(folder: Path, work: Path, checkpoints: list[int], compare: bool) -> tuple[dict[int, float], float, float]:
    """Peak RSS at each checkpoint, the final peak, and the wall time."""
    cmd = [sys.executable, "-c", "from rashomon.cli import main; main()", "analyze", str(folder),
           "--db", str(work / "memory.duckdb"), "--out", str(work / "out"), *([] if compare else ["--no-compare"])]
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen: dict[int, float] = {}
    final = 0.0
    last = ""
    for line in process.stderr:
        match = COMMITTED.search(line)
        if match is None:
            last = line.strip() or last
            continue
        done = int(match[1])
        final = resident_mb(process.pid)
        for checkpoint in checkpoints:
            if done >= checkpoint and checkpoint not in seen:
                seen[checkpoint] = final
                print(f"  {done:>6d} documents committed: RSS {resident_mb(process.pid, 'VmRSS'):7.0f} MiB, "
                      f"peak so far {final:7.0f} MiB", flush=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"rashomon analyze exited with status {status >> 8}: {last}")
    return seen, max(final, usage.ru_maxrss / 1024), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--checkpoints", default="1000,5000,10000")
    parser.add_argument("--compare", action="store_true", help="include the cross-source comparison")
    args = parser.parse_args()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    with tempfile.TemporaryDirectory(prefix="rashomon-memory-") as tmp:
        work = Path(tmp)
        folder = write(variants(args.documents), work / "corpus")
        print(f"{args.documents} documents, comparison {'on' if args.compare else 'off'}", flush=True)
        seen, final, wall = run(folder, work, checkpoints, args.compare)
    growth = seen[checkpoints[-1]] - seen[checkpoints[0]] if len(seen) == len(checkpoints) else float("nan")
    print(f"  end of run (outputs written): peak RSS {final:.0f} MiB; {wall:.0f} s, "
          f"{args.documents / wall:.1f} documents/s")
    print(f"  growth from {checkpoints[0]} to {checkpoints[-1]} documents: {growth:+.0f} MiB; "
          f"goal: no growth{'' if args.compare else ' without the comparison'}, at most {GOAL_MB} MiB in all: "
          f"{'met' if final <= GOAL_MB else 'missed'}")


if __name__ == "__main__":
    main()
