"""The workbench over HTTP (Starlette's test client): pages, filters, exports, search, the Add
queue, the token, the security headers and the read-only SQL page."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from rashomon import store
from rashomon.serve import create_app, fulltext
from rashomon.serve.highlight import Span, marked
from rashomon.serve.queries import EventFilter
from rashomon.sources import source_name

BASE = "http://127.0.0.1"


def client(path: Path, **options) -> TestClient:
    return TestClient(create_app(path, **options), base_url=BASE)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    with client(tmp_path / "empty.duckdb", sql_limits=(100, 0.5)) as c:
        yield c


@pytest.fixture(scope="module")
def examples(workbench_store: Path, tmp_path_factory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("serve") / "store.duckdb"
    shutil.copy(workbench_store, path)
    with client(path) as c:
        yield c


# ---- without the model -------------------------------------------------------------------------
@pytest.mark.parametrize("sql", [
    "INSERT INTO documents (id) VALUES ('x')",
    "DELETE FROM documents",
    "ATTACH '{dir}/other.duckdb' AS other",
    "COPY documents TO '{dir}/out.csv'",
    "SELECT 1; DROP TABLE documents",
    "SET enable_external_access = true",
    "SELECT * FROM read_text('{dir}/secret.txt')",
    "CREATE TABLE t AS SELECT 1",
    "INSTALL fts",
])
def test_the_sql_page_runs_nothing_that_writes_attaches_or_reads_a_file(empty: TestClient, tmp_path: Path,
                                                                        sql: str) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    response = empty.post("/sql", data={"sql": sql.format(dir=tmp_path)})
    assert response.status_code == 400
    assert 'id="sql-error"' in response.text
    assert "secret" not in response.text.replace("secret.txt", "")
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()
    assert "1 row(s)" in empty.post("/sql", data={"sql": "SELECT count(*) AS n FROM documents"}).text


def test_the_sql_page_stops_at_its_row_and_time_limits(empty: TestClient) -> None:
    rows = empty.post("/sql", data={"sql": "SELECT * FROM range(5000)"})
    assert rows.status_code == 200 and "100 row(s), cut at the limit" in rows.text
    started = time.monotonic()
    slow = empty.post("/sql", data={"sql": "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range % 7 "
                                           "= b.range"})
    assert "time limit" in slow.text
    assert time.monotonic() - started < 10


def test_every_response_carries_a_csp_without_inline_script_or_eval(empty: TestClient) -> None:
    response = empty.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_request_for_another_host_is_refused(empty: TestClient) -> None:
    assert empty.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_a_post_from_another_origin_is_refused(empty: TestClient) -> None:
    response = empty.post("/sql", data={"sql": "SELECT 1"}, headers={"origin": "http://attacker.example"})
    assert response.status_code == 403


def test_with_a_token_every_request_needs_it_and_a_first_visit_sets_a_cookie(tmp_path: Path) -> None:
    with client(tmp_path / "t.duckdb", token="s3cret") as c:
        assert c.get("/events").status_code == 401
        assert c.get("/static/app.css").status_code == 401
        assert c.get("/events?token=wrong").status_code == 401
        first = c.get("/events?quad=verbal_conflict&token=s3cret", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/events?quad=verbal_conflict"
        assert "httponly" in first.headers["set-cookie"].lower()
        assert c.get("/events").status_code == 200  # the cookie now
    with client(tmp_path / "t.duckdb", token="s3cret") as c:
        assert c.get("/events", headers={"x-rashomon-token": "s3cret"}).status_code == 200


@pytest.mark.parametrize(("fields", "files", "message"), [
    ({}, None, "paste a text"),
    ({"url": "file:///etc/passwd"}, None, "only http"),
    ({"url": "/etc/passwd"}, None, "only http"),
    ({"text": "Iran and Qatar met.", "published": "next week"}, None, "invalid date"),
    ({}, {"file": ("tool.exe", b"MZ\x90\x00", "application/octet-stream")}, "not accepted"),
    ({}, {"file": ("big.txt", b"word " * 500_000, "text/plain")}, "limit"),
])
def test_the_add_page_refuses_what_it_cannot_take(empty: TestClient, fields: dict, files: dict | None,
                                                  message: str) -> None:
    response = empty.post("/add", data=fields, files=files)
    assert response.status_code in (400, 413)
    assert message in response.text


def test_marked_text_escapes_the_article_and_links_mentions() -> None:
    text = 'Iran said "<script>alert(1)</script>".'
    html = str(marked(text, [Span(0, 4, "mention", "IRN"), Span(10, 38, "quote"), Span(10, 20, "hl")]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="mention" href="/actors/IRN">Iran</a>' in html
    assert html.count('id="hl"') == 1


def test_the_event_filter_drops_values_it_does_not_know() -> None:
    where = EventFilter.parse({"quad": "verbal_conflict", "type": "DROP TABLE", "start": "yesterday",
                               "negated": "yes", "page": "-3"})
    assert (where.quad, where.type, where.start, where.negated, where.page) == ("verbal_conflict", "", None, "yes", 0)
    assert len(where.problems) == 2
    assert where.query() == {"quad": "verbal_conflict", "negated": "yes"}


def test_a_source_is_named_by_outlet_title_and_date() -> None:
    assert source_name("Gulf Wire", "Talks end", "2025-06-20", "abc") == "Gulf Wire, “Talks end”, 2025-06-20"
    assert source_name(None, None, None, "0123456789abcdef") == "untitled document 01234567"
    assert source_name(None, None, "2025-06-19", "0123456789abcdef") == "untitled document 01234567, 2025-06-19"
    assert source_name("Gulf Wire", None, None) == "Gulf Wire"


# ---- on the bundled examples ---------------------------------------------------------------------
SEARCHED = [  # id, title, text
    ("weather", "Rain in the north", "Rain over the harbour all week; the budget came up once."),
    ("budget", "Budget talks", "The budget vote: budget cuts, a budget freeze and a budget in deficit."),
    ("sport", "A cup final", "The home side won on penalties."),
]


def searched_store(path: Path) -> Path:
    """A store of three documents, one statement and one event, written without the model."""
    con = store.connect(path)
    try:
        con.executemany("INSERT INTO documents (id, title, text, outlet, published) VALUES (?, ?, ?, 'Wire', "
                        "DATE '2025-06-24')", SEARCHED)
        con.execute("INSERT INTO quotes (id, document_id, speaker_name, text, start_char, end_char) VALUES "
                    "('q1', 'sport', 'Abbas Araghchi', 'We will answer any aggression.', 0, 10)")
        con.execute("INSERT INTO events (id, document_id, type, quad, actor_names, recipient_names, text) VALUES "
                    "('e1', 'weather', 'ASSAULT', 'material_conflict', ['Iran'], ['Qatar'], 'Missiles were fired.')")
    finally:
        con.close()
    return path


def documents_found(page: str) -> list[str]:
    section = page.split("<h3>Documents (", 1)[1].split("<h3>", 1)[0]
    return [part.split('"', 1)[0] for part in section.split('href="/documents/')[1:]]


def test_search_ranks_by_bm25_over_the_full_text_index(tmp_path: Path) -> None:
    path = searched_store(tmp_path / "s.duckdb")
    with client(path) as c:
        assert documents_found(c.get("/search", params={"q": "budget"}).text) == ["budget", "weather"]
        page = c.get("/search", params={"q": "harbours"}).text  # a word of the text only, in another form
        assert documents_found(page) == ["weather"] and 'id="search-fallback"' not in page
        assert "We will answer" in c.get("/search", params={"q": "araghchi"}).text  # a speaker's name
        assert "Iran ASSAULT Qatar" in c.get("/search", params={"q": "qatar assault"}).text  # actor and type
        with c.app.state.workbench.db.cursor() as cursor:
            cursor.execute("INSERT INTO documents (id, title, text) VALUES ('port', 'Harbour', 'The harbour.')")
        assert documents_found(c.get("/search", params={"q": "harbour"}).text) == ["weather"]  # the index as built
        c.app.state.workbench.db.fulltext.stale()  # as the Add page does
        assert documents_found(c.get("/search", params={"q": "harbour"}).text) == ["port", "weather"]
    assert rows("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts%'", path) == [(0,)]


def test_without_the_fts_extension_search_falls_back_to_ilike_and_says_so_once(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fulltext, "extension_path", lambda con: tmp_path / "missing" / fulltext.EXTENSION)
    with client(searched_store(tmp_path / "s.duckdb")) as c:
        page = c.get("/search", params={"q": "budget"}).text
        assert page.count('id="search-fallback"') == 1 and "could not be loaded" in page
        assert documents_found(page) == ["budget", "weather"]
        assert documents_found(c.get("/search", params={"q": "harbours"}).text) == []  # no stemming here
        assert "1 row(s)" in c.post("/sql", data={"sql": "SELECT count(*) FROM documents"}).text


def rows(sql: str, path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.model
def test_every_page_answers_on_the_examples(examples: TestClient, workbench_store: Path) -> None:
    story, document = rows("SELECT comparison_id || '-' || story_id, document_id FROM stories LIMIT 1",
                           workbench_store)[0]
    pages = ["/", "/search?q=ceasefire", f"/stories/{story}", f"/documents/{document}", "/actors/IRN",
             "/actors/person:donald-trump", "/events", "/add", "/sql"]
    for page in pages:
        response = examples.get(page)
        assert response.status_code == 200, page
        assert "examples/" not in response.text, page  # sources are named, never by path
    assert examples.get("/stories/none").status_code == 404
    assert examples.get("/documents/../../etc/passwd").status_code == 404


@pytest.mark.model
def test_the_stories_page_counts_each_storys_findings(examples: TestClient, workbench_store: Path) -> None:
    counted = rows("""SELECT s.comparison_id || '-' || s.story_id, count(*) FILTER (WHERE f.kind = 'contradiction')
                      FROM stories s JOIN findings f ON f.document_ids[1] = s.document_id
                      GROUP BY ALL""", workbench_store)
    page = examples.get("/").text
    assert counted
    for story, contradictions in counted:
        row = page.split(f'href="/stories/{story}"', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num">{contradictions}</td><td class="num">' in row


@pytest.mark.model
def test_findings_name_their_sources_by_outlet_title_and_date(workbench_store: Path) -> None:
    details = [d for (d,) in rows("SELECT detail FROM findings WHERE kind IN ('unique', 'framing')", workbench_store)]
    assert details
    assert not [d for d in details if ".txt" in d or "examples" in d]
    assert any("The Cornerstone Dispatch, “Twelve Days That Reset the Middle East”, 2025-06-25" in d for d in details)


@pytest.mark.model
def test_the_events_filter_and_its_exports_agree(examples: TestClient, workbench_store: Path) -> None:
    (expected,) = rows("SELECT count(*) FROM events WHERE quad = 'material_conflict' AND NOT negated",
                       workbench_store)[0]
    page = examples.get("/events", params={"quad": "material_conflict", "negated": "no"})
    assert f'<span id="event-count">{expected}</span>' in page.text
    exported = list(csv.DictReader(io.StringIO(examples.get("/events.csv?quad=material_conflict&negated=no").text)))
    assert len(exported) == expected and {r["quad"] for r in exported} == {"material_conflict"}
    lines = examples.get("/events.jsonl?quad=material_conflict&negated=no").text.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == expected and {r["quad_code"] for r in records} == {4}
    assert all(r["citation"]["name"] and r["offsets"] for r in records)
    fragment = examples.get("/events?actor=Iran&page=0", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith(("<p", "<table")) and "<html" not in fragment


@pytest.mark.model
def test_search_finds_documents_statements_and_events(examples: TestClient) -> None:
    page = examples.get("/search", params={"q": "missiles Qatar"}).text
    documents = page.split("<h3>Documents (", 1)[1]
    assert not documents.startswith("0)")
    assert "Statements (" in page and "Events (" in page
    assert examples.get("/search", params={"q": "zzzyxw"}).text.count("none") == 3


@pytest.mark.model
def test_a_pasted_article_is_analysed_stored_and_compared(nlp, workbench_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    shutil.copy(workbench_store, path)
    text = ("Iran fired missiles at the Al Udeid air base in Qatar on Monday, after the United States struck "
            "Iranian nuclear sites. Qatar condemned the attack as a violation of its airspace. President Donald "
            "Trump announced a ceasefire between Israel and Iran hours later. Israel and Iran each accused the "
            "other of breaking the truce within hours. Abbas Araghchi said Iran would stop if Israel stopped.")
    with client(path, load_nlp=lambda: nlp) as c:
        assert "Missiles over Doha" not in c.get("/search", params={"q": "Doha"}).text  # the index is built
        response = c.post("/add", data={"text": text, "title": "Missiles over Doha", "outlet": "Test Herald",
                                         "published": "2025-06-24"}, follow_redirects=False)
        assert response.status_code == 303
        job = response.headers["location"]
        for _ in range(300):
            page = c.get(job).text
            if 'id="job-done"' in page or 'id="job-error"' in page:
                break
            time.sleep(0.1)
        assert 'id="job-done"' in page, page
        assert "comparing with" in page
        document = page.split('href="/documents/', 1)[1].split('"', 1)[0]
        assert "Missiles over Doha" in c.get(f"/documents/{document}").text
        assert "Missiles over Doha" in c.get("/search", params={"q": "Doha"}).text  # and built again
    story = rows(f"SELECT story_id, comparison_id FROM stories WHERE document_id = '{document}'", path)
    assert len(story) == 1  # the new document joined a story of the comparison it was added to
    members = rows(f"SELECT count(*) FROM stories WHERE comparison_id = '{story[0][1]}' "
                   f"AND story_id = '{story[0][0]}'", path)
    assert members[0][0] >= 2
    assert rows(f"SELECT analysis_key IS NOT NULL FROM documents WHERE id = '{document}'", path) == [(True,)]


def test_the_serve_command_warns_on_a_non_loopback_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from rashomon.cli import app

    served: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: served.update(options))
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.duckdb"), "--host", "0.0.0.0",
                                      "--port", "8123", "--token", "abc"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "anyone who can reach this machine" in result.output
    assert "http://0.0.0.0:8123/?token=abc" in result.output
    assert served == {"host": "0.0.0.0", "port": 8123, "log_level": "warning"}
    quiet = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "t.duckdb")])
    assert "warning" not in quiet.output and "http://127.0.0.1:8000/" in quiet.output


def test_without_the_vendored_scripts_pages_say_so_once_and_load_none(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from rashomon.serve import state

    monkeypatch.setattr(state, "vendored", lambda: False)
    with client(tmp_path / "v.duckdb") as c:
        page = c.get("/events").text
    assert page.count('id="no-vendor"') == 1
    assert "/static/vendor/" not in page and '<script src="/static/app.js" defer>' in page
