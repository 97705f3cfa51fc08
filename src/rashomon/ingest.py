"""Turn paths, URLs, stdin and corpora into raw documents (text + metadata).

Plain functions in the trafilatura manner. Bad content never raises out of `read_inputs`: it
yields an `IngestError` for that file (or corpus row) and goes on with the rest.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import IngestError

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
META_FIELDS = ("title", "author", "outlet", "url", "published", "language")
# Corpus and header column names accepted for each metadata field.
FIELD_ALIASES = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site", "media"),
    "url": ("url", "link"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_publish"),
    "language": ("language", "lang"),
}
# A NUL byte in the first block, outside UTF-16, means a binary file.
BINARY_PROBE_BYTES = 8192
# charset-normalizer "chaos" above this means the bytes are not text in any legacy encoding
# (set by hand on cp1252, latin-1, koi8-r and random bytes: text < 0.1, noise > 0.3).
MAX_DECODE_CHAOS = 0.2
# trafilatura falls back to any text on a page (a menu's "Home"); fewer words than this after
# extraction means the page has no article in it.
MIN_HTML_WORDS = 10


@dataclass(slots=True)
class RawDocument:
    text: str
    source: str
    meta: dict[str, str | None] = field(default_factory=dict)


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def expand_inputs(paths: Iterable[str]) -> Iterator[str | IngestError]:
    """Paths as given, directories expanded (sorted, recursive, hidden files skipped)."""
    for path in paths:
        if path == "-" or is_url(path):
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                parts = child.relative_to(p).parts
                hidden = any(part.startswith(".") for part in parts)
                if child.is_file() and not hidden and child.name.lower() != "readme.md":
                    yield str(child)
        elif p.exists() or p.is_symlink():
            yield path
        else:
            yield IngestError("no such file or directory", source=path)


def count_inputs(paths: Iterable[str]) -> int:
    """How many documents (and unreadable inputs) `read_inputs` will yield, counted before the
    run so that progress shows a total: one per file, URL or stdin, one per row of a corpus."""
    total = 0
    for item in expand_inputs(paths):
        total += _rows(item) if isinstance(item, str) else 1
    return total


def _rows(path: str) -> int:
    suffix = Path(path).suffix.lower()
    if path == "-" or is_url(path) or suffix not in CORPUS_SUFFIXES:
        return 1
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            if suffix == ".csv":
                return max(sum(1 for _ in csv.reader(fh)) - 1, 1)
            return max(sum(1 for line in fh if line.strip()), 1)
    except OSError:
        return 1


def read_inputs(paths: Iterable[str], settings: Settings,
                manifest: dict[str, dict[str, str]] | None = None) -> Iterator[RawDocument | IngestError]:
    """Every document the inputs hold, or an error for each one that cannot be read."""
    for item in expand_inputs(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            for result in _read_one(item, settings):
                if isinstance(result, RawDocument) and manifest:
                    result.meta.update(manifest.get(Path(item).name, {}))
                yield result
        except IngestError as err:
            yield err


def _read_one(path: str, settings: Settings) -> Iterator[RawDocument | IngestError]:
    if path == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        yield _from_text(decode(_check_size(data, path, settings), path), "<stdin>")
        return
    if is_url(path):
        data, content_type = fetch_url(path, settings)
        if "html" in content_type or data.lstrip()[:1] == b"<":
            yield from_html(decode(data, path), path)
        else:
            yield _from_text(decode(data, path), path)
        return
    suffix = Path(path).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES:
        raise IngestError(f"unknown file type '{suffix or '(none)'}'; expected one of "
                          + ", ".join(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | CORPUS_SUFFIXES)), path)
    text = decode(_read_bytes(path, settings), path)
    if suffix in HTML_SUFFIXES:
        yield from_html(text, path)
    elif suffix == ".csv":
        yield from _from_csv(text, path)
    elif suffix in CORPUS_SUFFIXES:
        yield from _from_jsonl(text, path)
    else:
        yield _from_text(text, path)


def _read_bytes(path: str, settings: Settings) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(settings.max_bytes + 1)
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}", path) from None
    return _check_size(data, path, settings)


def _check_size(data: bytes, path: str, settings: Settings) -> bytes:
    if len(data) > settings.max_bytes:
        raise IngestError(f"file is larger than the {settings.max_bytes:,}-byte limit "
                          "(raise it with --max-bytes)", path)
    if not data.strip():
        raise IngestError("file is empty", path)
    return data


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), then UTF-16 with a BOM, then a detected legacy encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("undecodable bytes: UTF-16 byte-order mark but invalid UTF-16", source) from None
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise IngestError("binary file (NUL bytes); expected text, HTML, JSONL or CSV", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_DECODE_CHAOS:
        raise IngestError("undecodable bytes: not UTF-8 or UTF-16, and no legacy encoding fits", source)
    return str(best)


def fetch_url(url: str, settings: Settings) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "rashomon (+https://rashomon.invalid)"})
    try:
        with urllib.request.urlopen(request, timeout=settings.url_timeout) as response:
            data = response.read(settings.max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        raise IngestError(f"unreachable URL: HTTP {err.code} {err.reason}", url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise IngestError(f"unreachable URL: {reason}", url) from None
    return _check_size(data, url, settings), content_type.lower()


HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_ -]{0,30}):\s*(.*)$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """A leading block of `Key: value` lines ended by `---` becomes metadata."""
    lines = text.lstrip("\ufeff").split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if line.strip() == "---":
            if meta:
                return meta, "\n".join(lines[i + 1:])
            break
        match = HEADER_LINE.match(line.strip())
        if not match:
            break
        key = _field_name(match.group(1))
        if key is None:
            break
        meta[key] = match.group(2).strip()
    return {}, text


def _field_name(key: str) -> str | None:
    key = key.strip().lower().replace(" ", "_").replace("-", "_")
    for name, aliases in FIELD_ALIASES.items():
        if key in aliases:
            return name
    return None


def _from_text(text: str, source: str) -> RawDocument:
    meta, body = split_header(text)
    return _document(body, source, meta)


def _document(body: str, source: str, meta: dict[str, str]) -> RawDocument:
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not body.strip():
        raise IngestError("document has no text", source)
    published = meta.get("published")
    if published:
        meta["published"] = parse_date(published, source)
    return RawDocument(body, source, {k: v for k, v in meta.items() if v})


def from_html(html: str, source: str) -> RawDocument:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            favor_precision=True)
    data: dict[str, Any] = extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") \
        else dict(extracted or {})
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise IngestError("HTML has no main text", source)
    meta = {"title": data.get("title"), "author": data.get("author"), "outlet": data.get("sitename"),
            "url": data.get("url"), "published": data.get("date"), "language": data.get("language")}
    return _document(text, source, {k: str(v) for k, v in meta.items() if v})


def _from_jsonl(text: str, path: str) -> Iterator[RawDocument | IngestError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield IngestError(f"malformed JSON: {err.msg} at column {err.colno}", path, number)
            continue
        if not isinstance(row, dict):
            yield IngestError("JSONL line is not an object", path, number)
            continue
        yield from _from_row(row, path, number)


def _from_csv(text: str, path: str) -> Iterator[RawDocument | IngestError]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [_field_name(c or "") for c in reader.fieldnames or []]
    if "text" not in columns:
        raise IngestError("CSV has no text column (expected one of: "
                          + ", ".join(FIELD_ALIASES["text"]) + ")", path)
    for row in reader:
        yield from _from_row(row, path, reader.line_num)


def _from_row(row: dict, path: str, number: int) -> Iterator[RawDocument | IngestError]:
    meta: dict[str, str] = {}
    text = None
    for key, value in row.items():
        name = _field_name(str(key or ""))
        if name is None or value in (None, ""):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if name == "text":
            text = str(value)
        else:
            meta[name] = str(value)
    source = f"{path}#{number}"
    if text is None or not text.strip():
        yield IngestError("row has no text", path, number)
        return
    try:
        yield _document(text, source, meta)
    except IngestError as err:
        yield IngestError(err.reason, path, number)


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%dT%H:%M:%S")


def parse_date(value: str, source: str) -> str:
    """An ISO date string, or an `IngestError` naming the value."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise IngestError(f"invalid date '{value}' (expected YYYY-MM-DD)", source)


def load_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[IngestError]]:
    """Manifest CSV keyed by file name. A row with a bad date costs that value and one error;
    the file it names is still analysed."""
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as err:
        raise IngestError(f"cannot read manifest: {err.strerror or err}", str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        raise IngestError("manifest has no 'file' column", str(path))
    rows: dict[str, dict[str, str]] = {}
    errors: list[IngestError] = []
    for row in reader:
        clean = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        name = clean.pop("file")
        meta = {f: v for k, v in clean.items() if (f := _field_name(k)) and f != "text" and v}
        if meta.get("published"):
            try:
                meta["published"] = parse_date(meta["published"], str(path))
            except IngestError as err:
                errors.append(IngestError(f"{err.reason} for '{name}'", str(path), reader.line_num))
                del meta["published"]
        rows[name] = meta
    return rows, errors
