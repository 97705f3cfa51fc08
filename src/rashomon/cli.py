"""The `rashomon` command: a thin layer over the pipeline, the store and the report.

Errors are caught once, at the edge (`_Edge`): a `RashomonError` is one line naming the file and
the problem; anything else is a bug, reported as such. Exit status: 0 when every input was
analysed, 1 when some failed (listed at the end), 2 for usage errors (bad options, missing model,
unreadable manifest, unwritable output), 3 for a bug in rashomon."""

from __future__ import annotations

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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from . import __version__
from .components.extensions import stage_failures
from .config import Settings, load_settings
from .errors import RashomonError
from .model import Analysis, json_schema
from .outputs import Written
from .pipeline import Outcome

if TYPE_CHECKING:
    from .kb import KnowledgeBase

err_console = Console(stderr=True)
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
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the database.")] = False,
    no_compare: Annotated[bool, typer.Option("--no-compare", help="Skip the cross-source comparison.")] = False,
    embeddings: Annotated[str | None, typer.Option(help="auto | onnx | torch | lexical")] = None,
    story_similarity: Annotated[float | None, typer.Option(
        help="How alike documents must be (0-1) to be compared as one story; 0 compares them all.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Analyse articles: write OUT/analysis.json, OUT/report.html and rows in the database."""
    from .ingest import parse_date
    from .outputs import write_outputs
    from .pipeline import build_nlp, run

    settings = _settings(model=model, jobs=jobs, max_bytes=max_bytes, db=db, kb_overlay=kb_overlay,
                         compare=False if no_compare else None, embeddings=embeddings,
                         story_similarity=story_similarity)
    if published:
        published = parse_date(published, "--published")
    if manifest is not None and not manifest.is_file():
        raise RashomonError("manifest not found", str(manifest))
    nlp = build_nlp(settings)
    with _progress(quiet) as tick:
        analysis = run(paths, settings, manifest, {"published": published or "", "outlet": outlet or ""}, nlp, tick)
    written = write_outputs(analysis, out, None if no_store else settings.db)
    if quiet:
        for error in analysis.errors:
            err_console.print(f"{error.source}{':' + str(error.line) if error.line else ''}: {error.reason}",
                              highlight=False, markup=False)
    else:
        _summary(analysis, written)
    raise typer.Exit(EXIT_SOME_FAILED if analysis.errors else EXIT_OK)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar that counts outcomes and prints each failed input, and each document a stage
    failed on (analysed without that stage's output), as one line."""
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=err_console,
                        disable=quiet, transient=False)
    with progress:
        task = progress.add_task("analysing", total=None, last="")

        def tick(outcome: Outcome) -> None:
            if outcome.error is not None:
                progress.console.print(f"[red]✗[/] {escape(outcome.error.source)}"
                                       f"{':' + str(outcome.error.line) if outcome.error.line else ''}: "
                                       f"{escape(outcome.error.reason)}", highlight=False)
            document = outcome.document
            label = document.source if document is not None else ""
            for warning in stage_failures(document.warnings) if document is not None else ():
                progress.console.print(f"[yellow]![/] {escape(label)}: {escape(warning)}", highlight=False)
            progress.update(task, advance=1, last=Path(label).name)

        yield tick


def _summary(analysis: Analysis, written: Written) -> None:
    documents, errors = analysis.documents, analysis.errors
    events = sum(len(d.events) for d in documents)
    quotes = sum(len(d.quotes) for d in documents)
    flags = sum(len(d.flags) for d in documents)
    err_console.print(f"[bold]{len(documents)}[/] documents analysed · {events} events · {quotes} "
                      f"statements · {flags} flags · [red]{len(errors)}[/] inputs failed")
    for error in errors:
        err_console.print(f"  [red]✗[/] {error.source}{':' + str(error.line) if error.line else ''}: "
                          f"{error.reason}", highlight=False)
    console.print(f"analysis: {written.analysis}")
    console.print(f"report:   {written.report}")
    if written.db is not None:
        console.print(f"database: {written.db}")


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


def main() -> None:
    app()
