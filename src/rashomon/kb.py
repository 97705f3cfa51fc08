"""The time-aware knowledge base: states, organisations and people with dated offices.

Loaded from `data/kb/` (states.yaml, organisations.yaml, people/*.yaml, offices.yaml,
agents.yaml, places.yaml), then a user overlay. Resolution asks it four things: which entities a surface form
may name, who held an office on a date, whether a person held an office on a date, and which state
a place lies in (places are never actors; events use them to find who was struck or visited).
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data_files import data_files, data_path, line_of, read_yaml, require
from .errors import KnowledgeBaseError

PERSON_PREFIX = "person:"
GENDERS = ("male", "female")
GENERIC_PREFIX = "generic:"
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def surface_key(text: str) -> str:
    """Case-, accent- and leading-'the'-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = LEADING_THE.sub("", text.strip()).lower()
    text = text.replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", surface_key(name)).strip("-")


def _date(value: Any, source: str, line: int | None) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise KnowledgeBaseError(f"invalid date '{value}'", source, line) from None


@dataclass(slots=True)
class Office:
    office: str
    country: str | None
    org: str | None
    start: dt.date | None
    end: dt.date | None
    to: str | None = None
    acting: bool = False

    @property
    def holder_of(self) -> str | None:
        return self.country or self.org

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def span(self) -> str:
        return f"{self.start or '?'} to {self.end or 'present'}"


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: str  # person | state | organisation | group
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    plurals: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    gender: str | None = None
    born: dt.date | None = None
    died: dt.date | None = None
    offices: list[Office] = field(default_factory=list)
    leader_office: str | None = None
    head_of_state: str | None = None
    head_of_government: str | None = None
    source: str = ""
    line: int | None = None

    def offices_on(self, day: dt.date) -> list[Office]:
        return [o for o in self.offices if o.covers(day)]


@dataclass(frozen=True, slots=True)
class Place:
    """A city, region or site, for the state it lies in. `disputed` places (occupied or contested
    territory) name no state: whose territory was hit is exactly what sources disagree on."""

    name: str
    country: str
    kind: str
    aliases: tuple[str, ...] = ()
    disputed: bool = False
    source: str = ""
    line: int | None = None


PLACE_KINDS = frozenset({"city", "region", "site", "base", "port", "crossing", "island"})


@dataclass(frozen=True, slots=True)
class Agents:
    """The lexicon of generic actors (agents.yaml): actors no entry names, by PLOVER sector."""

    nouns: dict[str, str] = field(default_factory=dict)  # head noun -> sector ("police" COP)
    organisation_words: dict[str, str] = field(default_factory=dict)  # "department" GOV, "court" JUD
    organisation_labels: frozenset[str] = frozenset()  # named-entity labels of an organisation's name
    anaphoric_sectors: frozenset[str] = frozenset()  # "the government" refers back to a state
    recipients: dict[str, str] = field(default_factory=dict)  # heads of a generic actor acted on
    led_by: frozenset[str] = frozenset()  # "rebels led by HTS": the participle naming whose they are
    loyal_to: frozenset[str] = frozenset()  # "forces loyal to Hifter": the adjective naming it
    instruments: frozenset[str] = frozenset()  # "Russian drones": machines stand for the state using them

    def owner(self, head: Any) -> Any:
        """The phrase naming whose a group is ("led by HTS", "loyal to Hifter"), or None. `head`
        and the result are spaCy tokens (the knowledge base does not import spaCy)."""
        for child in head.children:
            if child.dep_ == "acl" and child.lemma_.lower() in self.led_by:
                found = [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            elif child.dep_ == "amod" and child.lemma_.lower() in self.loyal_to:
                found = [g for p in child.children if p.dep_ == "prep" and p.lower_ == "to"
                         for g in p.children if g.dep_ == "pobj"]
            else:
                continue
            if found:
                return found[0]
        return None

    def organisation_sector(self, words: list[str]) -> str | None:
        """The sector an unknown organisation's name says, read from its last telling word
        ("Department of Energy" GOV, "Istanbul Bar Association" none)."""
        lowered = [w.lower() for w in words]
        for width in (2, 1):
            for i in range(len(lowered) - width, -1, -1):
                sector = self.organisation_words.get(" ".join(lowered[i:i + width]))
                if sector is not None:
                    return sector
        return None


@dataclass(slots=True)
class OfficeInfo:
    key: str
    titles: list[str]
    single: bool
    sector: str | None
    bare: bool = False


class KnowledgeBase:
    """Entities by id, surface forms to ids, and office holders by (office, country/org)."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.offices: dict[str, OfficeInfo] = {}
        self.office_titles: dict[str, str] = {}
        self.leader_words: list[str] = []
        self.role_words: dict[str, str | None] = {}
        self.past_markers: set[str] = set()
        self.honorifics: set[str] = set()
        self.head_offices: set[str] = set()
        self.administration_words: list[str] = []
        self.state_descriptions: frozenset[str] = frozenset()
        self.place_descriptions: frozenset[str] = frozenset()
        self.organisation_descriptions: frozenset[str] = frozenset()
        self.sector_nouns: dict[str, str] = {}
        self.agents = Agents()
        self.holders: dict[tuple[str, str], list[tuple[Office, str]]] = defaultdict(list)
        self.places: dict[str, Place] = {}
        # For people the base does not know: the gender of a given name ('loretta'), and of a
        # word just before a name ('mr.', 'congresswoman').
        self.given_name_genders: dict[str, str] = {}
        self.title_genders: dict[str, str] = {}

    def copy(self) -> KnowledgeBase:
        """A deep copy (a pickle round trip: four times faster than `copy.deepcopy` here)."""
        copied: KnowledgeBase = pickle.loads(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return copied

    # ---- loading -------------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        previous = self.entities.get(entity.id)
        if previous is not None:
            self._drop_forms(previous)
        self.entities[entity.id] = entity
        self._index(entity)

    def _drop_forms(self, entity: Entity) -> None:
        for form, rows in list(self.forms.items()):
            self.forms[form] = [r for r in rows if r[0] != entity.id]
        for office, terms in list(self.holders.items()):
            self.holders[office] = [t for t in terms if t[1] != entity.id]

    def _index(self, entity: Entity) -> None:
        kinds = (("name", [entity.name]), ("alias", entity.aliases), ("adjective", entity.adjectives),
                 ("plural", entity.plurals), ("metonym", entity.metonyms))
        for how, names in kinds:
            for name in names:
                key = surface_key(str(name))
                if key and (entity.id, how) not in self.forms[key]:
                    self.forms[key].append((entity.id, how))
        for office in entity.offices:
            if office.holder_of:
                self.holders[(office.office, office.holder_of)].append((office, entity.id))

    def lookup(self, text: str) -> list[tuple[Entity, str]]:
        """Entities a surface form may name, with how it names them (name, alias, adjective...)."""
        return [(self.entities[i], how) for i, how in self.forms.get(surface_key(text), [])]

    def holder(self, office: str, of: str, day: dt.date) -> Entity | None:
        """The holder of a single-holder office on a day (non-acting preferred)."""
        found = [(o, i) for o, i in self.holders.get((office, of), []) if o.covers(day)]
        found.sort(key=lambda pair: pair[0].acting)
        return self.entities[found[0][1]] if found else None

    def terms(self, person: Entity, office: str, of: str) -> list[Office]:
        return [o for o in person.offices if o.office == office and o.holder_of == of]

    def state(self, code: str | None) -> Entity | None:
        entity = self.entities.get(code or "")
        return entity if entity and entity.kind == "state" else None

    def add_place(self, place: Place) -> None:
        for form in (place.name, *place.aliases):
            key = surface_key(form)
            other = self.places.get(key)
            if other is not None and other.name != place.name:
                raise KnowledgeBaseError(f"place name '{form}' already used for {other.name} "
                                         f"({other.source}:{other.line})", place.source, place.line)
            self.places[key] = place

    def place(self, text: str) -> Place | None:
        return self.places.get(surface_key(text))

    def find(self, name: str) -> Entity | None:
        """An entity by id, exact name or unambiguous alias (for `kb show`)."""
        if name in self.entities:
            return self.entities[name]
        rows = {i for i, _ in self.forms.get(surface_key(name), [])}
        if len(rows) == 1:
            return self.entities[rows.pop()]
        return None


# ---- record parsing ---------------------------------------------------------------------------
def _strings(record: dict, *keys: str) -> list[str]:
    """The string values under the keys, in order, without repeats."""
    values: list[str] = []
    for key in keys:
        value = record.get(key) or []
        values.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return list(dict.fromkeys(values))


def state_from(record: dict, source: str) -> Entity:
    require(record, ("id", "name"), source)
    return Entity(
        id=str(record["id"]), name=str(record["name"]), kind="state", country=str(record["id"]),
        sector="GOV", wikidata=record.get("wikidata"),
        aliases=_strings(record, "aliases", "official_name"),
        adjectives=_strings(record, "adjectives"), plurals=_strings(record, "plurals"),
        metonyms=_strings(record, "metonyms", "capital"),
        leader_office=record.get("leader_office"), head_of_state=record.get("head_of_state"),
        head_of_government=record.get("head_of_government"), source=source, line=line_of(record))


ORG_KINDS = {"igo", "state_organ", "armed_group", "party", "ngo", "company", "media"}


def organisation_from(record: dict, source: str) -> Entity:
    require(record, ("id", "name", "kind"), source)
    if record["kind"] not in ORG_KINDS:
        raise KnowledgeBaseError(f"unknown kind '{record['kind']}'", source, line_of(record))
    kind = "group" if record["kind"] == "armed_group" else "organisation"
    return Entity(
        id=str(record["id"]), name=str(record["name"]), kind=kind, country=record.get("country"),
        sector=record.get("sector"), wikidata=record.get("wikidata"), aliases=_strings(record, "aliases"),
        source=source, line=line_of(record))


def person_from(record: dict, source: str) -> Entity:
    require(record, ("name",), source)
    line = line_of(record)
    offices = []
    for raw in record.get("offices") or []:
        if not isinstance(raw, dict) or not raw.get("office"):
            raise KnowledgeBaseError("office entry lacks 'office'", source, line)
        offices.append(Office(
            office=str(raw["office"]), country=raw.get("country"), org=raw.get("org"),
            start=_date(raw.get("start"), source, line), end=_date(raw.get("end"), source, line),
            to=raw.get("to"), acting=bool(raw.get("acting", False))))
    countries = {o.country for o in offices if o.country}
    return Entity(
        id=PERSON_PREFIX + slug(str(record["name"])), name=str(record["name"]), kind="person",
        country=sorted(countries)[0] if len(countries) == 1 else None,
        wikidata=record.get("wikidata"), aliases=_strings(record, "aliases"),
        gender=record.get("gender"), born=_date(record.get("born"), source, line),
        died=_date(record.get("died"), source, line), offices=offices, source=source, line=line)


def place_from(record: dict, source: str) -> Place:
    line = line_of(record)
    require(record, ("name", "country", "kind"), source)
    kind = str(record["kind"])
    if kind not in PLACE_KINDS:
        raise KnowledgeBaseError(f"unknown place kind '{kind}' (one of {', '.join(sorted(PLACE_KINDS))})",
                                 source, line)
    return Place(str(record["name"]), str(record["country"]), kind, tuple(_strings(record, "aliases")),
                 bool(record.get("disputed", False)), source, line)


def _records(path: Path) -> list[dict]:
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise KnowledgeBaseError("expected a list of mappings", str(path))
    return data


def load_offices(kb: KnowledgeBase, path: Path) -> None:
    data = read_yaml(path)
    for key, info in data["offices"].items():
        kb.offices[key] = OfficeInfo(key, [str(t) for t in info["titles"]], bool(info["single"]),
                                     info.get("sector"), bool(info.get("bare", False)))
        for title in info["titles"]:
            kb.office_titles[surface_key(str(title))] = key
    kb.leader_words = list(data["leader_words"])
    kb.role_words = dict(data["role_words"])
    kb.past_markers = {str(m).lower() for m in data["past_markers"]}
    kb.honorifics = {str(h).lower() for h in data["honorifics"]}
    kb.head_offices = {str(o) for o in data["head_offices"]}
    kb.administration_words = list(data["administration_words"])
    kb.state_descriptions = frozenset(str(w).lower() for w in data["state_descriptions"])
    kb.place_descriptions = frozenset(str(w).lower() for w in data["place_descriptions"])
    kb.organisation_descriptions = frozenset(str(w).lower() for w in data["organisation_descriptions"])
    for sector, nouns in data["sector_nouns"].items():
        kb.sector_nouns.update({str(n).lower(): sector for n in nouns})


def load_genders(kb: KnowledgeBase, path: Path) -> None:
    """given_names.yaml: given names and titles by the gender they nearly always mean."""
    data = read_yaml(path)
    for key, table in (("given_names", kb.given_name_genders), ("titles", kb.title_genders)):
        for gender in GENDERS:
            for word in data[key][gender]:
                if table.setdefault(str(word).lower(), gender) != gender:
                    raise KnowledgeBaseError(f"{key}: {word!r} is listed as more than one gender", str(path))


def load_agents(kb: KnowledgeBase, path: Path) -> None:
    """The generic actors' lexicon (agents.yaml): head nouns and organisation words by sector. The
    sector nouns of offices.yaml are heads too, but for the vague sectors; the `recipients` of
    agents.yaml are further heads of who is acted on."""
    data = read_yaml(path)
    vague = frozenset(str(s) for s in data["vague_sectors"])
    nouns = {noun: sector for noun, sector in kb.sector_nouns.items() if sector not in vague}
    nouns.update(_by_sector(data["nouns"]))
    nouns = {**{_singular(noun): sector for noun, sector in nouns.items()}, **nouns}
    recipients = {**nouns, **_by_sector(data["recipients"])}
    kb.agents = Agents(nouns, _by_sector(data["organisation_words"]),
                       frozenset(str(label) for label in data["organisation_labels"]),
                       frozenset(str(s) for s in data["anaphoric_sectors"]), recipients,
                       frozenset(str(w) for w in data["led_by"]), frozenset(str(w) for w in data["loyal_to"]),
                       frozenset(str(w) for w in data.get("instruments") or ()))


def _singular(noun: str) -> str:
    """'a Saudi dissident', 'an inspector': the lexicon lists heads as groups act, in the plural."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 4:
        return noun[:-1]
    return noun


def _by_sector(table: dict) -> dict[str, str]:
    return {str(word).lower(): str(sector) for sector, words in table.items() for word in words}


def merge_overlay(kb: KnowledgeBase, path: Path) -> None:
    """A user file with optional `states`, `organisations`, `people` and `places` lists; records
    replace those with the same id (people: the same name; places: the same name or alias)."""
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise KnowledgeBaseError("overlay must be a mapping with states/organisations/people/places", str(path))
    for key, build in (("states", state_from), ("organisations", organisation_from), ("people", person_from)):
        for record in data.get(key) or []:
            kb.add(build(record, str(path)))
    for record in data.get("places") or []:
        place = place_from(record, str(path))
        replaced = {kb.places[k].name for k in map(surface_key, (place.name, *place.aliases)) if k in kb.places}
        for key in [k for k, old in kb.places.items() if old.name in replaced]:
            del kb.places[key]
        kb.add_place(place)


def _add_new(kb: KnowledgeBase, entity: Entity) -> None:
    """Packaged records never replace each other. A person may appear in two regional files (a
    foreign minister who became UN secretary-general): the records merge when their facts agree;
    any other repeated id is a data error."""
    first = kb.entities.get(entity.id)
    if first is None:
        kb.add(entity)
        return
    agree = first.kind == entity.kind == "person" and all(
        getattr(first, f) is None or getattr(entity, f) is None or getattr(first, f) == getattr(entity, f)
        for f in ("born", "died", "gender", "wikidata"))
    if not agree:
        raise KnowledgeBaseError(f"id '{entity.id}' already used at {_where(first)}", entity.source, entity.line)
    for f in ("born", "died", "gender", "wikidata"):
        if getattr(first, f) is None:
            setattr(first, f, getattr(entity, f))
    first.aliases = list(dict.fromkeys(first.aliases + entity.aliases))
    first.offices = first.offices + [o for o in entity.offices if o not in first.offices]
    countries = {o.country for o in first.offices if o.country}
    first.country = countries.pop() if len(countries) == 1 else None
    kb.add(first)


def load_kb(overlay: Path | None = None, packaged: KnowledgeBase | None = None) -> KnowledgeBase:
    """The packaged knowledge base with `overlay` merged in. `packaged`, when given, is the
    packaged base already loaded: it is copied (never changed) instead of parsed again."""
    kb = packaged.copy() if packaged is not None else _packaged_kb()
    if overlay is not None:
        merge_overlay(kb, overlay)
    return kb


def _packaged_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    load_offices(kb, data_path("kb", "offices.yaml"))
    load_agents(kb, data_path("kb", "agents.yaml"))
    load_genders(kb, data_path("kb", "given_names.yaml"))
    for name, build in (("states.yaml", state_from), ("organisations.yaml", organisation_from)):
        for record in _records(data_path("kb", name)):
            _add_new(kb, build(record, str(data_path("kb", name))))
    for path in data_files("kb/people"):
        for record in _records(path):
            _add_new(kb, person_from(record, str(path)))
    places = data_path("kb", "places.yaml")
    for record in _records(places):
        kb.add_place(place_from(record, str(places)))
    return kb


# ---- validation -------------------------------------------------------------------------------
def validate(kb: KnowledgeBase) -> list[str]:
    """Problems in the data: overlapping holders of a single-holder office, and surface forms that
    map to two actors with nothing to decide between them. Dates are checked while loading."""
    return _overlaps(kb) + _ambiguous_forms(kb) + _place_problems(kb)


def _where(entity: Entity) -> str:
    return f"{entity.source}:{entity.line}" if entity.line else entity.source


def _overlaps(kb: KnowledgeBase) -> list[str]:
    problems = []
    for (office, of), rows in kb.holders.items():
        info = kb.offices.get(office)
        if info is None:
            first = kb.entities[rows[0][1]]
            problems.append(f"{_where(first)}: unknown office '{office}'")
            continue
        if not info.single:
            continue
        terms = sorted(((o, i) for o, i in rows if not o.acting), key=lambda r: r[0].start or dt.date.min)
        for (a, ia), (b, ib) in itertools.combinations(terms, 2):
            overlapping = b.start is not None and b.start < (a.end or dt.date.max) \
                and (a.start or dt.date.min) < (b.end or dt.date.max)
            if ia != ib and overlapping:
                pa, pb = kb.entities[ia], kb.entities[ib]
                problems.append(f"{_where(pb)}: {office} of {of}: {pb.name} ({b.span()}) overlaps "
                                f"{pa.name} ({a.span()})")
    return problems


def _ambiguous_forms(kb: KnowledgeBase) -> list[str]:
    """Two entities behind one form are fine when `_prefer`-style ranking separates them."""
    rank = {"name": 0, "alias": 1, "adjective": 2, "plural": 2, "metonym": 3}
    kind_rank = {"state": 0, "organisation": 1, "group": 1, "person": 2}
    problems = []
    for form, rows in kb.forms.items():
        ids = {i for i, _ in rows}
        if len(ids) < 2:
            continue
        best: dict[tuple[int, int], set[str]] = defaultdict(set)
        for i, how in rows:
            best[(rank.get(how, 9), kind_rank.get(kb.entities[i].kind, 9))].add(i)
        top = best[min(best)]
        if len(top) > 1:
            names = ", ".join(sorted(f"{kb.entities[i].name} ({_where(kb.entities[i])})" for i in top))
            problems.append(f"'{form}' names several actors equally: {names}")
    return problems


def _place_problems(kb: KnowledgeBase) -> list[str]:
    """A place must lie in a known state, and must not share a form with an actor (the actor
    would win, and the place entry would be dead weight)."""
    problems = []
    for form, place in kb.places.items():
        where = f"{place.source}:{place.line}"
        if form == surface_key(place.name) and kb.state(place.country) is None:
            problems.append(f"{where}: place {place.name}: unknown state '{place.country}'")
        if kb.forms.get(form):
            names = ", ".join(sorted({kb.entities[i].name for i, _ in kb.forms[form]}))
            problems.append(f"{where}: place form '{form}' also names {names}")
    return problems
