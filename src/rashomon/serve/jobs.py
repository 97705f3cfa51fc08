"""Adding a document from the Add page: analysed in a background thread, one job at a time, with
its progress kept for the job page.

The new document is compared with the stored documents it could share a story with (published
within the comparison's window of it and naming one of its actors, at most `NEIGHBOURS`). Only
texts and metadata are stored, not spaCy's parse, so those neighbours are analysed again (the
same text gives the same rows) and `pipeline.finish` compares them all; the documents, findings
and stories are then saved as a run of `rashomon analyze` saves them."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from spacy.language import Language

from .. import store
from ..compare.nearest import DOCUMENT_WINDOW_DAYS
from ..config import Settings
from ..errors import RashomonError
from ..ingest import RawDocument
from ..model import Document
from ..pipeline import finish, iter_documents
from .database import Database

NEIGHBOURS = 40
KEPT_JOBS = 50


@dataclass
class Job:
    id: str
    source: str
    steps: list[str] = field(default_factory=list)
    document: str | None = None  # the new document's id, once stored
    error: str | None = None
    done: bool = False

    def step(self, text: str) -> None:
        self.steps.append(text)


class Jobs:
    """The Add page's queue: one worker thread, so that two additions never write at once."""

    def __init__(self, db: Database, settings: Settings, load_nlp: Callable[[], Language]) -> None:
        self.db, self.settings, self._load_nlp = db, settings, load_nlp
        self._nlp: Language | None = None
        self._nlp_lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-add")
        self.jobs: dict[str, Job] = {}

    def submit(self, raws: Callable[[], list[RawDocument]], source: str) -> Job:
        """Queue the analysis of what `raws` reads (called in the worker: a URL is fetched there)."""
        job = Job(uuid.uuid4().hex[:12], source)
        self.jobs[job.id] = job
        for old in list(self.jobs)[:-KEPT_JOBS]:
            del self.jobs[old]
        job.step("queued")
        self._worker.submit(self._run, job, raws)
        return job

    def shutdown(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    def nlp(self) -> Language:
        with self._nlp_lock:
            if self._nlp is None:
                self._nlp = self._load_nlp()
            return self._nlp

    def _run(self, job: Job, raws: Callable[[], list[RawDocument]]) -> None:
        try:
            job.step("reading the input")
            read = raws()
            job.step("loading the language model")
            nlp = self.nlp()
            job.step("analysing")
            new = self._analysed(read, nlp)[0]
            neighbours = self._neighbours(new)
            job.step(f"comparing with {len(neighbours)} stored document(s) that could share its story")
            again = self._analysed(neighbours, nlp) if neighbours else []
            analysis = finish([new, *again], [], self.settings)
            job.step("storing")
            with self.db.cursor() as cursor:
                store.save(cursor, analysis)
            job.document = new.id
            job.step("done")
        except RashomonError as err:
            job.error = str(err)
        except Exception as err:  # the job page shows it; the server goes on
            job.error = f"{type(err).__name__}: {err}"
        finally:
            job.done = True

    def _analysed(self, raws: list[RawDocument], nlp: Language) -> list[Document]:
        outcomes = list(iter_documents(raws, nlp, self.settings))
        errors = [o.error for o in outcomes if o.error is not None]
        if errors:
            raise RashomonError(errors[0].reason, errors[0].source)
        return [o.document for o in outcomes if o.document is not None]

    def _neighbours(self, document: Document) -> list[RawDocument]:
        """Stored documents within the window that name an actor of `document`, most shared first."""
        actor_ids = [a.id for a in document.actors]
        if not actor_ids or document.status != "analysed":
            return []
        window = dt.timedelta(days=DOCUMENT_WINDOW_DAYS)
        day = document.published
        rows = self.db.rows(f"""
            SELECT d.id, d.text, d.source, d.title, d.author, d.outlet, d.url, d.published, d.language
            FROM documents d JOIN actors a ON a.document_id = d.id
            WHERE list_contains(?, a.actor_id) AND d.id <> ? AND d.status = 'analysed'
              AND (? IS NULL OR d.published IS NULL OR d.published BETWEEN ? AND ?)
            GROUP BY ALL ORDER BY count(*) DESC, d.published DESC NULLS LAST LIMIT {NEIGHBOURS}""",
                            [actor_ids, document.id, day, day and day - window, day and day + window])
        return [RawDocument(r["text"], r["source"], {k: str(r[k]) for k in
                                                     ("title", "author", "outlet", "url", "published", "language")
                                                     if r[k] is not None}) for r in rows]
