"""The events lexicon: PLOVER types, verb and noun entries, object classes and the word lists of
data/events.yaml and data/cues.yaml, every record checked when loaded (file and line named on a bad
one)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from ...data_files import DataFile, line_of
from ...errors import KnowledgeBaseError
from ...kb import Agents, KnowledgeBase
from ...model import QUADS
from ..actors import known_actor_record
from ..records import ActorInfo
from ..stance import StanceLexicon
from .parse import precedes, token_forms

CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "conj", "parataxis", "xcomp", "csubj"})

if TYPE_CHECKING:
    from .candidates import Candidate

SLOT = re.compile(r"^(dobj|dative|poss|compound|amod|nsubj|speaker|prep:[a-z]+)$")


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    type: str
    mode: str | None
    recipient: tuple[str, ...]
    actor: tuple[str, ...] = ()
    particle: str | None = None
    prep: str | None = None
    object: str | None = None
    reverse: bool = False
    subject: str | None = None
    subject_not: frozenset[str] = frozenset()
    direct: bool = False  # the recipient must be named outright ("sent troops to Mali", not "to the border")

    @property
    def weight(self) -> int:
        return sum(x is not None for x in (self.particle, self.prep, self.object, self.subject)) + self.direct


@dataclass(frozen=True, slots=True)
class NounEntry:
    words: tuple[str, ...]  # modifiers + head lemma ("air", "strike")
    type: str
    mode: str | None
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    prep: str | None = None
    direct: bool = False


RECIPIENT_RULES = ("required", "optional", "unnamed", "unread")


@dataclass(frozen=True, slots=True)
class PloverType:
    """One of PLOVER's sixteen types, as data/plover.yaml gives it."""

    name: str
    quad: str
    score: float
    modes: frozenset[str]
    recipient_optional: bool = False
    optional_modes: frozenset[str] = frozenset()
    recipient_unnamed: bool = False  # coded without a recipient when the sentence names no other actor
    unnamed_modes: frozenset[str] = frozenset()
    recipient_unread: bool = False  # coded without a recipient even when the sentence names other actors


class Phrases:
    """Multi-word members ("air defense system") indexed by their last word."""

    def __init__(self) -> None:
        self.by_last: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self.single: dict[str, set[str]] = defaultdict(set)

    def add(self, text: str, label: str) -> None:
        words = tuple(w for w in re.split(r"\s+|(?=-)|(?<=-)", text.lower().strip()) if w)
        if len(words) == 1:
            self.single[words[0]].add(label)
        else:
            self.by_last[words[-1]].append((words, label))
            self.by_last[words[-1]].sort(key=lambda pair: -len(pair[0]))

    def labels(self, token: Token) -> tuple[set[str], set[str]]:
        """(labels of the longest multi-word match, labels of the head word alone)."""
        forms = token_forms(token)
        multi: set[str] = set()
        length = 0
        for form in forms:
            for words, label in self.by_last.get(form, ()):
                if len(words) >= length and precedes(token, words[:-1]):
                    if len(words) > length:
                        multi, length = set(), len(words)
                    multi.add(label)
        single = set().union(*(self.single.get(form, set()) for form in forms))
        return multi, single


@dataclass(frozen=True, slots=True)
class EventCues:
    """The words of data/cues.yaml this stage reads: negation, modality and speech."""

    negators: frozenset[str]
    negating_verbs: frozenset[str]
    inability: frozenset[str]
    future: frozenset[str]
    hypothetical: frozenset[str]
    reported: frozenset[str]
    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    threat_verbs: frozenset[str]
    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Purpose:
    """'France sent troops to Mali to help the government': a deployment whose purpose is help is AID."""

    applies_to: frozenset[str] = frozenset()
    purpose_types: frozenset[str] = frozenset()
    purpose_lemmas: frozenset[str] = frozenset()
    result_type: str = "AID"
    mission_words: frozenset[str] = frozenset()  # "sent troops to the peacekeeping force": AID too

    def retypes(self, governor: Candidate, purpose: Candidate) -> bool:
        return governor.type in self.applies_to and (purpose.type in self.purpose_types
                                                     or purpose.anchor.lemma_.lower() in self.purpose_lemmas)

    def on_mission(self, candidate: Candidate) -> bool:
        """A deployment that names a mission of help in its own phrases ("deployed 300 soldiers to
        Mali for the UN peacekeeping force", "Kenyan peacekeepers were deployed to Haiti"), not in a clause
        of its own below it."""
        if candidate.type not in self.applies_to:
            return False
        heads = [candidate.anchor] if candidate.clause is None else [candidate.anchor, candidate.clause]
        return any(t.lemma_.lower() in self.mission_words or t.lower_ in self.mission_words
                   for head in heads for t in _own_phrases(head))


@dataclass(slots=True)
class Lexicon:
    types: dict[str, PloverType]
    verbs: dict[str, list[VerbEntry]]
    nouns: dict[str, list[NounEntry]]
    classes: Phrases
    light_verbs: frozenset[str]
    complement_modes: dict[str, list[tuple[str, str | None, str]]]
    cues: EventCues
    actor_heads: frozenset[str]
    quantity_heads: frozenset[str]
    speaker_recipient: frozenset[tuple[str, str]]
    homeland_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    blame_labels: frozenset[str]
    crowd_heads: frozenset[str]
    people_heads: frozenset[str]
    nominal_future: frozenset[str]  # adjectives that put an event noun ahead ("a planned visit")
    cessation: frozenset[str]  # verbs that turn an attack below them into its end ("stopped attacking")
    commands: frozenset[str]  # verbs of command: a request by one needs whom it commands ("ordered a siege")
    crowd_violence: tuple[str, str]
    held_together: dict[str, str]  # object class -> the type of its event when several actors hold it
    refuge_heads: frozenset[str]  # who flees: letting them in is asylum (AID), not access
    sent_forces: frozenset[str]  # object classes of forces that, sent in the passive, stand for their sender
    domestic_types: frozenset[str]
    states: dict[str, ActorInfo]  # actor records of every state, for states a document names only by a place
    generic_recipients: dict[str, str]  # heads of a generic actor acted on ("prisoners" CVL), by sector
    generic_recipient_types: frozenset[str]  # the types whose recipient may be such an actor
    agents: Agents  # the generic actors' lexicon: also says whose a group is ("rebels led by HTS")
    demand_modals: frozenset[str]  # "X says Y must ...": a REQUEST of Y
    idioms: frozenset[tuple[str, str]]
    future_types: dict[str, str]
    purpose: Purpose
    stance: StanceLexicon

    def needs_recipient(self, event_type: str, mode: str | None) -> bool:
        info = self.types[event_type]
        return not (info.recipient_optional or mode in info.optional_modes)

    def unnamed_recipient(self, event_type: str, mode: str | None) -> bool:
        """May this event go without a recipient when its sentence names no other side?"""
        info = self.types[event_type]
        return info.recipient_unnamed or info.recipient_unread or mode in info.unnamed_modes

    def unread_recipient(self, event_type: str) -> bool:
        """May this event go without a recipient when none is read, even if its sentence names other
        actors? For the types whose object is mostly no actor ("condemned the bombing", "held talks in
        Geneva", "rejected the proposal")."""
        return self.types[event_type].recipient_unread

    def complement_mode(self, governor: str, event_type: str, mode: str | None) -> str | None:
        for want_type, want_mode, result in self.complement_modes.get(governor, ()):
            if want_type == event_type and want_mode in (None, mode):
                return result
        return None


def load_lexicon(plover: DataFile, events: DataFile, cues: DataFile, kb: KnowledgeBase,
                 stance: StanceLexicon) -> Lexicon:
    """The lexicon, every record checked (file and line named on a bad one). Nouns that can act
    ("officials", "forces", "minister") come from the knowledge base and events.yaml; how loaded a
    label is ('called the deal a trap'), from the stance lexicon."""
    types = _load_types(plover.data, plover.source)
    source = events.source
    data = _mapping(events.data, source)
    classes = _load_classes(data.get("object_classes") or {}, source)
    verbs: dict[str, list[VerbEntry]] = defaultdict(list)
    for record in data.get("verbs") or []:
        entry = _verb_entry(record, types, set(classes.single) | _multi_labels(classes), source)
        verbs[entry.lemma].append(entry)
    nouns: dict[str, list[NounEntry]] = defaultdict(list)
    for record in data.get("nouns") or []:
        noun = _noun_entry(record, types, source)
        nouns[noun.words[-1]].append(noun)
    for entries in nouns.values():
        entries.sort(key=lambda n: (-len(n.words), n.prep is None))
    return Lexicon(types=types, verbs=dict(verbs), nouns=dict(nouns), classes=classes,
                   light_verbs=frozenset(str(v).lower() for v in data.get("light_verbs") or []),
                   complement_modes=_load_complement_modes(data.get("complement_modes") or {}, types, source),
                   cues=_load_cues(cues), actor_heads=_actor_heads(kb, data, source),
                   quantity_heads=_words(data, "quantity_heads", source),
                   speaker_recipient=_type_modes(data, "speaker_recipient", types, source),
                   homeland_nouns=_words(data, "homeland_nouns", source),
                   naming_verbs=_words(data, "naming_verbs", source),
                   blame_labels=_words(data, "blame_labels", source),
                   crowd_heads=_words(data, "crowd_heads", source),
                   people_heads=_words(data, "people_heads", source),
                   nominal_future=_words(data, "nominal_future", source),
                   cessation=_words(data, "cessation", source),
                   commands=_words(data, "commands", source),
                   crowd_violence=_type_mode(data.get("crowd_violence"), "crowd_violence", types, source),
                   held_together=_held_together(data.get("held_together"), types, source),
                   refuge_heads=_words(data, "refuge_heads", source),
                   sent_forces=_words(data, "sent_forces", source),
                   domestic_types=_types(data, "domestic_types", types, source),
                   states={e.id: known_actor_record(e) for e in kb.entities.values() if e.kind == "state"},
                   generic_recipients=dict(kb.agents.recipients), agents=kb.agents,
                   demand_modals=_words(data, "demand_modals", source),
                   generic_recipient_types=_types(data, "generic_recipient_types", types, source),
                   idioms=frozenset(_idiom(text, source) for text in _words(data, "idioms", source)),
                   future_types=_future_types(data.get("future_types") or {}, types, source),
                   purpose=_purpose(data.get("purpose_override") or {}, types, source), stance=stance)


def _purpose(table: Any, types: dict[str, PloverType], source: str) -> Purpose:
    if not isinstance(table, dict):
        raise KnowledgeBaseError("purpose_override must be a mapping", source)
    purpose = Purpose(frozenset(table.get("applies_to") or []), frozenset(table.get("purpose_types") or []),
                      frozenset(str(w).lower() for w in table.get("purpose_lemmas") or []),
                      str(table.get("result_type") or "AID"),
                      frozenset(str(w).lower() for w in table.get("mission_words") or []))
    if any(t not in types for t in (*purpose.applies_to, *purpose.purpose_types, purpose.result_type)):
        raise KnowledgeBaseError("purpose_override names an unknown PLOVER type", source, line_of(table))
    return purpose


def _own_phrases(head: Token) -> list[Token]:
    """The head and its phrases, without the clauses below it (their words are their own events')."""
    found = [head]
    for child in head.children:
        if child.dep_ not in CLAUSE_DEPS:
            found.extend(child.subtree)
    return found


def _future_types(table: Any, types: dict[str, PloverType], source: str) -> dict[str, str]:
    """event type -> the type it becomes when promised (AID -> AGREE, RETREAT -> CONCEDE, ...)."""
    if not isinstance(table, dict):
        raise KnowledgeBaseError("future_types must be a mapping", source)
    result = {}
    for target, sources in table.items():
        if target not in types or not isinstance(sources, list) or any(t not in types for t in sources):
            raise KnowledgeBaseError(f"future_types: bad row '{target}'", source)
        result.update({str(t): str(target) for t in sources})
    return result


def _words(data: dict, key: str, source: str) -> frozenset[str]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise KnowledgeBaseError(f"'{key}' must be a list", source)
    return frozenset(str(v).lower() for v in value)


def _types(data: dict, key: str, types: dict[str, PloverType], source: str) -> frozenset[str]:
    names = frozenset(str(t) for t in data.get(key) or [])
    unknown = sorted(names - set(types))
    if unknown:
        raise KnowledgeBaseError(f"{key}: unknown PLOVER type {', '.join(unknown)}", source)
    return names


def _type_modes(data: dict, key: str, types: dict[str, PloverType], source: str) -> frozenset[tuple[str, str]]:
    return frozenset(_type_mode(text, key, types, source) for text in data.get(key) or [])


def _type_mode(text: object, key: str, types: dict[str, PloverType], source: str) -> tuple[str, str]:
    """A 'TYPE mode' string, checked against the PLOVER table."""
    event_type, _, mode = str(text).partition(" ")
    if event_type not in types or mode not in types[event_type].modes:
        raise KnowledgeBaseError(f"{key}: '{text}' is not a PLOVER type and mode", source)
    return event_type, mode


def _held_together(table: object, types: dict[str, PloverType], source: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(str(t) in types for t in table.values()):
        raise KnowledgeBaseError("held_together must map object classes to PLOVER types", source)
    return {str(k): str(v) for k, v in table.items()}


def _actor_heads(kb: KnowledgeBase, data: dict, source: str) -> frozenset[str]:
    heads = set(_words(data, "actor_heads", source)) | {w.lower() for w in kb.role_words}
    heads |= {w.lower() for w in kb.sector_nouns} | {w.lower() for w in kb.administration_words}
    heads |= set(kb.agents.nouns)
    return frozenset(heads)


def _idiom(text: str, source: str) -> tuple[str, str]:
    verb, _, obj = text.partition(" ")
    if not obj or " " in obj:
        raise KnowledgeBaseError(f"idiom '{text}' must be 'verb-lemma object-lemma'", source)
    return verb, obj


def _mapping(data: Any, source: str) -> dict:
    if not isinstance(data, dict):
        raise KnowledgeBaseError("expected a mapping at the top level", source)
    return data


def _multi_labels(classes: Phrases) -> set[str]:
    labels = {label for rows in classes.by_last.values() for _, label in rows}
    return labels | {label for found in classes.single.values() for label in found}


def _load_types(data: Any, source: str) -> dict[str, PloverType]:
    rows = _mapping(data, source).get("types")
    if not isinstance(rows, dict) or not rows:
        raise KnowledgeBaseError("expected 'types', a mapping of PLOVER types", source)
    types = {}
    for name, info in rows.items():
        if not isinstance(info, dict) or info.get("quad") not in QUADS:
            raise KnowledgeBaseError(f"type {name}: quad must be one of {', '.join(QUADS)}", source,
                                     line_of(info))
        modes = dict(info.get("modes") or {})
        optional, unnamed = (frozenset(k for k, v in modes.items()
                                       if isinstance(v, dict) and v.get("recipient") == rule)
                             for rule in ("optional", "unnamed"))
        recipient = info.get("recipient", "required")
        if recipient not in RECIPIENT_RULES:
            raise KnowledgeBaseError(f"type {name}: recipient must be one of {', '.join(RECIPIENT_RULES)}", source,
                                     line_of(info))
        types[str(name)] = PloverType(str(name), info["quad"], float(info.get("score", 0)), frozenset(modes),
                                      recipient == "optional", optional, recipient == "unnamed", unnamed,
                                      recipient == "unread")
    return types


def _load_classes(table: Any, source: str) -> Phrases:
    if not isinstance(table, dict):
        raise KnowledgeBaseError("object_classes must be a mapping", source)
    phrases = Phrases()
    for label, members in table.items():
        if not isinstance(members, list) or not members:
            raise KnowledgeBaseError(f"object class '{label}' must be a non-empty list", source)
        for member in members:
            phrases.add(str(member), str(label))
    return phrases


def _check_type(record: dict, types: dict[str, PloverType], source: str) -> None:
    line = line_of(record)
    for key in ("lemma", "type"):
        if not record.get(key):
            raise KnowledgeBaseError(f"record lacks {key}", source, line)
    event_type = types.get(record["type"])
    if event_type is None:
        raise KnowledgeBaseError(f"unknown PLOVER type '{record['type']}'", source, line)
    mode = record.get("mode")
    if mode is not None and mode not in event_type.modes:
        raise KnowledgeBaseError(f"mode '{mode}' is not a mode of {record['type']}", source, line)


def _slots(record: dict, key: str, source: str) -> tuple[str, ...]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(s, str) and SLOT.match(s) for s in value):
        raise KnowledgeBaseError(f"'{key}' must list slots such as dobj, dative, poss, prep:to", source,
                                 line_of(record))
    return tuple(value)


def _verb_entry(record: Any, types: dict[str, PloverType], labels: set[str], source: str) -> VerbEntry:
    if not isinstance(record, dict):
        raise KnowledgeBaseError("a verb entry must be a mapping", source)
    _check_type(record, types, source)
    wanted = record.get("object")
    subject_not = frozenset(record.get("subject_not") or [])
    for label in (wanted, record.get("subject"), *subject_not):
        if label is not None and label not in labels:
            raise KnowledgeBaseError(f"unknown object class '{label}'", source, line_of(record))
    return VerbEntry(lemma=str(record["lemma"]).lower(), type=record["type"], mode=record.get("mode"),
                     recipient=_slots(record, "recipient", source), actor=_slots(record, "actor", source),
                     particle=record.get("particle"), prep=record.get("prep"), object=wanted,
                     reverse=bool(record.get("reverse", False)), subject=record.get("subject"),
                     subject_not=subject_not, direct=bool(record.get("direct", False)))


def _noun_entry(record: Any, types: dict[str, PloverType], source: str) -> NounEntry:
    if not isinstance(record, dict):
        raise KnowledgeBaseError("a noun entry must be a mapping", source)
    _check_type(record, types, source)
    actor = _slots(record, "actor", source)
    if not actor:
        raise KnowledgeBaseError("a noun entry needs actor slots", source, line_of(record))
    return NounEntry(words=tuple(str(record["lemma"]).lower().split()), type=record["type"],
                     mode=record.get("mode"), actor=actor, recipient=_slots(record, "recipient", source),
                     prep=record.get("prep"), direct=bool(record.get("direct", False)))


def _load_complement_modes(table: Any, types: dict[str, PloverType],
                           source: str) -> dict[str, list[tuple[str, str | None, str]]]:
    result: dict[str, list[tuple[str, str | None, str]]] = {}
    for governor, rows in table.items():
        if governor not in types or not isinstance(rows, dict):
            raise KnowledgeBaseError(f"complement_modes: bad governor '{governor}'", source)
        keyed = []
        for key, mode in rows.items():
            event_type, _, want = str(key).partition(" ")
            if event_type not in types or mode not in types[governor].modes:
                raise KnowledgeBaseError(f"complement_modes: bad row '{key}: {mode}'", source, line_of(rows))
            keyed.append((event_type, want or None, str(mode)))
        keyed.sort(key=lambda row: row[1] is None)  # "TYPE mode" before "TYPE"
        result[str(governor)] = keyed
    return result


def _load_cues(cues: DataFile) -> EventCues:
    source = cues.source
    data = _mapping(cues.data, source)

    def words(key: str) -> frozenset[str]:
        value = data.get(key)
        if not isinstance(value, list):
            raise KnowledgeBaseError(f"cue list '{key}' is missing or not a list", source)
        return frozenset(str(v).lower() for v in value)

    return EventCues(negators=words("negators"), negating_verbs=words("negating_verbs"),
                     inability=words("inability"), future=words("future"), hypothetical=words("hypothetical"),
                     reported=words("reported"), speech_verbs=words("speech_verbs"),
                     speech_nouns=words("speech_nouns"), threat_verbs=words("threat_verbs"),
                     alternatives=tuple(tuple(w.split()) for w in words("alternatives")))
