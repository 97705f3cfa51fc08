"""PLOVER event coding: who did what to whom, with negation, modality, dates and evidence.

Rules over spaCy's dependency parse and a data-file lexicon (data/events.yaml, data/cues.yaml,
data/plover.yaml); see docs/events.md for the conventions and their reasons. In short:
1. candidates - a verb whose lemma (+ particle, preposition, object class) matches a verb entry,
   and a noun matching a noun entry ("U.S. strikes on Iran", "Araghchi's visit to Moscow");
2. roles - subject (or passive agent, or the subject a complement inherits) is the actor, the
   entry's slots give the recipient; every role must resolve to an actor mention;
3. complements - "urged Russia to withdraw" is one REQUEST (mode from the complement), not a
   RETREAT; "refused to send troops" is the sending, negated; "agreed to halt strikes" a CONCEDE;
4. modality - negation, inability, future (cooperation then becomes AGREE, retreats CONCEDE),
   hypothetical, hedged report; the speaker of a quote or of reported speech;
5. dates from DATE entities attached to the event's clause, resolved by `rashomon.dates`;
6. one event per (actor, type, recipient, negated, date), carrying every evidence sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..data_files import DataFile, line_of
from ..dates import is_point_in_time, resolve_date
from ..errors import KnowledgeBaseError
from ..kb import KnowledgeBase
from ..knowledge import Knowledge, packaged_knowledge
from ..textspans import quote_regions
from .actors import known_actor_record
from .extensions import doc_date, guarded, register_extensions
from .stance import StanceLexicon, word_polarity

SPAN_GROUP = "rashomon_events"
# Strongest first: the modality an event gets when several cues apply.
MODALITY_ORDER = ("hypothetical", "inability", "future", "reported", "asserted")
# Event types whose clausal complement is what is asked, refused, threatened or promised.
GOVERNING_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
SLOT = re.compile(r"^(dobj|dative|poss|compound|amod|nsubj|speaker|prep:[a-z]+)$")
RELATIVE_PRONOUNS = {"that", "which", "who", "whom", "whose"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
SUBJECT_DEPS = {"nsubj", "csubj"}
NOUN_POS = {"NOUN", "PROPN"}
MODAL_HYPOTHETICAL = {"would", "could", "might", "may", "should", "must", "'d"}
MODAL_FUTURE = {"will", "shall", "'ll", "wo"}
ABILITY_MODALS = {"can", "could", "ca"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
TEMPORAL_MARKS = {"until", "till", "before", "after", "when", "once", "as"}
NOMINAL_FUTURE = {"planned", "proposed", "future", "prospective", "upcoming", "possible", "potential",
                  "expected", "intended", "would-be"}
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
# How far up the parse a head, governor or owner is looked for.
MAX_CLIMB = 6
# Roles a noun phrase is read in: who acts (subject), who is acted on, the phrase's own head only,
# and who acts as named by an event noun's own slot ("strikes by Israel": never a place).
ACTOR, RECIPIENT, DIRECT, AGENT = "actor", "recipient", "direct", "agent"
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod"}
NAMING_DEPS = {"oprd", "acomp"}
PLACE_CLASS = "territory"  # the object class a named place belongs to
TEMPORAL_ENTS = {"DATE", "TIME"}
LABEL_DEPS = {"amod", "advmod", "compound", "conj"}
# How loaded (stance polarity, summed over the label's words) a label must be to make naming an event.
LOADED = 0.15
LOCATIVE_PREPS = {"in", "inside", "across", "throughout"}
OWNER_PREPS = frozenset({"of", "in", "from"})
OBJECT_PREPS = {"for", "to", "on", "against", "of", "from"}
NOUN_MODIFIER_DEPS = {"nummod", "compound", "amod", "poss", "nmod"}
PERIOD_WORDS = {"winter", "spring", "summer", "autumn", "fall", "beginning", "start", "end", "middle", "course",
                "first", "second", "third", "last", "half", "quarter", "week", "weekend", "month", "year"}
CLIMB_DEPS = {"xcomp", "ccomp", "conj", "pcomp", "prep", "acomp", "acl", "dobj", "pobj"}
CLAUSAL_DEPS = {"xcomp", "ccomp", "pcomp", "acl"}
# Edges over which a governing word's cues reach the event: control and complement, not "that" clauses.
GOVERNOR_DEPS = {"xcomp", "acl", "pcomp", "dobj", "acomp", "advcl", "prep"}
# Verbs that turn an attack below them into its end: "stopped attacking", "halt strikes".
CESSATION = {"stop", "halt", "cease", "end", "suspend", "pause"}


# ---- the lexicon -------------------------------------------------------------------------------
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


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: str
    score: float
    modes: frozenset[str]
    recipient_optional: bool = False
    optional_modes: frozenset[str] = frozenset()


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
        forms = _forms(token)
        multi: set[str] = set()
        length = 0
        for form in forms:
            for words, label in self.by_last.get(form, ()):
                if len(words) >= length and _precedes(token, words[:-1]):
                    if len(words) > length:
                        multi, length = set(), len(words)
                    multi.add(label)
        single = set().union(*(self.single.get(form, set()) for form in forms))
        return multi, single


def _forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _precedes(token: Token, words: tuple[str, ...]) -> bool:
    start = token.i - len(words)
    if start < 0:
        return False
    doc = token.doc
    return all(words[k] in _forms(doc[start + k]) for k in range(len(words)))


@dataclass(frozen=True, slots=True)
class Cues:
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

    def retypes(self, governor: Candidate, purpose: Candidate) -> bool:
        return governor.type in self.applies_to and (purpose.type in self.purpose_types
                                                     or purpose.anchor.lemma_.lower() in self.purpose_lemmas)


@dataclass(slots=True)
class Lexicon:
    types: dict[str, EventType]
    verbs: dict[str, list[VerbEntry]]
    nouns: dict[str, list[NounEntry]]
    classes: Phrases
    light_verbs: frozenset[str]
    complement_modes: dict[str, list[tuple[str, str | None, str]]]
    cues: Cues
    actor_heads: frozenset[str]
    quantity_heads: frozenset[str]
    speaker_recipient: frozenset[tuple[str, str]]
    homeland_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    blame_labels: frozenset[str]
    crowd_heads: frozenset[str]
    people_heads: frozenset[str]
    crowd_violence: tuple[str, str]
    domestic_types: frozenset[str]
    states: dict[str, dict]  # actor records of every state, for states a document names only by a place
    idioms: frozenset[tuple[str, str]]
    future_types: dict[str, str]
    purpose: Purpose
    stance: StanceLexicon

    def needs_recipient(self, event_type: str, mode: str | None) -> bool:
        info = self.types[event_type]
        return not (info.recipient_optional or mode in info.optional_modes)

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
                   crowd_violence=_type_mode(data.get("crowd_violence"), "crowd_violence", types, source),
                   domestic_types=_types(data, "domestic_types", types, source),
                   states={e.id: known_actor_record(e) for e in kb.entities.values() if e.kind == "state"},
                   idioms=frozenset(_idiom(text, source) for text in _words(data, "idioms", source)),
                   future_types=_future_types(data.get("future_types") or {}, types, source),
                   purpose=_purpose(data.get("purpose_override") or {}, types, source), stance=stance)


def _purpose(table: Any, types: dict[str, EventType], source: str) -> Purpose:
    if not isinstance(table, dict):
        raise KnowledgeBaseError("purpose_override must be a mapping", source)
    purpose = Purpose(frozenset(table.get("applies_to") or []), frozenset(table.get("purpose_types") or []),
                      frozenset(str(w).lower() for w in table.get("purpose_lemmas") or []),
                      str(table.get("result_type") or "AID"))
    if any(t not in types for t in (*purpose.applies_to, *purpose.purpose_types, purpose.result_type)):
        raise KnowledgeBaseError("purpose_override names an unknown PLOVER type", source, line_of(table))
    return purpose


def _future_types(table: Any, types: dict[str, EventType], source: str) -> dict[str, str]:
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


def _types(data: dict, key: str, types: dict[str, EventType], source: str) -> frozenset[str]:
    names = frozenset(str(t) for t in data.get(key) or [])
    unknown = sorted(names - set(types))
    if unknown:
        raise KnowledgeBaseError(f"{key}: unknown PLOVER type {', '.join(unknown)}", source)
    return names


def _type_modes(data: dict, key: str, types: dict[str, EventType], source: str) -> frozenset[tuple[str, str]]:
    return frozenset(_type_mode(text, key, types, source) for text in data.get(key) or [])


def _type_mode(text: object, key: str, types: dict[str, EventType], source: str) -> tuple[str, str]:
    """A 'TYPE mode' string, checked against the PLOVER table."""
    event_type, _, mode = str(text).partition(" ")
    if event_type not in types or mode not in types[event_type].modes:
        raise KnowledgeBaseError(f"{key}: '{text}' is not a PLOVER type and mode", source)
    return event_type, mode


def _actor_heads(kb: KnowledgeBase, data: dict, source: str) -> frozenset[str]:
    heads = set(_words(data, "actor_heads", source)) | {w.lower() for w in kb.role_words}
    heads |= {w.lower() for w in kb.sector_nouns} | {w.lower() for w in kb.administration_words}
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


def _load_types(data: Any, source: str) -> dict[str, EventType]:
    rows = _mapping(data, source).get("types")
    if not isinstance(rows, dict) or not rows:
        raise KnowledgeBaseError("expected 'types', a mapping of PLOVER types", source)
    types = {}
    for name, info in rows.items():
        if not isinstance(info, dict) or info.get("quad") not in QUADS:
            raise KnowledgeBaseError(f"type {name}: quad must be one of {', '.join(QUADS)}", source,
                                     line_of(info))
        modes = dict(info.get("modes") or {})
        optional = frozenset(k for k, v in modes.items() if isinstance(v, dict) and v.get("recipient") == "optional")
        types[str(name)] = EventType(str(name), info["quad"], float(info.get("score", 0)), frozenset(modes),
                                     info.get("recipient", "required") == "optional", optional)
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


def _check_type(record: dict, types: dict[str, EventType], source: str) -> None:
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


def _verb_entry(record: Any, types: dict[str, EventType], labels: set[str], source: str) -> VerbEntry:
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


def _noun_entry(record: Any, types: dict[str, EventType], source: str) -> NounEntry:
    if not isinstance(record, dict):
        raise KnowledgeBaseError("a noun entry must be a mapping", source)
    _check_type(record, types, source)
    actor = _slots(record, "actor", source)
    if not actor:
        raise KnowledgeBaseError("a noun entry needs actor slots", source, line_of(record))
    return NounEntry(words=tuple(str(record["lemma"]).lower().split()), type=record["type"],
                     mode=record.get("mode"), actor=actor, recipient=_slots(record, "recipient", source),
                     prep=record.get("prep"), direct=bool(record.get("direct", False)))


def _load_complement_modes(table: Any, types: dict[str, EventType],
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


def _load_cues(cues: DataFile) -> Cues:
    source = cues.source
    data = _mapping(cues.data, source)

    def words(key: str) -> frozenset[str]:
        value = data.get(key)
        if not isinstance(value, list):
            raise KnowledgeBaseError(f"cue list '{key}' is missing or not a list", source)
        return frozenset(str(v).lower() for v in value)

    return Cues(negators=words("negators"), negating_verbs=words("negating_verbs"), inability=words("inability"),
                future=words("future"), hypothetical=words("hypothetical"), reported=words("reported"),
                speech_verbs=words("speech_verbs"), speech_nouns=words("speech_nouns"),
                threat_verbs=words("threat_verbs"), alternatives=tuple(tuple(w.split()) for w in words("alternatives")))


# ---- one document --------------------------------------------------------------------------------
@dataclass(slots=True)
class Frame:
    """The arguments of a verb: logical subject, patient, dative, prepositions, particles."""

    verb: Token
    subject: Token | None
    patient: Token | None
    dative: Token | None
    preps: dict[str, list[Token]]
    particles: set[str]
    nested: dict[str, list[Token]]  # prepositions one phrase down: "pledged $1bn in aid to Ukraine"
    own_preps: frozenset[str]  # the prepositions on the verb itself, not on its object


@dataclass(slots=True)
class Candidate:
    type: str
    mode: str | None
    anchor: Token  # the verb or noun carrying the event
    clause: Token | None  # the verb whose clause holds it
    trigger: list[Token]
    actors: list[list[str]]
    recipients: list[list[str]]
    subject_groups: list[list[str]] = field(default_factory=list)
    light: bool = False  # a noun carried by a light verb ("launched strikes"): the verb's modality is its own
    consumed: set[int] = field(default_factory=set)  # governors already read as part of the event
    threat: bool = False  # said by way of a vow or a warning ("vowed to retaliate", "warned it could strike")
    committed: bool = False  # governed by a word of commitment ("ready to", "pledged to", "vowed to")
    speech: Token | None = None  # the verb of saying that reports it
    reciprocal: bool = False  # actors named together as parties ("talks between Iran and the U.S.")
    negated: bool = False
    modality: str = "asserted"
    speaker: str | None = None
    suppressed: bool = False


class DocReader:
    """Everything known about one document while its events are read."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.cues = lexicon.cues
        # The document's actors, plus states named only through a place or a person ("Haifa", "his
        # country"): those join the document (with those words as mentions) only if an event uses them.
        self.table: dict[str, dict] = dict(doc._.rashomon_actors or {})
        self.implied: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
        self.actor_at: list[str | None] = [None] * len(doc)
        self.how_at: list[str | None] = [None] * len(doc)
        self.group_at: dict[int, list[str]] = {}  # 'they' for several actors ("Sweden and Finland")
        for m in doc._.rashomon_mentions or []:
            if m["actor"] in self.table:
                for i in range(m["start"], m["end"]):
                    if m["how"] == "pronoun" and self.how_at[i] == "pronoun":
                        self.group_at.setdefault(i, [self.actor_at[i]]).append(m["actor"])  # type: ignore[list-item]
                    self.actor_at[i], self.how_at[i] = m["actor"], m["how"]
        self.place_at: list[dict | None] = [None] * len(doc)
        for place in doc._.rashomon_places or []:
            if place["country"] in lexicon.states and not place["disputed"]:
                for i in range(place["start"], place["end"]):
                    self.place_at[i] = place
        self.quotes = self._quotes()
        self.published = doc_date(doc)

    # ---- candidates ----------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        taken: set[int] = set()
        for token in self.doc:
            lemma = token.lemma_.lower()
            if _predicate(token) and lemma in self.lex.naming_verbs:
                candidate = self._naming_candidate(self.frame(token))
                if candidate is not None and candidate.recipients:
                    found.append(candidate)
                    continue
            if _predicate(token) and lemma in self.lex.verbs:
                candidate = self._verb_candidate(token, taken)
                if candidate is not None:
                    found.append(candidate)
        for token in self.doc:
            if token.pos_ in NOUN_POS and token.i not in taken and token.lemma_.lower() in self.lex.nouns:
                candidate = self._noun_candidate(token)
                if candidate is not None:
                    found.append(candidate)
        found.sort(key=lambda c: c.anchor.i)
        return found

    def _verb_candidate(self, verb: Token, taken: set[int]) -> Candidate | None:
        frame = self.frame(verb)
        entry, objects = self._match(frame)
        if entry is None:
            return None
        taken.update(t.i for t in objects)
        subject = self.np_groups(frame.subject, ACTOR) if frame.subject is not None else []
        if entry.reverse:
            subject = self.np_groups(frame.subject) if frame.subject is not None else []
            actors, recipients = self._slot_groups(frame, entry.actor, [], DIRECT), subject
        else:
            actors = subject or (self._last_speaker(verb) if "speaker" in entry.actor else [])
            recipients = (self._slot_groups(frame, entry.recipient, actors) or self._object_event_slots(objects, actors)
                          or self._fallback_recipients(frame, entry, actors))
        trigger = [verb, *(c for c in verb.children if c.dep_ == "prt"), *objects[:1]]
        event_type, mode = entry.type, entry.mode
        if event_type == "ASSAULT" and self._crowd(frame.subject):
            event_type, mode = self.lex.crowd_violence  # "protesters attacked the embassy": a riot
        return Candidate(event_type, mode, verb, verb, sorted(set(trigger), key=lambda t: t.i),
                         actors, recipients, subject_groups=subject)

    def _crowd(self, subject: Token | None) -> bool:
        """'protesters', also through a quantity: 'hundreds of protesters'."""
        head = self._counted(subject)
        return head is not None and head.lemma_.lower() in self.lex.crowd_heads

    def _counted(self, token: Token | None) -> Token | None:
        """What a quantity counts ('thousands of Iranians' -> Iranians), else the token."""
        if token is not None and token.lemma_.lower() in self.lex.quantity_heads:
            return next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), token)
        return token

    def people_act(self, candidate: Candidate) -> bool:
        """The subject is a state's people or a crowd ("Georgians", "thousands of Iranians",
        "protesters in Tbilisi"), not the state by its name."""
        clause = candidate.clause
        head = self._counted(self.frame(clause).subject) if clause is not None and clause.pos_ in {"VERB", "AUX"} \
            else None
        if head is None:
            return False
        lemma = head.lemma_.lower()
        return self.how_at[head.i] == "plural" or lemma in self.lex.crowd_heads or lemma in self.lex.people_heads

    def _naming_candidate(self, frame: Frame) -> Candidate | None:
        """'calling South Africa's case baseless', 'denounced the visit as a provocation': the
        label's loading decides between disapproval and praise of what is named."""
        if frame.patient is None or frame.subject is None:
            return None
        label = (next((c for c in frame.verb.children if c.dep_ in NAMING_DEPS), None)
                 or next(iter(frame.preps.get("as", ())), None)
                 # the parser often hangs the label on the object: "called [Trump's tariffs unacceptable]",
                 # "called [Zelensky, a dictator]"
                 or next((c for c in frame.patient.rights if c.dep_ == "amod"
                          or (c.dep_ == "appos" and c.pos_ == "NOUN")), None))
        if label is None:
            return None
        words = [label, *(c for c in label.children if c.dep_ in LABEL_DEPS)]
        loading = sum(word_polarity(self.lex.stance, w) for w in words)
        blame = label.lemma_.lower() in self.lex.blame_labels
        if abs(loading) < LOADED and not blame:
            return None
        actors = self.np_groups(frame.subject, ACTOR)
        own = {a for group in actors for a in group}
        recipients = [g for g in self.np_groups(frame.patient) if not set(g) & own]
        event_type, mode = ("ACCUSE", "allege") if blame else ("ACCUSE", "disapprove") if loading < 0 \
            else ("SUPPORT", None)
        return Candidate(event_type, mode, frame.verb, frame.verb, [frame.verb, label], actors, recipients,
                         subject_groups=actors)

    def _fallback_recipients(self, frame: Frame, entry: VerbEntry, actors: list[list[str]]) -> list[list[str]]:
        """'help Russia retake Kursk' (the object is the subject of the complement); 'hit nine
        locations across Pakistan' (force used on a state's territory)."""
        own = {a for group in actors for a in group}
        if "dobj" in entry.recipient:
            for child in frame.verb.children:
                subject = next((g for g in child.children if g.dep_ == "nsubj"), None) if child.dep_ in {
                    "ccomp", "xcomp"} else None
                groups = [g for g in self.np_groups(subject)] if subject is not None else []
                groups = [g for g in groups if not set(g) & own]
                if groups:
                    return groups
        if self.lex.types[entry.type].quad != "material_conflict":
            return []
        for word in LOCATIVE_PREPS:
            for token in frame.preps.get(word, ()):
                groups = [g for g in self.np_groups(token) if not set(g) & own
                          and all(self.table[a]["kind"] == "state" for a in g)]
                if groups:
                    return groups
        return []

    def _object_event_slots(self, objects: list[Token], actors: list[list[str]]) -> list[list[str]]:
        """'launched a full-scale invasion of Ukraine': the event noun's own recipient slots."""
        if not objects or objects[0].lemma_.lower() not in self.lex.nouns:
            return []
        entry = self._noun_entry(objects[0])
        return self._noun_slots(objects[0], entry.recipient, actors) if entry is not None else []

    def _noun_candidate(self, noun: Token) -> Candidate | None:
        entry = self._noun_entry(noun)
        if entry is None:
            return None
        light = self._light_verb(noun)
        actors = self._noun_slots(noun, entry.actor, [], AGENT)
        reciprocal = len(actors) > 1 and bool(_noun_slot_tokens(noun, "prep:between"))
        if not actors and light is not None:
            subject = self.frame(light).subject
            actors = self.np_groups(subject, ACTOR) if subject is not None else []
        recipients = self._noun_slots(noun, entry.recipient, actors)
        if not recipients and light is not None:
            recipients = self._slot_groups(self.frame(light), entry.recipient, actors)
        clause = light if light is not None else _clause_verb(noun)
        start = noun.i - len(entry.words) + 1
        return Candidate(entry.type, entry.mode, noun, clause, list(self.doc[start:noun.i + 1]), actors, recipients,
                         light=light is not None, reciprocal=reciprocal or light is not None)

    def _noun_entry(self, noun: Token) -> NounEntry | None:
        preps = {c.lower_ for c in noun.children if c.dep_ == "prep"}
        for entry in self.lex.nouns[noun.lemma_.lower()]:
            if entry.prep is not None and entry.prep not in preps:
                continue
            if entry.direct and not any(self._np_actor(t, DIRECT) for slot in entry.recipient
                                        for t in _noun_slot_tokens(noun, slot)):
                continue
            if _precedes(noun, entry.words[:-1]):
                return entry
        return None

    def _light_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ not in {"dobj", "nsubjpass"} or head.pos_ != "VERB":
            return None
        particles = [c.lower_ for c in head.children if c.dep_ == "prt"]
        names = {head.lemma_.lower(), *(f"{head.lemma_.lower()} {p}" for p in particles)}
        return head if names & self.lex.light_verbs else None

    # ---- verb frames and entry matching ---------------------------------------------------------
    def frame(self, verb: Token) -> Frame:
        children = list(verb.children)
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
        preps: dict[str, list[Token]] = defaultdict(list)
        particles = set()
        for child in children:
            if child.dep_ == "prt" or (child.dep_ == "advmod" and child.pos_ in {"ADP", "ADV"}):
                particles.add(child.lower_)
            if child.dep_ in {"prep", "dative", "agent"}:
                _add_prep(child, preps, particles)
        own_preps = frozenset(word for word, objects in preps.items()  # "called on Sunday" is no "call on"
                              if not all(o.ent_type_ in TEMPORAL_ENTS for o in objects))
        patient = self._patient(verb, children, passive)
        for owner in (patient, *patient.conjuncts) if patient is not None else ():
            for child in owner.children:
                if child.dep_ == "prep":
                    _add_prep(child, preps, set())
        nested: dict[str, list[Token]] = defaultdict(list)
        for obj in [t for found in preps.values() for t in found]:
            for child in obj.children:
                if child.dep_ == "prep":
                    _add_prep(child, nested, set())
        dative = next((c for c in children if c.dep_ == "dative" and c.pos_ in NOUN_POS | {"PRON"}), None)
        return Frame(verb, self.logical_subject(verb), patient, dative, preps, particles, nested, own_preps)

    @staticmethod
    def _patient(verb: Token, children: list[Token], passive: bool) -> Token | None:
        if passive:
            found = next((c for c in children if c.dep_ == "nsubjpass"), None)
        else:
            found = next((c for c in children if c.dep_ == "dobj"), None)
        if found is not None and found.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        if found is None and verb.dep_ == "relcl" and not passive:
            return verb.head if verb.head.pos_ in NOUN_POS else None
        if found is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head
        return found

    def logical_subject(self, verb: Token, depth: int = 0) -> Token | None:
        """Who does what the verb says: the subject, a passive's agent, or inherited from the
        verb this one depends on ("decided to send", "urged Iran to return", "and then shelled")."""
        children = list(verb.children)
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in children) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
            agent = next((c for c in children if c.dep_ == "agent"), None)
            return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        subject = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        return self._inherited_subject(verb, depth) if depth < MAX_CLIMB else None

    def _inherited_subject(self, verb: Token, depth: int) -> Token | None:
        head, dep = verb.head, verb.dep_
        if head.i == verb.i:
            return None
        if dep == "conj" and head.pos_ in {"VERB", "AUX"}:  # "was sworn in and urged Beijing": the surface subject
            return next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None) or \
                self.logical_subject(head, depth + 1)
        if dep == "acomp" or (dep == "advcl" and _shares_subject(verb)):
            return self.logical_subject(head, depth + 1) if head.pos_ in {"VERB", "AUX"} else None
        if dep == "xcomp":
            controller = next((c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}), None)
            return controller or self.logical_subject(head, depth + 1)
        if (dep == "acl" or (dep == "relcl" and _infinitive(verb))) and head.pos_ in NOUN_POS:
            return self._noun_owner(head, depth)  # "Russia's decision to send", "the first country to recognise"
        if dep == "pcomp":  # "accused Rwanda of invading": the object of the verb above does it
            above = head.head
            controller = next((c for c in above.children if c.dep_ == "dobj"), None) if above.pos_ == "VERB" else None
            return controller or self._owner_through(above, depth)
        return None

    def _noun_owner(self, noun: Token, depth: int) -> Token | None:
        """The subject of "Russia's inability to help", "lacks the capacity to help"."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        return self._owner_through(noun, depth)

    def _owner_through(self, token: Token, depth: int) -> Token | None:
        while token.pos_ not in {"VERB", "AUX"} and token.head.i != token.i:
            token = token.head
        return self.logical_subject(token, depth + 1) if token.pos_ in {"VERB", "AUX"} else None

    def _match(self, frame: Frame) -> tuple[VerbEntry | None, list[Token]]:
        if any(c.dep_ in NAMING_DEPS for c in frame.verb.children):
            return None, []  # "called the strike a crime", "calling the case baseless": naming, not acting
        if frame.patient is not None and (frame.verb.lemma_.lower(), frame.patient.lemma_.lower()) in self.lex.idioms:
            return None, []  # "hit the brakes"
        best: tuple[VerbEntry | None, list[Token]] = (None, [])
        for strict in (True, False):
            for entry in self.lex.verbs[frame.verb.lemma_.lower()]:
                fits, objects = self._fits(entry, frame, strict)
                if fits and (best[0] is None or entry.weight > best[0].weight):
                    best = (entry, objects)
            if best[0] is not None and best[0].object is not None:
                break
        if best[0] is not None and best[0].type == "ASSAULT" and _test_fire(frame.verb):
            return None, []
        return best

    def _fits(self, entry: VerbEntry, frame: Frame, strict: bool) -> tuple[bool, list[Token]]:
        if entry.particle is not None and entry.particle not in frame.particles:
            return False, []
        if entry.prep is not None and entry.prep not in frame.preps:
            return False, []
        if entry.prep is not None and entry.object is None and entry.prep not in frame.own_preps:
            return False, []  # "called the strikes on Kharkiv barbaric" is no "call on"
        if not self._subject_fits(entry, frame):
            return False, []
        if entry.direct and not any(self._np_actor(t, DIRECT) for slot in entry.recipient
                                    for t in _slot_tokens(frame, slot)):
            return False, []
        if entry.object is None:
            return True, []
        for token in _object_tokens(frame, entry.prep):
            if entry.object in self._labels(token, strict):
                return True, [token]
        return False, []

    def _labels(self, token: Token, strict: bool = True) -> set[str]:
        multi, single = self.lex.classes.labels(token)
        if self.place_at[token.i] is not None:
            single = single | {PLACE_CLASS}  # "captured Goma", "took control of Kherson"
        return (multi or single) if strict else multi | single

    def _subject_fits(self, entry: VerbEntry, frame: Frame) -> bool:
        if entry.subject is None and not entry.subject_not:
            return True
        labels = self._labels(frame.subject, False) if frame.subject is not None else set()
        if entry.subject is not None and entry.subject not in labels:
            return False
        return not labels & entry.subject_not

    # ---- roles ---------------------------------------------------------------------------------
    def _slot_groups(self, frame: Frame, slots: Iterable[str], actors: list[list[str]],
                     role: str = RECIPIENT) -> list[list[str]]:
        own = {a for group in actors for a in group}
        for slot in slots:
            for token in _slot_tokens(frame, slot):
                groups = [g for g in self.np_groups(token, role) if not set(g) & own]
                if groups:
                    return groups
        return []

    def _noun_slots(self, noun: Token, slots: Iterable[str], actors: list[list[str]],
                    role: str = RECIPIENT) -> list[list[str]]:
        own = {a for group in actors for a in group}
        for slot in slots:
            for token in _noun_slot_tokens(noun, slot):
                groups = (self.np_groups(token, role) if slot.startswith("prep:")
                          else self._modifier_groups(token, role))
                groups = [g for g in groups if not set(g) & own]
                if groups:
                    return groups
        return []

    def _modifier_groups(self, token: Token, role: str) -> list[list[str]]:
        """A possessor, compound or demonym with its coordinates ("Israeli and American bombing")."""
        groups: list[list[str]] = []
        for t in (token, *token.conjuncts):
            for ids in self._token_groups(t, role):
                if ids not in groups:
                    groups.append(ids)
        return groups

    def _token_groups(self, token: Token, role: str) -> list[list[str]]:
        """The token's actor as one group; 'they' for coordinated actors as one group each, as if
        the actors were named again ("Sweden and Finland ... accusing them")."""
        if token.i in self.group_at:
            return [[a] for a in self.group_at[token.i]]
        own = self._token_actor(token, role)
        return [own] if own else []

    def np_groups(self, token: Token, role: str = RECIPIENT) -> list[list[str]]:
        """The actors a noun phrase names, one group per coordinated conjunct. An ACTOR reached
        through a modifier needs a head that can act ("Russian troops", not "Russia's influence");
        a DIRECT role takes only the phrase's own head."""
        groups: list[list[str]] = []
        for t in (token, *token.conjuncts):
            for ids in self._np_actor(t, role):
                if ids not in groups:
                    groups.append(ids)
        return groups

    def _np_actor(self, token: Token, role: str, depth: int = 0) -> list[list[str]]:
        own = self._token_groups(token, role)
        if own:
            return own
        for child in token.children:
            if child.dep_ == "appos" and self.actor_at[child.i]:
                return [[self.actor_at[child.i]]]  # type: ignore[list-item]
        if role == DIRECT or (role == ACTOR and not self._can_act(token)):
            return self._quantity_of(token, role, depth)
        modifier = self._modifier(token, role)
        if modifier is not None:
            groups = self._modifier_groups(modifier, role)
            return self._homelands(groups, token) if token.lemma_.lower() in self.lex.homeland_nouns else groups
        return (self._quantity_of(token, role, depth) or self._owner_of(token, role, depth)
                or self._location(token, role, depth))

    def _homelands(self, groups: list[list[str]], noun: Token) -> list[list[str]]:
        """'his country': a person stands for their state, or for nothing when it is unknown."""
        found = []
        for group in groups:
            states = []
            for actor in group:
                if self.table[actor]["kind"] != "person":
                    states.append(actor)
                    continue
                country = self.table[actor].get("country")
                if country in self.table or country in self.lex.states:
                    self._add_state(country, noun.left_edge.i, noun.i + 1, "description")
                    states.append(country)
            if states:
                found.append(list(dict.fromkeys(states)))
        return found

    def _modifier(self, token: Token, role: str) -> Token | None:
        """The possessor, compound or demonym naming an actor, also one step down a compound chain
        ("a US drone strike": US modifies drone)."""
        for child in token.children:
            if child.dep_ == "compound":  # "Sweden's NATO bid": the possessor owns the whole phrase
                owner = next((g for g in child.children if g.dep_ == "poss" and self._token_actor(g, role)), None)
                if owner is not None:
                    return owner
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS and self._token_actor(child, role):
                return child
        for child in token.children:  # "a US drone strike", "the Houthi-held port"
            if child.dep_ in {"compound", "amod"}:
                found = next((g for g in child.children if g.dep_ in MODIFIER_DEPS | {"npadvmod"}
                              and self._token_actor(g, role)), None)
                if found is not None:
                    return found
        return None

    def _location(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """A target named by where it is: "air defence batteries in Iran", "a facility in Russia's
        Bryansk region". Only states, and only for who is acted on."""
        if role != RECIPIENT or depth >= 2:
            return []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    found = [ids for ids in self._np_actor(pobj, role, depth + 1)
                             if all(self.table[a]["kind"] == "state" for a in ids)]
                    if found:
                        return found
        return []

    def _place_state(self, token: Token) -> list[str]:
        """The state a place lies in, as the one acted on ("missiles at Haifa", "a strike on
        Fordow")."""
        place = self.place_at[token.i]
        self._add_state(place["country"], place["start"], place["end"], "place")
        return [place["country"]]

    def _add_state(self, code: str, start: int, end: int, how: str) -> None:
        """A state named only through a place or a person ("his country"): known to this reader,
        kept for the document by `commit` if an event uses it."""
        self.table.setdefault(code, dict(self.lex.states[code]))
        self.implied[code].add((start, end, how))

    def commit(self, events: list[dict]) -> None:
        """Implied states that events use join the document's actors, their words as mentions."""
        used = {a for e in events for a in (*e["actor"], *e["recipient"]) if a in self.implied}
        if not used:
            return
        actors = dict(self.doc._.rashomon_actors or {})
        mentions = list(self.doc._.rashomon_mentions or [])
        for code in used:
            actors.setdefault(code, self.table[code])
            for start, end, how in self.implied[code]:
                if not any(m["start"] == start and m["actor"] == code for m in mentions):
                    mentions.append({"start": start, "end": end, "actor": code, "how": how, "sector": None,
                                     "office": None, "office_of": None, "title": None, "past": False})
        self.doc._.rashomon_actors = actors
        self.doc._.rashomon_mentions = sorted(mentions, key=lambda m: (m["start"], m["end"]))

    def _can_act(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.lex.actor_heads or token.lower_ in self.lex.actor_heads or lemma in self.lex.nouns

    def _quantity_of(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """'thousands of Iranians', 'a wave of Israeli strikes': the 'of' phrase is who acts."""
        if depth >= 2 or not (token.like_num or token.lemma_.lower() in self.lex.quantity_heads):
            return []
        return self._of_object(token, role, depth)

    def _owner_of(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """'the foreign ministers of Britain and France', 'the government of Iran', 'police in Moscow'."""
        if depth >= 2 or token.lemma_.lower() in self.lex.nouns or not self._can_act(token):
            return []
        return self._of_object(token, role, depth, OWNER_PREPS)

    def _of_object(self, token: Token, role: str, depth: int, preps: frozenset[str] = frozenset({"of"})
                   ) -> list[list[str]]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    found: list[list[str]] = []
                    for t in (pobj, *pobj.conjuncts):
                        found.extend(self._np_actor(t, role, depth + 1))
                    return found
        return []

    def _token_actor(self, token: Token, role: str | None = None) -> list[str] | None:
        actor = self.actor_at[token.i]
        if actor is not None:
            return [actor]
        if role == RECIPIENT and self.place_at[token.i] is not None:
            return self._place_state(token)
        if token.pos_ != "PRON":
            return None
        lower = token.lower_
        if lower in FIRST_PLURAL or lower in FIRST_SINGULAR:
            return self._first_person(token)
        if lower == "it":
            found = self._resolve_it(token)
            return [found] if found else None
        return None

    # ---- pronouns ------------------------------------------------------------------------------
    def _first_person(self, token: Token) -> list[str] | None:
        """'We' in a quote is the speaker's side: the speaker and, for a person, their state."""
        speaker = self.quote_speaker(token.idx)
        if speaker is None:
            return None
        side = [speaker]
        country = self.table.get(speaker, {}).get("country")
        if token.lower_ in FIRST_PLURAL and country and country in self.table and country != speaker:
            side.append(country)
        return side

    def _resolve_it(self, pronoun: Token) -> str | None:
        """'it' for a state or organisation: the one saying the clause it is the subject of
        ("Congo's government said it had severed ties"), else an earlier mention in the same or
        previous sentence, preferring one in the same grammatical role (subject for subject)."""
        sayer = self._sayer(pronoun)
        if sayer is not None:
            return sayer
        sentence = pronoun.sent
        start = sentence.start
        previous = self.doc[start - 1].sent.start if start > 0 else start
        wants_subject = pronoun.dep_ == "nsubj"
        best: tuple[int, int] | None = None
        choice = None
        for i in range(previous, pronoun.i):
            actor = self.actor_at[i]
            if actor is None or self.how_at[i] in {"adjective", "pronoun"} or (i + 1 < len(self.doc)
                                                                            and self.actor_at[i + 1] == actor):
                continue
            if self.table[actor]["kind"] == "person":
                continue
            token = self.doc[i]
            role = token.dep_ in {"nsubj", "nsubjpass"}
            rank = (int(role == wants_subject), i)
            if best is None or rank > best:
                best, choice = rank, actor
        return choice

    def _sayer(self, pronoun: Token) -> str | None:
        clause = pronoun.head
        if pronoun.dep_ not in {"nsubj", "nsubjpass"} or clause.dep_ != "ccomp" \
                or clause.head.lemma_.lower() not in self.cues.speech_verbs:
            return None
        subject = self.logical_subject(clause.head)
        groups = self.np_groups(subject, ACTOR) if subject is not None else []
        if len(groups) == 1 and len(groups[0]) == 1 and self.table[groups[0][0]]["kind"] != "person":
            return groups[0][0]
        return None

    # ---- quotes and speakers -------------------------------------------------------------------
    def _quotes(self) -> list[tuple[int, int, str | None]]:
        given = self.doc._.rashomon_quotes
        if given is not None:
            return [(q["start"], q["end"], q.get("speaker")) for q in given if q.get("speaker") in self.table]
        return [(r.start, r.end, self._fallback_speaker(r.start, r.end)) for r in quote_regions(self.doc.text)]

    def _fallback_speaker(self, start: int, end: int) -> str | None:
        """Without the quotes component: the speech verb or noun of the sentence, outside the quote."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for token in span.sent:
            if start <= token.idx < end:
                continue
            speaker = self._speech_source(token)
            if speaker is not None:
                return speaker
        return None

    def _speech_source(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.cues.speech_verbs:
            subject = self.logical_subject(token)
            return self.first_actor(subject)
        if token.pos_ == "NOUN" and lemma in self.cues.speech_nouns:
            for child in token.children:
                if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}):
                    target = child if child.dep_ == "poss" else next(
                        (g for g in child.children if g.dep_ == "pobj"), None)
                    found = self.first_actor(target)
                    if found:
                        return found
            if token.dep_ == "dobj":
                return self.first_actor(self.logical_subject(token.head))
        return None

    def first_actor(self, token: Token | None) -> str | None:
        if token is None:
            return None
        groups = self.np_groups(token, ACTOR)
        return groups[0][0] if groups else None

    def _last_speaker(self, token: Token) -> list[list[str]]:
        """The speaker of the last statement that ends in this sentence (before `token`) or the one before."""
        sentence = token.sent
        since = self.doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
        before = token.idx
        spoken = [(end, speaker) for start, end, speaker in self.quotes if since <= start and end <= before and speaker]
        return [[max(spoken)[1]]] if spoken else []

    def speakers_side(self, candidate: Candidate) -> list[list[str]]:
        """The speaker's state where the document names it, else the speaker, unless that side is
        the one acting."""
        speaker = self.quote_speaker(candidate.anchor.idx)
        if speaker is None:
            return []
        country = self.table[speaker].get("country")
        side = country if country in self.table else speaker
        if any(side in group or speaker in group for group in candidate.actors):
            return []
        return [[side]]

    def quote_speaker(self, char: int) -> str | None:
        for start, end, speaker in self.quotes:
            if start <= char < end:
                return speaker
        return None


# ---- complements, negation and modality ----------------------------------------------------------
def _add_prep(prep: Token, preps: dict[str, list[Token]], particles: set[str]) -> None:
    objects = [g for g in prep.children if g.dep_ in {"pobj", "pcomp"}]
    if prep.dep_ == "dative" and prep.pos_ != "ADP":
        return
    if not objects:
        particles.add(prep.lower_)
        for grand in prep.children:  # "pulled out of X": of hangs on out
            if grand.dep_ == "prep":
                _add_prep(grand, preps, particles)
        return
    key = "by" if prep.dep_ == "agent" else prep.lower_
    for obj in objects:
        preps[key].append(obj)
        preps[key].extend(obj.conjuncts)
    if prep.dep_ == "dative":
        preps["to"].extend(objects)


def _object_tokens(frame: Frame, prep: str | None) -> list[Token]:
    found: list[Token] = []
    if frame.patient is not None:
        for patient in (frame.patient, *frame.patient.conjuncts):
            found.append(patient)
            found.extend(g for c in patient.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")
    for word in (prep, "with", "for"):
        if word is not None:
            found.extend(frame.preps.get(word, ()))
    return found


def _slot_tokens(frame: Frame, slot: str) -> list[Token]:
    if slot == "dobj":
        return [frame.patient] if frame.patient is not None else []
    if slot == "dative":
        return [frame.dative] if frame.dative is not None else list(frame.preps.get("to", ()))
    if slot == "nsubj":
        return [frame.subject] if frame.subject is not None else []
    if slot.startswith("prep:"):
        return [*frame.preps.get(slot[5:], ()), *frame.nested.get(slot[5:], ())]
    return []


def _noun_slot_tokens(noun: Token, slot: str) -> list[Token]:
    """Slot fillers on the noun, or on its 'of' phrase ("the evacuation of citizens from Iran")."""
    if not slot.startswith("prep:"):
        return [c for c in noun.children if c.dep_ == slot]
    word = slot[5:]
    holders = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and word != "of"
                       for g in c.children if g.dep_ == "pobj")]
    return [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == word
            for g in c.children if g.dep_ == "pobj"]


def _predicate(token: Token) -> bool:
    """A verb, or an adjective predicated of a subject ("Tehran is unhappy with Moscow")."""
    return token.pos_ == "VERB" or (token.pos_ == "ADJ" and token.dep_ == "acomp")


def _clause_verb(token: Token) -> Token | None:
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i:
            return token if token.pos_ in {"VERB", "AUX"} else None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def _test_fire(verb: Token) -> bool:
    return any(c.dep_ == "npadvmod" and c.lower_ == "test" for c in verb.children)


class Modality:
    """Negation, modality and speaker of one candidate, read off its clause and the verbs above it.

    "cannot help" is inability, and negated: the help does not happen, which is what a reader
    comparing sources needs ("will not send troops" and "cannot help" agree). "would" is future
    inside reported speech ("said it would retaliate") and hypothetical elsewhere."""

    def __init__(self, reader: DocReader) -> None:
        self.reader = reader
        self.cues = reader.cues

    def apply(self, candidate: Candidate) -> None:
        flags: set[str] = set()
        negations = 0 if _same(candidate.anchor, candidate.clause) else self._nominal(candidate.anchor, flags)
        speaker = None
        clause = candidate.clause
        if clause is not None and (_same(candidate.anchor, clause) or candidate.light):
            negations += self._own(clause, flags)
            speaker, more = self._governors(clause, flags, candidate)
            negations += more
        elif clause is not None:  # a noun in another clause: who reports it, "if", and a subject's modal
            speaker, _ = self._governors(clause, set(), candidate)
            if _conditional(clause):
                flags.add("hypothetical")
            if candidate.anchor.dep_ in {"nsubj", "nsubjpass"}:  # "an attack ... would set back the programme"
                for child in clause.children:
                    if child.dep_ == "aux":
                        self._modal(child.lower_, flags)
        candidate.speaker = self.reader.quote_speaker(candidate.anchor.idx) or speaker
        candidate.negated = negations % 2 == 1 or bool(flags & {"inability", "passed_over"})
        candidate.threat = "threat" in flags
        candidate.committed = "commit" in flags
        if "would" in flags:
            flags.add("future" if speaker and "conditional" not in flags else "hypothetical")
        candidate.modality = next((m for m in MODALITY_ORDER if m in flags), "asserted")

    def _nominal(self, noun: Token, flags: set[str]) -> int:
        negations = 0
        for child in noun.children:
            lower = child.lower_
            if child.dep_ in {"det", "neg"} and lower in self.cues.negators:
                negations += 1
            elif child.dep_ == "amod" and lower in NOMINAL_FUTURE:
                flags.add("hypothetical" if lower in {"possible", "potential"} else "future")
            elif child.dep_ == "amod" and lower in self.cues.reported:
                flags.add("reported")
        if noun.head.lower_ == "without" and noun.dep_ == "pobj":
            negations += 1
        return negations

    def _own(self, verb: Token, flags: set[str]) -> int:
        children = list(verb.children)
        if verb.dep_ == "conj" and not any(c.dep_ in {"aux", "nsubj"} for c in children):
            children += [c for c in verb.head.children if c.dep_ == "aux"]
        negations = self._negations(children, flags)
        for child in children:
            self._child_cue(child, flags)
        if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in verb.head.children if c.dep_ == "cc"):
            negations += 1
        if any(_precedes(verb, words) for words in self.reader.cues.alternatives):
            flags.add("passed_over")  # "abstained rather than condemn Russia", whatever governs it
        return negations

    def _negations(self, children: list[Token], flags: set[str], objects: bool = True) -> int:
        """'not', 'never', 'neither', and 'no' on the object ("offered no assistance"); after
        can/could, 'not' is the inability."""
        can = any(c.dep_ == "aux" and c.lower_ in ABILITY_MODALS for c in children)
        negations = 0
        for child in children:
            lower, dep = child.lower_, child.dep_
            if dep == "neg" and can:
                flags.add("inability")
            elif (dep == "neg" or (dep in {"advmod", "preconj"} and lower in {"never", "neither"})
                  or (lower == "rather" and any(c.lower_ == "than" for c in children))
                  or (objects and dep == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children))):
                negations += 1
        return negations

    def _child_cue(self, child: Token, flags: set[str]) -> None:
        lower, dep = child.lower_, child.dep_
        if dep == "aux" and not (lower in ABILITY_MODALS and "inability" in flags):
            self._modal(lower, flags)
        elif dep == "mark" and lower in CONDITIONAL_MARKS:
            flags.update({"hypothetical", "conditional"})
        elif dep == "advcl" and _conditional(child):  # "will strike ... unless Baghdad accepts": a threat
            flags.update({"hypothetical", "conditional", "threat"})
        elif dep in {"advmod", "prep"} and self._hedge(child):
            flags.add("reported")
        elif dep == "advmod" and lower in self.cues.hypothetical:
            flags.add("hypothetical")

    @staticmethod
    def _modal(lower: str, flags: set[str]) -> None:
        if lower in MODAL_FUTURE:
            flags.add("future")
        elif lower == "would":
            flags.add("would")
        elif lower in MODAL_HYPOTHETICAL:
            flags.add("hypothetical")

    def _hedge(self, token: Token) -> bool:
        lower = token.lower_
        if lower == "according":
            return True
        return lower in self.cues.reported and token.pos_ == "ADV"

    def _governors(self, verb: Token, flags: set[str], candidate: Candidate) -> tuple[str | None, int]:
        """Climb from the event's clause to the verbs that govern it; returns the speaker of
        reported speech and the number of negations met on the way."""
        consumed = candidate.consumed
        attribution = self._attribution(verb)
        if attribution is not None:  # "X has sent troops, Y claimed"
            candidate.speech = attribution
            return self._speech(attribution, flags), 0
        negations = 0
        token = verb
        for _ in range(MAX_CLIMB):
            head, dep = token.head, token.dep_
            if head.i == token.i or dep not in CLIMB_DEPS | {"advcl"} or (dep == "conj" and token.i != verb.i):
                return None, negations
            if dep == "advcl" and not _infinitive(token):
                if any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in token.children):
                    for child in head.children:  # "nothing would happen until he and Putin met"
                        if child.dep_ == "aux":
                            self._modal(child.lower_, flags)
                return None, negations
            if dep == "ccomp" and head.lemma_.lower() in self.cues.speech_verbs:
                candidate.speech = head
                return self._speech(head, flags), negations
            if dep in GOVERNOR_DEPS:
                negations += self._governor_cue(head, dep, flags, spent=head.i in consumed)
            token = head
        return None, negations

    def _attribution(self, verb: Token) -> Token | None:
        """A speech verb after the event that has no statement of its own: "..., Moscow said"."""
        for child in verb.children:
            if child.i > verb.i and child.dep_ in {"conj", "ccomp", "parataxis"} and \
                    child.lemma_.lower() in self.cues.speech_verbs and \
                    not any(g.dep_ in {"ccomp", "dobj", "xcomp"} for g in child.children) and \
                    any(g.dep_ == "nsubj" for g in child.children):
                return child
        return None

    def _speech(self, head: Token, flags: set[str]) -> str | None:
        names = {head.lemma_.lower(), head.lower_}
        if names & self.cues.reported:
            flags.add("reported")
        if names & self.cues.threat_verbs:
            flags.add("threat")
        return self.reader.first_actor(self.reader.logical_subject(head))

    def _governor_cue(self, head: Token, dep: str, flags: set[str], spent: bool = False) -> int:
        """Cues on a governing word; a `spent` one ("stopped" in "stopped attacking", already read as
        a ceasefire) still gives its modals but not its own negation."""
        lemma, lower = head.lemma_.lower(), head.lower_
        names = {lemma, lower, *(f"{lemma} {c.lower_}" for c in head.children if c.dep_ in {"prt", "prep"})}
        if dep == "xcomp":  # "is to meet", "willing to help", "set to sign"
            names |= {f"{lower} to", f"{lemma} to", f"be {lower} to"}
        negations = int(bool(names & self.cues.negating_verbs) and not spent)
        if names & self.cues.inability:
            flags.add("inability")
        elif names & self.cues.future:
            flags.update({"future", "commit"})
        elif names & self.cues.hypothetical:
            flags.add("hypothetical")
        if names & self.cues.threat_verbs:
            flags.add("threat")
        if names & self.cues.reported:
            flags.add("reported")
        if head.pos_ in {"VERB", "AUX", "ADJ", "NOUN"}:
            children = list(head.children)
            negations += self._negations(children, flags, objects=False)
            for child in children:
                if child.dep_ == "aux" and not (child.lower_ in ABILITY_MODALS and "inability" in flags):
                    self._modal(child.lower_, flags)
                elif child.dep_ == "det" and child.lower_ == "no" and head.pos_ == "NOUN":  # "no plans to"
                    negations += 1
        return negations


def _shares_subject(verb: Token) -> bool:
    """A participle or purpose clause without its own subject: "..., killing several commanders",
    "marched to protest"; not "When asked ..." (a reduced passive)."""
    if any(c.dep_ in {"mark", "advmod"} and c.tag_ in {"IN", "WRB"} for c in verb.children):
        return False
    return verb.tag_ == "VBG" or _infinitive(verb)


def _conditional(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in clause.children)


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# ---- the component ------------------------------------------------------------------------------
class EventExtractor:
    """The `rashomon_events` component: sets `doc._.rashomon_events` and the span group."""

    def __init__(self, nlp: Language, name: str = "rashomon_events") -> None:
        register_extensions()
        self.name = name
        self.lexicon: Lexicon | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.lexicon = (knowledge or packaged_knowledge()).events

    def _ready(self) -> Lexicon:
        if self.lexicon is None:
            self.initialize()
        assert self.lexicon is not None
        return self.lexicon

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        lexicon = self._ready()
        reader = DocReader(doc, lexicon)
        candidates = reader.candidates()
        _link_complements(candidates, lexicon)
        modality = Modality(reader)
        records: list[dict] = []
        for candidate in candidates:
            if candidate.suppressed:
                continue
            modality.apply(candidate)
            _retype(candidate, lexicon)
            records.extend(_records(reader, candidate, lexicon))
        events = _merge(records)
        reader.commit(events)
        self.set_annotations(doc, events, candidates)
        return doc

    def set_annotations(self, doc: Doc, events: list[dict], candidates: list[Candidate]) -> None:
        kept = {trigger for event in events for trigger in event.pop("_triggers")}
        doc._.rashomon_events = events
        doc.spans[SPAN_GROUP] = [Span(doc, c.anchor.i, c.anchor.i + 1, label=c.type) for c in candidates
                                 if (c.anchor.i, c.type) in kept]


def _link_complements(candidates: list[Candidate], lexicon: Lexicon) -> None:
    """'urged Iran to return to talks' is one REQUEST (mode meet); 'agreed to halt strikes' one
    CONCEDE; 'refused to send troops' keeps the sending, which the modality step negates; 'stopped
    attacking' is a ceasefire (RETREAT), not a negated attack."""
    by_anchor = {c.anchor.i: c for c in candidates}
    cues = lexicon.cues
    _drop_refused(candidates, by_anchor, lexicon)
    for candidate in candidates:
        governor, path = _governing(candidate, by_anchor)
        if candidate.type == "ASSAULT":
            stop = next((t for t in path if t.lemma_.lower() in CESSATION), None)
            if stop is not None:
                candidate.type, candidate.mode = "RETREAT", "ceasefire"
                candidate.consumed.add(stop.i)
        if governor is None:
            continue
        if governor.anchor.lemma_.lower() in cues.negating_verbs or governor.anchor.i in candidate.consumed:
            governor.suppressed = True
        elif governor.type in GOVERNING_TYPES:
            candidate.suppressed = True
            if _direct(candidate, governor):
                _absorb(governor, candidate, lexicon)
        elif lexicon.purpose.retypes(governor, candidate):
            candidate.suppressed = True
            governor.type, governor.mode = lexicon.purpose.result_type, None
            governor.recipients = candidate.recipients or governor.recipients
        elif _purpose_clause(candidate):  # "sent soldiers to Russia to fight": the fighting is intended
            candidate.suppressed = True
            if not governor.recipients and lexicon.types[governor.type].quad == lexicon.types[candidate.type].quad:
                governor.recipients = candidate.recipients  # "marched to protest against the strikes"


def _drop_refused(candidates: list[Candidate], by_anchor: dict[int, Candidate], lexicon: Lexicon) -> None:
    """A deal, ceasefire or offer that is the object of a conflict ("rejected the proposal",
    "shattering its ceasefire", "sought backing from") is not itself an event that happened."""
    for candidate in candidates:
        verb = candidate.clause
        if verb is None or _same(candidate.anchor, verb) or candidate.light or not _object_of(candidate.anchor, verb):
            continue
        if "cooperation" not in lexicon.types[candidate.type].quad:
            continue
        governor = by_anchor.get(verb.i)
        conflict = governor is not None and "conflict" in lexicon.types[governor.type].quad
        if conflict or verb.lemma_.lower() in lexicon.cues.negating_verbs:
            candidate.suppressed = True


def _object_of(noun: Token, verb: Token) -> bool:
    """The noun is what the verb acts on ("rejected the deal", "called for talks"), not a
    circumstance ("during the visit")."""
    if noun.dep_ == "dobj":
        return noun.head.i == verb.i
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in OBJECT_PREPS and prep.head.i == verb.i


def _governing(candidate: Candidate, by_anchor: dict[int, Candidate]) -> tuple[Candidate | None, list[Token]]:
    """The event whose clausal complement holds this one, and the verbs passed on the way."""
    token = candidate.clause
    if token is None or (not _same(token, candidate.anchor) and not candidate.light):
        return None, []
    path: list[Token] = []
    clausal = False
    for _ in range(MAX_CLIMB):
        head, dep = token.head, token.dep_
        purpose = dep == "advcl" and _infinitive(token)  # "threatened ... to impose", "sent troops to help"
        sideways = dep == "conj" and not _same(token, candidate.clause)
        if head.i == token.i or (dep not in CLIMB_DEPS and not purpose) or sideways:
            break
        clausal = clausal or dep in CLAUSAL_DEPS or purpose
        found = by_anchor.get(head.i)
        if purpose and found is None:  # "renewed his offer to mediate": the parser hangs it on the verb
            found = next((by_anchor[c.i] for c in head.children if c.dep_ == "dobj" and c.i < token.i
                          and c.i in by_anchor and by_anchor[c.i].type in GOVERNING_TYPES), None)
        if found is not None and dep != "conj":
            return (found if clausal else None), path
        if head.pos_ == "VERB":
            path.append(head)
        token = head
    return None, path


def _purpose_clause(candidate: Candidate) -> bool:
    clause = candidate.clause
    return clause is not None and clause.dep_ == "advcl" and _infinitive(clause) and _same(candidate.anchor, clause)


def _direct(complement: Candidate, governor: Candidate) -> bool:
    """The complement is the governor's own clause ("agreed to halt", "urged Iran to return", "demands
    that Putin be more active in supporting"), not something inside its object ("agreed to a plan
    to end the war")."""
    token = complement.clause
    for _ in range(MAX_CLIMB):
        if token is None or token.head.i == token.i:
            return False
        if token.head.i == governor.anchor.i:
            return True  # "agreed to halt", "a demand that it halt"
        if token.dep_ in {"pobj", "dobj", "acl", "relcl"}:
            return False
        token = token.head
    return False


def _same(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def _absorb(governor: Candidate, complement: Candidate, lexicon: Lexicon) -> None:
    """The governor takes its mode from what is asked, refused or promised, and its recipient from it
    when it names none; an agreement to retreat is a CONCEDE to whoever the retreat favours."""
    own = {a for group in governor.actors for a in group}
    pool = complement.recipients
    if governor.type == "REQUEST" and complement.subject_groups:
        pool = complement.subject_groups  # "demanded that Russia withdraw": Russia is asked
    if governor.type == "AGREE" and complement.type == "RETREAT":
        governor.type, governor.mode = "CONCEDE", None
        governor.recipients = [g for g in complement.recipients if not set(g) & own] or governor.recipients
    elif governor.mode is None:
        governor.mode = lexicon.complement_mode(governor.type, complement.type, complement.mode)
    if not governor.recipients:
        governor.recipients = [g for g in pool if not set(g) & own]


def _retype(candidate: Candidate, lexicon: Lexicon) -> None:
    """PLOVER codes the single category: promised cooperation is AGREE, an announced retreat
    CONCEDE, and force that an actor vows or warns of is THREATEN (mode from the threatened act).
    A bare future of conflict ("will keep striking") keeps its type, marked future."""
    target = lexicon.future_types.get(candidate.type)
    if target is None or candidate.modality not in {"future", "hypothetical"}:
        return
    if target == "THREATEN":
        if not candidate.threat:
            return
        candidate.mode = lexicon.complement_mode("THREATEN", candidate.type, candidate.mode)
        candidate.type, candidate.modality = target, "asserted"  # the threat itself was made
    elif candidate.modality == "future":
        candidate.type, candidate.mode = target, None
        if candidate.committed:  # "ready to help", "pledged to send": the promise was made
            candidate.modality = "asserted"


# ---- records ------------------------------------------------------------------------------------
def _dyads(candidate: Candidate, lexicon: Lexicon, table: dict[str, dict]) -> list[tuple[list[str], list[str]]]:
    """(actor, recipient) pairs: one per coordinated actor and recipient, as in dyadic event data.
    A recipient that is the actor, or a person's own state ("Zelensky ruled out recognising
    Crimea ..."), is dropped. Without a recipient, several actors are one reciprocal event ("Iran
    and the U.S. held talks"); a lone actor is kept only where PLOVER lets the recipient go unnamed,
    and never for a noun."""
    def own(actor: list[str]) -> set[str]:
        return set(actor) | {table[a].get("country") for a in actor if table[a]["kind"] == "person"}

    pairs = [(a, [r for r in rec if r not in own(a)]) for a in candidate.actors for rec in candidate.recipients]
    pairs = [(a, r) for a, r in pairs if r]
    if pairs or candidate.recipients or not candidate.actors:
        return pairs
    verbal = _same(candidate.anchor, candidate.clause)
    if len(candidate.actors) > 1 and (verbal or candidate.reciprocal):
        return [(list(dict.fromkeys(a for group in candidate.actors for a in group)), [])]
    if verbal and not lexicon.needs_recipient(candidate.type, candidate.mode):
        return [(candidate.actors[0], [])]
    return []


def _records(reader: DocReader, candidate: Candidate, lexicon: Lexicon) -> Iterator[dict]:
    if not candidate.recipients and (candidate.type, candidate.mode) in lexicon.speaker_recipient:
        candidate.recipients = reader.speakers_side(candidate)
    pairs = _dyads(candidate, lexicon, reader.table) or _domestic(reader, candidate, lexicon)
    if not pairs:
        return
    date, date_text = _event_date(reader, candidate)
    evidence = _evidence(reader.doc, candidate)
    speaker = candidate.speaker if candidate.speaker in reader.table else None
    for actor, targets in pairs:
        actor = _with_speaker(actor, speaker, reader.table)
        yield {"type": candidate.type, "mode": candidate.mode, "quad": lexicon.types[candidate.type].quad,
               "actor": list(actor), "recipient": targets, "negated": candidate.negated,
               "modality": candidate.modality, "date": date, "date_text": date_text, "speaker": speaker,
               "text": evidence["text"], "evidence": [dict(evidence)],
               "_triggers": [(candidate.anchor.i, candidate.type)]}


def _domestic(reader: DocReader, candidate: Candidate, lexicon: Lexicon) -> list[tuple[list[str], list[str]]]:
    """A state's people protesting with no one named: against their own state ("Georgians
    rallied", "thousands of Iranians marched"); the state itself protesting ("Japan protested")
    is diplomacy, not a domestic protest."""
    if candidate.type not in lexicon.domestic_types or candidate.recipients or not reader.people_act(candidate):
        return []
    return [(group, list(group)) for group in candidate.actors
            if len(group) == 1 and reader.table[group[0]]["kind"] == "state"]


def _with_speaker(actor: list[str], speaker: str | None, table: dict[str, dict]) -> list[str]:
    """'Macron announced France would withdraw': the person who speaks for the acting state is
    listed with it, as PLOVER lists the entities behind one actor."""
    if speaker is None or speaker in actor or table[speaker]["kind"] != "person":
        return actor
    return [*actor, speaker] if table[speaker].get("country") in actor else actor


def _evidence(doc: Doc, candidate: Candidate) -> dict:
    """The sentence holding the trigger, cut at line breaks (headlines often run into the text)."""
    sentence = candidate.anchor.sent
    text = doc.text
    at = candidate.anchor.idx
    start = max(sentence.start_char, text.rfind("\n", 0, at) + 1)
    newline = text.find("\n", at)
    end = min(sentence.end_char, newline if newline != -1 else len(text))
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    trigger = " ".join(t.text for t in candidate.trigger)
    return {"start": start, "end": end, "text": text[start:end], "trigger": trigger}


def _event_date(reader: DocReader, candidate: Candidate) -> tuple[str | None, str | None]:
    """A date attached to the event's clause; for what is announced rather than done ("said on
    Tuesday that it would withdraw"), the date of the announcement."""
    found = _date_at(reader, candidate, _date_anchors(candidate))
    if found == (None, None) and candidate.speech is not None and _announced(candidate):
        found = _date_at(reader, candidate, {candidate.speech.i})
    return found


def _announced(candidate: Candidate) -> bool:
    clause = candidate.clause
    present = clause is not None and clause.tag_ in {"VBG", "VBP", "VBZ"}
    return candidate.modality in {"future", "hypothetical"} or candidate.committed or candidate.threat or present


def _date_at(reader: DocReader, candidate: Candidate, anchors: set[int]) -> tuple[str | None, str | None]:
    for ent in candidate.anchor.sent.ents:
        modifier = ent.root.dep_ in NOUN_MODIFIER_DEPS  # "the 2015 nuclear deal" dates the deal, not the event
        if ent.label_ not in {"DATE", "TIME"} or modifier or not _attached(ent.root, anchors):
            continue
        text = _date_words(ent)
        day = resolve_date(text, reader.published)
        if day is not None or (ent.label_ == "DATE" and is_point_in_time(text)):
            return (day.isoformat() if day else None), text
    return None, None


def _date_words(ent: Span) -> str:
    """The date as written, with the part the model splits off: "the winter" + "of 2022"."""
    doc = ent.doc
    start, end = ent.start, ent.end
    of = ent.root.head
    if ent.root.dep_ == "pobj" and of.lower_ == "of" and of.i == start - 1 and of.head.lower_ in PERIOD_WORDS:
        start = of.head.left_edge.i
    following = next((e for e in doc.ents if e.start == end + 1 and e.label_ == "DATE"), None)
    if following is not None and doc[end].lower_ == "of" and ent.root.lower_ in PERIOD_WORDS:
        end = following.end
    return doc[start:end].text


def _date_anchors(candidate: Candidate) -> set[int]:
    """The event's own word and, for verbs and light-verb nouns, the clause verbs it shares a subject
    with; a noun is dated by its clause only as its subject ("the visit on Monday came as"), not from
    inside another event ("threatened today to launch an offensive in its war with Iraq")."""
    anchors = {candidate.anchor.i}
    own = _same(candidate.anchor, candidate.clause) or candidate.light
    token = candidate.clause if own or candidate.anchor.dep_ in {"nsubj", "nsubjpass"} else None
    for _ in range(MAX_CLIMB):
        if token is None:
            break
        anchors.add(token.i)
        if token.dep_ not in {"conj", "xcomp", "advcl"} or token.head.i == token.i:
            break
        token = token.head
    return anchors


def _attached(root: Token, anchors: set[int]) -> bool:
    token = root
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i:
            return token.i in anchors
        token = token.head
        if token.i in anchors:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _merge(records: list[dict]) -> list[dict]:
    """One event per (actor, type, recipient, negated, date), with every evidence sentence."""
    merged: dict[tuple, dict] = {}
    for record in records:
        key = (tuple(record["actor"]), record["type"], tuple(record["recipient"]), record["negated"], record["date"])
        kept = merged.get(key)
        if kept is None:
            merged[key] = record
            continue
        kept["_triggers"].extend(record["_triggers"])
        if all(e["start"] != record["evidence"][0]["start"] for e in kept["evidence"]):
            kept["evidence"].extend(record["evidence"])
    return list(merged.values())
