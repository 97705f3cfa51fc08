"""Every rashomon spaCy factory, registered in one place (listed under
`[project.entry-points.spacy_factories]`, so `nlp.add_pipe("rashomon_actors")` works anywhere).

Order in a pipeline: lines (before spaCy's parser), then actors → quotes → events → checks →
stance (events inside quotes take the quote's speaker; checks and stance read the resolved
mentions)."""

from __future__ import annotations

from spacy.language import Language

from .actors import ActorResolver
from .checks import RecordChecker
from .events import EventExtractor
from .lines import LineBreaks
from .quotes import QuoteExtractor
from .stance import StanceScorer

# A component that fails leaves its own output empty and says so here (`extensions.guarded`);
# every component but lines can.
WARNINGS = "doc._.rashomon_warnings"


@Language.factory("rashomon_lines", assigns=["token.is_sent_start"])
def make_lines(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks(nlp, name)


@Language.factory(
    "rashomon_actors",
    requires=["doc.ents", "token.dep", "token.pos", "doc.sents"],
    # Also a warning when the document has no publication date.
    assigns=["doc._.rashomon_mentions", "doc._.rashomon_actors", "doc._.rashomon_places",
             "doc.spans", WARNINGS],
)
def make_actors(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(nlp, name)


@Language.factory(
    "rashomon_quotes",
    requires=["doc._.rashomon_mentions", "token.dep", "doc.sents"],
    assigns=["doc._.rashomon_quotes", "doc.spans", WARNINGS],
)
def make_quotes(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)


@Language.factory(
    "rashomon_events",
    requires=["doc._.rashomon_mentions", "token.dep", "token.lemma", "doc.sents"],
    # Actors and mentions for states named only through a place or a person, by the actors stage's API.
    assigns=["doc._.rashomon_events", "doc._.rashomon_actors", "doc._.rashomon_mentions", "doc.spans", WARNINGS],
)
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)


@Language.factory(
    "rashomon_checks",
    requires=["doc._.rashomon_mentions"],
    assigns=["doc._.rashomon_flags", WARNINGS],
)
def make_checks(nlp: Language, name: str) -> RecordChecker:
    return RecordChecker(nlp, name)


@Language.factory(
    "rashomon_stance",
    requires=["doc._.rashomon_mentions", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.rashomon_stance", WARNINGS],
)
def make_stance(nlp: Language, name: str) -> StanceScorer:
    return StanceScorer(nlp, name)
