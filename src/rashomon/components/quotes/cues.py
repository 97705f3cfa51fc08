"""What the quotes stage knows: the cue lexicons of `data/cues.yaml` (speech and cognition verbs,
speech nouns, attribution phrases) and the nouns that can name a speaker, built once with the
knowledge base by `rashomon.knowledge`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.strings import get_string_id
from spacy.tokens import Token

from ...kb import KnowledgeBase
from ..syntax import NOUN_POS

# Attribution phrases whose object is the source itself ("according to X"); in the others
# ("speaking to X", "in an interview with X") the object is the listener or the medium.
SOURCE_PHRASE_WORDS = {"according", "quoting", "citing", "words"}
# Of those, the phrases by which a reporter relays its source ("citing a Kremlin source").
RELAY_WORDS = {"quoting", "citing"}
# Prepositions of time: after quoted words, 'before the holiday' says when they were said.
TIME_PREPOSITIONS = {"during", "before", "after", "until", "since"}
TIME_ENTITIES = {"DATE", "TIME"}


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicons of `cues.yaml`: verb lemmas (with the particles a phrasal entry requires),
    speech nouns, cognition verbs and attribution phrases."""

    speech: dict[str, frozenset[str]]
    cognition: dict[str, frozenset[str]]
    nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    evidence: dict[str, frozenset[str]] = field(default_factory=dict)
    evidence_objects: frozenset[str] = frozenset()  # of those, the ones whose object is the finding
    finding_nouns: frozenset[str] = frozenset()  # the texts and data that find: 'polls show ...'
    position: dict[str, frozenset[str]] = field(default_factory=dict)
    objects: dict[str, frozenset[str]] = field(default_factory=dict)  # verbs whose object is what is said
    naming: frozenset[str] = frozenset()  # object verbs that need what they call it: 'called [it] [a farce]'
    not_labels: frozenset[str] = frozenset()  # words before a line's colon that name no speaker ('UPDATE:')
    settings: frozenset[str] = frozenset()  # where something was said: 'on social media', 'at a rally'
    questions: frozenset[str] = frozenset()  # verbs whose clause may be a question: 'asked [whether ...]'
    utterances: frozenset[str] = frozenset()  # verbs whose object is words voiced: 'chanting "U-S-A!"'
    wordings: frozenset[str] = frozenset()  # nouns for words used: 'used the phrase "..."'
    speech_ids: frozenset[int] = frozenset()  # string ids of the speech lemmas
    reporting_ids: frozenset[int] = frozenset()  # and of every verb that may report a statement
    phrase_ids: frozenset[int] = frozenset()  # and of the first words of non-relay phrases

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Cues:
        phrases = [tuple(str(p).lower().split()) for p in data.get("according_to") or []]
        according = tuple(p for p in phrases if SOURCE_PHRASE_WORDS & set(p))
        speech = _verb_table(data.get("speech_verbs") or [])
        cognition = _verb_table(data.get("cognition_verbs") or [])
        evidence = _verb_table(data.get("evidence_verbs") or [])
        position = _verb_table(data.get("position_verbs") or [])
        objects = _verb_table(data.get("object_verbs") or [])
        reporting = {*speech, *cognition, *evidence, *position, *objects}
        return cls(speech=speech, cognition=cognition, evidence=evidence, position=position, objects=objects,
                   evidence_objects=frozenset(str(w).lower() for w in data.get("evidence_object_verbs") or []),
                   finding_nouns=frozenset(str(w).lower() for w in data.get("finding_nouns") or []),
                   naming=frozenset(str(w).lower() for w in data.get("naming_verbs") or []),
                   not_labels=frozenset(str(w).lower() for w in data.get("not_speaker_labels") or []),
                   settings=frozenset(str(w).lower() for w in data.get("telling_settings") or []),
                   questions=frozenset(str(w).lower() for w in data.get("question_verbs") or []),
                   utterances=frozenset(str(w).lower() for w in data.get("utterance_verbs") or []),
                   wordings=frozenset(str(w).lower() for w in data.get("wording_nouns") or []),
                   reporting_ids=frozenset(get_string_id(lemma) for lemma in reporting),
                   nouns=frozenset(str(n).lower() for n in data.get("speech_nouns") or [] if " " not in str(n)),
                   according=according, speech_ids=frozenset(get_string_id(lemma) for lemma in speech),
                   phrase_ids=frozenset(get_string_id(p[0]) for p in according if p[0] not in RELAY_WORDS))

    def is_speech(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.speech, token)

    def is_cognition(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.cognition, token)

    def reports_clause(self, token: Token) -> bool:
        """A verb whose clause, without quote marks, is an indirect statement of its subject: of
        saying, of thinking, or of finding ('the audit found that ...')."""
        return token.pos_ == "VERB" and any(_verb_matches(table, token)
                                            for table in (self.speech, self.cognition, self.evidence))

    def finds_object(self, token: Token) -> bool:
        """A verb of finding whose object is the finding: 'polls show [a close race]'."""
        return token.pos_ == "VERB" and token.lemma_.lower() in self.evidence_objects

    def is_position(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.position, token)

    def takes_object(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _verb_matches(self.objects, token)

    def is_noun(self, token: Token) -> bool:
        return token.pos_ in NOUN_POS and token.lemma_.lower() in self.nouns

    def is_setting(self, token: Token) -> bool:
        """A phrase that says when, where or how something was said: 'on Tuesday', 'during the
        debate', 'on social media', 'at a campaign stop'."""
        if token.ent_type_ in TIME_ENTITIES:
            return True
        if token.dep_ != "prep":
            return False
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return token.lower_ in TIME_PREPOSITIONS or any(
            c.ent_type_ in TIME_ENTITIES or c.lemma_.lower() in self.settings or c.lower_ in self.settings
            for c in objects)

    def according_at(self, token: Token) -> tuple[str, Token] | None:
        """('according to', object) when an attribution phrase starts at this token."""
        doc = token.doc
        for phrase in self.according:
            end = token.i + len(phrase)
            if end > len(doc) or tuple(t.lower_ for t in doc[token.i:end]) != phrase:
                continue
            last = doc[end - 1]
            obj = next((c for c in last.children if c.dep_ in {"pobj", "dobj"}), None)
            if obj is None and end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN", "DET", "ADJ"}:
                obj = doc[end].head if doc[end].pos_ in {"DET", "ADJ"} else doc[end]
            if obj is not None and obj.i >= end:
                return " ".join(phrase), obj
        return None


def cue_text(token: Token) -> str:
    """A cue word as a statement records it, with its particles ('pointed out')."""
    particles = [c for c in token.children if c.dep_ == "prt"]
    return " ".join([token.text, *(p.text for p in particles)])


def _verb_table(entries: Iterable[object]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for entry in entries:
        lemma, _, rest = str(entry).lower().partition(" ")
        table.setdefault(lemma, set()).add(rest)
    return {lemma: frozenset(rests) for lemma, rests in table.items()}


def _verb_matches(table: dict[str, frozenset[str]], token: Token) -> bool:
    rests = table.get(token.lemma_.lower())
    if not rests:
        return False
    if "" in rests:
        return True
    following = {c.lower_ for c in token.children if c.dep_ in {"prt", "prep", "dobj"}}
    return any(rest.split()[0] in following for rest in rests)


MIN_ENDING_WORD = 5  # shorter words are not read by their ending ('man', 'tor')


@dataclass(frozen=True, slots=True)
class SpeakerNouns:
    """Nouns that name a person (a role or a description), a body, or a source that speaks in
    writing or as a group (a report, a newspaper, a campaign)."""

    people: frozenset[str]
    bodies: frozenset[str]
    personal_bodies: frozenset[str]  # bodies that speak for the person owning them
    spokespeople: frozenset[str]  # people whose words are their institution's
    sources: frozenset[str]  # texts, media and groups that say things: 'the filing says', 'the team wrote'
    person_endings: tuple[str, ...]  # 'businessman', 'lobbyist', 'politician': the subject of a speech verb

    def names_speaker(self, lemma: str) -> bool:
        """Whether a noun the knowledge base does not know may name who says something."""
        return lemma in self.people or lemma in self.bodies or lemma in self.sources or (
            len(lemma) > MIN_ENDING_WORD and lemma.endswith(self.person_endings))

    @classmethod
    def build(cls, data: dict[str, Any], kb: KnowledgeBase) -> SpeakerNouns:
        titles = {_head_word(t) for t in kb.office_titles} | {w.lower() for w in kb.leader_words}
        people = _words(data, "person_nouns") | titles | {w for w in kb.role_words if " " not in w}
        sectors = {w for w, sector in kb.sector_nouns.items() if sector in data["body_sectors"] and " " not in w}
        return cls(frozenset(people), _words(data, "body_nouns") | sectors, _words(data, "personal_bodies"),
                   _words(data, "spokespeople"), _words(data, "source_nouns"),
                   tuple(sorted(_words(data, "person_endings"))))


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data[key])


def _head_word(title: str) -> str:
    """'minister of foreign affairs' → minister; 'foreign ministry spokesperson' → spokesperson."""
    return re.split(r"\s+(?:of|for|to)\s+", title.lower())[0].split()[-1]


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """What the quotes stage knows: the cues of cues.yaml and the nouns that can name a speaker."""

    cues: Cues
    nouns: SpeakerNouns

    @classmethod
    def build(cls, data: dict[str, Any], kb: KnowledgeBase) -> QuoteLexicon:
        return cls(Cues.from_data(data), SpeakerNouns.build(data, kb))
