"""Turn an annotated spaCy Doc plus its raw metadata into a `model.Document`."""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_right
from dataclasses import asdict

from spacy.tokens import Doc

from . import meta
from .components.extensions import doc_actors, doc_events, doc_flags, doc_mentions, doc_quotes, doc_stance
from .components.records import EventRecord, FlagRecord, StatementRecord
from .ingest import RawDocument
from .meta import DocumentCues
from .model import Actor, ActorRef, Document, Event, Evidence, Flag, Mention, Quote, Stance


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def base_document(raw: RawDocument, language: str | None, cues: DocumentCues) -> Document:
    """Metadata only: given values win over what the text suggests."""
    text = raw.text
    given = raw.meta
    published = given.get("published")
    return Document(
        id=document_id(text), source=raw.source,
        title=given.get("title") or meta.guess_title(text),
        author=given.get("author") or meta.guess_author(text, cues),
        outlet=given.get("outlet"), url=given.get("url") or (raw.source if raw.source.startswith("http") else None),
        published=dt.date.fromisoformat(published) if published else None,
        language=given.get("language") or language, genre=meta.guess_genre(text, cues),
        word_count=len(text.split()), text=text)


def from_doc(doc: Doc, raw: RawDocument, language: str | None, cues: DocumentCues) -> Document:
    document = base_document(raw, language, cues)
    document.sentences = [(s.start_char, s.end_char) for s in doc.sents]
    starts = [start for start, _ in document.sentences]
    actors = _actors(doc, starts)
    refs = {a.id: ActorRef(id=a.id, name=a.name, wikidata=a.wikidata) for a in actors}
    document.actors = actors
    document.events = [_event(e, refs, f"{document.id}-e{i}") for i, e in enumerate(doc_events(doc))]
    document.quotes = [_quote(q, refs, f"{document.id}-q{i}") for i, q in enumerate(doc_quotes(doc) or [])]
    document.flags = [_flag(f, refs, f"{document.id}-f{i}") for i, f in enumerate(doc_flags(doc))]
    document.stance = [Stance(document=document.id, actor=refs[row.actor], score=row.score, role=row.role,
                              subrole=row.subrole, sentences=row.sentences)
                       for row in doc_stance(doc) if row.actor in refs]
    document.warnings = list(doc._.rashomon_warnings or [])
    return document


def _actors(doc: Doc, sentence_starts: list[int]) -> list[Actor]:
    table = doc_actors(doc)
    grouped: dict[str, list[Mention]] = {key: [] for key in table}
    for m in doc_mentions(doc):
        span = doc[m.start:m.end]
        grouped[m.actor].append(Mention(
            start=span.start_char, end=span.end_char, text=span.text,
            sentence=bisect_right(sentence_starts, span.start_char) - 1, how=m.how, sector=m.sector))
    actors = []
    for key, info in table.items():
        mentions = grouped[key]
        if not mentions:
            continue
        actors.append(Actor(id=key, name=info.name, kind=info.kind, country=info.country, sector=info.sector,
                            wikidata=info.wikidata, title=info.title, known=info.known,
                            mention_count=len(mentions), mentions=mentions))
    actors.sort(key=lambda a: (-a.mention_count, a.name))
    return actors


# Component records name actors by id; the model refers to the document's actors. An id that is
# not among them (an actor without a mention) is left out.
def _ref(actor: str | None, refs: dict[str, ActorRef]) -> ActorRef | None:
    return refs.get(actor) if actor is not None else None


def _refs(actors: list[str], refs: dict[str, ActorRef]) -> list[ActorRef]:
    return [refs[a] for a in actors if a in refs]


def _event(event: EventRecord, refs: dict[str, ActorRef], event_id: str) -> Event:
    return Event(id=event_id, type=event.type, mode=event.mode, quad=event.quad, actor=_refs(event.actor, refs),
                 recipient=_refs(event.recipient, refs), negated=event.negated, modality=event.modality,
                 date=dt.date.fromisoformat(event.date) if event.date else None, date_text=event.date_text,
                 speaker=_ref(event.speaker, refs), text=event.text,
                 evidence=[Evidence(**asdict(e)) for e in event.evidence])


def _quote(quote: StatementRecord, refs: dict[str, ActorRef], quote_id: str) -> Quote:
    return Quote(id=quote_id, **(asdict(quote) | {"speaker": _ref(quote.speaker, refs)}))


def _flag(flag: FlagRecord, refs: dict[str, ActorRef], flag_id: str) -> Flag:
    return Flag(id=flag_id, **(asdict(flag) | {"actor": _ref(flag.actor, refs)}))
