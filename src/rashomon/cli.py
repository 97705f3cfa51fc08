"""The `rashomon` command: a thin layer over the pipeline, the store and the report.

Errors are caught once, at the edge (`_Edge`): a `RashomonError` is one line naming the file and
the problem; anything else is a bug, reported as such. Exit status: 0 when every input was
analysed, 1 when some failed (listed at the end), 2 for usage errors (bad options, missing model,
unreadable manifest, unwritable output), 3 for a bug in rashomon."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from typer.core import TyperGroup

from . import __version__
from .components.extensions import stage_failures
from .config import Settings, load_settings
from .errors import RashomonError
from .model import Analysis, json_schema
from .outputs import Written

if TYPE_CHECKING:

    from .embeddings import Prefetching
    from .kb import KnowledgeBase
    from .knowledge import Knowledge
    from .runs import Analyser, Committed, RunResult

err_console = Console(stderr=True, soft_wrap=True)  # an error is one line, however long
console = Console()

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
BUG_REPORT = "this is a bug in rashomon: please report it with the command you ran and the traceback (RASHOMON_DEBUG=1)"


class _Edge(TyperGroup):
    """The one place where errors become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context, which it does not export
        try:
            return super().invoke(ctx)
        except RashomonError as err:
            err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
        except Exception as err:
            if _command_line_exit(err) or os.environ.get("RASHOMON_DEBUG"):
                raise
            err_console.print(f"[bold red]error:[/] {escape(f'{type(err).__name__}: {err}')}\n{BUG_REPORT}",
                              highlight=False)
            raise typer.Exit(EXIT_BUG) from None


def _command_line_exit(err: Exception) -> bool:
    """Click's and Typer's own exceptions: exits, aborts and usage errors they report themselves."""
    return type(err).__module__.split(".")[0] in {"click", "typer"}


app = typer.Typer(cls=_Edge, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn news and commentary about a crisis into a sourced record.")


def _version(value: bool) -> None:
    if value:
        console.print(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """rashomon: who did and said what to whom, where sources agree and contradict."""


def _settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except ValueError as err:
        raise RashomonError(str(err)) from None


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, http(s) URLs, or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for analysis.json and report.html.")] = Path(
        "out"),
    db: Annotated[Path | None, typer.Option(help="DuckDB database file (default rashomon.duckdb).")] = None,
    manifest: Annotated[Path | None, typer.Option(help="CSV of metadata keyed by file name (column 'file').")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every input.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every input.")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Largest input accepted, in bytes.")] = None,
    kb_overlay: Annotated[Path | None, typer.Option(help="YAML file merged into the knowledge base.")] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Keep the rows in memory, not in a database file.")
                        ] = False,
    no_compare: Annotated[bool, typer.Option("--no-compare", help="Skip the cross-source comparison.")] = False,
    embeddings: Annotated[str | None, typer.Option(help="auto | onnx | torch | lexical")] = None,
    story_similarity: Annotated[float | None, typer.Option(
        help="How alike documents must be (0-1) to be compared as one story; 0 compares them all.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Analyse inputs again even when already stored.")] = False,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another process writing the database.")] = 0,
    dask: Annotated[str | None, typer.Option("--dask", metavar="SCHEDULER", help=(
        "Spread the work over a Dask cluster: tcp://host:8786, or local:N for N worker processes here."))] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Write OUT/documents.jsonl, one document per line, "
                                        "instead of listing the documents in analysis.json.")] = False,
    since: Annotated[str | None, typer.Option(help="Compare and output only documents published on or after "
                                              "this date.")] = None,
    from_outlet: Annotated[list[str] | None, typer.Option("--from-outlet", help=(
        "Compare and output only documents from this outlet (repeatable).")),] = None,
    story: Annotated[str | None, typer.Option(help="Compare and output only the documents of this stored story.")
                     ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Analyse articles into the database, then compare and write OUT/analysis.json and
    OUT/report.html from it. Inputs already stored with the same analysis are skipped."""
    from .ingest import count_inputs, parse_date
    from .knowledge import load_knowledge
    from .runs import Scope, analyse, finish
    from .store import connect

    settings = _settings(model=model, jobs=jobs, max_bytes=max_bytes, db=db, kb_overlay=kb_overlay,
                         compare=False if no_compare else None, embeddings=embeddings,
                         story_similarity=story_similarity)
    if published:
        published = parse_date(published, "--published")
    if manifest is not None and not manifest.is_file():
        raise RashomonError("manifest not found", str(manifest))
    scope = Scope(_date(since, "--since"), tuple(from_outlet or ()), story)
    knowledge = load_knowledge(settings.kb_overlay)
    con = connect(":memory:" if no_store else settings.db, wait=wait)
    prefetched = _prefetching(settings)
    try:
        with _analyser(settings, knowledge, dask) as analyser, _progress(quiet, count_inputs(paths)) as tick:
            result = analyse(con, paths, settings, knowledge, analyser, manifest=manifest,
                             overrides={"published": published or "", "outlet": outlet or ""}, force=force,
                             prefetched=prefetched, on_commit=tick)
        header = Analysis(tool_version=__version__, model=settings.model, created=result.started, documents=[],
                          errors=result.errors)
        written = finish(con, out, header, settings, knowledge, scope, jsonl, prefetched)
    finally:
        con.close()
    if quiet:
        for error in result.errors:
            err_console.print(f"{error.source}{':' + str(error.line) if error.line else ''}: {error.reason}",
                              highlight=False, markup=False)
    else:
        _summary(result, written, None if no_store else settings.db)
    raise typer.Exit(EXIT_SOME_FAILED if result.errors else EXIT_OK)


def _date(value: str | None, option: str) -> dt.date | None:
    from .ingest import parse_date

    return dt.date.fromisoformat(parse_date(value, option)) if value else None


@contextmanager
def _analyser(settings: Settings, knowledge: Knowledge, dask: str | None) -> Iterator[Analyser]:
    """This process's spaCy pipeline, or a Dask cluster's."""
    if dask is not None:
        from .distributed import dask_analyser

        with dask_analyser(dask, settings, knowledge) as analyser:
            yield analyser
        return
    from .pipeline import build_nlp
    from .runs import local_analyser

    yield local_analyser(build_nlp(settings, knowledge), settings, knowledge)


def _prefetching(settings: Settings) -> Prefetching | None:
    from .embeddings import Prefetching

    return Prefetching(settings.embeddings) if settings.compare else None


@contextmanager
def _progress(quiet: bool, total: int) -> Iterator[Callable[[Committed], None]]:
    """Progress over committed inputs: a bar (done/total, docs/s, time left) on a terminal, one
    line per commit otherwise. Each failed input is printed as one line, and so is each document
    a stage failed on (analysed without that stage's output)."""
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                        console=err_console, disable=quiet or not err_console.is_terminal, transient=False)
    with progress:
        task = progress.add_task("analysing", total=total, rate="")
        done = 0

        def tick(batch: Committed) -> None:
            nonlocal done
            for error in batch.errors:
                progress.console.print(f"[red]✗[/] {escape(error.source)}{':' + str(error.line) if error.line else ''}"
                                       f": {escape(error.reason)}", highlight=False)
            for document in batch.documents:
                for warning in stage_failures(document.warnings):
                    progress.console.print(f"[yellow]![/] {escape(document.source)}: {escape(warning)}",
                                           highlight=False)
            done += len(batch.documents) + len(batch.errors) + batch.skipped
            elapsed = progress.tasks[0].elapsed or 0
            progress.update(task, completed=done, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")
            if not quiet and not err_console.is_terminal:
                skipped = f", skipped {batch.skipped}" if batch.skipped else ""
                err_console.print(f"committed {len(batch.documents)} documents{skipped} ({done}/{total} inputs done)",
                                  highlight=False)

        yield tick


def _summary(result: RunResult, written: Written, db: Path | None) -> None:
    err_console.print(f"[bold]{result.analysed}[/] analysed · {result.skipped} skipped as already stored · "
                      f"[red]{len(result.errors)}[/] failed", highlight=False)
    for error in result.errors:
        err_console.print(f"  [red]✗[/] {error.source}{':' + str(error.line) if error.line else ''}: "
                          f"{error.reason}", highlight=False)
    console.print(f"analysis: {written.analysis}")
    if written.documents is not None:
        console.print(f"documents: {written.documents}")
    console.print(f"report:   {written.report}")
    if db is not None:
        console.print(f"database: {db}")


@app.command()
def report(
    db: Annotated[Path | None, typer.Option(help="DuckDB database file (default rashomon.duckdb).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for analysis.json and report.html.")] = Path(
        "out"),
    since: Annotated[str | None, typer.Option(help="Only documents published on or after this date.")] = None,
    outlet: Annotated[list[str] | None, typer.Option(help="Only documents from this outlet (repeatable).")] = None,
    story: Annotated[str | None, typer.Option(help="Only the documents of this stored story.")] = None,
    compare: Annotated[bool, typer.Option("--compare", help="Compare these documents again first (otherwise the "
                                          "latest stored comparison of them is used).")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Write OUT/documents.jsonl, one document per line.")
                     ] = False,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another process writing the database.")] = 0,
) -> None:
    """Rebuild OUT/analysis.json and OUT/report.html from the database, for all its documents or
    a chosen subset."""
    from .knowledge import load_knowledge
    from .runs import Scope, finish
    from .store import connect, latest_comparison, latest_errors

    settings = _settings(db=db)
    if not settings.db.exists():
        raise RashomonError("no database yet; run `rashomon analyze` first", str(settings.db))
    scope = Scope(_date(since, "--since"), tuple(outlet or ()), story)
    con = connect(settings.db, read_only=not compare, wait=wait)
    try:
        header = Analysis(tool_version=__version__, model=settings.model, created=dt.datetime.now(dt.UTC).replace(
            microsecond=0, tzinfo=None), documents=[], errors=latest_errors(con))
        if compare:
            written = finish(con, out, header, settings, load_knowledge(settings.kb_overlay), scope, jsonl)
        else:
            from .outputs import write_from_store

            ids = scope.ids(con)
            written = write_from_store(con, ids, out, header.model_copy(
                update={"comparison": latest_comparison(con, ids)}), jsonl)
    finally:
        con.close()
    for path in (written.analysis, written.documents, written.report):
        if path is not None:
            console.print(str(path))


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the store.")],
    db: Annotated[Path | None, typer.Option(help="DuckDB database file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON lines.")] = False,
) -> None:
    """Query the database: rashomon sql "SELECT type, count(*) FROM events GROUP BY 1"."""
    from .store import connect
    from .store import query as run_query

    settings = _settings(db=db)
    if not settings.db.exists():
        raise RashomonError("no database yet; run `rashomon analyze` first", str(settings.db))
    con = connect(settings.db, read_only=True)
    columns, rows = run_query(con, query)
    if as_json:
        for row in rows:
            console.print_json(json.dumps(dict(zip(columns, row, strict=True)), default=str))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet (tables), plover (events as "
                                     "PLOVER JSONL), quotes (statements JSONL)")] = "jsonl",
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write into.")] = Path("export"),
    db: Annotated[Path | None, typer.Option(help="DuckDB database file.")] = None,
) -> None:
    """Write the database tables as files: OUT/<table>.<format>."""
    from .store import EXPORT_FORMATS, connect, export_tables

    settings = _settings(db=db)
    if fmt not in EXPORT_FORMATS:
        raise RashomonError(f"unknown format '{fmt}'; choose one of {', '.join(sorted(EXPORT_FORMATS))}")
    if not settings.db.exists():
        raise RashomonError("no database yet; run `rashomon analyze` first", str(settings.db))
    con = connect(settings.db, read_only=True)
    for path in export_tables(con, out, fmt):
        console.print(str(path))


@app.command()
def schema() -> None:
    """Print the JSON Schema of rashomon/1 (checked in as docs/schema.json)."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


kb_app = typer.Typer(no_args_is_help=True, help="Inspect, check and extend the knowledge base.")
app.add_typer(kb_app, name="kb")
OverlayOption = Annotated[Path | None, typer.Option("--overlay", help="User YAML merged into the KB.")]


def _load_kb(overlay: Path | None) -> KnowledgeBase:
    from .knowledge import load_knowledge

    return load_knowledge(overlay).kb


@kb_app.command("show")
def kb_show(name: Annotated[str, typer.Argument(help="A name, alias or id.")], overlay: OverlayOption = None,
            on: Annotated[str | None, typer.Option(help="Also say which offices they held on this date.")] = None,
            ) -> None:
    """Print what the tool knows about an actor or a place."""
    import datetime as dt

    from .ingest import parse_date

    kb = _load_kb(overlay)
    entity = kb.find(name)
    place = kb.place(name)
    if entity is None and place is not None:
        state = kb.state(place.country)
        table = Table(show_header=False)
        for label, value in (("place", place.name), ("kind", place.kind),
                             ("in", f"{state.name} ({place.country})" if state else place.country),
                             ("disputed", "yes: names no state in events" if place.disputed else None),
                             ("aliases", ", ".join(place.aliases)), ("source", f"{place.source}:{place.line}")):
            if value:
                table.add_row(label, value)
        console.print(table)
        return
    if entity is None and place is None and _show_generic(kb, name):
        return
    if entity is None:
        matches = kb.lookup(name)
        hint = f" ({len(matches)} actors share that name; use an id)" if matches else ""
        raise RashomonError(f"nothing known as '{name}'{hint}")
    table = Table(show_header=False)
    for label, value in (("id", entity.id), ("name", entity.name), ("kind", entity.kind),
                         ("country", entity.country), ("sector", entity.sector), ("wikidata", entity.wikidata),
                         ("aliases", ", ".join(entity.aliases)),
                         ("demonyms", ", ".join(entity.adjectives + entity.plurals)),
                         ("metonyms", ", ".join(entity.metonyms)), ("born", str(entity.born or "")),
                         ("died", str(entity.died or "")),
                         ("source", f"{entity.source}:{entity.line}")):
        if value:
            table.add_row(label, str(value))
    for office in entity.offices:
        table.add_row("office", f"{office.office} · {office.holder_of or ''}{' (acting)' if office.acting else ''} · "
                                f"{office.span()}")
    if on:
        day = dt.date.fromisoformat(parse_date(on, "--on"))
        held = ", ".join(f"{o.office} of {o.holder_of}" for o in entity.offices_on(day)) or "none"
        table.add_row(f"on {day}", held)
    console.print(table)


def _show_generic(kb: KnowledgeBase, name: str) -> bool:
    """A generic actor's id ("generic:FRA:JUD:court") or a word of the agents lexicon ("police",
    "tribunal"): what the tool makes of it. False when it is neither."""
    from .kb import GENERIC_PREFIX

    if name.startswith(GENERIC_PREFIX):
        *country, sector, head = name.removeprefix(GENERIC_PREFIX).split(":")
        rows = [("id", name), ("kind", "generic (no entry of the knowledge base names it)"),
                ("country", country[0] if country else "unknown"), ("sector", sector), ("head", head)]
    else:
        word = name.lower()
        noun, organisation = kb.agents.nouns.get(word), kb.agents.organisation_words.get(word)
        if noun is None and organisation is None:
            return False
        rows = [("kind", "generic actor word (data/kb/agents.yaml)")]
        if noun is not None:
            rows += [("head of", f"generic:[COUNTRY:]{noun}:{word} when it acts"), ("sector", noun)]
        if organisation is not None:
            rows.append(("in a name", f"an unknown organisation named with it: sector {organisation}"))
    table = Table(show_header=False)
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    return True


@kb_app.command("validate")
def kb_validate(overlay: OverlayOption = None) -> None:
    """Check the data: dates parse, no two holders of a single-holder office at once, no name
    that maps to two actors without a rule to decide."""
    from .kb import validate

    kb = _load_kb(overlay)
    problems = validate(kb)
    for problem in problems:
        err_console.print(f"[red]✗[/] {problem}", highlight=False)
    people = sum(1 for e in kb.entities.values() if e.kind == "person")
    console.print(f"{len(kb.entities)} actors ({people} people), "
                  f"{sum(len(e.offices) for e in kb.entities.values())} office terms, "
                  f"{len(set(kb.places.values()))} places: {len(problems)} problem(s)")
    raise typer.Exit(EXIT_SOME_FAILED if problems else EXIT_OK)


@kb_app.command("import-wikidata")
def kb_import_wikidata(
    path: Annotated[Path, typer.Argument(help="JSON result of the SPARQL query in docs/knowledge-base.md.")],
    overlay: Annotated[Path, typer.Option("--overlay", help="Overlay file to create or update.")] = Path(
        "rashomon-kb.yaml"),
) -> None:
    """Merge office-holders from a Wikidata SPARQL result into the user overlay."""
    from .wikidata import import_wikidata

    kb = _load_kb(overlay if overlay.exists() else None)
    people, skipped = import_wikidata(path, overlay, kb)
    console.print(f"{people} people written to {overlay}; {skipped} rows skipped (position not mapped)")


@app.command()
def serve(
    db: Annotated[Path | None, typer.Option(help="DuckDB database file (default rashomon.duckdb).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; keep the default unless you mean to share.")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(help="Shared secret every request must carry.",
                                              envvar="RASHOMON_TOKEN")] = None,
) -> None:
    """The workbench: browse, filter, search, add and query the store in a browser (docs/workbench.md)."""
    try:
        import uvicorn

        from .serve import create_app
    except ImportError:
        raise RashomonError("the workbench needs its extra: pip install 'rashomon[serve]'") from None
    settings = _settings(db=db)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        err_console.print(f"[bold yellow]warning:[/] listening on {escape(host)}: anyone who can reach this "
                          "machine can read the store" + ("" if token else " (no --token set)"), highlight=False)
    allowed = None if host in {"127.0.0.1", "localhost", "::1"} else ["*"]
    application = create_app(settings.db, token=token, settings=settings, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"rashomon workbench on http://{shown}:{port}/{'?token=' + token if token else ''}", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    app()
