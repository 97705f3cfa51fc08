"""How fast the workbench's pages answer on a store of 5,000 documents.

The store is the bundled examples, analysed once (with their comparison), then copied in SQL
until it holds `--documents` documents: each copy gets its own ids, a later date and one of 40
outlets, and every row that points at a document (actors, mentions, events, statements, flags,
stance, findings and their citations, story memberships) points at its copy. The pages are then requested
through Starlette's test client, in process, `--repeat` times each; the median is printed.

    python benchmarks/serve_latency.py [--documents 5000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
from starlette.testclient import TestClient

from rashomon import analyze
from rashomon.serve import create_app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OUTLETS = 40

# Each table's copy n: the columns that name a document, an id or a date are rewritten.
COPIES = {
    "documents": "SELECT id || '-' || n, source, title, author, outlet || ' ' || (n % {outlets}), url, "
                 "published + (n % 365)::INTEGER, language, genre, status, word_count, text, analysed_at, "
                 "analysis_key, record",
    "actors": "SELECT document_id || '-' || n, actor_id, name, kind, country, sector, wikidata, title, known, "
              "mention_count",
    "mentions": "SELECT document_id || '-' || n, actor_id, start_char, end_char, text, sentence, how, sector",
    "events": "SELECT id || '-' || n, document_id || '-' || n, type, mode, quad, actor_ids, actor_names, "
              "recipient_ids, recipient_names, negated, modality, date + (n % 365)::INTEGER, date_text, speaker_id, "
              "text, evidence",
    "quotes": "SELECT id || '-' || n, document_id || '-' || n, speaker_id, speaker_name, speaker_text, text, kind, "
              "cue, start_char, end_char",
    "flags": "SELECT id || '-' || n, document_id || '-' || n, kind, actor_id, actor_name, text, message, "
             "start_char, end_char",
    "stance": "SELECT document_id || '-' || n, actor_id, actor_name, score, role, subrole, sentences",
    "findings": "SELECT id || '-' || n, kind, topic, detail, list_transform(document_ids, lambda d: d || '-' || n), "
                "regexp_replace(citations::VARCHAR, '\"document\": \"([0-9a-f]+)\"', "
                "'\"document\": \"\\1-' || n || '\"', 'g')::JSON, found_at",
    "stories": "SELECT story_id, document_id || '-' || n, comparison_id || '-' || n",
}


def build(path: Path, documents: int) -> None:
    analyze(EXAMPLES, db=path)
    con = duckdb.connect(str(path))
    try:
        originals = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        copies = -(-documents // originals)
        for table, select in COPIES.items():
            con.execute(f"CREATE TEMP TABLE base AS SELECT * FROM {table}")
            con.execute(f"INSERT INTO {table} {select.format(outlets=OUTLETS)} "
                        f"FROM base, range(1, {copies}) AS c(n)")
            con.execute("DROP TABLE base")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def pages(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    story = con.execute("SELECT max(comparison_id || '-' || story_id) FROM stories").fetchone()[0]
    document = con.execute("SELECT id FROM documents ORDER BY word_count DESC LIMIT 1").fetchone()[0]
    return {
        "stories": "/", "stories, page 20": "/?page=20", "search 'missiles Qatar'": "/search?q=missiles+Qatar",
        "story": f"/stories/{story}", "document": f"/documents/{document}?hl=200-300",
        "actor: Iran": "/actors/IRN", "actor: Donald Trump": "/actors/person:donald-trump",
        "events": "/events", "events, filtered": "/events?quad=material_conflict&actor=Iran&start=2025-06-01",
        "events, page 100": "/events?page=100", "add": "/add", "sql": "/sql",
    }


def timed(client: TestClient, method: str, url: str, repeat: int, **options: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.request(method, url, **options)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.duckdb"
        build(path, args.documents)
        con = duckdb.connect(str(path), read_only=True)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COPIES}
        urls = pages(con)
        con.close()
        print(", ".join(f"{n:,} {t}" for t, n in counts.items()))
        with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
            # The server's first search builds the full-text index (once, and after each addition).
            results = {"search, first (index built)": timed(client, "GET", urls["search 'missiles Qatar'"], 1)}
            results.update({name: timed(client, "GET", url, args.repeat) for name, url in urls.items()})
            results["sql: events by type"] = timed(client, "POST", "/sql", args.repeat, data={
                "sql": "SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"})
            results["export CSV, filtered"] = timed(client, "GET", "/events.csv?quad=material_conflict&actor=Iran",
                                                    args.repeat)
    print(f"{'page':<28} median ms (of {args.repeat})")
    for name, ms in results.items():
        print(f"{name:<28} {ms:8.1f}")
    print(f"slowest page: {max(results.values()):.0f} ms")


if __name__ == "__main__":
    main()
