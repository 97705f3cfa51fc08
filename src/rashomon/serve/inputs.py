"""What the Add page accepts: pasted text, one uploaded file, or an http(s) URL. Nothing a request
sends becomes a filesystem path: text and uploads are read from the request, a URL is fetched with
the ingest limits (time-out and size) of the settings."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from ..errors import IngestError
from ..ingest import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    RawDocument,
    decode,
    from_html,
    is_url,
    parse_date,
    read_inputs,
    split_header,
)

UPLOAD_LIMIT = 2 * 1024 * 1024  # bytes: a long article is 100 kB
UPLOAD_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
META_FIELDS = ("title", "outlet", "published")


def from_text(text: str, source: str, meta: dict[str, str]) -> RawDocument:
    """Pasted or uploaded text, with an optional `KEY: value` header; the form's fields win."""
    header, body = split_header(text.replace("\r\n", "\n").replace("\r", "\n"))
    merged = {**header, **{k: v for k, v in meta.items() if v}}
    if merged.get("published"):
        merged["published"] = parse_date(merged["published"], source)
    if not body.strip():
        raise IngestError("the text is empty", source)
    return RawDocument(body.strip("\n"), source, {k: v for k, v in merged.items() if v})


def from_upload(name: str, data: bytes, meta: dict[str, str]) -> RawDocument:
    """An uploaded .txt/.md/.html file; its name only labels it."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    source = f"upload: {name[:100]}"
    if suffix not in UPLOAD_SUFFIXES:
        raise IngestError(f"file type '{suffix or '(none)'}' not accepted; upload one of "
                          + ", ".join(sorted(UPLOAD_SUFFIXES)), source)
    if len(data) > UPLOAD_LIMIT:
        raise IngestError(f"the file is larger than the {UPLOAD_LIMIT:,}-byte limit", source)
    text = decode(data, source)
    if suffix in HTML_SUFFIXES:
        raw = from_html(text, source)
        raw.meta.update({k: v for k, v in meta.items() if v})
        return raw
    return from_text(text, source, meta)


def from_url(url: str, settings: Settings, meta: dict[str, str]) -> Callable[[], list[RawDocument]]:
    """A reader of `url` for the worker thread (the fetch can take the whole time-out)."""
    if not is_url(url):
        raise IngestError("only http:// and https:// addresses are fetched", url[:200])

    def read() -> list[RawDocument]:
        found = []
        for item in read_inputs([url], settings):
            if isinstance(item, IngestError):
                raise item
            item.meta.update({k: v for k, v in meta.items() if v})
            found.append(item)
        return found

    return read
