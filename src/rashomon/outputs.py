"""Writing a run's outputs, shared by the CLI and the Python API: `analysis.json` and
`report.html` in a folder, and the rows in the DuckDB store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .model import Analysis


@dataclass(frozen=True)
class Written:
    """Where each output went (None: not asked for)."""

    analysis: Path | None = None
    report: Path | None = None
    db: Path | None = None


def write_outputs(analysis: Analysis, out: Path | None = None, db: Path | None = None) -> Written:
    """Write what is asked for: OUT/analysis.json and OUT/report.html when `out` is given, rows in
    the DuckDB file `db` when it is given. Raises `ReportError` or `StoreError` naming the path."""
    from .report import write_report
    from .store import connect, save

    json_path = report_path = None
    if out is not None:
        json_path = out / "analysis.json"
        try:
            out.mkdir(parents=True, exist_ok=True)
            json_path.write_text(analysis.to_json(), encoding="utf-8")
        except OSError as err:
            raise ReportError(f"cannot write: {err.strerror or err}", str(json_path)) from None
        report_path = write_report(analysis, out / "report.html")
    if db is not None:
        con = connect(db)
        try:
            save(con, analysis)
        finally:
            con.close()
    return Written(json_path, report_path, db)
