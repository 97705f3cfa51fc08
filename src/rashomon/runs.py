"""Durable runs: what `rashomon analyze` does with a store.

Documents are committed to the store batch by batch as they come out of the pipeline (one
transaction per batch), so a crash loses at most the batch in hand. An input whose text, tool,
settings and metadata match a stored document's analysis is skipped, so a second run resumes
the first, and tomorrow's articles add to today's. The comparison and the outputs are then
built from the store.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from spacy.language import Language

from . import store
from .compare import claim_sentences, compare, lead
from .config import Settings
from .documents import document_id
from .embeddings import Prefetching
from .errors import IngestError, StoreError
from .ingest import RawDocument, load_manifest, read_inputs
from .knowledge import Knowledge
from .model import Analysis, Document, InputError
from .outputs import Written, write_from_store
from .pipeline import Outcome, input_error, iter_documents, with_overrides


@dataclass
class Committed:
    """What one commit added: documents, failed inputs, and inputs skipped since the last one."""

    documents: list[Document] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: int = 0


@dataclass
class RunResult:
    run_id: str
    started: dt.datetime
    analysed: int = 0
    skipped: int = 0
    errors: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class Scope:
    """Which stored documents the comparison and the outputs cover (all, when nothing is set)."""

    since: dt.date | None = None
    outlets: tuple[str, ...] = ()
    story: str | None = None

    def ids(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        return store.select_ids(con, self.since, self.outlets, self.story)


def analysis_key(raw: RawDocument, settings: Settings, knowledge: Knowledge) -> str:
    """What makes a stored analysis of this text reusable: the tool (the knowledge digest hashes
    the package's code and data), the spaCy pipeline and the document's metadata."""
    from . import __version__

    given = sorted((k, v) for k, v in raw.meta.items() if v)
    payload = json.dumps([__version__, settings.model, knowledge.digest, given])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


Analyser = Callable[[Iterable[RawDocument | IngestError]], Iterator[Outcome]]


def local_analyser(nlp: Language, settings: Settings, knowledge: Knowledge) -> Analyser:
    """Outcomes from this process's spaCy pipeline."""
    return lambda raws: iter_documents(raws, nlp, settings, knowledge)


def analyse(con: duckdb.DuckDBPyConnection, paths: Iterable[str], settings: Settings, knowledge: Knowledge,
            analyser: Analyser, *, manifest: Path | None = None, overrides: dict[str, str] | None = None,
            force: bool = False, prefetched: Prefetching | None = None,
            on_commit: Callable[[Committed], None] | None = None) -> RunResult:
    """Analyse every input not stored yet (all of them with `force`), committing each batch of
    `settings.batch_size` outcomes as it is done, and record the run."""
    result = RunResult(run_id=uuid.uuid4().hex[:16], started=_now())
    pending = Committed()
    if manifest is not None:
        rows, manifest_errors = load_manifest(manifest)
        pending.errors.extend(input_error(e) for e in manifest_errors)
    else:
        rows = {}
    stored = {} if force else store.analysis_keys(con)
    keys: dict[str, str] = {}

    def fresh() -> Iterator[RawDocument | IngestError]:
        for raw in with_overrides(read_inputs(paths, settings, rows), overrides or {}):
            if isinstance(raw, RawDocument):
                key, text_id = analysis_key(raw, settings, knowledge), document_id(raw.text)
                if stored.get(text_id) == key:
                    pending.skipped += 1
                    continue
                keys[text_id] = key
            yield raw

    for outcome in analyser(fresh()):
        if outcome.document is not None:
            pending.documents.append(outcome.document)
            if prefetched is not None and outcome.document.status == "analysed":
                prefetched.prefetch([lead(outcome.document), *claim_sentences(outcome.document,
                                                                              knowledge.compare)])
        if outcome.error is not None:
            pending.errors.append(outcome.error)
        if len(pending.documents) + len(pending.errors) >= settings.batch_size:
            _commit(con, pending, result, keys, on_commit)
            pending = Committed()
    _commit(con, pending, result, keys, on_commit)
    _record_run(con, result, settings)
    return result


def _commit(con: duckdb.DuckDBPyConnection, batch: Committed, result: RunResult, keys: dict[str, str],
            on_commit: Callable[[Committed], None] | None) -> None:
    try:
        store.save_documents(con, batch.documents, result.started, keys)
        store.save_errors(con, result.run_id, batch.errors)
    except StoreError as err:
        raise StoreError(f"{err.reason} (the {result.analysed} documents committed before are kept)",
                         err.source) from None
    result.analysed += len(batch.documents)
    result.skipped += batch.skipped
    release_memory()
    result.errors.extend(batch.errors)
    if on_commit is not None:
        on_commit(batch)


def release_memory() -> None:
    """Hand freed heap memory back to the system (glibc only). spaCy's parses leave glibc's heap
    fragmented, so without this a long run's RSS creeps up by tens of MiB per thousand documents
    that Python has long freed (measured: 207 -> 264 MiB over 900 documents; 175 -> 177 with it)."""
    if _libc is not None:
        _libc.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


_libc = _glibc()


def _record_run(con: duckdb.DuckDBPyConnection, result: RunResult, settings: Settings) -> None:
    from . import __version__

    finished = _now()
    described = {"model": settings.model, "kb_overlay": str(settings.kb_overlay or ""),
                 "batch_size": settings.batch_size, "compare": settings.compare}
    store.save_run(con, result.run_id, [result.started, finished, __version__, json.dumps(described),
                                        result.analysed, result.skipped, len(result.errors)])


def compare_stored(con: duckdb.DuckDBPyConnection, ids: list[str], settings: Settings, knowledge: Knowledge,
                   prefetched: Prefetching | None = None) -> None:
    """Compare the analysed documents among `ids` and store the comparison, unless the latest
    comparison already covers exactly these documents as they are stored now."""
    analysed = store.select_analysed(con, ids)
    if len(analysed) < 2 or store.compared_since_stored(con, analysed):
        if prefetched is not None:
            prefetched.stop()
        return
    documents = list(store.load_documents(con, analysed))
    comparison = compare(documents, prefetched or settings.embeddings, settings.story_similarity,
                         lexicon=knowledge.compare)
    store.save_comparison(con, comparison, analysed, _now())


def finish(con: duckdb.DuckDBPyConnection, out: Path, header: Analysis, settings: Settings, knowledge: Knowledge,
           scope: Scope = Scope(), jsonl: bool = False, prefetched: Prefetching | None = None) -> Written:
    """Compare the stored documents in `scope` (when the settings ask for it) and write the
    outputs for them; `header` holds the run's tool, model, time and errors."""
    ids = scope.ids(con)
    if settings.compare:
        compare_stored(con, ids, settings, knowledge, prefetched)
    comparison = store.latest_comparison(con, ids) if settings.compare else None
    return write_from_store(con, ids, out, header.model_copy(update={"comparison": comparison}), jsonl)


def _now() -> dt.datetime:
    """Now, in UTC, to the second, as DuckDB's TIMESTAMP stores it."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
