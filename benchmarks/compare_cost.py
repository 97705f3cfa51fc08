"""Cost of the cross-source comparison: the same run over the bundled examples with and without
it, in one process (best of four rounds each; the spaCy pipeline loaded once beforehand).

    python benchmarks/compare_cost.py
"""

from __future__ import annotations

import time
from pathlib import Path

from rashomon.config import Settings
from rashomon.pipeline import build_nlp, run

EXAMPLES = str(Path(__file__).resolve().parent.parent / "examples")
ROUNDS = 4


def main() -> None:
    nlp = build_nlp(Settings())
    run([EXAMPLES], Settings(), nlp=nlp)  # warm-up: lazy loads, the sentence encoder
    best = {False: float("inf"), True: float("inf")}
    for _ in range(ROUNDS):
        for compare in (False, True):
            start = time.perf_counter()
            run([EXAMPLES], Settings(compare=compare), nlp=nlp)
            best[compare] = min(best[compare], time.perf_counter() - start)
    print(f"without comparison {best[False]:.2f} s, with {best[True]:.2f} s: "
          f"ratio {best[True] / best[False]:.2f}")


if __name__ == "__main__":
    main()
