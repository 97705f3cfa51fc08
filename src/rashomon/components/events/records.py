"""Event records (steps 5 and 6 of the stage): each candidate becomes one record per (actor,
recipient) pair with its speaker, evidence sentence and date; then one event per (actor, type,
recipient, negated, date), carrying every evidence sentence."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ...dates import is_point_in_time, resolve_date
from ..records import ActorInfo, EventRecord, Evidence
from ..syntax import NOMINAL_SUBJECT_DEPS, VERB_POS
from .candidates import Candidate
from .lexicon import Lexicon
from .parse import MAX_CLIMB, same_token
from .reader import DocReader

NOUN_MODIFIER_DEPS = {"nummod", "compound", "amod", "poss", "nmod"}
# Types done with one's own things: "withdrew its troops", "agreed to lift its ban" (see _own_object).
DONE_WITH_ONES_OWN = frozenset({"RETREAT", "AGREE"})
PERIOD_WORDS = {"winter", "spring", "summer", "autumn", "fall", "beginning", "start", "end", "middle", "course",
                "first", "second", "third", "last", "half", "quarter", "week", "weekend", "month", "year"}


def event_records(reader: DocReader, candidate: Candidate, lexicon: Lexicon) -> Iterator[EventRecord]:
    """The records of one candidate, one per (actor, recipient) pair."""
    if not candidate.recipients and (candidate.type, candidate.mode) in lexicon.speaker_recipient:
        candidate.recipients = reader.speakers.speakers_side(candidate)
    pairs = _domestic(reader, candidate, lexicon) or _dyads(candidate, lexicon, reader)
    if not pairs:
        return
    date, date_text = _event_date(reader, candidate)
    evidence = _evidence(candidate)
    speaker = candidate.speaker if candidate.speaker in reader.table else None
    for actor, targets in pairs:
        actor = _with_speaker(actor, speaker, reader.table)
        yield EventRecord(type=candidate.type, mode=candidate.mode, quad=lexicon.types[candidate.type].quad,
                          actor=list(actor), recipient=targets, negated=candidate.negated,
                          modality=candidate.modality, date=date, date_text=date_text, speaker=speaker,
                          text=evidence.text, evidence=[evidence])


def _dyads(candidate: Candidate, lexicon: Lexicon, reader: DocReader) -> list[tuple[list[str], list[str]]]:
    """(actor, recipient) pairs: one per coordinated actor and recipient, as in dyadic event data.
    A recipient that is the actor, or a person's own state ("Zelensky ruled out recognising
    Crimea ..."), is dropped. Without a recipient, several actors are one reciprocal event ("Iran
    and the U.S. held talks"); a lone actor is kept where PLOVER lets the recipient go unnamed
    (`recipient: optional` in plover.yaml), for the types whose object is mostly no actor at all
    ("rejected the proposal", "condemned the killings": `unread`), and for the others (`unnamed`)
    where the sentence names no other actor - one it does name is more likely a recipient the
    parse did not connect. Never for a negated event, a command ("ordered a siege"), or a noun
    unless a light verb carries it ("launched an investigation": the verb's subject acts)."""
    table = reader.table

    def own(actor: list[str]) -> set[str | None]:
        return set(actor) | {table[a].country for a in actor if table[a].kind == "person"}

    pairs = [(a, [r for r in rec if r not in own(a)]) for a in candidate.actors for rec in candidate.recipients]
    pairs = [(a, r) for a, r in pairs if r]
    if pairs or not candidate.actors:
        return pairs  # else no recipient, or only the actor's own side ("Merkel defended Germany's decision")
    verbal = same_token(candidate.anchor, candidate.clause) or candidate.light
    if len(candidate.actors) > 1 and (verbal or candidate.reciprocal):
        return [(list(dict.fromkeys(a for group in candidate.actors for a in group)), [])]
    if verbal and not lexicon.needs_recipient(candidate.type, candidate.mode):
        return [(candidate.actors[0], [])]
    if verbal and not candidate.negated and lexicon.unnamed_recipient(candidate.type, candidate.mode) \
            and candidate.anchor.lemma_.lower() not in lexicon.commands \
            and (candidate.type in DONE_WITH_ONES_OWN or not _own_object(candidate.anchor)) \
            and not _state_protest(reader, candidate, lexicon) \
            and (lexicon.unread_recipient(candidate.type) or not _others_named(reader, candidate)):
        return [(candidate.actors[0], [])]
    return []


def _state_protest(reader: DocReader, candidate: Candidate, lexicon: Lexicon) -> bool:
    """'Japan protested': a state protesting is diplomacy, not a protest of people (theirs are read
    by `_domestic` first)."""
    return candidate.type in lexicon.domestic_types and all(reader.table[a].kind == "state"
                                                            for a in candidate.actors[0])


def _own_object(verb: Token) -> bool:
    """'injured his head', 'rejected its own plan', 'must defend ourselves': the object belongs to
    the subject itself, or is it: no event with anyone. Retreats and promises are done with one's
    own ("withdrew its troops", "agreed to lift its ban"): DONE_WITH_ONES_OWN."""
    return any(c.dep_ == "dobj" and ((c.tag_ == "PRP" and c.lower_.endswith(("self", "selves"))) or any(
        g.dep_ == "poss" and g.pos_ == "PRON" for g in c.children)) for c in verb.children)


def _others_named(reader: DocReader, candidate: Candidate) -> bool:
    """Does the candidate's sentence name an actor of another side than its own actors (their
    state, and that state's people and organs, are one side), or a place of another state? A
    generic actor does not count: it is read only where it acts, never as who is acted on."""
    own = {a for group in candidate.actors for a in group}
    sides = own | {reader.table[a].country for a in own} - {None}
    for token in candidate.anchor.sent:
        actor, place = reader.actor_at[token.i], reader.place_at[token.i]
        if actor is not None and actor not in sides and reader.table[actor].country not in sides \
                and reader.table[actor].kind != "generic":
            return True
        if place is not None and place.country not in sides:
            return True
    return False


def _domestic(reader: DocReader, candidate: Candidate, lexicon: Lexicon) -> list[tuple[list[str], list[str]]]:
    """A state's people protesting with no one named: against their own state ("Georgians
    rallied", "thousands of Iranians marched"); the state itself protesting ("Japan protested")
    is diplomacy, not a domestic protest."""
    if candidate.type not in lexicon.domestic_types or candidate.recipients or not reader.people_act(candidate):
        return []
    return [(group, list(group)) for group in candidate.actors
            if len(group) == 1 and reader.table[group[0]].kind == "state"]


def _with_speaker(actor: list[str], speaker: str | None, table: dict[str, ActorInfo]) -> list[str]:
    """'Macron announced France would withdraw': the person who speaks for the acting state is
    listed with it, as PLOVER lists the entities behind one actor."""
    if speaker is None or speaker in actor or table[speaker].kind != "person":
        return actor
    return [*actor, speaker] if table[speaker].country in actor else actor


def _evidence(candidate: Candidate) -> Evidence:
    """The sentence holding the trigger, cut at line breaks (headlines often run into the text)."""
    sentence = candidate.anchor.sent
    text = sentence.text  # not doc.text, which is rebuilt from every token on each call
    at = candidate.anchor.idx - sentence.start_char
    start = text.rfind("\n", 0, at) + 1
    newline = text.find("\n", at)
    end = newline if newline != -1 else len(text)
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    trigger = " ".join(t.text for t in candidate.trigger)
    return Evidence(sentence.start_char + start, sentence.start_char + end, text[start:end], trigger)


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
    own = same_token(candidate.anchor, candidate.clause) or candidate.light
    token = candidate.clause if own or candidate.anchor.dep_ in NOMINAL_SUBJECT_DEPS else None
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
        if token.pos_ in VERB_POS:
            return False
    return False


def _without_retold(records: list[EventRecord]) -> list[EventRecord]:
    """Without the events told again in their own sentence with no recipient: "Russia pounded Kyiv
    with missiles, hitting power plants" is one attack on Ukraine, not also one on no one."""
    told = {_retelling_key(r) for r in records if r.recipient}
    return [r for r in records if r.recipient or _retelling_key(r) not in told]


def _retelling_key(record: EventRecord) -> tuple[object, ...]:
    return tuple(record.actor), record.type, record.negated, record.evidence[0].start


def merge_events(records: list[EventRecord]) -> list[EventRecord]:
    """One event per (actor, type, recipient, negated, date), with every evidence sentence."""
    merged: dict[tuple[object, ...], EventRecord] = {}
    for record in _without_retold(records):
        key = (tuple(record.actor), record.type, tuple(record.recipient), record.negated, record.date)
        kept = merged.setdefault(key, record)
        if kept is not record and all(e.start != record.evidence[0].start for e in kept.evidence):
            kept.evidence.extend(record.evidence)
    return list(merged.values())
