"""Durable runs, through the real command in separate processes: a run killed part-way leaves its
committed batches, and a second run completes it with rows identical to an uninterrupted run; a
second writer is told who holds the database (or waits for it); a full disk costs one line and
keeps what was committed; a Dask cluster gives the same rows as one process."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from rashomon import store

from .conftest import EXAMPLES

pytestmark = pytest.mark.model

RUN = [sys.executable, "-c", "from rashomon.cli import main; main()"]
STAMPS = {"analysed_at", "found_at", "comparison_id", "created", "started", "finished"}
EDITIONS = 4
BATCH = 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve distinct documents: three of our examples in four editions."""
    folder = tmp_path_factory.mktemp("corpus")
    for edition in range(EDITIONS):
        for example in sorted(EXAMPLES.glob("*.txt"))[:3]:
            text = example.read_text() + f"\nThis is edition {edition} of the piece.\n"
            (folder / f"{example.stem}_{edition}.txt").write_text(text)
    return folder


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [*RUN, "analyze", str(corpus), "--db", str(db), "--out", str(db.parent / "out"), "--no-compare", *extra]


def environment(tmp: Path) -> dict[str, str]:
    return {**os.environ, "RASHOMON_BATCH_SIZE": str(BATCH), "RASHOMON_CACHE_DIR": str(tmp / "cache")}


def started(args: list[str], env: dict[str, str], **popen: object) -> subprocess.Popen[str]:
    """A run in the background, returned once it has committed its first batch."""
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               **popen)  # type: ignore[call-overload]
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("committed"):
            return process
    process.wait()
    pytest.fail(f"the run never committed (exit {process.returncode})")


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, without the run's timestamps and ids."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {}
        for table in (*store.DOCUMENT_TABLES, "findings", "stories"):
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] not in STAMPS]
            tables[table] = sorted(con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
        return tables
    finally:
        con.close()


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    done = subprocess.run(command(corpus, db), env=environment(db.parent), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return rows(db)


def test_a_killed_run_resumes_to_the_same_rows(corpus, uninterrupted, tmp_path):
    db = tmp_path / "killed.duckdb"
    env = environment(tmp_path)
    process = started(command(corpus, db), env)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = rows(db)["documents"]
    assert 0 < len(kept) < 12, "killed after its first commit, before its last"
    resumed = subprocess.run(command(corpus, db), env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{12 - len(kept)} analysed · {len(kept)} skipped as already stored · 0 failed" in resumed.stderr
    after = rows(db)
    assert len(after["documents"]) == 12 == len({row[0] for row in after["documents"]})
    assert after == uninterrupted


def test_a_second_writer_is_told_who_holds_the_database_or_waits(corpus, tmp_path):
    db = tmp_path / "shared.duckdb"
    env = environment(tmp_path)
    first = started(command(corpus, db), env)
    refused = subprocess.run(command(corpus, db), env=env, capture_output=True, text=True)
    assert refused.returncode == 2
    assert f"database is in use by process {first.pid}" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    waiting = subprocess.run(command(corpus, db, "--wait", "300"), env=env, capture_output=True, text=True)
    assert first.wait() == 0
    assert waiting.returncode == 0, waiting.stderr
    assert "0 analysed · 12 skipped as already stored" in waiting.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone() == (12, 12)
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    finally:
        con.close()


def test_a_full_disk_is_one_line_and_keeps_the_committed_batches(corpus, tmp_path):
    db = tmp_path / "full.duckdb"

    def small_disk() -> None:  # files this process writes stop growing at 300 kB, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    full = subprocess.run(command(corpus, db), env=environment(tmp_path), capture_output=True, text=True,
                          preexec_fn=small_disk)
    assert full.returncode == 2
    error = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and "committed before are kept" in error[0], full.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT count(*) FROM documents").fetchone()
    finally:
        con.close()
    assert stored is not None and 0 < stored[0] < 12


def test_a_database_that_cannot_be_opened_is_one_line(corpus, tmp_path):
    (tmp_path / "a-directory.duckdb").mkdir()
    refused = subprocess.run(command(corpus, tmp_path / "a-directory.duckdb"), env=environment(tmp_path),
                             capture_output=True, text=True)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error:") and "cannot open database" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_dask_local_cluster_gives_the_rows_of_one_process(tmp_path):
    rows_of = {}
    for name, extra in (("single", []), ("dask", ["--dask", "local:2"])):
        db = tmp_path / f"{name}.duckdb"
        # the TF-IDF fallback: the encoder's batches differ by arrival order, and so may its last digits
        done = subprocess.run([*RUN, "analyze", str(EXAMPLES), "--db", str(db), "--out", str(tmp_path / name),
                               "--embeddings", "lexical", *extra], env=environment(tmp_path), capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        rows_of[name] = rows(db)
    assert rows_of["dask"]["documents"] and rows_of["dask"]["findings"]
    assert rows_of["dask"] == rows_of["single"]
