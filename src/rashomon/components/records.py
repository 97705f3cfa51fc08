"""The records the components leave on a Doc (the `doc._.rashomon_*` extensions, see `extensions`),
one type for each kind, and the msgpack codec that carries them through `Doc.to_bytes`.

spaCy moves docs between processes (`nlp.pipe(n_process=...)`) and stores them (`DocBin`) as
`Doc.to_bytes`, which packs extension values with srsly's msgpack. The codec packs a record as a map
of its fields marked with its type's name, and unpacks the map as that type again. It is registered
when this module is imported, so also in a worker process that only unpickles the components.

Offsets are token offsets, except where a field says characters. Actors are named by id; the
document model (`rashomon.documents`) turns ids into references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import srsly


@dataclass(slots=True)
class Mention:
    """An actor mention (`doc._.rashomon_mentions`), also while the actors stage is still reading:
    the titles step gives a named person the office their title names."""

    start: int
    end: int
    actor: str
    how: str  # name | alias | adjective | plural | metonym | title | pronoun | description | place | generic
    sector: str | None = None
    office: str | None = None
    office_of: str | None = None  # whose office: a state or an organisation
    title: str | None = None  # the title's words as written
    past: bool = False  # the title is marked as a past one ("former")


@dataclass(slots=True)
class ActorInfo:
    """An actor of the document (`doc._.rashomon_actors` values, keyed by actor id)."""

    name: str
    kind: str  # person | state | organisation | group | generic (no entry names it: "the police")
    country: str | None
    sector: str | None
    wikidata: str | None
    title: str | None  # the office or role the document gives a person the knowledge base does not know
    known: bool  # in the knowledge base
    gender: str | None


@dataclass(slots=True)
class PlaceMention:
    """A place the knowledge base knows, named outside actor mentions (`doc._.rashomon_places`)."""

    start: int
    end: int
    name: str
    kind: str  # the place's kind, or the word of a description ("the city")
    country: str
    disputed: bool


@dataclass(slots=True)
class Evidence:
    """A sentence an event is read from (character offsets)."""

    start: int
    end: int
    text: str
    trigger: str


@dataclass(slots=True)
class EventRecord:
    """A PLOVER event (`doc._.rashomon_events`)."""

    type: str
    mode: str | None
    quad: str
    actor: list[str]
    recipient: list[str]
    negated: bool
    modality: str
    date: str | None  # ISO date
    date_text: str | None
    speaker: str | None
    text: str  # the first evidence sentence
    evidence: list[Evidence]


@dataclass(slots=True)
class StatementRecord:
    """A direct, partial or indirect statement (`doc._.rashomon_quotes`; character offsets)."""

    speaker: str | None  # None for a speaker the actors stage did not find
    speaker_text: str
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    speaker_start: int
    speaker_end: int
    spans: list[tuple[int, int]] = field(default_factory=list)  # the quoted words, when not one span


@dataclass(slots=True)
class FlagRecord:
    """A check against the record (`doc._.rashomon_flags`; character offsets)."""

    kind: str
    actor: str
    text: str
    message: str
    start: int
    end: int


@dataclass(slots=True)
class StanceRecord:
    """How the document casts one actor (`doc._.rashomon_stance`)."""

    actor: str
    score: float
    role: str | None
    subrole: str | None
    sentences: list[str]


RECORD_TYPES: tuple[type, ...] = (Mention, ActorInfo, PlaceMention, Evidence, EventRecord, StatementRecord,
                                   FlagRecord, StanceRecord)
FIELD_NAMES: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in fields(cls)) for cls in RECORD_TYPES}
BY_NAME = {cls.__name__: cls for cls in RECORD_TYPES}
# The map key that marks a packed record. A bytes key: user data packed from text-keyed maps cannot carry it.
RECORD_KEY = b"rashomon_record"


def encode_record(obj: object, chain: Callable[[object], object] | None = None) -> object:
    """srsly's msgpack encoder signature: a record as a marked map, anything else to the next encoder."""
    names = FIELD_NAMES.get(type(obj))
    if names is None:
        return obj if chain is None else chain(obj)
    packed: dict[bytes | str, object] = {RECORD_KEY: type(obj).__name__}
    packed.update((name, getattr(obj, name)) for name in names)
    return packed


def decode_record(obj: dict[Any, Any], chain: Callable[[dict[Any, Any]], object] | None = None) -> object:
    """srsly's msgpack decoder signature: a marked map as its record (the records inside it are decoded first)."""
    name = obj.get(RECORD_KEY)
    if name is None:
        return obj if chain is None else chain(obj)
    return BY_NAME[name](**{key: value for key, value in obj.items() if key != RECORD_KEY})


srsly.msgpack_encoders.register("rashomon_records", func=encode_record)
srsly.msgpack_decoders.register("rashomon_records", func=decode_record)
