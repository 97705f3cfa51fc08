"""The pages. GET pages are plain functions (Starlette runs them in its thread pool, so a slow
query holds one thread, not the server); a request from htmx (`HX-Request`) gets the fragment
the page swaps in, any other request the whole page, so every page also works without scripts."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from .. import store
from ..errors import IngestError
from ..ingest import parse_date
from . import charts, highlight, queries
from .database import QueryRejected
from .inputs import META_FIELDS, UPLOAD_LIMIT, from_text, from_upload, from_url
from .state import State

FINDING_KINDS = (("contradiction", "Where the sources contradict each other"),
                 ("agreement", "Where they agree"), ("unique", "What only one source reports"),
                 ("framing", "Where they cast the same actor differently"))


def state(request: Request) -> State:
    found: State = request.app.state.workbench
    return found


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = state(request).templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def not_found(request: Request, what: str) -> HTMLResponse:
    return render(request, "error.html.j2", status_code=404, message=f"No such {what}.")


def page_number(request: Request) -> int:
    return queries.page_of(request.query_params.get("page"))


def stories_page(request: Request) -> HTMLResponse:
    db, page = state(request).db, page_number(request)
    found = queries.stories(db, page)
    documents = queries.documents(db, page)
    size = queries.PAGE_SIZE
    return render(request, "stories.html.j2", stories=found[:size], documents=documents[:size],
                  more=len(found) > size or len(documents) > size, page=page,
                  totals=queries.totals(db))


def search_page(request: Request) -> HTMLResponse:
    query = request.query_params.get("q", "")[:400]
    results = queries.search(state(request).db, query)
    template = "_search_results.html.j2" if request.headers.get("HX-Request") else "search.html.j2"
    return render(request, template, q=query, words=queries.terms(query), results=results,
                  fulltext_error=state(request).db.fulltext.error)


def story_page(request: Request) -> HTMLResponse:
    db = state(request).db
    found = queries.story(db, request.path_params["story_id"])
    if found is None:
        return not_found(request, "story")
    findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in queries.story_findings(db, found["document_ids"]):
        findings[row["kind"]].append({**row, "citations": json.loads(row["citations"] or "[]")})
    dyads = queries.dyads_of_documents(db, found["document_ids"])
    return render(request, "story.html.j2", story=found, kinds=FINDING_KINDS, findings=findings,
                  sources=queries.story_sources(db, found["document_ids"], found["actor_ids"]),
                  names=queries.titles(db, found["document_ids"]), dyads=dyads,
                  heatmap=charts.dyad_heatmap(dyads) if dyads else None)


def highlight_span(request: Request, length: int) -> tuple[int, int] | None:
    """`?hl=START-END`, two offsets inside the text, or None."""
    start, _, end = request.query_params.get("hl", "").partition("-")
    if start.isdigit() and end.isdigit() and int(start) < int(end) <= length:
        return int(start), int(end)
    return None


def document_page(request: Request) -> HTMLResponse:
    db = state(request).db
    found = queries.document(db, request.path_params["document_id"])
    if found is None:
        return not_found(request, "document")
    parts = queries.document_parts(db, found["id"])
    span = highlight_span(request, len(found["text"]))
    warnings = [] if found["status"] == "analysed" else [
        f"language '{found['language'] or 'unknown'}' is not supported; only English is analysed"]
    return render(request, "document.html.j2", doc=found, parts=parts, warnings=warnings,
                  article=highlight.marked(found["text"], highlight.spans(parts, span)), highlighted=span,
                  story=queries.story_of_document(db, found["id"]))


def actor_page(request: Request) -> HTMLResponse:
    app_state = state(request)
    actor_id = request.path_params["actor_id"]
    found = queries.actor(app_state.db, actor_id)
    if found is None:
        return not_found(request, "actor")
    entity = app_state.kb.entities.get(actor_id)
    offices = []
    if entity is not None:
        for office in entity.offices:
            days = [d for d in found["dates"] or [] if office.covers(d)]
            if days:
                offices.append({"office": office, "first": days[0], "last": days[-1], "documents": len(days)})
    events = queries.actor_events(app_state.db, actor_id)
    pairs = say_do(queries.dyads_of_actor(app_state.db, actor_id))
    return render(request, "actor.html.j2", actor=found, entity=entity, offices=offices, events=events,
                  timeline=charts.actor_timeline(events) if any(e["date"] for e in events) else None,
                  said=queries.statements_by(app_state.db, actor_id),
                  about=queries.statements_about(app_state.db, actor_id),
                  stance=queries.outlet_stance(app_state.db, actor_id), pairs=pairs)


def say_do(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per directed pair: verbal and material cooperation (and conflict), and the share of the
    cooperation that is only words ('support in words, not in deeds' when it is near 1)."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        pair = pairs.setdefault((row["actor"], row["recipient"]), {
            "actor": row["actor"], "actor_name": row["actor_name"], "recipient": row["recipient"],
            "recipient_name": row["recipient_name"], "verbal_cooperation": 0, "material_cooperation": 0,
            "verbal_conflict": 0, "material_conflict": 0})
        pair[row["quad"]] += row["events"]
    for pair in pairs.values():
        cooperation = pair["verbal_cooperation"] + pair["material_cooperation"]
        pair["words_share"] = pair["verbal_cooperation"] / cooperation if cooperation else None
    return sorted(pairs.values(), key=lambda p: -(p["verbal_cooperation"] + p["material_cooperation"]))


def events_page(request: Request) -> HTMLResponse:
    db = state(request).db
    where = queries.EventFilter.parse(request.query_params)
    rows = queries.events(db, where)
    context: dict[str, Any] = {"where": where, "rows": rows[:queries.PAGE_SIZE], "more": len(rows) > queries.PAGE_SIZE,
               "total": queries.count_events(db, where)}
    if request.headers.get("HX-Request"):
        return render(request, "_events_table.html.j2", **context)
    return render(request, "events.html.j2", outlets=queries.outlets(db), types=queries.EVENT_TYPES,
                  quads=queries.QUADS, modalities=queries.MODALITIES, **context)


def events_export(request: Request) -> Response:
    """The current filter's events, every page: CSV, or PLOVER JSONL as `rashomon export` writes it."""
    if request.path_params["format"] not in ("csv", "jsonl"):
        return not_found(request, "export format")
    db = state(request).db
    where = queries.EventFilter.parse(request.query_params)
    where.page = 0
    rows = queries.events(db, where, limit=None)
    if request.path_params["format"] == "jsonl":
        lines = [json.dumps(store.plover_record(_plover_row(r)), ensure_ascii=False, default=str) for r in rows]
        return PlainTextResponse("\n".join(lines) + ("\n" if lines else ""), media_type="application/x-ndjson",
                                 headers={"Content-Disposition": 'attachment; filename="events.plover.jsonl"'})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "actor", "type", "mode", "quad", "recipient", "negated", "modality", "text",
                     "outlet", "title", "published", "document"])
    for r in rows:
        writer.writerow([r["id"], r["date"], "; ".join(r["actor_names"]), r["type"], r["mode"], r["quad"],
                         "; ".join(r["recipient_names"]), r["negated"], r["modality"], r["text"], r["outlet"],
                         r["title"], r["published"], r["document_id"]])
    return PlainTextResponse(out.getvalue(), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


def _plover_row(r: dict[str, Any]) -> tuple:
    """An events row in the column order of `store.PLOVER_SQL`."""
    return (r["id"], r["date"], r["actor_ids"], r["actor_names"], r["recipient_ids"], r["recipient_names"],
            r["type"], r["mode"], r["quad"], r["negated"], r["modality"], r["text"], r["evidence"],
            r["document_id"], r["source"], r["url"], r["outlet"], r["title"], r["published"])


def add_page(request: Request) -> HTMLResponse:
    return render(request, "add.html.j2", limit=UPLOAD_LIMIT, error=None, form={})


async def add_submit(request: Request) -> Response:
    app_state = state(request)
    if int(request.headers.get("content-length") or 0) > UPLOAD_LIMIT + 64 * 1024:
        return render(request, "add.html.j2", status_code=413, limit=UPLOAD_LIMIT, form={},
                      error=f"the request is larger than the {UPLOAD_LIMIT:,}-byte limit")
    form = await request.form(max_files=1, max_fields=8, max_part_size=UPLOAD_LIMIT)
    fields = {k: str(form.get(k) or "").strip()[:300] for k in (*META_FIELDS, "url")}
    upload = form.get("file")
    text = str(form.get("text") or "")
    try:
        meta = {k: fields[k] for k in META_FIELDS}
        if meta["published"]:
            meta["published"] = parse_date(meta["published"], "date")
        if isinstance(upload, UploadFile) and upload.filename:
            raw = from_upload(upload.filename, await upload.read(UPLOAD_LIMIT + 1), meta)
            job = app_state.jobs.submit(lambda: [raw], raw.source)
        elif fields["url"]:
            job = app_state.jobs.submit(from_url(fields["url"], app_state.settings, meta), fields["url"])
        elif text.strip():
            raw = from_text(text, "pasted text", meta)
            job = app_state.jobs.submit(lambda: [raw], raw.source)
        else:
            raise IngestError("paste a text, choose a file or give a URL")
    except IngestError as err:
        return render(request, "add.html.j2", status_code=400, limit=UPLOAD_LIMIT, error=str(err), form=fields)
    finally:
        await form.close()
    return RedirectResponse(f"/add/jobs/{job.id}", status_code=303)


def job_page(request: Request) -> HTMLResponse:
    job = state(request).jobs.jobs.get(request.path_params["job_id"])
    if job is None:
        return not_found(request, "job")
    return render(request, "job.html.j2", job=job)


def sql_page(request: Request) -> HTMLResponse:
    return render(request, "sql.html.j2", sql="SELECT type, quad, count(*) AS events FROM events GROUP BY ALL "
                                              "ORDER BY events DESC", result=None, error=None,
                  limits=state(request).sql_limits)


async def sql_submit(request: Request) -> HTMLResponse:
    form = await request.form(max_files=0, max_fields=2, max_part_size=64 * 1024)
    sql = str(form.get("sql") or "")
    result, error = None, None
    try:
        result = await run_in_threadpool(state(request).db.read_only_sql, sql, *state(request).sql_limits)
    except QueryRejected as err:
        error = str(err)
    partial = bool(request.headers.get("HX-Request"))  # htmx swaps only a 2xx answer
    return render(request, "_sql_result.html.j2" if partial else "sql.html.j2",
                  status_code=400 if error and not partial else 200, sql=sql, result=result, error=error,
                  limits=state(request).sql_limits)
