"""Reading noun phrases into actors: every role must resolve to an actor mention of the actors
stage, or to a state the document names only through a place or a person ("missiles at Haifa",
"his country"), or, for who is acted on, to a generic actor ("freed 12 detainees"); those join the
document's actors only if an event uses them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ...kb import GENERIC_PREFIX
from ..actors import add_implied_actors
from ..actors.generic import generic_sector, phrase_start
from ..extensions import doc_actors, doc_date, doc_mentions, doc_places
from ..records import ActorInfo, EventRecord, PlaceMention
from ..syntax import VERB_POS
from .lexicon import Lexicon
from .parse import Frame, noun_slot_tokens, slot_tokens, verb_frame
from .speakers import Speakers

if TYPE_CHECKING:
    from .candidates import Candidate

# Roles a noun phrase is read in: who acts (subject), who is acted on, the phrase's own head only,
# and who acts as named by an event noun's own slot ("strikes by Israel": never a place).
ACTOR, RECIPIENT, DIRECT, AGENT = "actor", "recipient", "direct", "agent"
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod"}
LOCATIVE_PREPS = {"in", "inside", "across", "throughout"}
OWNER_PREPS = frozenset({"of", "in", "from"})


class DocReader:
    """Everything known about one document while its events are read: its actors by token, and the
    actors its noun phrases name."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        # The document's actors, plus states named only through a place or a person ("Haifa", "his
        # country"): those join the document (with those words as mentions) only if an event uses them.
        self.table: dict[str, ActorInfo] = dict(doc_actors(doc))
        self.implied: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
        self.actor_at: list[str | None] = [None] * len(doc)
        self.how_at: list[str | None] = [None] * len(doc)
        self.group_at: dict[int, list[str]] = {}  # 'they' for several actors ("Sweden and Finland")
        self._index_mentions()
        self.place_at: list[PlaceMention | None] = [None] * len(doc)
        self._index_places()
        self.speakers = Speakers(self)
        self.speakers.read_quotes()
        self.published = doc_date(doc)
        self.generic = False  # read generic actors as recipients (`generic_recipients`)

    @contextmanager
    def generic_recipients(self) -> Iterator[None]:
        """Within: who is acted on may be a generic actor ("freed 12 detainees"). Tried only after
        every slot of an event found no other actor, so that "expelled two diplomats from Latvia" is
        still Poland."""
        self.generic = True
        try:
            yield
        finally:
            self.generic = False

    def _index_mentions(self) -> None:
        for m in doc_mentions(self.doc):
            if m.actor in self.table:
                for i in range(m.start, m.end):
                    if m.how == "pronoun" and self.how_at[i] == "pronoun":
                        self.group_at.setdefault(i, [self.actor_at[i]]).append(m.actor)  # type: ignore[list-item]
                    self.actor_at[i], self.how_at[i] = m.actor, m.how

    def _index_places(self) -> None:
        for place in doc_places(self.doc):
            if place.country in self.lex.states and not place.disputed:
                for i in range(place.start, place.end):
                    self.place_at[i] = place

    # ---- roles ---------------------------------------------------------------------------------
    def slot_groups(self, frame: Frame, slots: Iterable[str], actors: list[list[str]],
                    role: str = RECIPIENT) -> list[list[str]]:
        own = {a for group in actors for a in group}
        for slot in slots:
            for token in slot_tokens(frame, slot):
                groups = [g for g in self.np_groups(token, role) if not set(g) & own]
                if groups:
                    return groups
        return []

    def noun_slots(self, noun: Token, slots: Iterable[str], actors: list[list[str]],
                   role: str = RECIPIENT) -> list[list[str]]:
        own = {a for group in actors for a in group}
        for slot in slots:
            for token in noun_slot_tokens(noun, slot):
                groups = (self.np_groups(token, role) if slot.startswith("prep:")
                          else self._modifier_groups(token, role))
                groups = [g for g in groups if not set(g) & own]
                if groups:
                    return groups
        return []

    def np_groups(self, token: Token, role: str = RECIPIENT) -> list[list[str]]:
        """The actors a noun phrase names, one group per coordinated conjunct. An ACTOR reached
        through a modifier needs a head that can act ("Russian troops", not "Russia's influence");
        a DIRECT role takes only the phrase's own head."""
        groups: list[list[str]] = []
        for t in (token, *token.conjuncts):
            for ids in self.np_actor(t, role):
                if ids not in groups:
                    groups.append(ids)
        return groups

    def actor_groups(self, token: Token | None) -> list[list[str]]:
        """The actors a phrase names as who acts."""
        return self.np_groups(token, ACTOR) if token is not None else []

    def first_actor(self, token: Token | None) -> str | None:
        groups = self.actor_groups(token)
        return groups[0][0] if groups else None

    def np_actor(self, token: Token, role: str, depth: int = 0) -> list[list[str]]:
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
            if token.lemma_.lower() in self.lex.homeland_nouns:
                return self._homelands(groups, token)
            return self._state_organ(token, groups, modifier.i) if role == ACTOR else groups
        owned = self._owner_of(token, role, depth)
        if owned and role == ACTOR and depth == 0 and self.lex.agents.owner(token) is None:
            return self._state_organ(token, owned, token.right_edge.i + 1)
        return (self._quantity_of(token, role, depth) or owned
                or self._location(token, role, depth) or self._generic(token, role))

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

    def _token_actor(self, token: Token, role: str | None = None) -> list[str] | None:
        actor = self.actor_at[token.i]
        if actor is not None:
            return [actor]
        if role == RECIPIENT and self.place_at[token.i] is not None:
            return self._place_state(token)
        if token.pos_ != "PRON":
            return None
        return self.speakers.pronoun_actor(token)

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
        for child in token.children:  # "a US drone strike", "the Houthi-held port", "the Greek government's plans"
            if child.dep_ in {"compound", "amod", "poss"}:
                found = next((g for g in child.children if g.dep_ in MODIFIER_DEPS | {"npadvmod"}
                              and self._token_actor(g, role)), None)
                if found is not None:
                    return found
        return None

    def _can_act(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.lex.actor_heads or token.lower_ in self.lex.actor_heads or lemma in self.lex.nouns

    def _quantity_of(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """'thousands of Iranians', 'a wave of Israeli strikes': the 'of' phrase is who acts."""
        if depth >= 2 or not (token.like_num or token.lemma_.lower() in self.lex.quantity_heads):
            return []
        return self._of_object(token, role, depth)

    def _owner_of(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """'the foreign ministers of Britain and France', 'the government of Iran', 'police in Moscow',
        'rebels led by HTS', 'forces loyal to Hifter'."""
        if depth >= 2 or token.lemma_.lower() in self.lex.nouns or not self._can_act(token):
            return []
        owner = self.lex.agents.owner(token)
        if owner is not None:
            return self.np_actor(owner, role, depth + 1)
        return self._of_object(token, role, depth, OWNER_PREPS)

    def _of_object(self, token: Token, role: str, depth: int, preps: frozenset[str] = frozenset({"of"})
                   ) -> list[list[str]]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    found: list[list[str]] = []
                    for t in (pobj, *pobj.conjuncts):
                        found.extend(self.np_actor(t, role, depth + 1))
                    if not found and depth == 0:  # "the Ministry of Health of Ethiopia"
                        return self._of_object(pobj, role, depth + 1, preps)
                    return found
        return []

    def _location(self, token: Token, role: str, depth: int) -> list[list[str]]:
        """A target named by where it is: "air defence batteries in Iran", "a facility in Russia's
        Bryansk region". Only states, and only for who is acted on."""
        if role != RECIPIENT or depth >= 2:
            return []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    found = [ids for ids in self.np_actor(pobj, role, depth + 1)
                             if all(self.table[a].kind == "state" for a in ids)]
                    if found:
                        return found
        return []

    def _generic(self, token: Token, role: str) -> list[list[str]]:
        """Who is acted on, named by a noun of the agents lexicon and by nothing else ("freed 37
        prisoners", "aid to refugees"): a generic actor (see actors/generic.py), the one of the same
        sector and head if the document has it already. It joins the document only if an event
        uses it."""
        sector = generic_sector(token, self.lex.generic_recipients) if role == RECIPIENT and self.generic else None
        if sector is None:
            return []
        holders = (token, token.head) if token.dep_ == "dobj" else (token,)  # the parser hangs it on either
        named = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "including"
                 for pobj in c.children if pobj.dep_ == "pobj" for g in self.np_groups(pobj, role)]
        if named:
            return named  # "freed 24 hostages, including 13 Israelis": who they are is said
        head = f"{sector}:{token.lemma_.lower()}"
        actor = next((a for a, info in self.table.items() if info.kind == "generic" and a.endswith(":" + head)),
                     GENERIC_PREFIX + head)
        return [[self._add_generic(actor, phrase_start(token), token.i + 1, sector, None)]]

    def _state_organ(self, token: Token, groups: list[list[str]], end: int) -> list[list[str]]:
        """'German police', 'Israel's military', 'a court in Lyon', 'the Afghan government': a state's
        organ or people of a sector the agents lexicon knows act as a generic actor with that country
        (PLOVER's country + sector), named as written. A state's machines ("Russian drones"), crowds
        and people ("Iranian protesters", read as the state's people by the protest rules) and any
        other phrase stay the state's."""
        sector = generic_sector(token, self.lex.agents.nouns)
        lemma = token.lemma_.lower()
        if sector is None or token.lower_ in self.lex.agents.instruments or lemma in self.lex.crowd_heads \
                or lemma in self.lex.people_heads or len(groups) != 1 or len(groups[0]) != 1 \
                or self.table[groups[0][0]].kind != "state":
            return groups
        country = groups[0][0]
        start = min(phrase_start(token), token.left_edge.i if token.left_edge.dep_ != "det" else token.i)
        start += self.doc[start].lower_ == "the"
        actor = f"{GENERIC_PREFIX}{country}:{sector}:{lemma}"
        return [[self._add_generic(actor, start, max(end, token.i + 1), sector, country)]]

    def _add_generic(self, actor: str, start: int, end: int, sector: str, country: str | None) -> str:
        """A generic actor named by the words start:end, known to this reader and kept for the document
        by `commit` if an event uses it (as a state named through a place is)."""
        self.table.setdefault(actor, ActorInfo(name=self.doc[start:end].text, kind="generic", country=country,
                                               sector=sector, wikidata=None, title=None, known=False, gender=None))
        self.implied[actor].add((start, end, "generic"))
        return actor

    # ---- states named through a place or a person -----------------------------------------------
    def _homelands(self, groups: list[list[str]], noun: Token) -> list[list[str]]:
        """'his country': a person stands for their state, or for nothing when it is unknown."""
        found = []
        for group in groups:
            states = []
            for actor in group:
                if self.table[actor].kind != "person":
                    states.append(actor)
                    continue
                country = self.table[actor].country
                if country in self.table or country in self.lex.states:
                    self._add_state(country, noun.left_edge.i, noun.i + 1, "description")
                    states.append(country)
            if states:
                found.append(list(dict.fromkeys(states)))
        return found

    def _place_state(self, token: Token) -> list[str]:
        """The state a place lies in, as the one acted on ("missiles at Haifa", "a strike on
        Fordow")."""
        place = self.place_at[token.i]
        assert place is not None
        self._add_state(place.country, place.start, place.end, "place")
        return [place.country]

    def _add_state(self, code: str, start: int, end: int, how: str) -> None:
        """A state named only through a place or a person ("his country"): known to this reader,
        kept for the document by `commit` if an event uses it (as a generic recipient is)."""
        self.table.setdefault(code, replace(self.lex.states[code]))
        self.implied[code].add((start, end, how))

    def commit(self, events: list[EventRecord]) -> None:
        """Implied states that events use join the document's actors, their words as mentions (added
        by the actors stage's own API, so the records are built one way)."""
        used = [a for a in dict.fromkeys(a for e in events for a in (*e.actor, *e.recipient))
                if a in self.implied]
        if not used:
            return
        add_implied_actors(self.doc, {code: self.table[code] for code in used},
                           [(start, end, code, how) for code in used for start, end, how in sorted(self.implied[code])])

    # ---- who acts ------------------------------------------------------------------------------
    def crowd(self, subject: Token | None) -> bool:
        """'protesters', also through a quantity: 'hundreds of protesters'."""
        head = self.counted(subject)
        return head is not None and head.lemma_.lower() in self.lex.crowd_heads

    def people_act(self, candidate: Candidate) -> bool:
        """The subject is a state's people or a crowd ("Georgians", "thousands of Iranians",
        "protesters in Tbilisi"), not the state by its name."""
        clause = candidate.clause
        head = self.counted(verb_frame(clause).subject) if clause is not None and clause.pos_ in VERB_POS \
            else None
        if head is None:
            return False
        lemma = head.lemma_.lower()
        return self.how_at[head.i] == "plural" or lemma in self.lex.crowd_heads or lemma in self.lex.people_heads

    def counted(self, token: Token | None) -> Token | None:
        """What a quantity counts ('thousands of Iranians' -> Iranians), else the token."""
        if token is not None and token.lemma_.lower() in self.lex.quantity_heads:
            return next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), token)
        return token
