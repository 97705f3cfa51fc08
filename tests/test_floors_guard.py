"""tests/data/floors.json may raise or add score floors, never lower or remove one: neither in an
uncommitted change (working tree against HEAD) nor in the last commit that touched it (against its parent).
Skipped where git or the .git folder is missing, as in an sdist."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

FLOORS_PATH = "tests/data/floors.json"


def numeric_leaves(table: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Every number in a nested dict, by its dotted path; strings such as `_comment` are not floors."""
    leaves: dict[str, float] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            leaves.update(numeric_leaves(value, f"{path}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            leaves[path] = value
    return leaves


def lowered_floors(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Each floor of `old` that `new` lowers or no longer has as a number; raised and new floors are fine."""
    current = numeric_leaves(new)
    problems = []
    for path, floor in numeric_leaves(old).items():
        if path not in current:
            problems.append(f"{path}: {floor} removed")
        elif current[path] < floor:
            problems.append(f"{path}: {floor} lowered to {current[path]}")
    return problems


def git(repo: Path, *args: str) -> str | None:
    """stdout of a git command in `repo`, None when it fails. GIT_* variables (set inside hooks) are dropped
    so the command reads `repo` and nothing else."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None


def floors_at(repo: Path, revision: str) -> dict[str, Any] | None:
    text = git(repo, "show", f"{revision}:{FLOORS_PATH}")
    return json.loads(text) if text is not None else None


def before_and_after_last_change(repo: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """floors.json in the parent of the last commit that touched it, and in that commit (empty if it deleted
    the file); skips when there is nothing to compare."""
    commit = (git(repo, "log", "-1", "--format=%H", "--", FLOORS_PATH) or "").strip()
    if not commit:
        pytest.skip("no commit touches floors.json")
    if git(repo, "rev-parse", "--verify", "--quiet", f"{commit}^") is None:
        pytest.skip(f"the parent of {commit[:12]} is not available (first commit or shallow clone)")
    before = floors_at(repo, f"{commit}^")
    if before is None:
        pytest.skip(f"{commit[:12]} added floors.json: nothing before it to compare with")
    return before, floors_at(repo, commit) or {}


def require_git(repo: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (repo / ".git").exists():
        pytest.skip(f"{repo} is not a git checkout (e.g. an unpacked sdist)")
    if git(repo, "rev-parse", "HEAD") is None:
        pytest.skip("git cannot read the repository or it has no commit yet")


FLOORS = {"quotes": {"_comment": "measured P 0.97", "overall": {"precision": 0.93, "recall": 0.93}},
          "events": {"events": {"recall": 0.45}, "date_accuracy": {"value": 0.9}}}


def floors_with(section: str, part: str, name: str, value: object) -> dict[str, Any]:
    changed = json.loads(json.dumps(FLOORS))
    changed[section].setdefault(part, {})[name] = value
    return changed


def test_unchanged_floors_pass() -> None:
    assert lowered_floors(FLOORS, json.loads(json.dumps(FLOORS))) == []


def test_raising_a_floor_passes() -> None:
    assert lowered_floors(FLOORS, floors_with("events", "events", "recall", 0.5)) == []


def test_adding_floors_passes() -> None:
    assert lowered_floors(FLOORS, floors_with("events", "events_quad", "f1", 0.6)) == []


def test_editing_or_dropping_a_comment_passes() -> None:
    changed = json.loads(json.dumps(FLOORS))
    changed["quotes"]["_comment"] = "measured again"
    assert lowered_floors(FLOORS, changed) == []
    del changed["quotes"]["_comment"]
    assert lowered_floors(FLOORS, changed) == []


def test_lowering_a_floor_fails() -> None:
    assert lowered_floors(FLOORS, floors_with("events", "events", "recall", 0.44)) == [
        "events.events.recall: 0.45 lowered to 0.44"]


def test_removing_a_floor_fails() -> None:
    changed = json.loads(json.dumps(FLOORS))
    del changed["events"]["date_accuracy"]
    assert lowered_floors(FLOORS, changed) == ["events.date_accuracy.value: 0.9 removed"]


def test_removing_a_section_reports_each_of_its_floors() -> None:
    changed = {"events": FLOORS["events"]}
    assert lowered_floors(FLOORS, changed) == ["quotes.overall.precision: 0.93 removed",
                                               "quotes.overall.recall: 0.93 removed"]


def test_a_floor_turned_into_a_string_counts_as_removed() -> None:
    assert lowered_floors(FLOORS, floors_with("events", "events", "recall", "0.45")) == [
        "events.events.recall: 0.45 removed"]


def test_the_checked_in_file_has_floors_to_guard() -> None:
    assert numeric_leaves(json.loads((ROOT / FLOORS_PATH).read_text()))


def test_history_check_catches_a_commit_that_lowered_a_floor(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path = tmp_path / FLOORS_PATH
    path.parent.mkdir(parents=True)
    assert git(tmp_path, "init", "-q") is not None
    for recall in (0.45, 0.4):
        path.write_text(json.dumps(floors_with("events", "events", "recall", recall)))
        assert git(tmp_path, "add", FLOORS_PATH) is not None
        assert git(tmp_path, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c",
                   "commit.gpgsign=false", "commit", "-q", "-m", f"recall {recall}") is not None
    assert lowered_floors(*before_and_after_last_change(tmp_path)) == ["events.events.recall: 0.45 lowered to 0.4"]


def test_working_tree_lowers_no_committed_floor() -> None:
    require_git(ROOT)
    committed = floors_at(ROOT, "HEAD")
    if committed is None:
        pytest.skip("floors.json is not in HEAD yet")
    assert lowered_floors(committed, json.loads((ROOT / FLOORS_PATH).read_text())) == []


def test_last_commit_to_floors_lowered_no_floor() -> None:
    require_git(ROOT)
    assert lowered_floors(*before_and_after_last_change(ROOT)) == []
