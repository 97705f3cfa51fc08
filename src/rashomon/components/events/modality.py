"""Negation and modality (step 4 of the stage): negation, inability, future, hypothetical, hedged
report, and the speaker of a quote or of reported speech; then PLOVER's re-typing of what is
promised or threatened."""

from __future__ import annotations

from spacy.tokens import Token

from ..syntax import CONDITIONAL_MARKS, NOMINAL_SUBJECT_DEPS
from .candidates import Candidate
from .lexicon import Lexicon
from .parse import CLIMB_DEPS, MAX_CLIMB, infinitive, logical_subject, precedes, same_token
from .reader import DocReader

# Strongest first: the modality an event gets when several cues apply.
MODALITY_ORDER = ("hypothetical", "inability", "future", "reported", "asserted")
MODAL_HYPOTHETICAL = {"would", "could", "might", "may", "should", "must", "'d"}
MODAL_FUTURE = {"will", "shall", "'ll", "wo"}
ABILITY_MODALS = {"can", "could", "ca"}
TEMPORAL_MARKS = {"until", "till", "before", "after", "when", "once", "as"}
# Of the nominal_future words, those that make an event noun hypothetical rather than future.
NOMINAL_HYPOTHETICAL = {"possible", "potential"}
# Edges over which a governing word's cues reach the event: control and complement, not "that" clauses.
GOVERNOR_DEPS = {"xcomp", "acl", "pcomp", "dobj", "acomp", "advcl", "prep"}


class ModalityReader:
    """Negation, modality and speaker of one candidate, read off its clause and the verbs above it.

    "cannot help" is inability, and negated: the help does not happen, which is what a reader
    comparing sources needs ("will not send troops" and "cannot help" agree). "would" is future
    inside reported speech ("said it would retaliate") and hypothetical elsewhere."""

    def __init__(self, reader: DocReader) -> None:
        self.reader = reader
        self.lex = reader.lex
        self.cues = reader.lex.cues

    def apply(self, candidate: Candidate) -> None:
        flags: set[str] = set()
        negations = 0 if same_token(candidate.anchor, candidate.clause) else self._nominal(candidate.anchor, flags)
        speaker = None
        clause = candidate.clause
        if clause is not None and (same_token(candidate.anchor, clause) or candidate.light):
            negations += self._own(clause, flags)
            speaker, more = self._governors(clause, flags, candidate)
            negations += more
        elif clause is not None:  # a noun in another clause: who reports it, "if", and a subject's modal
            speaker, _ = self._governors(clause, set(), candidate)
            if _conditional(clause):
                flags.add("hypothetical")
            if candidate.anchor.dep_ in NOMINAL_SUBJECT_DEPS:  # "an attack ... would set back the programme"
                for child in clause.children:
                    if child.dep_ == "aux":
                        self._modal(child.lower_, flags)
        candidate.speaker = self.reader.speakers.quote_speaker(candidate.anchor.idx) or speaker
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
            elif child.dep_ == "amod" and lower in self.lex.nominal_future:
                flags.add("hypothetical" if lower in NOMINAL_HYPOTHETICAL else "future")
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
        if any(precedes(verb, words) for words in self.cues.alternatives):
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
            if dep == "advcl" and not infinitive(token):
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
        return self.reader.first_actor(logical_subject(head))

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


def _conditional(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in clause.children)


def retype(candidate: Candidate, lexicon: Lexicon) -> None:
    """PLOVER codes the single category: promised cooperation or retreat is AGREE, force that an
    actor vows or warns of is THREATEN (mode from the threatened act), and cooperation refused in
    advance is REJECT. A bare future of conflict ("will keep striking") keeps its type, marked
    future."""
    if _refused_in_advance(candidate, lexicon):
        mode = lexicon.complement_mode("REJECT", candidate.type, candidate.mode)
        candidate.type, candidate.mode, candidate.negated, candidate.modality = "REJECT", mode, False, "asserted"
        return
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


def _refused_in_advance(candidate: Candidate, lexicon: Lexicon) -> bool:
    """'France will not lift the ban', 'says it will not accept refugees', 'failed to reach
    agreement': cooperation or a retreat negated in the future, or an agreement, a meeting or
    backing that a negating verb governs, is the refusal CAMEO codes as REJECT (12x), not a
    non-event. A past deed not done ("did not release the prisoners") stays that deed, negated."""
    quad = lexicon.types[candidate.type].quad
    if not candidate.negated or "cooperation" not in quad:
        return False
    if candidate.modality == "future":
        return True
    clause = candidate.clause
    return quad == "verbal_cooperation" and clause is not None and clause.dep_ == "xcomp" \
        and clause.head.lemma_.lower() in lexicon.cues.negating_verbs
