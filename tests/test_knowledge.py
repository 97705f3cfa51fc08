"""One Knowledge per process, a compiled cache keyed by what it was built from."""

from __future__ import annotations

import os

from rashomon.knowledge import (
    KEEP_CACHED,
    _read_cache,
    _write_cache,
    default_cache_dir,
    knowledge_digest,
    load_knowledge,
)


def test_knowledge_is_loaded_once_per_process():
    assert load_knowledge() is load_knowledge()


def test_knowledge_digest_follows_the_overlay(tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("states: []\n")
    first = knowledge_digest(overlay)
    assert first == knowledge_digest(overlay) != knowledge_digest()
    overlay.write_text("states: []\nplaces: []\n")
    assert knowledge_digest(overlay) != first


def test_knowledge_cache_round_trip_and_bad_files(tmp_path):
    knowledge = load_knowledge()
    _write_cache(tmp_path, knowledge)
    again = _read_cache(tmp_path, knowledge.digest)
    assert again is not None and again is not knowledge and again.digest == knowledge.digest
    assert set(again.kb.entities) == set(knowledge.kb.entities)
    assert _read_cache(tmp_path, "0" * 24) is None  # another digest: never a stale file
    (tmp_path / f"knowledge-{knowledge.digest}.pickle").write_bytes(b"not a pickle")
    assert _read_cache(tmp_path, knowledge.digest) is None


def test_knowledge_cache_skips_an_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    _write_cache(blocker / "cache", load_knowledge())  # no error: built again next time
    assert not (blocker / "cache").exists()


def test_knowledge_cache_keeps_only_the_newest_files(tmp_path):
    for n in range(KEEP_CACHED + 3):
        old = tmp_path / f"knowledge-{n:024d}.pickle"
        old.write_bytes(b"")
        os.utime(old, (n, n))
    _write_cache(tmp_path, load_knowledge())
    assert len(list(tmp_path.glob("knowledge-*.pickle"))) == KEEP_CACHED
    assert (tmp_path / f"knowledge-{load_knowledge().digest}.pickle").exists()


def test_knowledge_cache_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("RASHOMON_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "rashomon"
