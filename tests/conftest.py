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


# A document whose every field tries to run script: the workbench's XSS tests look for its effects.
PLANTED_TEXT = ("Qatar hosted talks between Iran and the United States in Doha on Monday. "
                "Foreign Minister Abbas Araghchi said: \"<img src=x onerror='window.__pwned = 1'> Iran will answer "
                "any attack.\" \"<script>window.__pwned = 1</script> Nothing was agreed,\" the Qatari spokesman "
                "Majed al-Ansari told reporters. Iran accused the United States of sabotaging the talks.")
PLANTED_META = {"published": "2025-06-20", "title": "<script>window.__pwned = 1</script>Talks in Doha",
                "outlet": "<img src=x onerror=\"window.__pwned = 1\">Gulf Wire",
                "url": "javascript:window.__pwned = 1"}


@pytest.fixture(scope="session")
def workbench_store(examples_analysis, nlp, tmp_path_factory) -> Path:
    """A store of the bundled examples (with their comparison) and the planted document. Tests
    that write to a store, or serve one, take a copy (`shutil.copy`)."""
    from rashomon import store
    from rashomon.ingest import RawDocument
    from rashomon.pipeline import iter_documents

    path = tmp_path_factory.mktemp("workbench") / "store.duckdb"
    planted = [o.document for o in iter_documents([RawDocument(PLANTED_TEXT, "planted.txt", dict(PLANTED_META))],
                                                  nlp, Settings()) if o.document]
    con = store.connect(path)
    try:
        store.save(con, examples_analysis)
        store.save_documents(con, planted, examples_analysis.created)
    finally:
        con.close()
    return path
