"""Generic actors: the police, a court in Lyon, prosecutors, rebels, the Refugee Legal Aid
Foundation - actors no entry of the knowledge base names, but who act in the news. A phrase becomes one
when it acts (the subject of a verb, the agent of a passive, or coordinated with one) and either its
head is a noun of the agents lexicon (`data/kb/agents.yaml`: "police" COP, "court" JUD) or it is an
organisation's name or acronym the knowledge base does not know (sector from its words:
"Department of Energy" GOV).

Its country is the state of a place in the phrase ("an Istanbul court", "a court in Lyon"), else
of the place where it acts ("Police arrested two activists in Minsk"), else unknown: another state
of the sentence is as often the one acted on ("UNODC returned two statues to a museum in Italy"). A
state's organ named bare ("the government", "the army") refers back to a state and is no generic
actor. Its id says
country, sector and head ("generic:FRA:JUD:court", "generic:COP:police"), so "police" and "the
police" are one actor within a document (without a country of its own, a phrase is the one with
the same sector and head before it); its name is the phrase as first written. A phrase that
names a state or a known organisation ("German prosecutors", "Russia's courts", "police in
Moscow") is that actor already, and is left alone."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ...kb import GENERIC_PREFIX, LEADING_THE, Agents, KnowledgeBase, slug
from ..records import Mention, PlaceMention

ACTING_DEPS = frozenset({"nsubj"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
OWNER_PREPS = frozenset({"of", "in", "from"})
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "across", "throughout"})
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
UNKNOWN_SECTOR = "ORG"  # in the id of an organisation whose name tells no sector


def generic_actors(doc: Doc, kb: KnowledgeBase, found: list[Mention], places: list[PlaceMention]
                   ) -> list[Mention]:
    """`found` with a mention for every generic actor of the document."""
    taken = {i for f in found for i in range(f.start, f.end)}
    place_at = {i: p for p in places for i in range(p.start, p.end)}
    result = list(found)
    earlier: dict[str, tuple[str, str | None]] = {}  # "REB:rebel" -> the id and country it had first
    for span, sector, key in _phrases(doc, kb.agents, place_at):
        if taken.intersection(range(span.start, span.end)) or not _acts(span.root) \
                or _owned(span.root, taken, kb.agents) or _anaphoric(span, sector, kb.agents):
            continue
        head = f"{sector or UNKNOWN_SECTOR}:{key}"
        country = _country(span, place_at) or _where_it_acts(span.root, kb, found, place_at)
        actor, country = (f"{GENERIC_PREFIX}{country}:{head}", country) if country is not None \
            else earlier.get(head, (GENERIC_PREFIX + head, None))
        earlier.setdefault(head, (actor, country))
        result.append(Mention(span.start, span.end, actor, "generic", sector, None, country))
        taken.update(range(span.start, span.end))
    return result


def _phrases(doc: Doc, agents: Agents, place_at: dict[int, PlaceMention]) -> Iterator[tuple[Span, str | None, str]]:
    """(phrase, sector, key) for unknown organisations' names and acronyms, then for phrases headed
    by a noun of the agents lexicon."""
    names = [e for e in doc.ents if e.label_ in agents.organisation_labels
             and not all(i in place_at for i in range(e.start, e.end))]
    in_names = {i for e in names for i in range(e.start, e.end)}
    for ent in (e for e in names if _acts(e.root)):
        span = _without_the(ent)
        if len(span):
            yield span, agents.organisation_sector([t.text for t in span]), slug(span.text)
    for token in doc:
        if token.pos_ not in NOUN_TAGS or token.i in in_names or not _acts(token):
            continue  # the cheap tests first: this runs on every word
        sector = generic_sector(token, agents.nouns)
        if sector is not None:
            yield doc[phrase_start(token):token.i + 1], sector, token.lemma_.lower()
        elif _acronym(token) and token.i not in place_at:
            yield doc[token.i:token.i + 1], None, slug(token.text)


def _acronym(token: Token) -> bool:
    """'UNODC', 'WRF': an organisation's initials the entity recogniser passed over (the tagger may call
    them a noun), in a sentence with more words in lower case than in capitals (not a headline's)."""
    return (token.is_upper and token.is_alpha and 2 <= len(token) <= 6
            and sum(t.is_lower for t in token.sent) > sum(t.is_upper and t.is_alpha for t in token.sent))


def _without_the(ent: Span) -> Span:
    start = ent.start + 1 if LEADING_THE.match(ent[0].text + " ") else ent.start
    return ent.doc[start:ent.end]


def generic_sector(token: Token, heads: dict[str, str]) -> str | None:
    """The sector of a noun that heads a generic actor (two words first: "aid workers")."""
    if token.pos_ not in NOUN_TAGS:
        return None
    if token.i > 0:
        pair = heads.get(f"{token.doc[token.i - 1].lower_} {token.lower_}")
        if pair is not None:
            return pair
    return heads.get(token.lower_) or heads.get(token.lemma_.lower())


def _acts(head: Token) -> bool:
    """The subject of a verb, the agent of a passive ('by the police'), or coordinated with one."""
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.dep_ in ACTING_DEPS or (head.dep_ == "pobj" and head.head.dep_ == "agent")


def _owned(head: Token, taken: set[int], agents: Agents) -> bool:
    """'its courts', 'Russia's police', 'police in Moscow', 'rebels led by HTS': whose they are is
    said, and the events stage reads the owner."""
    owner = agents.owner(head)
    if owner is not None and owner.i in taken:
        return True
    return any(child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in OWNER_PREPS and any(
        g.dep_ == "pobj" and g.i in taken for g in child.children)) for child in head.children)


def _anaphoric(span: Span, sector: str | None, agents: Agents) -> bool:
    """'the government', 'the army': a state's organ named bare refers back to a state the text
    named (left to the actors stage's descriptions), not to an actor of its own."""
    return len(span) == 1 and sector in agents.anaphoric_sectors and span.root.tag_ != "NNP"


def _where_it_acts(head: Token, kb: KnowledgeBase, found: list[Mention], place_at: dict[int, PlaceMention]
                   ) -> str | None:
    """The state where the verb it is the subject of happens: a place or a state in an 'in'/'at'
    phrase of that verb ("Police arrested two activists in Minsk"). Not any state of the sentence:
    "UNODC returned two statues to a museum in Italy" names the state acted on."""
    verb = head.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.i == head.i:
        return None
    states = {m.start: m.actor for m in found}
    for pobj in (g for c in verb.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS
                 for g in c.children if g.dep_ == "pobj"):
        for token in (pobj, *(c for c in pobj.children if c.dep_ == "compound")):
            if token.i in place_at:
                return place_at[token.i].country
            entity = kb.entities.get(states.get(token.i, ""))
            if entity is not None and entity.kind == "state":
                return entity.id
    return None


def _country(span: Span, place_at: dict[int, PlaceMention]) -> str | None:
    """The state of a place in the phrase or in its 'in'/'of'/'from' phrase."""
    words = list(span) + [g for c in span.root.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPS
                          for g in c.subtree]
    return next((place_at[t.i].country for t in words if t.i in place_at), None)


def phrase_start(head: Token) -> int:
    """The first word of the head's modifiers ("Federal Police", "anti-war groups")."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS:
            start = min(start, child.left_edge.i)
    return start
