"""Spreading a run over a Dask cluster (`rashomon analyze --dask SCHEDULER`).

The client reads the inputs and sends their texts to the workers in batches; each worker
process builds one spaCy pipeline (with the knowledge the client broadcast, so an overlay file
need not exist on the workers) and sends back the analysed documents, which the client commits
to its store as they arrive. Only a few batches per worker are in flight at a time, so memory on
the client stays flat however long the input list is."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from spacy.language import Language

from .config import Settings
from .errors import IngestError, RashomonError
from .ingest import RawDocument
from .knowledge import Knowledge
from .model import InputError
from .pipeline import Outcome, build_nlp, input_error, iter_documents
from .runs import Analyser

LOCAL_PREFIX = "local:"
BATCHES_PER_WORKER = 2  # in flight at a time: one being analysed, one waiting
CONNECT_TIMEOUT = "10s"
DASK_HINT = "--dask needs Dask's distributed scheduler: pip install 'rashomon[dask]'"

_pipelines: dict[tuple[str, str], Language] = {}
_pipeline_lock = threading.Lock()


def analyse_batch(raws: list[RawDocument], settings: Settings, knowledge: Knowledge) -> list[Outcome]:
    """Run on a worker: this process's pipeline (built on first use) over one batch."""
    with _pipeline_lock:
        key = (settings.model, knowledge.digest)
        if key not in _pipelines:
            _pipelines[key] = build_nlp(settings, knowledge)
        return list(iter_documents(raws, _pipelines[key], settings, knowledge))


@contextmanager
def dask_analyser(scheduler: str, settings: Settings, knowledge: Knowledge) -> Iterator[Analyser]:
    """An analyser that runs on the cluster at `scheduler` (tcp://host:8786), or on a local
    cluster of N worker processes for `local:N`; the cluster is closed afterwards."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RashomonError(DASK_HINT) from None
    cluster = None
    try:
        if scheduler.startswith(LOCAL_PREFIX):
            cluster = LocalCluster(n_workers=_local_workers(scheduler), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        if cluster is not None:
            cluster.close()
        raise RashomonError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        shared = client.scatter(knowledge, broadcast=True)
        yield lambda raws: _outcomes(client, raws, settings, shared)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _local_workers(scheduler: str) -> int:
    count = scheduler[len(LOCAL_PREFIX):]
    if not count.isdigit() or int(count) < 1:
        raise RashomonError(f"--dask {scheduler}: expected local:N with N a number of worker processes")
    return int(count)


def _outcomes(client: Any, raws: Iterable[RawDocument | IngestError], settings: Settings,
              knowledge: Any) -> Iterator[Outcome]:
    """Outcomes as the workers finish their batches; an input that cannot be read is reported
    here, and a batch whose worker died costs one error per document in it."""
    from distributed import as_completed

    window = BATCHES_PER_WORKER * max(len(client.scheduler_info().get("workers", {})), 1)
    running = as_completed()
    sent: dict[str, list[RawDocument]] = {}
    batch: list[RawDocument] = []

    def submit() -> None:
        future = client.submit(analyse_batch, batch, settings, knowledge, pure=False)
        sent[future.key] = batch
        running.add(future)

    for raw in raws:
        if isinstance(raw, IngestError):
            yield Outcome(error=input_error(raw))
            continue
        batch.append(raw)
        if len(batch) == settings.batch_size:
            submit()
            batch = []
            while running.count() >= window:
                yield from _collect(next(running), sent)
    if batch:
        submit()
    for future in running:
        yield from _collect(future, sent)


def _collect(future: Any, sent: dict[str, list[RawDocument]]) -> list[Outcome]:
    raws = sent.pop(future.key)
    try:
        return list(future.result())
    except Exception as err:  # a worker that died, or a failure in Dask itself
        reason = f"Dask worker failed: {type(err).__name__}: {err}"
        return [Outcome(error=InputError(source=raw.source, stage="extraction", reason=reason)) for raw in raws]
