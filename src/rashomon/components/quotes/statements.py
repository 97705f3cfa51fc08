"""What the quotes stage finds: statements, each with its speaker."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import StatementRecord


@dataclass(slots=True)
class Speaker:
    """Who makes a statement: an actor id, or None for a speaker the knowledge base does not know."""

    actor: str | None
    text: str
    start: int  # character offsets of the speaker's words
    end: int


@dataclass(slots=True)
class Statement:
    """A direct, partial or indirect statement; `cue` is the word of saying that attributes it."""

    kind: str
    text: str
    start: int
    end: int
    speaker: Speaker
    cue: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)  # the quoted words, when not one span

    def record(self) -> StatementRecord:
        return StatementRecord(speaker=self.speaker.actor, speaker_text=self.speaker.text, text=self.text,
                               kind=self.kind, cue=self.cue, start=self.start, end=self.end,
                               speaker_start=self.speaker.start, speaker_end=self.speaker.end, spans=self.spans)
