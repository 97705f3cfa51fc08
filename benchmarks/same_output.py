"""Does a change keep the analysis the same? Runs `rashomon analyze` on the same inputs with the
code of an earlier commit and with the working tree, and lists every difference in analysis.json
(apart from the run's timestamp and tool version).

    python benchmarks/same_output.py --against 30e426c examples
    python benchmarks/same_output.py --against HEAD ../shared/seeds --manifest ../shared/eval/seeds.manifest.csv

The earlier commit is checked out into a temporary git worktree and run from there with this
environment's packages (PYTHONPATH puts its `src/` first). `--documents-only` leaves out the
comparison. Exit status 0 when the outputs are identical, 1 when they differ."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN_CLI = "from rashomon.cli import main; main()"
IGNORED = frozenset({"created", "tool_version"})


def analysis_at(src: Path, inputs: list[str], extra: list[str], out: Path) -> dict[str, Any]:
    """analysis.json of `rashomon analyze` run with the package in `src`."""
    env = {**os.environ, "PYTHONPATH": str(src), "RASHOMON_CACHE_DIR": str(out / "cache")}
    command = [sys.executable, "-c", RUN_CLI, "analyze", *inputs, "--out", str(out), "--no-store", "--quiet", *extra]
    subprocess.run(command, env=env, check=False, cwd=ROOT)
    return json.loads((out / "analysis.json").read_text(encoding="utf-8"))


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted((set(old) | set(new)) - IGNORED):
            if key not in old or key not in new:
                found.append(f"{path}.{key}: only in the {'new' if key in new else 'old'} output")
            else:
                found += differences(old[key], new[key], f"{path}.{key}")
        return found
    if isinstance(old, list) and isinstance(new, list):
        found = [f"{path}: {len(old)} items, now {len(new)}"] if len(old) != len(new) else []
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            found += differences(a, b, f"{path}[{i}]")
        return found
    return [] if old == new else [f"{path}: {str(old)[:80]!r} -> {str(new)[:80]!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--against", default="HEAD", help="the commit to compare with (default HEAD)")
    parser.add_argument("--manifest")
    parser.add_argument("--documents-only", action="store_true")
    args = parser.parse_args()
    extra = (["--manifest", args.manifest] if args.manifest else []) + (["--no-compare"] if args.documents_only
                                                                          else [])
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.against], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            old = analysis_at(tree / "src", args.inputs, extra, Path(tmp) / "old")
            new = analysis_at(ROOT / "src", args.inputs, extra, Path(tmp) / "new")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    found = differences(old, new)
    print(f"{len(found)} differences against {args.against}")
    print("\n".join(found[:50]))
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
