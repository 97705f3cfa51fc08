from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from rashomon.config import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    from rashomon.pipeline import build_nlp

    return build_nlp(Settings())


@pytest.fixture(scope="session")
def examples_analysis(nlp):
    from rashomon.pipeline import run

    return run([str(EXAMPLES)], Settings(), nlp=nlp)


@pytest.fixture
def analyse_text(nlp):
    """Analyse one string with a publication date: the Document."""
    from rashomon.pipeline import analyze_texts

    def run(text: str, published: str | None = "2025-06-19"):
        return analyze_texts([text], published=published, nlp=nlp).documents[0]

    return run


@cache
def benchmark_module(name: str) -> ModuleType:
    """benchmarks/<name>.py, imported by path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module
