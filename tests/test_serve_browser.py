"""The workbench in Debian's Chromium: every page on the bundled examples, a filter, a citation,
a pasted article, a SQL query, and script planted in titles, outlets, URLs, statements and a
search that never runs. Screenshots go to test-artifacts/. The server runs in a thread of the
test process and is told to exit when the module is done."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from rashomon.serve import create_app
from rashomon.serve.state import vendored

from .conftest import PLANTED_META, ROOT

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.model]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(workbench_store: Path, nlp, tmp_path_factory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "store.duckdb"
    shutil.copy(workbench_store, path)
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(create_app(path, load_nlp=lambda: nlp), host="127.0.0.1", port=port,
                                             log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's chromium (make browser)")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield instance
        instance.close()


class Visit:
    """A page that records console errors and uncaught exceptions."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1366, "height": 900})
        self.page.on("console", lambda m: self.errors.append(f"{self.page.url}: {m.text}") if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))

    def go(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"))

    def assert_clean(self) -> None:
        assert self.page.evaluate("window.__pwned === undefined")
        assert self.page.locator("a[href^='javascript:' i]").count() == 0
        assert self.errors == []


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    v = Visit(browser, server)
    yield v
    v.page.close()


def test_every_page_draws_without_errors(visit: Visit) -> None:
    page = visit.go("/")
    assert page.locator("#stories tbody tr").count() >= 2
    visit.shot("stories")
    page.locator("#stories tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".source").count() >= 2
    if vendored():
        page.locator(".chart canvas").first.wait_for()
    visit.shot("story")
    page.locator(".source a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".article a.mention").count() > 5
    visit.shot("document")
    page.locator(".article a.mention").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h2", has_text="Say and do").count() == 1
    visit.shot("actor")
    for name, path in (("actor-iran", "/actors/IRN"), ("events", "/events"), ("add", "/add"), ("sql", "/sql")):
        visit.go(path)
        visit.shot(name)
    visit.assert_clean()


def test_a_filter_narrows_the_events_table(visit: Visit) -> None:
    page = visit.go("/events")
    before = int(page.locator("#event-count").text_content())
    page.select_option("select[name=quad]", "material_conflict")
    page.wait_for_url("**quad=material_conflict**")  # htmx pushes the address after the swap
    page.wait_for_load_state("networkidle")
    deadline = time.monotonic() + 10  # polled from here: wait_for_function's eval is refused by our CSP
    while page.locator("#event-count").text_content() == str(before) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    after = int(page.locator("#event-count").text_content())
    assert 0 < after < before
    assert page.locator("#events tbody .quad").count() == page.locator("#events tbody .q-material_conflict").count()
    assert "quad=material_conflict" in page.url
    visit.shot("events-filtered")
    visit.assert_clean()


def test_a_citation_opens_the_article_with_its_sentence_highlighted(visit: Visit) -> None:
    page = visit.go("/")
    page.locator("#stories tbody a").first.click()
    page.wait_for_load_state("networkidle")
    citation = page.locator("#contradiction a.cite, #agreement a.cite").first
    cited = citation.text_content().strip()
    citation.click()
    page.wait_for_load_state("networkidle")
    highlighted = page.locator(".article .hl")
    assert highlighted.count() >= 1
    assert " ".join(highlighted.all_text_contents()).split()[:4] == cited.split()[:4]
    assert page.locator("#hl").is_visible()
    visit.shot("citation")
    visit.assert_clean()


def test_a_pasted_article_is_added(visit: Visit) -> None:
    page = visit.go("/add")
    page.fill("input[name=title]", "Envoys meet again in Muscat")
    page.fill("input[name=outlet]", "The Test Harbour Times")
    page.fill("input[name=published]", "2025-06-27")
    page.fill("textarea[name=text]", "Oman hosted a second round of talks between Iran and the United States in "
                                     "Muscat on Friday. Iran's foreign minister said the talks were useful. "
                                     "Washington offered no comment.")
    page.click("form#add button[type=submit]")
    page.locator("#job-done, #job-error").first.wait_for(timeout=60_000)
    assert page.locator("#job-done").count() == 1
    page.locator("#job-done a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").text_content() == "Envoys meet again in Muscat"
    visit.shot("added")
    visit.assert_clean()


def test_a_sql_query_runs_and_a_write_is_refused(visit: Visit) -> None:
    page = visit.go("/sql")
    page.fill("textarea[name=sql]", "SELECT outlet, count(*) AS n FROM documents GROUP BY outlet ORDER BY n DESC")
    page.click("form#sql button[type=submit]")
    page.locator("table.sql").wait_for()
    assert page.locator("table.sql tbody tr").count() >= 9
    visit.shot("sql")
    page.fill("textarea[name=sql]", "DELETE FROM documents")
    page.click("form#sql button[type=submit]")
    page.locator("#sql-error").wait_for()
    assert "only SELECT" in page.locator("#sql-error").text_content()
    visit.assert_clean()


def test_planted_script_never_runs(visit: Visit) -> None:
    page = visit.go("/search?q=" + "Doha")
    visit.shot("search")
    link = page.locator(".search-results a", has_text="Gulf Wire").first
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").text_content() == PLANTED_META["title"]
    assert "<script>window.__pwned = 1</script>" in page.locator(".article").text_content()
    assert PLANTED_META["url"] in page.locator("main").text_content()  # shown as text, never as a link
    visit.shot("planted")
    visit.assert_clean()
    for path in ("/", "/events?actor=Iran", "/actors/QAT", "/actors/person:majed-al-ansari",
                 "/search?q=%3Cimg+src%3Dx+onerror%3Dwindow.__pwned%3D1%3E", "/search?q=script",
                 "/events?outlet=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"):
        visit.go(path)
        visit.assert_clean()
    page.fill("nav input[name=q]", "<img src=x onerror=window.__pwned=1>")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    visit.assert_clean()
