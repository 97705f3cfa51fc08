"""Settings layering: package defaults → `[tool.rashomon]` in ./pyproject.toml → `RASHOMON_*`
environment variables → explicit overrides; coercion and validation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rashomon.config import DEFAULT_MODEL, Settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No RASHOMON_* variable of the caller's shell leaks into these tests."""
    for key in list(os.environ):
        if key.startswith("RASHOMON_"):
            monkeypatch.delenv(key)


def write_pyproject(directory: Path, body: str) -> Path:
    (directory / "pyproject.toml").write_text(f'[project]\nname = "demo"\n\n[tool.rashomon]\n{body}\n')
    return directory


def test_without_pyproject_or_environment_the_package_defaults_apply(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.model == DEFAULT_MODEL
    assert settings.jobs == 1


def test_pyproject_without_a_rashomon_table_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.other]\njobs = 9\n')
    assert load_settings(tmp_path) == Settings()


def test_pyproject_overrides_defaults(tmp_path: Path) -> None:
    settings = load_settings(write_pyproject(tmp_path, 'jobs = 3\nembeddings = "lexical"'))
    assert settings.jobs == 3
    assert settings.embeddings == "lexical"
    assert settings.batch_size == Settings().batch_size


def test_pyproject_is_read_from_the_current_directory_when_no_cwd_is_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write_pyproject(tmp_path, "batch_size = 32"))
    assert load_settings().batch_size == 32


def test_dashes_in_pyproject_keys_name_the_underscored_settings(tmp_path: Path) -> None:
    settings = load_settings(write_pyproject(tmp_path, "max-bytes = 2048\nurl-timeout = 2.5\nstory-similarity = 0.4"))
    assert (settings.max_bytes, settings.url_timeout, settings.story_similarity) == (2048, 2.5, 0.4)


def test_environment_overrides_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_JOBS", "5")
    assert load_settings(write_pyproject(tmp_path, "jobs = 3")).jobs == 5


def test_explicit_override_beats_environment_and_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_JOBS", "5")
    assert load_settings(write_pyproject(tmp_path, "jobs = 3"), jobs=7).jobs == 7


def test_none_override_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_JOBS", "5")
    settings = load_settings(write_pyproject(tmp_path, 'model = "custom_model"'), jobs=None, model=None)
    assert (settings.jobs, settings.model) == (5, "custom_model")


def test_layers_merge_setting_by_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_BATCH_SIZE", "16")
    settings = load_settings(write_pyproject(tmp_path, "jobs = 2"), embeddings="onnx")
    assert (settings.jobs, settings.batch_size, settings.embeddings) == (2, 16, "onnx")
    assert settings.url_timeout == Settings().url_timeout


def test_environment_strings_are_coerced_to_the_setting_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_MAX_BYTES", "4096")
    monkeypatch.setenv("RASHOMON_URL_TIMEOUT", "2.5")
    monkeypatch.setenv("RASHOMON_STORY_SIMILARITY", "0.75")
    monkeypatch.setenv("RASHOMON_DB", "out/news.duckdb")
    monkeypatch.setenv("RASHOMON_KB_OVERLAY", "overlay.yaml")
    settings = load_settings(tmp_path)
    assert settings.max_bytes == 4096 and isinstance(settings.max_bytes, int)
    assert settings.url_timeout == 2.5 and isinstance(settings.url_timeout, float)
    assert settings.story_similarity == 0.75
    assert settings.db == Path("out/news.duckdb")
    assert settings.kb_overlay == Path("overlay.yaml")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("TRUE", True), ("1", True), ("yes", True),
                                               ("false", False), ("0", False), ("no", False), ("off", False)])
def test_bool_strings_are_coerced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("RASHOMON_COMPARE", raw)
    assert load_settings(tmp_path).compare is expected


def test_toml_booleans_stay_booleans(tmp_path: Path) -> None:
    assert load_settings(write_pyproject(tmp_path, "compare = false")).compare is False


def test_override_strings_are_coerced_too(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, jobs="4", db="elsewhere.duckdb")
    assert settings.jobs == 4
    assert settings.db == Path("elsewhere.duckdb")


def test_a_value_that_does_not_parse_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_JOBS", "many")
    with pytest.raises(ValueError):
        load_settings(tmp_path)


def test_unknown_setting_in_pyproject_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown setting.*colour"):
        load_settings(write_pyproject(tmp_path, 'colour = "red"'))


def test_unknown_override_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown setting.*threads"):
        load_settings(tmp_path, threads=4)


def test_unknown_environment_variable_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_COLOUR", "red")
    assert load_settings(tmp_path) == Settings()


@pytest.mark.parametrize(("name", "value", "message"), [
    ("max_bytes", 0, "max_bytes"), ("max_bytes", -1, "max_bytes"), ("url_timeout", 0, "url_timeout"),
    ("jobs", 0, "jobs"), ("batch_size", 0, "batch_size"),
    ("story_similarity", -0.1, "story_similarity"), ("story_similarity", 1.5, "story_similarity"),
    ("embeddings", "word2vec", "embeddings"),
])
def test_invalid_values_are_rejected(tmp_path: Path, name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**{name: value})
    with pytest.raises(ValueError, match=message):
        load_settings(tmp_path, **{name: value})


def test_invalid_value_from_pyproject_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jobs"):
        load_settings(write_pyproject(tmp_path, "jobs = 0"))


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_story_similarity_bounds_are_inclusive(value: float) -> None:
    assert Settings(story_similarity=value).story_similarity == value
