"""The DuckDB store: one row per document, actor, mention, event, quote, flag and stance; the
comparison's stories and findings; and a row per run. See `schema` for the tables."""

from .export import EXPORT_FORMATS, export_plover, export_quotes, export_tables, plover_record
from .read import (
    analysis_keys,
    compared_since_stored,
    latest_comparison,
    latest_errors,
    load_documents,
    select_analysed,
    select_ids,
)
from .schema import DOCUMENT_TABLES, TABLES, connect, query, quote_ident
from .write import (
    DOCUMENTS_PER_TRANSACTION,
    document_rows,
    save,
    save_comparison,
    save_documents,
    save_errors,
    save_findings,
    save_run,
)

__all__ = ["DOCUMENTS_PER_TRANSACTION", "DOCUMENT_TABLES", "EXPORT_FORMATS", "TABLES", "analysis_keys",
           "compared_since_stored", "connect", "document_rows", "export_plover", "export_quotes",
           "export_tables", "latest_comparison", "latest_errors", "load_documents", "plover_record", "query",
           "quote_ident", "save", "save_comparison", "save_documents", "save_errors", "save_findings", "save_run",
           "select_analysed", "select_ids"]
