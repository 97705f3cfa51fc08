"""The report in real headless Chromium: loads without console errors, has its sections, a
planted <script> does not run, and a screenshot is kept as a test artifact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.ingest import RawDocument
from rashomon.pipeline import finish, iter_documents
from rashomon.report import write_report

from .conftest import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.model]

PLANTED = ("Qatar hosted talks between Iran and the United States in Doha. "
           "<script>document.title = 'PWNED'; window.__pwned = true;</script> "
           "<img src=x onerror=\"window.__pwned = true\"> The talks ended without agreement.")


@pytest.fixture(scope="module")
def report_path(nlp, tmp_path_factory) -> Path:
    raws = [RawDocument((EXAMPLES / name).read_text().split("---\n", 1)[1], name,
                        {"published": "2025-06-25", "title": name})
            for name in ("israel_iran_ceasefire_hawkish.txt", "israel_iran_ceasefire_critical.txt")]
    raws.append(RawDocument(PLANTED, "planted.txt", {"published": "2025-06-25"}))
    settings = Settings()
    outcomes = list(iter_documents(raws, nlp, settings))
    analysis = finish([o.document for o in outcomes if o.document], [], settings)
    return write_report(analysis, tmp_path_factory.mktemp("report") / "report.html")


def test_report_in_chromium(report_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's chromium (make browser)")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report_path.as_uri())
        for section in ("#overview", "#comparison", "#stance", "#network", "#timeline", "#documents"):
            assert page.locator(section).count() == 1, section
        assert page.title() != "PWNED"
        assert page.evaluate("window.__pwned === undefined")
        assert "<script>document.title" in page.locator("body").text_content()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
        browser.close()
    assert errors == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
