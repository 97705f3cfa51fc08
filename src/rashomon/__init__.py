"""rashomon: a sourced record of who did and said what to whom, across opposed sources."""

from .pipeline import analyze, analyze_texts, build_nlp

__version__ = "0.1.0"
__all__ = ["__version__", "analyze", "analyze_texts", "build_nlp"]
