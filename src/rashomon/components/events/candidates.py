"""Candidate events in a document: a verb whose lemma (+ particle, preposition, object class)
matches a verb entry, a verb of naming with a loaded label, and a noun matching a noun entry
("U.S. strikes on Iran", "Araghchi's visit to Moscow"), each with its actors and recipients."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..stance import word_polarity
from ..syntax import NOUN_POS, VERB_POS
from .lexicon import NounEntry, VerbEntry
from .parse import MAX_CLIMB, Frame, noun_slot_tokens, precedes, slot_tokens, verb_frame
from .reader import AGENT, DIRECT, LOCATIVE_PREPS, DocReader

NAMING_DEPS = {"oprd", "acomp"}
PLACE_CLASS = "territory"  # the object class a named place belongs to
LABEL_DEPS = {"amod", "advmod", "compound", "conj"}
MODIFIERS = {"amod", "compound"}
# How loaded (stance polarity, summed over the label's words) a label must be to make naming an event.
LOADED = 0.15


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


class CandidateFinder:
    """Finds the candidate events of one document, its noun phrases read by `reader`."""

    def __init__(self, reader: DocReader) -> None:
        self.reader = reader
        self.doc = reader.doc
        self.lex = reader.lex

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        taken: set[int] = set()
        for token in self.doc:
            lemma = token.lemma_.lower()
            if _predicate(token) and lemma in self.lex.naming_verbs:
                candidate = self._naming_candidate(verb_frame(token))
                if candidate is not None and candidate.recipients:
                    found.append(candidate)
                    continue
            if _predicate(token) and lemma in self.lex.verbs:
                candidate = self._verb_candidate(token, taken)
                if candidate is not None:
                    found.append(candidate)
            elif token.pos_ == "VERB" and lemma in self.lex.cues.speech_verbs:
                candidate = self._demand_candidate(token)
                if candidate is not None:
                    found.append(candidate)
        verbs = {c.anchor.i for c in found}
        for token in self.doc:
            if token.pos_ in NOUN_POS and token.i not in taken and token.lemma_.lower() in self.lex.nouns:
                candidate = self._noun_candidate(token)
                # "approved the treaty": a light verb that is an event of its own tells the noun's event
                if candidate is not None and not (candidate.light and candidate.clause is not None
                                                  and candidate.clause.i in verbs):
                    found.append(candidate)
        found.sort(key=lambda c: c.anchor.i)
        return found

    # ---- verbs ---------------------------------------------------------------------------------
    def _verb_candidate(self, verb: Token, taken: set[int]) -> Candidate | None:
        reader = self.reader
        frame = verb_frame(verb)
        entry, objects = self._match(frame)
        if entry is None:
            return None
        taken.update(t.i for t in objects)
        subject = reader.actor_groups(frame.subject)
        patient = frame.patient
        if not subject and frame.subject is None and patient is not None and patient.dep_ == "nsubjpass" \
                and self._labels(patient) & self.lex.sent_forces:
            subject = reader.actor_groups(patient)  # "Russian soldiers were deployed to ...": Russia's
        if entry.reverse:
            subject = reader.np_groups(frame.subject) if frame.subject is not None else []
            actors, recipients = reader.slot_groups(frame, entry.actor, [], DIRECT), subject
        else:
            actors = subject or (reader.speakers.last_speaker(verb) if "speaker" in entry.actor else [])
            recipients = (reader.slot_groups(frame, entry.recipient, actors)
                          or self._object_event_slots(objects, actors)
                          or self._fallback_recipients(frame, entry, actors))
        trigger = [verb, *(c for c in verb.children if c.dep_ == "prt"), *objects[:1]]
        event_type, mode = entry.type, entry.mode
        if event_type == "ASSAULT" and reader.crowd(frame.subject):
            event_type, mode = self.lex.crowd_violence  # "protesters attacked the embassy": a riot
        if (event_type, mode) == ("RETREAT", "access") and self._refuge(frame, entry):
            event_type, mode = "AID", None  # "opened its borders to refugees": asylum
        if len(actors) > 1 and entry.object in self.lex.held_together:
            event_type, mode = self.lex.held_together[entry.object], None  # "Brazil and Argentina held war games"
        if not recipients and not entry.reverse and event_type in self.lex.generic_recipient_types:
            with reader.generic_recipients():
                recipients = reader.slot_groups(frame, entry.recipient, actors)
        return Candidate(event_type, mode, verb, verb, sorted(set(trigger), key=lambda t: t.i),
                         actors, recipients, subject_groups=subject)

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
        actors = self.reader.actor_groups(frame.subject)
        own = {a for group in actors for a in group}
        recipients = [g for g in self.reader.np_groups(frame.patient) if not set(g) & own]
        event_type, mode = ("ACCUSE", "allege") if blame else ("ACCUSE", "disapprove") if loading < 0 \
            else ("SUPPORT", None)
        return Candidate(event_type, mode, frame.verb, frame.verb, [frame.verb, label], actors, recipients,
                         subject_groups=actors)

    def _demand_candidate(self, verb: Token) -> Candidate | None:
        """'Turkey says Sweden must extradite the suspects': saying what another must do is a REQUEST of
        it (`demand_modals`); the demanded act is its complement, as after 'urged'. Only an active
        clause whose subject is an actor of another side than the speaker."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in VERB_POS):
            modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in self.lex.demand_modals), None)
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if modal is None or subject is None:
                continue
            actors = self.reader.actor_groups(verb_frame(verb).subject)
            own = {a for group in actors for a in group}
            recipients = [g for g in self.reader.np_groups(subject) if not set(g) & own]
            if actors and recipients:
                return Candidate("REQUEST", None, verb, verb, [verb, modal], actors, recipients,
                                 subject_groups=actors)
        return None

    def _fallback_recipients(self, frame: Frame, entry: VerbEntry, actors: list[list[str]]) -> list[list[str]]:
        """'help Russia retake Kursk' (the object is the subject of the complement); 'hit nine
        locations across Pakistan' (force used on a state's territory); 'gave 50 million euros to
        promote investment in Ethiopia' (help goes to the state where it is spent)."""
        reader = self.reader
        own = {a for group in actors for a in group}
        if "dobj" in entry.recipient:
            for child in frame.verb.children:
                subject = next((g for g in child.children if g.dep_ == "nsubj"), None) if child.dep_ in {
                    "ccomp", "xcomp"} else None
                groups = reader.np_groups(subject) if subject is not None else []
                groups = [g for g in groups if not set(g) & own]
                if groups:
                    return groups
        if entry.type == "AID":
            return self._aided_state(frame, own)
        if self.lex.types[entry.type].quad != "material_conflict":
            return []
        for word in LOCATIVE_PREPS:
            for token in frame.preps.get(word, ()):
                groups = self._state_groups(token, own)
                if groups:
                    return groups
        return []

    def _refuge(self, frame: Frame, entry: VerbEntry) -> bool:
        """Are those let in people who flee: refugees, the displaced, or a people named by its
        demonym ("to Syrians")?"""
        for slot in entry.recipient:
            for token in (self.reader.counted(t) or t for t in slot_tokens(frame, slot)):
                words = {token.lemma_.lower(), *(c.lemma_.lower() for c in token.children if c.dep_ in MODIFIERS)}
                if words & self.lex.refuge_heads or self.reader.how_at[token.i] == "plural":
                    return True
        return False

    def _aided_state(self, frame: Frame, own: set[str]) -> list[list[str]]:
        """The first state named by an 'in' phrase after the verb: of the verb, its object or its
        purpose clause (not a frame set before it: "In the Russia-Ukraine war, Iran provides drones")."""
        for token in frame.verb.subtree:
            if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS and token.i > frame.verb.i:
                groups = self._state_groups(token, own)
                if groups:
                    return groups
        return []

    def _state_groups(self, token: Token, own: set[str]) -> list[list[str]]:
        """The states, none of them the actor's own, a phrase names ("in Ethiopia", "across Pakistan")."""
        reader = self.reader
        return [g for g in reader.np_groups(token) if not set(g) & own
                and all(reader.table[a].kind == "state" for a in g)]

    def _object_event_slots(self, objects: list[Token], actors: list[list[str]]) -> list[list[str]]:
        """'launched a full-scale invasion of Ukraine': the event noun's own recipient slots."""
        if not objects or objects[0].lemma_.lower() not in self.lex.nouns:
            return []
        entry = self._noun_entry(objects[0])
        return self.reader.noun_slots(objects[0], entry.recipient, actors) if entry is not None else []

    # ---- verb entries --------------------------------------------------------------------------
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
        if entry.direct and not any(self.reader.np_actor(t, DIRECT) for slot in entry.recipient
                                    for t in slot_tokens(frame, slot)):
            return False, []
        if entry.object is None:
            return True, []
        for token in _object_tokens(frame, entry.prep):
            if entry.object in self._labels(token, strict):
                return True, [token]
        return False, []

    def _labels(self, token: Token, strict: bool = True) -> set[str]:
        multi, single = self.lex.classes.labels(token)
        if self.reader.place_at[token.i] is not None:
            single = single | {PLACE_CLASS}  # "captured Goma", "took control of Kherson"
        return (multi or single) if strict else multi | single

    def _subject_fits(self, entry: VerbEntry, frame: Frame) -> bool:
        if entry.subject is None and not entry.subject_not:
            return True
        labels = self._labels(frame.subject, False) if frame.subject is not None else set()
        if entry.subject is not None and entry.subject not in labels:
            return False
        return not labels & entry.subject_not

    # ---- nouns ---------------------------------------------------------------------------------
    def _noun_candidate(self, noun: Token) -> Candidate | None:
        reader = self.reader
        entry = self._noun_entry(noun)
        if entry is None:
            return None
        light = self._light_verb(noun)
        actors = reader.noun_slots(noun, entry.actor, [], AGENT)
        reciprocal = len(actors) > 1 and bool(noun_slot_tokens(noun, "prep:between"))
        if not actors and light is not None:
            actors = reader.actor_groups(verb_frame(light).subject)
        recipients = self._noun_recipients(noun, entry, light, actors)
        if not recipients and entry.type in self.lex.generic_recipient_types:
            with reader.generic_recipients():
                recipients = self._noun_recipients(noun, entry, light, actors)
        clause = light if light is not None else _clause_verb(noun)
        start = noun.i - len(entry.words) + 1
        return Candidate(entry.type, entry.mode, noun, clause, list(self.doc[start:noun.i + 1]), actors, recipients,
                         light=light is not None, reciprocal=reciprocal or light is not None)

    def _noun_recipients(self, noun: Token, entry: NounEntry, light: Token | None, actors: list[list[str]]
                         ) -> list[list[str]]:
        """The noun's own recipient slots, then those of the light verb carrying it."""
        recipients = self.reader.noun_slots(noun, entry.recipient, actors)
        if not recipients and light is not None:
            recipients = self.reader.slot_groups(verb_frame(light), entry.recipient, actors)
        return recipients

    def _noun_entry(self, noun: Token) -> NounEntry | None:
        preps = {c.lower_ for c in noun.children if c.dep_ == "prep"}
        for entry in self.lex.nouns[noun.lemma_.lower()]:
            if entry.prep is not None and entry.prep not in preps:
                continue
            if entry.direct and not any(self.reader.np_actor(t, DIRECT) for slot in entry.recipient
                                        for t in noun_slot_tokens(noun, slot)):
                continue
            if precedes(noun, entry.words[:-1]):
                return entry
        return None

    def _light_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ not in {"dobj", "nsubjpass"} or head.pos_ != "VERB":
            return None
        particles = [c.lower_ for c in head.children if c.dep_ == "prt"]
        names = {head.lemma_.lower(), *(f"{head.lemma_.lower()} {p}" for p in particles)}
        return head if names & self.lex.light_verbs else None


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


def _predicate(token: Token) -> bool:
    """A verb, or an adjective predicated of a subject ("Tehran is unhappy with Moscow")."""
    return token.pos_ == "VERB" or (token.pos_ == "ADJ" and token.dep_ == "acomp")


def _clause_verb(token: Token) -> Token | None:
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i:
            return token if token.pos_ in VERB_POS else None
        token = token.head
        if token.pos_ in VERB_POS:
            return token
    return None


def _test_fire(verb: Token) -> bool:
    return any(c.dep_ == "npadvmod" and c.lower_ == "test" for c in verb.children)
