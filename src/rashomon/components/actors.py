"""Actor resolution: every way a text names a person, state or organisation, resolved against the
knowledge base on the document's date, and grouped per document.

Order of work (later steps never override earlier, longer matches):
1. knowledge-base names, aliases, demonyms and metonyms (PhraseMatcher, capitalisation kept);
2. office titles with or without a name ("Russian President Putin", "Iran's foreign minister");
3. people the KB does not know (spaCy PERSON entities), with the role an apposition gives them;
4. pronouns (he/she/his/her, its) by salience over the preceding sentences; they/them/their for a
   plural antecedent in the same or the previous sentence ("Sweden and Finland", "UN officials").

Places the knowledge base knows ("Haifa", "Fordow") are not actors: they go to
`doc._.rashomon_places` with their state, for the events stage, and keep a name such as
"Al Udeid" from being taken for an unknown person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import DEP, LOWER, POS, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..kb import LEADING_THE, PERSON_PREFIX, Entity, KnowledgeBase, slug, surface_key
from ..knowledge import Knowledge, packaged_knowledge
from ..textspans import QuoteRegion, inside_quotes, quote_regions
from .extensions import doc_date, guarded, register_extensions, warn
from .phrases import PhraseTable, PhraseTokenizer

SPAN_GROUP = "rashomon_actors"
PERSON_PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
                   "she": "female", "her": "female", "hers": "female", "herself": "female"}
STATE_PRONOUNS = {"its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
PLURAL_TAGS = {"NNS", "NNPS"}
# How many sentences back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
# How many tokens back a bare title ("the Syrian president") looks for a named holder.
DESCRIPTION_WINDOW = 120


@dataclass(slots=True)
class Found:
    """A resolved mention while the document is being read."""

    start: int  # token offsets
    end: int
    actor: str
    how: str
    sector: str | None = None
    office: str | None = None
    office_of: str | None = None
    title_text: str | None = None
    past: bool = False


@dataclass
class ActorTables:
    """What the actors stage matches, built from the knowledge base with the knowledge: names
    (labelled by their surface key), office titles (`office:KEY`, `office:@leader`) and places."""

    names: PhraseTable = field(default_factory=PhraseTable)
    forms: frozenset[str] = frozenset()  # the labels of `names`
    titles: PhraseTable = field(default_factory=PhraseTable)
    places: PhraseTable = field(default_factory=PhraseTable)
    organisation_heads: dict[str, set[str]] = field(default_factory=dict)  # "council" -> UNSC, ...
    description_words: frozenset[str] = frozenset()

    @classmethod
    def build(cls, kb: KnowledgeBase) -> ActorTables:
        tokens = PhraseTokenizer()
        tables = cls(organisation_heads=_organisation_heads(kb))
        written_forms: dict[str, str] = {}
        for entity in kb.entities.values():
            for text in [entity.name, *entity.aliases, *entity.adjectives, *entity.plurals, *entity.metonyms]:
                written = LEADING_THE.sub("", str(text))  # "the Kremlin" is matched from "Kremlin"
                written_forms.setdefault(surface_key(written), written)
                # Also the form as written, accents kept ("Erdoğan"), under the same key.
                written_forms.setdefault(written.lower(), written)
        for key, written in written_forms.items():
            tables.names.add(surface_key(key), tokens.words(written))
        tables.forms = frozenset(surface_key(key) for key in written_forms)
        for title, office in kb.office_titles.items():
            if title not in kb.leader_words:  # "leader" depends on whose leader: resolved as @leader
                tables.titles.add(f"office:{office}", tokens.words(title))
        for word in kb.leader_words:
            tables.titles.add("office:@leader", tokens.words(word))
        for place in set(kb.places.values()):
            for form in (place.name, *place.aliases):
                key = surface_key(form)
                if key not in kb.forms:
                    tables.places.add(key, tokens.words(LEADING_THE.sub("", form)))
                    tables.places.add(key, tokens.words(key))
        tables.description_words = kb.state_descriptions | kb.place_descriptions | set(tables.organisation_heads)
        return tables


def _organisation_heads(kb: KnowledgeBase) -> dict[str, set[str]]:
    heads: defaultdict[str, set[str]] = defaultdict(set)
    for entity in kb.entities.values():
        if entity.kind in {"organisation", "group"}:
            for text in (entity.name, *entity.aliases):
                words = str(text).lower().split()
                if len(words) > 1 and words[-1] in kb.organisation_descriptions:
                    heads[words[-1]].add(entity.id)
    return dict(heads)


class ActorResolver:
    """The `rashomon_actors` component."""

    def __init__(self, nlp: Language, name: str = "rashomon_actors") -> None:
        register_extensions()
        self.name = name
        self.vocab = nlp.vocab
        self.kb: KnowledgeBase | None = None
        self.tables = ActorTables()

    # ---- setup ------------------------------------------------------------------------------
    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        knowledge = knowledge or packaged_knowledge()
        self.kb, self.tables = knowledge.kb, knowledge.actors

    def _ready(self) -> KnowledgeBase:
        if self.kb is None:
            self.initialize()
        assert self.kb is not None
        return self.kb

    # ---- run --------------------------------------------------------------------------------
    @guarded
    def __call__(self, doc: Doc) -> Doc:
        kb = self._ready()
        day = doc_date(doc)
        if day is None:
            warn(doc, "publication date unknown: titles are not resolved to office-holders and no "
                      "anachronism checks are made")
        place_spans = self._place_spans(doc)
        found = self._kb_matches(doc, kb, place_spans)
        found = self._titles(doc, kb, day, found)
        places = self._places(kb, place_spans, found)
        found = self._unknown_people(doc, kb, found, {i for p in places for i in range(p["start"], p["end"])})
        found = self._pronouns(doc, kb, found)
        found, places = self._descriptions(doc, kb, found, places)
        self.set_annotations(doc, kb, found)
        doc._.rashomon_places = places
        return doc

    def _place_spans(self, doc: Doc) -> list[Span]:
        """Capitalised gazetteer names, longest first."""
        return filter_spans([Span(doc, start, end, label=match_id) for match_id, start, end in self.tables.places(doc)
                             if doc[start].text[:1].isupper()])

    def _places(self, kb: KnowledgeBase, spans: list[Span], found: list[Found]) -> list[dict]:
        """The places outside actor mentions."""
        taken = {i for f in found for i in range(f.start, f.end)}
        places = []
        for span in spans:
            if taken.intersection(range(span.start, span.end)):
                continue
            place = kb.places[span.label_]
            places.append({"start": span.start, "end": span.end, "name": place.name, "kind": place.kind,
                           "country": place.country, "disputed": place.disputed})
        return places

    def _kb_matches(self, doc: Doc, kb: KnowledgeBase, places: list[Span]) -> list[Found]:
        """Names, aliases, demonyms and metonyms; a name inside a longer place name is part of
        the place ("Northern Ireland", "Bandar Abbas", "East Azerbaijan province")."""
        spans = []
        for match_id, start, end in self.tables.names(doc):
            span = doc[start:end]
            if any(_inside(span, p) and len(p) > len(span) for p in places):
                continue
            if _capitalised_like(span, kb.lookup(match_id)):
                spans.append(Span(doc, start, end, label=match_id))
        people = [e for e in doc.ents if e.label_ == "PERSON" and _clean_person(e, kb) is not None]
        kept = filter_spans(spans + [p for p in people if any(_inside(s, p) and s != p for s in spans)
                                     and not any(_inside(p, s) for s in spans)])
        found = []
        for span in kept:
            if span.label_ not in self.tables.forms:
                continue  # a PERSON entity that swallowed a KB form ("Jordan Peterson")
            found.extend(self._from_form(doc, kb, span))
        return found

    def _from_form(self, doc: Doc, kb: KnowledgeBase, span: Span) -> list[Found]:
        candidates = kb.lookup(span.label_)
        if not candidates:
            return []
        entity, how = _prefer(candidates)
        state_sector = _generic_organ(span, entity, kb)
        if state_sector is not None:
            return [Found(span.start, span.end, state_sector[0], "adjective", state_sector[1])]
        sector = entity.sector if entity.kind != "state" else None
        if how in {"adjective", "plural", "name", "alias"} and entity.kind == "state":
            sector = _sector_after(span, kb) or ("CVL" if how == "plural" else None)
        if how == "metonym":
            sector = "GOV"
        return [Found(span.start, span.end, entity.id, how, sector)]

    # ---- titles -----------------------------------------------------------------------------
    def _titles(self, doc: Doc, kb: KnowledgeBase, day: dt.date | None, found: list[Found]) -> list[Found]:
        taken = {i for f in found for i in range(f.start, f.end)}
        by_start = {f.start: f for f in found}
        by_end = {f.end: f for f in found}
        result = list(found)
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.tables.titles(doc)])
        for span in spans:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            office = span.label_.split(":", 1)[1]
            holder_of = self._title_owner(doc, span, by_end)
            if office == "@leader":
                state = kb.state(holder_of)
                office = (state.leader_office if state else "leader" if holder_of else None) or ""
                if not office:
                    continue
            past = _past_marked(doc, span, kb, holder_of is not None)
            named = by_start.get(span.end)
            if named is None and span.end < len(doc) and doc[span.end].lower_ in kb.honorifics:
                named = by_start.get(span.end + 1)
            if named is not None:
                entity = kb.entities.get(named.actor)
                if entity is not None and entity.kind == "person":
                    named.office, named.office_of, named.past = office, holder_of, past
                    named.title_text = doc[span.start:span.end].text
                continue
            if past or day is None or _names_someone_else(doc, span):
                continue
            holder = _recent_holder(kb, found, span.start, office, holder_of) or \
                self._holder(kb, office, holder_of, day)
            if holder is not None:
                start = _title_start(doc, span, by_end)
                result.append(Found(start, span.end, holder.id, "title", kb.offices[office].sector,
                                    office, holder_of, doc[start:span.end].text))
                taken.update(range(start, span.end))
        return result

    def _title_owner(self, doc: Doc, span: Span, by_end: dict[int, Found]) -> str | None:
        kb = self._ready()
        before = by_end.get(span.start)
        if before is None and span.start > 0 and doc[span.start - 1].tag_ == "POS":
            before = by_end.get(span.start - 1)
        if before is not None:
            entity = kb.entities.get(before.actor)
            if entity and entity.kind in {"state", "organisation", "group"}:
                return entity.country if entity.kind == "state" else entity.id
        tail = doc[span.end:span.end + 4]
        if len(tail) >= 2 and tail[0].lower_ in {"of", "for"}:
            for f in by_end.values():
                if span.end < f.start <= span.end + 3:
                    entity = kb.entities.get(f.actor)
                    if entity and entity.kind != "person":
                        return entity.country if entity.kind == "state" else entity.id
        return None

    @staticmethod
    def _holder(kb: KnowledgeBase, office: str, of: str | None, day: dt.date) -> Entity | None:
        info = kb.offices.get(office)
        if info is None or not info.single:
            return None
        if of is not None:
            return kb.holder(office, of, day)
        owners = {key[1] for key, rows in kb.holders.items() if key[0] == office
                  and any(o.covers(day) for o, _ in rows)}
        return kb.holder(office, owners.pop(), day) if len(owners) == 1 else None

    # ---- people the KB does not know --------------------------------------------------------
    def _unknown_people(self, doc: Doc, kb: KnowledgeBase, found: list[Found], places: set[int]) -> list[Found]:
        taken = {i for f in found for i in range(f.start, f.end)} | places
        result = list(found)
        known_surnames: dict[str, str] = {}
        candidates = [e for e in doc.ents if e.label_ == "PERSON"] + _described_names(doc, kb)
        for ent in sorted(filter_spans(candidates), key=lambda e: e.start):
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            name = _clean_person(ent, kb)
            if name is None:
                continue
            tokens = name.split()
            if len(tokens) == 1 and tokens[0].lower() in known_surnames:
                actor = known_surnames[tokens[0].lower()]
            else:
                actor = PERSON_PREFIX + slug(name)
                known_surnames.setdefault(tokens[-1].lower(), actor)
            role = _role(ent, kb, result)
            result.append(Found(ent.start, ent.end, actor, "name", role[1], None, role[2], role[0]))
            taken.update(range(ent.start, ent.end))
        return result

    # ---- pronouns ---------------------------------------------------------------------------
    def _pronouns(self, doc: Doc, kb: KnowledgeBase, found: list[Found]) -> list[Found]:
        lowers = doc.to_array(LOWER)
        wanted = {self.vocab.strings[w] for w in (*PERSON_PRONOUNS, *STATE_PRONOUNS, *PLURAL_PRONOUNS)}
        positions = [i for i, value in enumerate(lowers.tolist()) if value in wanted]
        if not positions:
            return found
        regions = quote_regions(doc.text)
        sent_index = (doc.to_array(SENT_START) == 1).cumsum().tolist()
        anchors = sorted(found, key=lambda f: f.start)
        result = list(found)
        for position in positions:
            token = doc[position]
            lower = token.lower_
            quoted = inside_quotes(regions, token.idx, token.idx + len(token))
            if quoted and lower in {"his", "her", "he", "she", *PLURAL_PRONOUNS}:
                continue  # a pronoun inside a quote refers from the speaker's point of view
            if lower in PLURAL_PRONOUNS:
                group = self._plural_antecedent(doc, kb, token, anchors, sent_index, regions)
                result.extend(Found(token.i, token.i + 1, f.actor, "pronoun", f.sector) for f in group)
                continue
            antecedent = self._antecedent(doc, kb, token, anchors, sent_index, regions)
            if antecedent is not None:
                result.append(Found(token.i, token.i + 1, antecedent.actor, "pronoun", antecedent.sector))
        return result

    def _antecedent(self, doc: Doc, kb: KnowledgeBase, pronoun: Token, anchors: list[Found],
                    sent_index: list[int], regions: list) -> Found | None:
        want_person = pronoun.lower_ in PERSON_PRONOUNS
        gender = PERSON_PRONOUNS.get(pronoun.lower_)
        best: tuple[int, int] | None = None
        choice = None
        for f in anchors:
            if f.start >= pronoun.i or sent_index[pronoun.i] - sent_index[f.start] > PRONOUN_WINDOW:
                continue
            entity = kb.entities.get(f.actor)
            is_person = f.actor.startswith(PERSON_PREFIX)
            if is_person != want_person:
                continue
            if not want_person and (entity is None or f.how in {"adjective", "plural"}):
                continue
            if gender and entity is not None and entity.gender and entity.gender != gender:
                continue
            token = doc[f.start]
            if inside_quotes(regions, token.idx, token.idx + 1):
                continue
            head = doc[f.end - 1]
            salience = 1 if head.dep_ in {"nsubj", "nsubjpass", "poss"} or head.head.dep_ == "nsubj" else 0
            rank = (salience if sent_index[f.start] < sent_index[pronoun.i] else 1, f.start)
            if best is None or rank > best:
                best, choice = rank, f
        return choice

    def _plural_antecedent(self, doc: Doc, kb: KnowledgeBase, pronoun: Token, anchors: list[Found],
                           sent_index: list[int], regions: tuple[QuoteRegion, ...]) -> list[Found]:
        """The best plural noun phrase in the same or the previous sentence (a subject preferred in
        the previous one, else the nearest): coordinated actors, or an actor naming several. When
        the best is no actor ("small countries ... their fortunes"), the pronoun stays unresolved."""
        by_head = {f.end - 1: f for f in anchors if f.how != "pronoun"}
        first = _previous_sentence_start(pronoun)
        best: tuple[int, int] | None = None
        choice: list[Found] = []
        for token in doc[first:pronoun.i]:
            if token.tag_ not in PLURAL_TAGS and token.i not in by_head:
                continue
            if inside_quotes(regions, token.idx, token.idx + 1):
                continue
            found = by_head.get(token.i) or _modifying_mention(token, by_head)
            group = _plural_group(doc, kb, found, by_head) if found is not None else []
            if not group and (token.tag_ not in PLURAL_TAGS or token.dep_ in {"compound", "amod", "poss"}):
                continue
            phrase = token.head if token.dep_ in {"compound", "amod", "poss"} else token
            salience = 1 if phrase.dep_ in {"nsubj", "nsubjpass"} else 0
            rank = (salience if sent_index[token.i] < sent_index[pronoun.i] else 1, token.i)
            if best is None or rank > best:
                best, choice = rank, group
        return choice

    def _descriptions(self, doc: Doc, kb: KnowledgeBase, found: list[Found], places: list[dict]
                      ) -> tuple[list[Found], list[dict]]:
        """Bare definite descriptions, resolved within the same or the previous sentence: 'the
        country' to the nearest earlier state, 'the city' to the nearest earlier place or capital,
        'the council' to the nearest organisation whose name ends so ("Ghani fled the country",
        "Kyiv ... struck the city", "the UN Security Council ... called on the council")."""
        taken = {i for f in found for i in range(f.start, f.end)}
        named = sorted((f for f in found if f.how != "pronoun"), key=lambda f: f.start)
        result, more = list(found), []
        for token in doc:
            lower = token.lower_
            if token.i in taken or lower not in self.tables.description_words or not _bare_definite(token):
                continue
            first = _previous_sentence_start(token)
            earlier = [f for f in reversed(named) if first <= f.start < token.i
                       and not (f.start >= token.sent.start and _in_subject(doc[f.end - 1]))]
            if lower in kb.place_descriptions:
                place = _nearest_place(doc, places, earlier, first, token)
                if place is not None:
                    more.append({**place, "start": token.i, "end": token.i + 1, "kind": lower})
                continue
            actor = self._described(kb, lower, earlier)
            if actor is not None:
                result.append(Found(token.i, token.i + 1, actor.actor, "description", actor.sector))
        return result, sorted(places + more, key=lambda p: p["start"])

    def _described(self, kb: KnowledgeBase, word: str, earlier: list[Found]) -> Found | None:
        if word in kb.state_descriptions:
            return next((f for f in earlier if getattr(kb.entities.get(f.actor), "kind", None) == "state"), None)
        return next((f for f in earlier if f.actor in self.tables.organisation_heads.get(word, ())), None)

    # ---- output -----------------------------------------------------------------------------
    def set_annotations(self, doc: Doc, kb: KnowledgeBase, found: list[Found]) -> None:
        found.sort(key=lambda f: (f.start, f.end))
        mentions, actors = [], {}
        for f in found:
            entity = kb.entities.get(f.actor)
            mentions.append({"start": f.start, "end": f.end, "actor": f.actor, "how": f.how,
                             "sector": f.sector, "office": f.office, "office_of": f.office_of,
                             "title": f.title_text, "past": f.past})
            if f.actor not in actors:
                actors[f.actor] = _actor_record(entity, f, doc)
            elif f.title_text and not actors[f.actor]["title"] and entity is None:
                actors[f.actor]["title"] = f.title_text
        doc._.rashomon_mentions = mentions
        doc._.rashomon_actors = actors
        doc.spans[SPAN_GROUP] = [Span(doc, m["start"], m["end"], label=m["how"], kb_id=m["actor"])
                                 for m in mentions]


def known_actor_record(entity: Entity) -> dict:
    """The per-document record of a knowledge-base actor (`doc._.rashomon_actors` values)."""
    return {"name": entity.name, "kind": entity.kind, "country": entity.country,
            "sector": entity.sector, "wikidata": entity.wikidata, "title": None, "known": True,
            "gender": entity.gender}


def _actor_record(entity: Entity | None, f: Found, doc: Doc) -> dict:
    if entity is not None:
        return known_actor_record(entity)
    name = doc[f.start:f.end].text
    return {"name": name, "kind": "person", "country": f.office_of, "sector": f.sector,
            "wikidata": None, "title": f.title_text, "known": False, "gender": None}


def _recent_holder(kb: KnowledgeBase, found: list[Found], before: int, office: str,
                   of: str | None) -> Entity | None:
    """A title without a name that follows a named person who held that office at some time
    ('Assad ... the embattled Syrian president') means that person, not today's holder."""
    for f in sorted(found, key=lambda m: -m.start):
        if f.start >= before or before - f.start > DESCRIPTION_WINDOW:
            continue
        entity = kb.entities.get(f.actor)
        if entity is not None and entity.kind == "person" and any(
                o.office == office and (of is None or o.holder_of == of) for o in entity.offices):
            return entity
    return None


def _previous_sentence_start(token: Token) -> int:
    """Where the sentence before the token's begins (its own, in the first sentence)."""
    start = token.sent.start
    return token.doc[start - 1].sent.start if start > 0 else start


def _in_subject(token: Token) -> bool:
    """The token is, or modifies, a subject: 'Beijing' in "Beijing imposed sanctions on the country"
    and in "Beijing's foreign ministry said"."""
    while token.dep_ in {"poss", "compound", "amod"} and token.head.i != token.i:
        token = token.head
    return token.dep_ in {"nsubj", "nsubjpass"}


def _nearest_place(doc: Doc, places: list[dict], earlier: list[Found], first: int, token: Token) -> dict | None:
    """The last place or capital named before the token, from `first` on."""
    found = [(p["start"], p) for p in places if first <= p["start"] < token.i]
    found += [(f.start, {"name": doc[f.start:f.end].text, "country": f.actor, "disputed": False})
              for f in earlier if f.how == "metonym"]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _bare_definite(noun: Token) -> bool:
    """'the country' with nothing else to say which: no adjective, compound, possessor or 'of'."""
    if noun.pos_ != "NOUN" or noun.dep_ == "compound":
        return False
    children = list(noun.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
        return False
    return not any(c.dep_ in {"amod", "compound", "poss", "nummod", "acl", "relcl"}
                   or (c.dep_ == "appos" and c.pos_ == "PROPN")  # "the capital, Kyiv" names its own
                   or (c.dep_ == "prep" and c.lower_ == "of") for c in children)


def _modifying_mention(noun: Token, by_head: dict[int, Found]) -> Found | None:
    """An actor mention that modifies a plural noun: 'UN' in "UN officials"."""
    return next((by_head[c.i] for c in noun.children if c.dep_ in {"compound", "amod", "poss"} and c.i in by_head),
                None)


def _plural_group(doc: Doc, kb: KnowledgeBase, f: Found, by_head: dict[int, Found]) -> list[Found]:
    """The mentions a plural pronoun can take from this one: its coordination ("Sweden and
    Finland", from the first conjunct), or the mention itself when it names several ("Iranians",
    "the Houthis", "Russian troops") or modifies a plural head ("UN officials"). A state's own name
    is never 'they' ("the United States")."""
    head = doc[f.end - 1]
    if head.dep_ != "conj" and head.conjuncts:
        members = [f, *(by_head[c.i] for c in head.conjuncts if c.i in by_head)]
        if len(members) > 1:
            return members
    entity = kb.entities.get(f.actor)
    if entity is not None and entity.kind == "state" and f.how in {"name", "alias", "metonym"}:
        return []
    if f.how == "plural" or (head.tag_ == "NNPS" and entity is not None and entity.kind != "state"):
        return [f]  # "Iranians", "the Houthis"
    if head.dep_ in {"compound", "amod", "poss"}:
        head = head.head
    return [f] if head.tag_ in PLURAL_TAGS and _names_people(head, kb) else []  # "Russian troops", not "Houthi targets"


def _names_people(noun: Token, kb: KnowledgeBase) -> bool:
    words = {noun.lower_, noun.lemma_.lower()}
    return bool(words & kb.sector_nouns.keys()) or bool(words & kb.role_words.keys())


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _capitalised_like(span: Span, candidates: list[tuple[Entity, str]]) -> bool:
    """A KB form matches only if the text capitalises it as a name: 'Chad' not 'chad',
    'Jordan' the state not 'jordan'; lower-case forms such as 'the Kremlin' keep their case."""
    first = span[0]
    if first.is_title or first.is_upper:
        return True
    return first.text[:1].isupper() or (first.is_punct and len(span) > 1 and span[1].text[:1].isupper())


def _prefer(candidates: list[tuple[Entity, str]]) -> tuple[Entity, str]:
    """One form may name several entities; a name beats an alias beats a demonym or metonym,
    a state beats an organisation, and a person is never picked from a bare shared surname."""
    order = {"name": 0, "alias": 1, "adjective": 2, "plural": 2, "metonym": 3}
    kind_order = {"state": 0, "organisation": 1, "group": 1, "person": 2}
    return sorted(candidates, key=lambda c: (order.get(c[1], 9), kind_order.get(c[0].kind, 9)))[0]


def _generic_organ(span: Span, entity: Entity, kb: KnowledgeBase) -> tuple[str, str] | None:
    """'Russian military', 'Israeli officials': a demonym and a sector noun name the state in that
    sector (PLOVER codes RUSMIL), not a specific organ, even where the KB lists the phrase."""
    if entity.kind == "state" or not entity.country or len(span) < 2:
        return None
    head, rest = span[:-1].text, span[-1].lower_
    state = kb.state(entity.country)
    if state is None or rest not in kb.sector_nouns:
        return None
    if any(surface_key(head) == surface_key(form) for form in [*state.adjectives, state.name, *state.aliases]):
        return state.id, kb.sector_nouns[rest]
    return None


def _sector_after(span: Span, kb: KnowledgeBase) -> str | None:
    doc = span.doc
    for width in (2, 1):
        if span.end + width <= len(doc):
            words = doc[span.end:span.end + width].text.lower()
            if words in kb.sector_nouns:
                return kb.sector_nouns[words]
    return None


def _past_marked(doc: Doc, span: Span, kb: KnowledgeBase, owned: bool) -> bool:
    start = span.start - (2 if owned else 0)
    window = doc[max(0, start - 3):span.start]
    return any(t.lower_.rstrip("-") in kb.past_markers or t.lower_ in kb.past_markers for t in window)


def _names_someone_else(doc: Doc, span: Span) -> bool:
    """'Grand Ayatollah Sistani', 'an ayatollah': a title before a name the KB does not know, or
    after an indefinite article, is not the office-holder."""
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.pos_ == "PROPN") or (before is not None and before.lower_ in {"a", "an"})


def _title_start(doc: Doc, span: Span, by_end: dict[int, Found]) -> int:
    before = by_end.get(span.start)
    if before is None and span.start > 0 and doc[span.start - 1].tag_ == "POS":
        before = by_end.get(span.start - 1)
    start = before.start if before is not None else span.start
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return start


def _clean_person(ent: Span, kb: KnowledgeBase) -> str | None:
    if any(t.text in {",", ";", "&"} or t.lower_ in {"and", "or"} for t in ent):
        return None  # a list of names, not one person
    words = [t for t in ent if not t.is_punct and t.lower_ not in kb.honorifics]
    if not words or any(not t.text[:1].isupper() for t in words) or any(t.like_num for t in words):
        return None
    if all(t.pos_ not in {"PROPN"} for t in words):
        return None
    text = " ".join(t.text for t in words)
    return text.removesuffix("'s").removesuffix("\u2019s") or None


def _described_names(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """Proper names in apposition to a role ('the Deputy Chairman of the Defense Committee,
    Zhuravlev'): people, whatever label the statistical NER gave them."""
    found = []
    marks = doc.to_array([DEP, POS]).tolist()
    appos, propn = doc.vocab.strings["appos"], doc.vocab.strings["PROPN"]
    for i in (i for i, (dep, pos) in enumerate(marks) if dep == appos and pos == propn):
        token = doc[i]
        if not token.text[:1].isupper():
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and doc[start - 1].head.i == token.i:
            start -= 1
        if _role_head(token.head, kb) is not None:
            found.append(Span(doc, start, token.i + 1, label="PERSON"))
    return found


def _role_head(token: Token, kb: KnowledgeBase) -> Token | None:
    """The role noun a name is in apposition to, up through 'of the ...' phrases."""
    for _ in range(4):
        if token.lower_ in kb.role_words:
            return token
        if token.dep_ not in {"pobj", "prep", "compound"}:
            return None
        token = token.head
    return None


def _role(ent: Span, kb: KnowledgeBase, found: Iterable[Found]) -> tuple[str | None, str | None, str | None]:
    """(title words, sector, country) from an apposition: 'Iran's ambassador to Russia, Jalali'."""
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        description = _role_head(root.head, kb) or root.head
    else:
        description = next((c for c in root.children if c.dep_ == "appos"), None)
    if description is None:
        return None, None, None
    words = list(description.subtree)
    if any(ent.start <= t.i < ent.end for t in words):
        words = [t for t in words if t.i < ent.start] or [description]
    role_sector = None
    for token in words:
        if token.lower_ in kb.role_words:
            role_sector = kb.role_words[token.lower_]
            if token.i == description.i:
                break
    if role_sector is None and description.lower_ not in kb.role_words:
        return None, None, None
    first, last = words[0].i, words[-1].i + 1
    for token in ent.doc[first:ent.start]:
        if "\n" in token.text_with_ws:
            first = token.i + 1  # a heading line above is not part of the description
    country, org_sector = None, None
    for f in found:
        if first <= f.start and f.end <= last:
            entity = kb.entities.get(f.actor)
            if entity is None or entity.kind == "person":
                continue
            if org_sector is None and entity.kind != "state":
                org_sector = entity.sector
            if country is None:
                country = entity.country
    title = " ".join(ent.doc[first:last].text.split()).strip(" ,")
    if title.lower().startswith("the "):
        title = title[4:]
    return title, org_sector or role_sector, country
