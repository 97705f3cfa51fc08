"""Adding a document from the Add page: analysed in a background thread, one job at a time, with
its progress kept for the job page.

The new document is compared with the stored documents it could share a story with (published
within the comparison's window of it and naming one of its actors, at most `NEIGHBOURS`), read
back from their stored records as they were analysed. `pipeline.finish` compares them; the new
document is stored with its analysis key (so `rashomon analyze` skips the same text later) and the
comparison as `store.save_comparison` stores any: its stories and findings replace those drawn
only from these documents."""

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
from ..knowledge import Knowledge
from ..model import Document
from ..pipeline import finish, iter_documents
from ..runs import analysis_key
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

    def __init__(self, db: Database, settings: Settings, knowledge: Knowledge,
                 load_nlp: Callable[[], Language]) -> None:
        self.db, self.settings, self.knowledge, self._load_nlp = db, settings, knowledge, load_nlp
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
            new = self._analysed(read, nlp)
            with self.db.cursor() as cursor:
                neighbours = list(store.load_documents(cursor, self._neighbours(new), status="analysed"))
            job.step(f"comparing with {len(neighbours)} stored document(s) that could share its story")
            analysis = finish([new, *neighbours], [], self.settings)
            job.step("storing")
            key = analysis_key(read[0], self.settings, self.knowledge)
            with self.db.cursor() as cursor:
                store.save_documents(cursor, [new], analysis.created, {new.id: key})
                if analysis.comparison is not None:
                    store.save_comparison(cursor, analysis.comparison, [new.id, *(d.id for d in neighbours)],
                                          analysis.created)
            self.db.fulltext.stale()
            job.document = new.id
            job.step("done")
        except RashomonError as err:
            job.error = str(err)
        except Exception as err:  # the job page shows it; the server goes on
            job.error = f"{type(err).__name__}: {err}"
        finally:
            job.done = True

    def _analysed(self, raws: list[RawDocument], nlp: Language) -> Document:
        outcomes = list(iter_documents(raws, nlp, self.settings, self.knowledge))
        errors = [o.error for o in outcomes if o.error is not None]
        if errors:
            raise RashomonError(errors[0].reason, errors[0].source)
        return next(o.document for o in outcomes if o.document is not None)

    def _neighbours(self, document: Document) -> list[str]:
        """Stored documents within the window that name an actor of `document`, most shared first."""
        actor_ids = [a.id for a in document.actors]
        if not actor_ids or document.status != "analysed":
            return []
        window = dt.timedelta(days=DOCUMENT_WINDOW_DAYS)
        day = document.published
        rows = self.db.rows(f"""
            SELECT d.id FROM documents d JOIN actors a ON a.document_id = d.id
            WHERE list_contains(?, a.actor_id) AND d.id <> ? AND d.status = 'analysed'
              AND (? IS NULL OR d.published IS NULL OR d.published BETWEEN ? AND ?)
            GROUP BY d.id, d.published ORDER BY count(*) DESC, d.published DESC NULLS LAST LIMIT {NEIGHBOURS}""",
                            [actor_ids, document.id, day, day and day - window, day and day + window])
        return [r["id"] for r in rows]
