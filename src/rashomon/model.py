"""The data model shared by every stage, and the single source of the JSON schema `rashomon/1`.

`docs/schema.json` is generated from `Analysis` (`rashomon schema > docs/schema.json`); a test
checks that the checked-in file matches.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "rashomon/1"

ActorKind = Literal["person", "state", "organisation", "group", "generic"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
QUADS: tuple[Quad, ...] = get_args(Quad)  # in PLOVER's order
Modality = Literal["asserted", "future", "hypothetical", "inability", "reported"]
QuoteKind = Literal["direct", "partial", "indirect"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorRef(Record):
    """A pointer from an event, quote or flag to an actor of the same document."""

    id: str
    name: str
    wikidata: str | None = None


class Mention(Record):
    start: int = Field(description="character offset of the mention in the document text")
    end: int
    text: str
    sentence: int = Field(description="index of the sentence holding the mention")
    how: str = Field(description="name | alias | title | demonym | metonym | pronoun | description | place "
                                 "(a city or site standing for its state as the one acted on)")
    sector: str | None = Field(None, description="PLOVER sector the phrase implies (GOV, MIL, ...)")


class Actor(Record):
    id: str = Field(description="ISO3 for states, KB id for organisations, person:<slug> for people, "
                                "generic:[COUNTRY:]SECTOR:<head> for generic actors ('the police')")
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    title: str | None = Field(None, description="office or role the document gives the actor")
    known: bool = Field(description="true when the actor is in the knowledge base")
    mention_count: int
    mentions: list[Mention]


class Evidence(Record):
    start: int = Field(description="character offset of the evidence sentence")
    end: int
    text: str
    trigger: str = Field(description="the words that carry the event")


class Event(Record):
    id: str
    type: EventType
    mode: str | None = None
    quad: Quad
    actor: list[ActorRef]
    recipient: list[ActorRef]
    negated: bool = False
    modality: Modality = "asserted"
    date: dt.date | None = None
    date_text: str | None = None
    speaker: ActorRef | None = Field(None, description="who reported it, for events inside statements")
    text: str = Field(description="the first evidence sentence")
    evidence: list[Evidence]


class Quote(Record):
    id: str
    speaker: ActorRef | None
    speaker_text: str | None = Field(None, description="the speaker's words as written")
    text: str
    kind: QuoteKind
    cue: str | None = Field(None, description="the speech verb or phrase introducing the statement")
    start: int
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    spans: list[tuple[int, int]] = Field(
        default_factory=list,
        description="the quoted words' own character spans when they are not the statement's text: a quote split by "
                    "its attribution or reopened in a new paragraph (text is then the article between start and end, "
                    "attribution included), a partial quote read with the clause it completes, or the reported "
                    "words of an indirect statement whose attribution stands inside them ('The talks, he said, had "
                    "failed'); empty otherwise")


class Flag(Record):
    id: str
    kind: str = Field(description="anachronism | deceased | ...")
    actor: ActorRef | None = None
    text: str = Field(description="the words flagged")
    message: str
    start: int
    end: int


class Stance(Record):
    document: str
    actor: ActorRef
    score: float = Field(ge=-1, le=1)
    role: str | None = Field(None, description="protagonist | antagonist | innocent")
    subrole: str | None = None
    sentences: list[str] = []


class Document(Record):
    id: str = Field(description="sha256 of the text, first 16 hex digits")
    source: str = Field(description="the input path or URL as given, with #line for corpus rows")
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    genre: str | None = Field(None, description="opinion | news")
    status: Literal["analysed", "unsupported_language"] = "analysed"
    word_count: int
    warnings: list[str] = []
    text: str
    sentences: list[tuple[int, int]] = Field(default_factory=list,
                                             description="start and end offset of each sentence")
    actors: list[Actor] = []
    events: list[Event] = []
    quotes: list[Quote] = []
    flags: list[Flag] = []
    stance: list[Stance] = Field([], description="how this source casts each actor it mentions at least twice "
                                                 "or has a stance toward")


class InputError(Record):
    source: str
    line: int | None = None
    stage: str
    reason: str


class Citation(Record):
    """One document's evidence for a cross-source finding."""

    document: str = Field(description="document id")
    source: str
    text: str
    start: int
    end: int


class Finding(Record):
    id: str
    kind: Literal["agreement", "contradiction", "unique", "framing"] = Field(
        description="framing: the sources cast the same actor in opposite ways (stance sign or role)")
    topic: str = Field(description="what the finding is about, in words")
    detail: str | None = None
    story: str | None = Field(None, description="id of the story whose documents were compared")
    citations: list[Citation]


class DyadCounts(Record):
    actor: ActorRef
    recipient: ActorRef
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0


class Story(Record):
    """Documents about the same story. Sources are compared within a story, never across
    stories: a death toll in one war does not contradict a death toll in another."""

    id: str
    label: str = Field("", description="the event most of its sources report ('Actor → Recipient (TYPE)'), else "
                                        "the actors they all name, else a title; then its dates")
    start: dt.date | None = Field(None, description="the earliest publication date of its documents")
    end: dt.date | None = Field(None, description="the latest publication date of its documents")
    documents: list[str] = Field(description="document ids")
    actors: list[ActorRef] = Field(default_factory=list, description="actors every document of the story "
                                                                     "names, most mentioned first")


class Comparison(Record):
    method: dict[str, str] = Field(default_factory=dict, description="how each part was computed")
    stories: list[Story] = []
    findings: list[Finding] = []
    dyads: list[DyadCounts] = []


class Analysis(Record):
    schema_: str = Field(SCHEMA, alias="schema")
    tool_version: str
    model: str
    created: dt.datetime
    documents: list[Document]
    errors: list[InputError] = []
    dyads: list[DyadCounts] = []
    comparison: Comparison | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)


def json_schema() -> dict:
    """The JSON Schema of `rashomon/1`, as checked in at docs/schema.json."""
    schema = Analysis.model_json_schema(by_alias=True)
    schema["$id"] = "https://rashomon.invalid/schema/rashomon-1.json"
    schema["title"] = SCHEMA
    return schema
