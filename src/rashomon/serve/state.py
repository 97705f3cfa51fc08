"""What every request reads: the store, the settings, the knowledge base, the Add queue and the
templates, made once when the app is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from ..kb import KnowledgeBase
from ..sources import source_name
from .database import Database
from .highlight import snippet
from .jobs import Jobs

STATIC = Path(__file__).parent / "static"
VENDOR_FILES = ("htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


@dataclass
class State:
    db: Database
    settings: Any  # rashomon.config.Settings
    kb: KnowledgeBase
    jobs: Jobs
    templates: Environment
    sql_limits: tuple[int, float]


def vendored() -> bool:
    """Whether `make vendor` has put the browser libraries in place (else: tables, no charts)."""
    return all((STATIC / "vendor" / name).is_file() for name in VENDOR_FILES)


def cite_url(document_id: str, start: int, end: int) -> str:
    """The document page with the span [start, end) highlighted and scrolled to."""
    return f"/documents/{quote(document_id, safe='')}?hl={int(start)}-{int(end)}#hl"


def safe_url(url: str | None) -> str | None:
    """An article's own URL, only when it is http(s): a 'javascript:' URL never becomes a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def templates() -> Environment:
    env = Environment(loader=PackageLoader("rashomon.serve", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(
        name=lambda row: source_name(row.get("outlet"), row.get("title"), row.get("published"),
                                     row.get("id") or row.get("document_id")),
        cite_url=cite_url, safe_url=safe_url, quad=lambda q: (q or "").replace("_", " "),
        urlencode=urlencode, quote=lambda s: quote(str(s), safe=":"), vendored=vendored(),
        snippet=snippet)
    env.filters["fromjson"] = json.loads
    return env
