"""Turn an annotated spaCy Doc plus its raw metadata into a `model.Document`."""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_right

from spacy.tokens import Doc

from . import meta
from .ingest import RawDocument
from .meta import DocumentCues
from .model import Actor, ActorRef, Document, Event, Flag, Mention, Quote, Stance


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
    document.events = [Event.model_validate(_with_refs(e, refs, document.id, "e", i))
                       for i, e in enumerate(doc._.rashomon_events or [])]
    document.quotes = [Quote.model_validate(_with_refs(q, refs, document.id, "q", i))
                       for i, q in enumerate(doc._.rashomon_quotes or [])]
    document.flags = [Flag.model_validate(_with_refs(f, refs, document.id, "f", i))
                      for i, f in enumerate(doc._.rashomon_flags or [])]
    document.stance = [Stance(document=document.id, actor=refs[row["actor"]], score=row["score"], role=row["role"],
                              subrole=row["subrole"], sentences=row["sentences"])
                       for row in doc._.rashomon_stance or [] if row["actor"] in refs]
    document.warnings = list(doc._.rashomon_warnings or [])
    return document


def _actors(doc: Doc, sentence_starts: list[int]) -> list[Actor]:
    table = doc._.rashomon_actors or {}
    grouped: dict[str, list[Mention]] = {key: [] for key in table}
    for m in doc._.rashomon_mentions or []:
        span = doc[m["start"]:m["end"]]
        grouped[m["actor"]].append(Mention(
            start=span.start_char, end=span.end_char, text=span.text,
            sentence=bisect_right(sentence_starts, span.start_char) - 1, how=m["how"], sector=m["sector"]))
    actors = []
    for key, info in table.items():
        mentions = grouped[key]
        if not mentions:
            continue
        actors.append(Actor(id=key, name=info["name"], kind=info["kind"], country=info["country"],
                            sector=info["sector"], wikidata=info["wikidata"], title=info["title"],
                            known=info["known"], mention_count=len(mentions), mentions=mentions))
    actors.sort(key=lambda a: (-a.mention_count, a.name))
    return actors


def _ref(value: object, refs: dict[str, ActorRef]) -> object:
    if isinstance(value, str) and value in refs:
        return refs[value]
    return value


def _with_refs(record: dict, refs: dict[str, ActorRef], doc_id: str, prefix: str, index: int) -> dict:
    """Component records name actors by id; the model wants ActorRefs."""
    out = dict(record)
    for key in ("actor", "recipient"):
        if isinstance(out.get(key), list):
            out[key] = [_ref(v, refs) for v in out[key] if v in refs]
    for key in ("speaker", "actor"):
        if isinstance(out.get(key), str):
            out[key] = refs.get(out[key])
    out["id"] = f"{doc_id}-{prefix}{index}"
    return out
