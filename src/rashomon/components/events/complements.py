"""Complements: an event in the clausal complement of another is read with its governor, and deals
or offers that are the object of a conflict are no events (step 3 of the stage)."""

from __future__ import annotations

from spacy.tokens import Token

from .candidates import Candidate
from .lexicon import Lexicon
from .parse import CLIMB_DEPS, MAX_CLIMB, infinitive, same_token

# Event types whose clausal complement is what is asked, refused, threatened or promised.
GOVERNING_TYPES = {"REQUEST", "REJECT", "THREATEN", "AGREE"}
OBJECT_PREPS = {"for", "to", "on", "against", "of", "from"}
CLAUSAL_DEPS = {"xcomp", "ccomp", "pcomp", "acl"}


def link_complements(candidates: list[Candidate], lexicon: Lexicon) -> None:
    """'urged Iran to return to talks' is one REQUEST (mode meet); 'agreed to halt strikes' one
    CONCEDE; 'refused to send troops' keeps the sending, which the modality step negates; 'stopped
    attacking' is a ceasefire (RETREAT), not a negated attack; a deployment on a peacekeeping
    mission is AID."""
    by_anchor = {c.anchor.i: c for c in candidates}
    cues = lexicon.cues
    _drop_refused(candidates, by_anchor, lexicon)
    for candidate in candidates:
        if lexicon.purpose.on_mission(candidate):
            candidate.type, candidate.mode = lexicon.purpose.result_type, None
        governor, path = _governing(candidate, by_anchor)
        if candidate.type == "ASSAULT":
            stop = next((t for t in path if t.lemma_.lower() in lexicon.cessation), None)
            if stop is not None:
                candidate.type, candidate.mode = "RETREAT", "ceasefire"
                candidate.consumed.add(stop.i)
        if governor is None:
            continue
        if governor.anchor.i in candidate.consumed:
            governor.suppressed = True
        elif governor.anchor.lemma_.lower() in cues.negating_verbs:
            if governor.type == "REJECT" and _direct(candidate, governor):
                _absorb(governor, candidate, lexicon)  # "refused to send troops": a REJECT as well
            elif governor.type != "REJECT":
                governor.suppressed = True  # "failed to send troops": only the sending, negated
            # else "rejected a bid by Sharon to issue a statement": the rejection of the bid stands
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
        if verb is None or same_token(candidate.anchor, verb) or candidate.light:
            continue
        if not _object_of(candidate.anchor, verb):
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
    if token is None or (not same_token(token, candidate.anchor) and not candidate.light):
        return None, []
    path: list[Token] = []
    clausal = False
    for _ in range(MAX_CLIMB):
        head, dep = token.head, token.dep_
        purpose = dep == "advcl" and infinitive(token)  # "threatened ... to impose", "sent troops to help"
        sideways = dep == "conj" and not same_token(token, candidate.clause)
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
    return (clause is not None and clause.dep_ == "advcl" and infinitive(clause)
            and same_token(candidate.anchor, clause))


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


def _absorb(governor: Candidate, complement: Candidate, lexicon: Lexicon) -> None:
    """The governor takes its mode from what is asked, refused or promised, and its recipient from it
    when it names none; an agreement to retreat is a CONCEDE to whoever the retreat favours."""
    own = {a for group in governor.actors for a in group}
    pool = complement.recipients
    if governor.type == "REQUEST" and complement.subject_groups:
        pool = complement.subject_groups  # "demanded that Russia withdraw": Russia is asked
    if governor.type == "AGREE":
        governor.recipients = [g for g in complement.recipients if not set(g) & own] or governor.recipients
    elif governor.mode is None:
        governor.mode = lexicon.complement_mode(governor.type, complement.type, complement.mode)
    if not governor.recipients:
        governor.recipients = [g for g in pool if not set(g) & own]
