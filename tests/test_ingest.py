"""Every bad input costs one named error and never the rest of the batch."""

from __future__ import annotations

import codecs
import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import IngestError
from rashomon.ingest import RawDocument, decode, load_manifest, read_inputs, split_header

GOOD = "Russia and Iran signed a treaty in Moscow.\n"


def read(paths, settings=None):
    results = list(read_inputs([str(p) for p in paths], settings or Settings()))
    docs = [r for r in results if isinstance(r, RawDocument)]
    errors = [r for r in results if isinstance(r, IngestError)]
    return docs, errors


def one_error(path, settings=None) -> IngestError:
    docs, errors = read([path], settings)
    assert not docs
    assert len(errors) == 1
    return errors[0]


def test_ingest_header_block_becomes_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("TITLE: A title\nOUTLET: The Ledger\nDATE: 2025-06-24\nAUTHOR: Ann Writer\n---\n" + GOOD)
    docs, errors = read([path])
    assert not errors
    assert docs[0].meta == {"title": "A title", "outlet": "The Ledger", "published": "2025-06-24",
                            "author": "Ann Writer"}
    assert docs[0].text == GOOD.strip()


def test_ingest_text_without_header_keeps_every_line():
    meta, body = split_header("Moscow: talks resumed.\nThe delegations met.")
    assert meta == {}
    assert body.startswith("Moscow: talks resumed.")


def test_ingest_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    err = one_error(tmp_path / "empty.txt")
    assert "empty" in err.reason and err.source.endswith("empty.txt")


def test_ingest_binary_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    assert "binary" in one_error(tmp_path / "blob.txt").reason


def test_ingest_file_over_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 400)
    err = one_error(tmp_path / "big.txt", Settings(max_bytes=1000))
    assert "larger than" in err.reason and "1,000" in err.reason


def test_ingest_utf16_with_bom_and_legacy_encoding_decode(tmp_path):
    (tmp_path / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + "Erdoğan met Putin.".encode("utf-16-le"))
    french = "Le président français a rencontré l’émir à Doha, déclaré Macron."
    (tmp_path / "cp1252.txt").write_bytes(french.encode("cp1252"))
    docs, errors = read([tmp_path / "u16.txt", tmp_path / "cp1252.txt"])
    assert not errors
    assert docs[0].text == "Erdoğan met Putin."
    assert "président" in docs[1].text


def test_ingest_undecodable_bytes(tmp_path):
    noise = bytes(range(128, 256)) * 8
    (tmp_path / "noise.txt").write_bytes(noise)
    with pytest.raises(IngestError, match="undecodable"):
        decode(noise, "noise.txt")
    assert "undecodable" in one_error(tmp_path / "noise.txt").reason


def test_ingest_malformed_jsonl_line_costs_that_line_only(tmp_path):
    lines = [json.dumps({"text": GOOD, "title": "one", "published": "2025-01-02"}), "{not json",
             json.dumps({"body": "Iran rejected the offer.", "outlet": "X"})]
    (tmp_path / "corpus.jsonl").write_text("\n".join(lines))
    docs, errors = read([tmp_path / "corpus.jsonl"])
    assert [d.meta.get("title") for d in docs] == ["one", None]
    assert docs[0].meta["published"] == "2025-01-02"
    assert docs[1].source.endswith("corpus.jsonl#3")
    assert len(errors) == 1 and errors[0].line == 2 and "malformed JSON" in errors[0].reason


def test_ingest_csv_rows_and_missing_text_column(tmp_path):
    (tmp_path / "good.csv").write_text('headline,content,date\n"T1","Israel struck Iran.",2025-06-13\n')
    (tmp_path / "bad.csv").write_text("title,url\nx,https://example.org\n")
    docs, errors = read([tmp_path / "good.csv", tmp_path / "bad.csv"])
    assert docs[0].text == "Israel struck Iran." and docs[0].meta["published"] == "2025-06-13"
    assert len(errors) == 1 and "no text column" in errors[0].reason and errors[0].source.endswith("bad.csv")


def test_ingest_html_main_text_and_html_without_text(tmp_path):
    body = "<p>" + "Iranian Foreign Minister Abbas Araghchi visited Moscow on Monday for talks. " * 6 + "</p>"
    (tmp_path / "page.html").write_text(f"<html><head><title>Visit</title></head><body><article>{body}"
                                        "</article></body></html>")
    (tmp_path / "blank.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    docs, errors = read([tmp_path / "page.html", tmp_path / "blank.html"])
    assert "Araghchi visited Moscow" in docs[0].text and "<p>" not in docs[0].text
    assert len(errors) == 1 and "no main text" in errors[0].reason


def test_ingest_unknown_extension_and_unreadable_path(tmp_path):
    (tmp_path / "notes.docx").write_text("x")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    _, errors = read([tmp_path / "notes.docx", tmp_path / "dangling.txt", tmp_path / "missing.txt"])
    reasons = {Path(e.source).name: e.reason for e in errors}
    assert "unknown file type '.docx'" in reasons["notes.docx"]
    assert "cannot read" in reasons["dangling.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_ingest_directory_is_expanded_and_broken_file_does_not_stop_it(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.md").write_text("Turkey hosted the talks in Istanbul.")
    docs, errors = read([tmp_path])
    assert len(docs) == 2 and len(errors) == 1


def test_ingest_manifest_invalid_date_is_one_error(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,published,outlet\na.txt,2025-06-19,Ledger\nb.txt,19th of Juney,Other\n")
    rows, errors = load_manifest(manifest)
    assert rows["a.txt"] == {"published": "2025-06-19", "outlet": "Ledger"}
    assert rows["b.txt"] == {"outlet": "Other"}
    assert len(errors) == 1 and errors[0].line == 3 and "invalid date" in errors[0].reason


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ingest_unreachable_url_connection_refused():
    err = one_error(f"http://127.0.0.1:{_free_port()}/article", Settings(url_timeout=2))
    assert "unreachable URL" in err.reason


def test_ingest_unreachable_url_timeout():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)  # accepts the connection, never answers
    try:
        err = one_error(f"http://127.0.0.1:{server.getsockname()[1]}/slow", Settings(url_timeout=0.5))
    finally:
        server.close()
    assert "unreachable URL" in err.reason and "timed out" in err.reason


def test_ingest_url_is_fetched_and_extracted(tmp_path):
    page = ("<html><head><title>Talks</title></head><body><article><p>"
            + "Turkey hosted delegations from Russia and Ukraine in Istanbul. " * 5 + "</p></article></body></html>")
    (tmp_path / "index.html").write_text(page)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        docs, errors = read([f"http://127.0.0.1:{httpd.server_address[1]}/index.html"])
    finally:
        httpd.shutdown()
    assert not errors and "Istanbul" in docs[0].text
