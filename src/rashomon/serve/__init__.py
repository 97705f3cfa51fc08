"""`rashomon serve`: the workbench, a local web app over the DuckDB store.

Small modules in the datasette manner: `database` (the one connection, read-only SQL), `queries`
(what each page reads), `highlight` (an article with its spans marked), `charts` (Vega-Lite
specs), `jobs` (adding documents in the background), `views` (the pages) and `app` (routes,
token, security headers). docs/workbench.md says why and how."""

from .app import create_app

__all__ = ["create_app"]
