"""The DuckDB store on hand-built documents: one row per record, re-runs replace rather than add,
findings keyed by what they say, the SQL helper and the exports."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from rashomon import store
from rashomon.errors import StoreError
from rashomon.model import (
    Actor,
    ActorRef,
    Analysis,
    Citation,
    Comparison,
    Document,
    Event,
    Evidence,
    Finding,
    Flag,
    Mention,
    Quote,
    Stance,
)

CREATED = dt.datetime(2025, 6, 23, 9, 30)
STRIKE_TEXT = ("Iran accused the United States of violating its sovereignty after American bombers struck nuclear "
               "sites at Fordow on Sunday. Foreign Minister Abbas Araghchi said the attack was \"outrageous\".")
QATAR_TEXT = ("Iran fired missiles at the Al Udeid air base in Qatar on Monday. Qatar said its air defences "
              "intercepted most of the missiles.")


def text_id(text: str) -> str:
    """Document ids are the first 16 hex digits of the text's sha256 (see `Document.id`)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def actor(text: str, actor_id: str, name: str, kind: str, *phrases: str, title: str | None = None) -> Actor:
    mentions = [Mention(start=s, end=e, text=p, sentence=text[:s].count(". "), how="name")
                for p in phrases for s, e in [span(text, p)]]
    return Actor(id=actor_id, name=name, kind=kind, country=actor_id if kind == "state" else "IRN", title=title,
                 known=True, mention_count=len(mentions), mentions=mentions)


def event(text: str, event_id: str, kind: str, quad: str, who: ActorRef, whom: ActorRef, sentence: str,
          trigger: str, date: dt.date | None = None) -> Event:
    start, end = span(text, sentence)
    return Event(id=event_id, type=kind, quad=quad, actor=[who], recipient=[whom], date=date,
                 date_text="on Sunday" if date else None, text=sentence,
                 evidence=[Evidence(start=start, end=end, text=sentence, trigger=trigger)])


def strike_document(events: bool = True) -> Document:
    """Iran on the American strikes: three actors, two events, a statement, a flag and a stance."""
    text, doc_id = STRIKE_TEXT, text_id(STRIKE_TEXT)
    actors = [actor(text, "IRN", "Iran", "state", "Iran"),
              actor(text, "USA", "United States", "state", "United States", "American"),
              actor(text, "person:abbas-araghchi", "Abbas Araghchi", "person", "Abbas Araghchi",
                    title="Foreign Minister")]
    iran, usa, araghchi = (ActorRef(id=a.id, name=a.name) for a in actors)
    first, second = text.split(". ")
    built = [event(text, f"{doc_id}-e0", "ACCUSE", "verbal_conflict", iran, usa, first + ".", "accused"),
             event(text, f"{doc_id}-e1", "ASSAULT", "material_conflict", usa, iran, first + ".", "struck",
                   dt.date(2025, 6, 22))] if events else []
    quote_start, quote_end = span(text, "the attack was \"outrageous\"")
    flag_start, flag_end = span(text, "on Sunday")
    return Document(
        id=doc_id, source="strike.txt", title="Iran accuses US", outlet="Example Wire",
        url="https://news.example/strike", published=dt.date(2025, 6, 22), language="en", genre="news",
        word_count=len(text.split()), text=text, sentences=[(0, len(first) + 1), (len(first) + 2, len(text))],
        actors=actors, events=built,
        quotes=[Quote(id=f"{doc_id}-q0", speaker=araghchi, speaker_text="Foreign Minister Abbas Araghchi",
                      text=text[quote_start:quote_end], kind="indirect", cue="said", start=quote_start,
                      end=quote_end)],
        flags=[Flag(id=f"{doc_id}-f0", kind="anachronism", actor=usa, text="on Sunday",
                    message="the strike is dated after publication", start=flag_start, end=flag_end)],
        stance=[Stance(document=doc_id, actor=usa, score=-0.6, role="antagonist", sentences=[second])])


def qatar_document() -> Document:
    """Iran's missiles at Al Udeid: two actors, one event, published a day after the strike story."""
    text, doc_id = QATAR_TEXT, text_id(QATAR_TEXT)
    actors = [actor(text, "IRN", "Iran", "state", "Iran"), actor(text, "QAT", "Qatar", "state", "Qatar")]
    iran, qatar = (ActorRef(id=a.id, name=a.name) for a in actors)
    sentence = text.split(". ")[0] + "."
    return Document(id=doc_id, source="https://news.example/qatar", published=dt.date(2025, 6, 23),
                    word_count=len(text.split()), text=text, actors=actors,
                    events=[event(text, f"{doc_id}-e0", "ASSAULT", "material_conflict", iran, qatar, sentence,
                                  "fired")])


def finding(kind: str, topic: str, *documents: Document, detail: str | None = None) -> Finding:
    return Finding(id=f"{kind}-{topic}", kind=kind, topic=topic, detail=detail,
                   citations=[Citation(document=d.id, source=d.source, text=d.events[0].text,
                                       start=d.events[0].evidence[0].start, end=d.events[0].evidence[0].end)
                              for d in documents])


def analysis(*documents: Document, findings: list[Finding] | None = None) -> Analysis:
    comparison = Comparison(findings=findings) if findings is not None else None
    return Analysis(tool_version="0.1.0", model="hand-built", created=CREATED, documents=list(documents),
                    comparison=comparison)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (*store.DOCUMENT_TABLES, "findings")}


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = store.connect(tmp_path / "rashomon.duckdb")
    yield connection
    connection.close()


def test_connect_creates_the_file_its_folder_and_every_table(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "store.duckdb"
    connection = store.connect(path)
    tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    connection.close()
    assert path.is_file()
    assert tables == set(store.TABLES)


def test_connect_read_only_to_a_missing_file_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        store.connect(tmp_path / "missing.duckdb", read_only=True)


def test_save_writes_one_row_per_record(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document(), findings=[]))
    assert counts(con) == {"documents": 1, "actors": 3, "mentions": 4, "events": 2, "quotes": 1, "flags": 1,
                           "stance": 1, "findings": 0}


def test_document_row_carries_its_metadata_text_and_analysis_time(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    row = con.execute("SELECT id, source, outlet, published, genre, status, word_count, text, analysed_at "
                      "FROM documents").fetchone()
    assert row == (text_id(STRIKE_TEXT), "strike.txt", "Example Wire", dt.date(2025, 6, 22), "news", "analysed",
                   len(STRIKE_TEXT.split()), STRIKE_TEXT, CREATED)


def test_actor_and_mention_rows(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    assert con.execute("SELECT actor_id, kind, title, mention_count FROM actors ORDER BY actor_id").fetchall() == [
        ("IRN", "state", None, 1), ("USA", "state", None, 2),
        ("person:abbas-araghchi", "person", "Foreign Minister", 1)]
    mentions = con.execute("SELECT text, start_char, end_char, sentence FROM mentions WHERE actor_id = 'USA' "
                           "ORDER BY start_char").fetchall()
    assert [(t, STRIKE_TEXT[s:e], n) for t, s, e, n in mentions] == [("United States", "United States", 0),
                                                                       ("American", "American", 0)]


def test_event_rows_keep_actors_date_and_evidence(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    row = con.execute("SELECT type, quad, actor_ids, actor_names, recipient_ids, date, date_text, evidence "
                      "FROM events WHERE type = 'ASSAULT'").fetchone()
    assert row[:7] == ("ASSAULT", "material_conflict", ["USA"], ["United States"], ["IRN"], dt.date(2025, 6, 22),
                       "on Sunday")
    assert [e["trigger"] for e in json.loads(row[7])] == ["struck"]


def test_quote_flag_and_stance_rows_name_their_actors(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    assert con.execute("SELECT speaker_id, speaker_name, kind, cue FROM quotes").fetchone() == (
        "person:abbas-araghchi", "Abbas Araghchi", "indirect", "said")
    assert con.execute("SELECT kind, actor_id, actor_name, text FROM flags").fetchone() == (
        "anachronism", "USA", "United States", "on Sunday")
    assert con.execute("SELECT actor_id, score, role, sentences FROM stance").fetchone() == (
        "USA", -0.6, "antagonist", [STRIKE_TEXT.split(". ")[1]])


def test_saving_the_same_documents_again_replaces_their_rows(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document(), qatar_document()))
    first = counts(con)
    store.save(con, analysis(strike_document(), qatar_document()))
    assert counts(con) == first


def test_a_new_analysis_of_the_same_text_drops_stale_rows(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    store.save(con, analysis(strike_document(events=False)))
    assert counts(con)["documents"] == 1
    assert counts(con)["events"] == 0


def test_two_documents_give_two_rows_and_replacing_one_keeps_the_other(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document(), qatar_document()))
    store.save(con, analysis(strike_document(events=False)))
    assert sorted(row[0] for row in con.execute("SELECT id FROM documents").fetchall()) == sorted(
        [text_id(STRIKE_TEXT), text_id(QATAR_TEXT)])
    assert con.execute("SELECT document_id, type FROM events").fetchall() == [(text_id(QATAR_TEXT), "ASSAULT")]


def test_a_failed_document_write_keeps_the_previous_rows(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    broken = strike_document()
    broken.events[1].id = broken.events[0].id
    with pytest.raises(StoreError, match="cannot store document"):
        store.save_documents(con, [broken], CREATED)
    assert counts(con)["events"] == 2
    assert counts(con)["quotes"] == 1


def test_a_broken_document_in_a_batch_costs_only_itself(con: duckdb.DuckDBPyConnection) -> None:
    broken, qatar = strike_document(), qatar_document()
    broken.events[1].id = broken.events[0].id
    with pytest.raises(StoreError, match="cannot store document") as caught:
        store.save_documents(con, [broken, qatar], CREATED)
    assert broken.source in str(caught.value)
    assert [row[0] for row in con.execute("SELECT id FROM documents").fetchall()] == [qatar.id]


def test_rows_of_every_type_survive_the_column_wise_insert(con: duckdb.DuckDBPyConnection) -> None:
    """Lists of equal length, dates, booleans, floats and NULLs come back as they went in."""
    strike = strike_document()
    store.save_documents(con, [strike, strike, qatar_document()], CREATED)  # the same document twice: once
    assert counts(con)["documents"] == 2
    event = strike.events[0]
    stored = con.execute("SELECT actor_ids, recipient_ids, negated, date FROM events WHERE id = ?",
                         [event.id]).fetchone()
    assert stored == ([r.id for r in event.actor], [r.id for r in event.recipient], event.negated, event.date)


def test_findings_are_stored_with_sorted_document_ids_and_their_citations(con: duckdb.DuckDBPyConnection) -> None:
    strike, qatar = strike_document(), qatar_document()
    store.save(con, analysis(strike, qatar, findings=[finding("unique", "Iran ASSAULT Qatar", qatar, strike)]))
    kind, topic, document_ids, citations, found_at = con.execute(
        "SELECT kind, topic, document_ids, citations, found_at FROM findings").fetchone()
    assert (kind, topic, found_at) == ("unique", "Iran ASSAULT Qatar", CREATED)
    assert document_ids == sorted([strike.id, qatar.id])
    assert [c["document"] for c in json.loads(citations)] == [qatar.id, strike.id]


def test_the_same_finding_saved_again_replaces_its_row(con: duckdb.DuckDBPyConnection) -> None:
    strike = strike_document()
    store.save(con, analysis(strike, findings=[finding("unique", "US ASSAULT Iran", strike, detail="first run")]))
    store.save(con, analysis(strike, findings=[finding("unique", "US ASSAULT Iran", strike, detail="second run")]))
    assert con.execute("SELECT detail FROM findings").fetchall() == [("second run",)]


def test_findings_that_differ_in_kind_topic_or_evidence_are_separate_rows(con: duckdb.DuckDBPyConnection) -> None:
    strike, qatar = strike_document(), qatar_document()
    store.save_findings(con, [finding("unique", "Iran ASSAULT Qatar", qatar),
                              finding("agreement", "Iran ASSAULT Qatar", qatar),
                              finding("unique", "US ASSAULT Iran", strike),
                              finding("unique", "US ASSAULT Iran", strike, qatar)], CREATED)
    assert counts(con)["findings"] == 4


def test_an_analysis_without_comparison_stores_no_findings(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document()))
    store.save_findings(con, [], CREATED)
    assert counts(con)["findings"] == 0


def test_saved_rows_persist_for_a_read_only_connection(tmp_path: Path) -> None:
    path = tmp_path / "rashomon.duckdb"
    writer = store.connect(path)
    store.save(writer, analysis(strike_document(), qatar_document()))
    writer.close()
    reader = store.connect(path, read_only=True)
    assert store.query(reader, "SELECT count(*) AS n FROM documents") == (["n"], [(2,)])
    reader.close()


def test_query_returns_column_names_and_rows(con: duckdb.DuckDBPyConnection) -> None:
    store.save(con, analysis(strike_document(), qatar_document()))
    columns, rows = store.query(con, "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type")
    assert columns == ["type", "n"]
    assert rows == [("ACCUSE", 1), ("ASSAULT", 2)]


def test_query_errors_raise_store_error(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(StoreError, match="query failed"):
        store.query(con, "SELECT * FROM no_such_table")


def test_quote_ident_doubles_embedded_quotes() -> None:
    assert store.quote_ident("events") == '"events"'
    assert store.quote_ident('a"b') == '"a""b"'


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_tables_writes_one_file_per_table(con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str) -> None:
    store.save(con, analysis(strike_document(), qatar_document()))
    written = store.export_tables(con, tmp_path / "out", fmt)
    assert written == [tmp_path / "out" / f"{table}.{fmt}" for table in store.TABLES]
    reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "parquet": "read_parquet"}[fmt]
    events = duckdb.connect().execute(f"SELECT count(*) FROM {reader}(?)", [str(written[3])]).fetchone()[0]
    assert events == 3


def test_export_csv_has_a_header_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    store.save(con, analysis(strike_document()))
    [path] = store.export_tables(con, tmp_path, "csv", tables=["quotes"])
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["speaker_name"] for row in rows] == ["Abbas Araghchi"]


def test_export_rejects_an_unknown_format(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        store.export_tables(con, tmp_path, "xlsx")


def test_plover_export_cites_each_event_oldest_story_first(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    store.save(con, analysis(qatar_document(), strike_document()))
    [path] = store.export_tables(con, tmp_path, "plover")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert path.name == "events.plover.jsonl"
    assert [(r["event"], r["quad_code"], r["citation"]["published"]) for r in records] == [
        ("ACCUSE", 3, "2025-06-22"), ("ASSAULT", 4, "2025-06-22"), ("ASSAULT", 4, "2025-06-23")]
    assert records[1]["actor"] == [{"code": "USA", "name": "United States"}]
    assert records[1]["date"] == "2025-06-22"
    start, end = records[0]["offsets"][0]
    assert STRIKE_TEXT[start:end] == records[0]["text"]


def test_quotes_export_gives_speaker_text_and_citation(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    store.save(con, analysis(strike_document()))
    [path] = store.export_tables(con, tmp_path, "quotes")
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert path.name == "quotes.jsonl"
    assert record["speaker"] == {"id": "person:abbas-araghchi", "name": "Abbas Araghchi",
                                 "as_written": "Foreign Minister Abbas Araghchi"}
    start, end = record["offsets"]
    assert STRIKE_TEXT[start:end] == record["text"] == 'the attack was "outrageous"'
    assert record["citation"]["url"] == "https://news.example/strike"
