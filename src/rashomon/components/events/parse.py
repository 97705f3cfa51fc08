"""What the events stage reads off the dependency parse alone, before any lexicon: a verb's frame
(its logical subject, patient, dative, prepositions and particles), the tokens that fill an entry's
slot, and the small clause tests every step shares."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from ..syntax import NOMINAL_SUBJECT_DEPS, NOUN_POS, RELATIVE_PRONOUNS, SUBJECT_DEPS, VERB_POS, climb

# How far up the parse a head, governor or owner is looked for (and how far down a chain of
# prepositions without objects).
MAX_CLIMB = 6
# Edges climbed from an event's clause to the word that governs it.
CLIMB_DEPS = {"xcomp", "ccomp", "conj", "pcomp", "prep", "acomp", "acl", "dobj", "pobj"}
TEMPORAL_ENTS = {"DATE", "TIME"}


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


def verb_frame(verb: Token) -> Frame:
    children = list(verb.children)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    preps: dict[str, list[Token]] = defaultdict(list)
    particles: set[str] = set()
    for child in children:
        if child.dep_ == "prt" or (child.dep_ == "advmod" and child.pos_ in {"ADP", "ADV"}):
            particles.add(child.lower_)
        if child.dep_ in {"prep", "dative", "agent"}:
            _add_prep(child, preps, particles)
    own_preps = frozenset(word for word, objects in preps.items()  # "called on Sunday" is no "call on"
                          if not all(o.ent_type_ in TEMPORAL_ENTS for o in objects))
    patient = _patient(verb, children, passive)
    for owner in (patient, *patient.conjuncts) if patient is not None else ():
        for child in owner.children:
            if child.dep_ == "prep":
                _add_prep(child, preps, set())
            for agent in (g for g in child.children if g.dep_ == "agent") if child.dep_ == "acl" else ():
                _add_prep(agent, preps, set())  # "rejected a plan drafted by Azerbaijan": by
    nested: dict[str, list[Token]] = defaultdict(list)
    for obj in [t for found in preps.values() for t in found]:
        for child in obj.children:
            if child.dep_ == "prep":
                _add_prep(child, nested, set())
    dative = next((c for c in children if c.dep_ == "dative" and c.pos_ in NOUN_POS | {"PRON"}), None)
    return Frame(verb, logical_subject(verb), patient, dative, preps, particles, nested, own_preps)


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


def _add_prep(prep: Token, preps: dict[str, list[Token]], particles: set[str], depth: int = 0) -> None:
    objects = [g for g in prep.children if g.dep_ in {"pobj", "pcomp"}]
    if prep.dep_ == "dative" and prep.pos_ != "ADP":
        return
    if not objects:
        particles.add(prep.lower_)
        for grand in prep.children:  # "pulled out of X": of hangs on out
            if grand.dep_ == "prep" and depth < MAX_CLIMB:
                _add_prep(grand, preps, particles, depth + 1)
        return
    key = "by" if prep.dep_ == "agent" else prep.lower_
    for obj in objects:
        preps[key].append(obj)
        preps[key].extend(obj.conjuncts)
    if prep.dep_ == "dative":
        preps["to"].extend(objects)


# ---- the logical subject ------------------------------------------------------------------------
def logical_subject(verb: Token, depth: int = 0) -> Token | None:
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
    return _inherited_subject(verb, depth) if depth < MAX_CLIMB else None


def _inherited_subject(verb: Token, depth: int) -> Token | None:
    head, dep = verb.head, verb.dep_
    if head.i == verb.i:
        return None
    if dep == "conj" and head.pos_ in VERB_POS:  # "was sworn in and urged Beijing": the surface subject
        return next((c for c in head.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None) or \
            logical_subject(head, depth + 1)
    if dep == "acomp" or (dep == "advcl" and _shares_subject(verb)):
        return logical_subject(head, depth + 1) if head.pos_ in VERB_POS else None
    if dep == "xcomp":
        controller = next((c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        return controller or logical_subject(head, depth + 1)
    if (dep == "acl" or (dep == "relcl" and infinitive(verb))) and head.pos_ in NOUN_POS:
        return _noun_owner(head, depth)  # "Russia's decision to send", "the first country to recognise"
    if dep == "pcomp":  # "accused Rwanda of invading": the object of the verb above does it
        above = head.head
        controller = next((c for c in above.children if c.dep_ == "dobj"), None) if above.pos_ == "VERB" else None
        return controller or _owner_through(above, depth)
    return None


def _noun_owner(noun: Token, depth: int) -> Token | None:
    """The subject of "Russia's inability to help", "lacks the capacity to help"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    return _owner_through(noun, depth)


def _owner_through(token: Token, depth: int) -> Token | None:
    token = climb(token, lambda t: t.pos_ not in VERB_POS)
    return logical_subject(token, depth + 1) if token.pos_ in VERB_POS else None


def _shares_subject(verb: Token) -> bool:
    """A participle or purpose clause without its own subject: "..., killing several commanders",
    "marched to protest"; not "When asked ..." (a reduced passive)."""
    if any(c.dep_ in {"mark", "advmod"} and c.tag_ in {"IN", "WRB"} for c in verb.children):
        return False
    return verb.tag_ == "VBG" or infinitive(verb)


# ---- slots ---------------------------------------------------------------------------------------
def slot_tokens(frame: Frame, slot: str) -> list[Token]:
    """The tokens filling a verb entry's slot (dobj, dative, nsubj, prep:WORD)."""
    if slot == "dobj":
        return [frame.patient] if frame.patient is not None else []
    if slot == "dative":
        return [frame.dative] if frame.dative is not None else list(frame.preps.get("to", ()))
    if slot == "nsubj":
        return [frame.subject] if frame.subject is not None else []
    if slot.startswith("prep:"):
        return [*frame.preps.get(slot[5:], ()), *frame.nested.get(slot[5:], ())]
    return []


def noun_slot_tokens(noun: Token, slot: str) -> list[Token]:
    """Slot fillers on the noun, or on its 'of' phrase ("the evacuation of citizens from Iran")."""
    if not slot.startswith("prep:"):
        return [c for c in noun.children if c.dep_ == slot]
    word = slot[5:]
    holders = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and word != "of"
                       for g in c.children if g.dep_ == "pobj")]
    return [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == word
            for g in c.children if g.dep_ == "pobj"]


# ---- small tests ---------------------------------------------------------------------------------
def token_forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def precedes(token: Token, words: tuple[str, ...]) -> bool:
    """The words right before the token are `words` (as written or as lemmas)."""
    start = token.i - len(words)
    if start < 0:
        return False
    doc = token.doc
    return all(words[k] in token_forms(doc[start + k]) for k in range(len(words)))


def same_token(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
