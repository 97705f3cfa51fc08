"""The command line end to end: outputs, exit codes, the store and idempotent re-runs."""

from __future__ import annotations

import json
import shutil

import duckdb
import jsonschema
import pytest
from typer.testing import CliRunner

from rashomon.cli import app

from .conftest import EXAMPLES, ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two good articles and three broken inputs, analysed once."""
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    inputs.mkdir()
    for name in ("istanbul_talks_2025.txt", "fall_of_assad.txt"):
        shutil.copy(EXAMPLES / name, inputs / name)
    (inputs / "empty.txt").write_text("")
    (inputs / "notes.pdf").write_bytes(b"%PDF-1.4")
    (inputs / "rows.jsonl").write_text('{"text": "Iran rejected the offer, officials said."}\n{broken\n')
    out, db = root / "out", root / "store.duckdb"
    result = runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "--db", str(db), "--quiet",
                                 "--story-similarity", "0"])
    return result, out, db, inputs


@pytest.mark.model
def test_cli_analyze_writes_outputs_and_reports_failures(batch):
    result, out, _, _ = batch
    assert result.exit_code == 1
    analysis = json.loads((out / "analysis.json").read_text())
    assert analysis["schema"] == "rashomon/1"
    assert len(analysis["documents"]) == 3
    failed = {e["source"].rsplit("/", 1)[-1] + (f":{e['line']}" if e["line"] else "") for e in analysis["errors"]}
    assert failed == {"empty.txt", "notes.pdf", "rows.jsonl:2"}
    assert "empty.txt: file is empty" in result.output
    assert (out / "report.html").stat().st_size > 1000


@pytest.mark.model
def test_cli_analysis_validates_against_checked_in_schema(batch):
    _, out, _, _ = batch
    schema = json.loads((ROOT / "docs" / "schema.json").read_text())
    jsonschema.validate(json.loads((out / "analysis.json").read_text()), schema)


def test_cli_checked_in_schema_is_current():
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.output) == json.loads((ROOT / "docs" / "schema.json").read_text()), \
        "docs/schema.json is stale: run `make schema`"


@pytest.mark.model
def test_cli_rerun_adds_no_duplicate_rows(batch):
    _, out, db, inputs = batch

    def counts():
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("documents", "actors", "mentions", "events", "quotes", "flags", "stance",
                              "findings")}
        finally:
            con.close()

    before = counts()
    assert before["documents"] == 3 and before["actors"] > 10 and before["findings"] > 0
    again = runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "--db", str(db), "--quiet",
                                "--story-similarity", "0"])
    assert again.exit_code == 1
    assert counts() == before


@pytest.mark.model
def test_cli_sql_and_export(batch, tmp_path):
    _, _, db, _ = batch
    result = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM documents", "--db", str(db), "--json"])
    assert result.exit_code == 0 and '"n": 3' in result.output
    for fmt in ("jsonl", "csv", "parquet"):
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(tmp_path / fmt), "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / fmt / f"documents.{fmt}").stat().st_size > 0
    lines = (tmp_path / "jsonl" / "documents.jsonl").read_text().splitlines()
    assert len(lines) == 3 and "source" in json.loads(lines[0])


@pytest.mark.model
def test_cli_export_plover_and_quotes_cite_their_sources(batch, tmp_path):
    _, _, db, _ = batch
    for fmt, name in (("plover", "events.plover.jsonl"), ("quotes", "quotes.jsonl")):
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(tmp_path), "--db", str(db)])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in (tmp_path / name).read_text().splitlines()]
        assert records, fmt
        assert all(r["citation"]["source"] and r["text"] for r in records)
    events = [json.loads(line) for line in (tmp_path / "events.plover.jsonl").read_text().splitlines()]
    assert {"event", "actor", "recipient", "quad_code", "offsets", "date"} <= set(events[0])
    assert all(1 <= e["quad_code"] <= 4 and e["actor"] for e in events)


def test_cli_usage_errors_exit_2(tmp_path):
    missing_model = runner.invoke(app, ["analyze", str(EXAMPLES), "--model", "xx_no_such_model",
                                        "--out", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--quiet"])
    assert missing_model.exit_code == 2
    assert "not installed" in missing_model.output
    bad_date = runner.invoke(app, ["analyze", str(EXAMPLES), "--published", "someday", "--out", str(tmp_path)])
    assert bad_date.exit_code == 2 and "invalid date" in bad_date.output
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(tmp_path / "x.duckdb")]).exit_code == 2
    assert runner.invoke(app, ["analyze"]).exit_code == 2


@pytest.mark.model
def test_cli_stdin_and_metadata_flags(tmp_path):
    text = "Israel struck Iranian nuclear sites on Friday, the Israeli military said.\n"
    result = runner.invoke(app, ["analyze", "-", "--published", "2025-06-14", "--outlet", "Wire",
                                 "--out", str(tmp_path), "--no-store", "--quiet"], input=text)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "analysis.json").read_text())["documents"][0]
    assert document["source"] == "<stdin>"
    assert document["published"] == "2025-06-14" and document["outlet"] == "Wire"


def test_cli_unwritable_output_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "fall_of_assad.txt"), "--out", str(blocker / "out"),
                                 "--no-store", "--quiet"])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_cli_unexpected_failure_is_reported_as_a_bug(monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("rashomon.pipeline.build_nlp", broken)
    monkeypatch.delenv("RASHOMON_DEBUG", raising=False)
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(tmp_path), "--no-store"])
    assert result.exit_code == 3
    assert "ZeroDivisionError" in result.output and "bug in rashomon" in result.output


@pytest.mark.model
def test_api_writes_the_same_outputs_as_the_cli(tmp_path):
    import rashomon

    analysis = rashomon.analyze(EXAMPLES / "fall_of_assad.txt", out=tmp_path / "out", db=tmp_path / "x.duckdb")
    written = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in written["documents"]] == [d.id for d in analysis.documents]
    assert (tmp_path / "out" / "report.html").is_file()
    count = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True).execute("SELECT count(*) FROM documents")
    assert count.fetchone() == (1,)
