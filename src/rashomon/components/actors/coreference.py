"""Coreference: pronouns (he/she/his/her, its) by salience over the preceding sentences;
they/them/their for a plural antecedent in the same or the previous sentence ("Sweden and Finland",
"UN officials"); and bare definite descriptions ("the country", "the city", "the council")."""

from __future__ import annotations

from spacy.attrs import LOWER, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ...kb import PERSON_PREFIX, KnowledgeBase
from ...textspans import QuoteRegion, inside_quotes, quote_regions
from ..records import Mention, PlaceMention
from ..syntax import NOMINAL_SUBJECT_DEPS, climb
from .mentions import name_words
from .tables import ActorTables

PERSON_PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
                   "she": "female", "her": "female", "hers": "female", "herself": "female"}
STATE_PRONOUNS = {"its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
PLURAL_TAGS = {"NNS", "NNPS"}
# How many sentences back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3


def resolve_pronouns(doc: Doc, kb: KnowledgeBase, found: list[Mention], genders: dict[str, str]) -> list[Mention]:
    """Pronouns resolved to earlier mentions; `genders`: each person's, as `document_genders` reads them."""
    lowers = doc.to_array(LOWER)
    wanted = {get_string_id(w) for w in (*PERSON_PRONOUNS, *STATE_PRONOUNS, *PLURAL_PRONOUNS)}
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
            group = _plural_antecedent(doc, kb, token, anchors, sent_index, regions)
            result.extend(Mention(token.i, token.i + 1, f.actor, "pronoun", f.sector) for f in group)
            continue
        antecedent = _antecedent(doc, kb, token, anchors, sent_index, regions, genders)
        if antecedent is not None:
            result.append(Mention(token.i, token.i + 1, antecedent.actor, "pronoun", antecedent.sector))
    return result


def document_genders(doc: Doc, kb: KnowledgeBase, found: list[Mention]) -> dict[str, str]:
    """The gender of each person mentioned, where it is known: the knowledge base's, else what the
    document tells - a word just before a mention ('Mr. Roe', 'Congresswoman Doe') or the given
    name of a full name ('Loretta Doe'). Evidence of both genders tells nothing."""
    known = {f.actor: e.gender for f in found if (e := kb.entities.get(f.actor)) is not None and e.gender}
    seen: dict[str, set[str]] = {}
    for f in found:
        if not f.actor.startswith(PERSON_PREFIX) or f.actor in kb.entities or f.how != "name":
            continue
        span = doc[f.start:f.end]
        clues = {kb.title_genders.get(t.lower_) for t in span[:-1]}
        if f.start > 0:
            clues.add(kb.title_genders.get(doc[f.start - 1].lower_))
        names = name_words(span, kb.honorifics)
        if len(names) > 1:
            clues.add(kb.given_name_genders.get(names[0].lower_))
        seen.setdefault(f.actor, set()).update(clue for clue in clues if clue)
    return {**{actor: next(iter(clues)) for actor, clues in seen.items() if len(clues) == 1}, **known}


def _antecedent(doc: Doc, kb: KnowledgeBase, pronoun: Token, anchors: list[Mention],
                sent_index: list[int], regions: tuple[QuoteRegion, ...], genders: dict[str, str]) -> Mention | None:
    """The earlier mention, outside quotes and within PRONOUN_WINDOW sentences, that the pronoun can
    stand for (a person of its gender for he/she, where the gender is known: `genders`; a known
    state or organisation for its): the nearest in its own sentence or as a subject or possessor
    before it, else the nearest."""
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
        if gender and genders.get(f.actor, gender) != gender:
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


def _plural_antecedent(doc: Doc, kb: KnowledgeBase, pronoun: Token, anchors: list[Mention],
                       sent_index: list[int], regions: tuple[QuoteRegion, ...]) -> list[Mention]:
    """The best plural noun phrase in the same or the previous sentence (a subject preferred in
    the previous one, else the nearest): coordinated actors, or an actor naming several. When
    the best is no actor ("small countries ... their fortunes"), the pronoun stays unresolved."""
    by_head = {f.end - 1: f for f in anchors if f.how != "pronoun"}
    first = _previous_sentence_start(pronoun)
    best: tuple[int, int] | None = None
    choice: list[Mention] = []
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
        salience = 1 if phrase.dep_ in NOMINAL_SUBJECT_DEPS else 0
        rank = (salience if sent_index[token.i] < sent_index[pronoun.i] else 1, token.i)
        if best is None or rank > best:
            best, choice = rank, group
    return choice


def resolve_descriptions(doc: Doc, kb: KnowledgeBase, tables: ActorTables, found: list[Mention],
                         places: list[PlaceMention]) -> tuple[list[Mention], list[PlaceMention]]:
    """Bare definite descriptions, resolved within the same or the previous sentence: 'the
    country' to the nearest earlier state, 'the city' to the nearest earlier place or capital,
    'the council' to the nearest organisation whose name ends so ("Ghani fled the country",
    "Kyiv ... struck the city", "the UN Security Council ... called on the council")."""
    taken = {i for f in found for i in range(f.start, f.end)}
    named = sorted((f for f in found if f.how != "pronoun"), key=lambda f: f.start)
    result = list(found)
    more: list[PlaceMention] = []
    for token in doc:
        lower = token.lower_
        if token.i in taken or lower not in tables.description_words or not _bare_definite(token):
            continue
        first = _previous_sentence_start(token)
        earlier = [f for f in reversed(named) if first <= f.start < token.i
                   and not (f.start >= token.sent.start and _in_subject(doc[f.end - 1]))]
        if lower in kb.place_descriptions:
            place = _described_place(doc, places, earlier, first, token)
            if place is not None:
                more.append(place)
            continue
        actor = _described(kb, tables, lower, earlier)
        if actor is not None:
            result.append(Mention(token.i, token.i + 1, actor.actor, "description", actor.sector))
    return result, sorted(places + more, key=lambda p: p.start)


def _described(kb: KnowledgeBase, tables: ActorTables, word: str, earlier: list[Mention]) -> Mention | None:
    if word in kb.state_descriptions:
        return next((f for f in earlier if getattr(kb.entities.get(f.actor), "kind", None) == "state"), None)
    return next((f for f in earlier if f.actor in tables.organisation_heads.get(word, ())), None)


def _previous_sentence_start(token: Token) -> int:
    """Where the sentence before the token's begins (its own, in the first sentence)."""
    start = token.sent.start
    return token.doc[start - 1].sent.start if start > 0 else start


def _in_subject(token: Token) -> bool:
    """The token is, or modifies, a subject: 'Beijing' in "Beijing imposed sanctions on the country"
    and in "Beijing's foreign ministry said"."""
    return climb(token, lambda t: t.dep_ in {"poss", "compound", "amod"}).dep_ in NOMINAL_SUBJECT_DEPS


def _described_place(doc: Doc, places: list[PlaceMention], earlier: list[Mention], first: int, token: Token
                     ) -> PlaceMention | None:
    """What a description ('the city') names: the last place or capital named before it, from `first` on."""
    named = [(p.start, p.name, p.country, p.disputed) for p in places if first <= p.start < token.i]
    named += [(f.start, doc[f.start:f.end].text, f.actor, False) for f in earlier if f.how == "metonym"]
    if not named:
        return None
    _, name, country, disputed = max(named, key=lambda row: row[0])
    return PlaceMention(token.i, token.i + 1, name, token.lower_, country, disputed)


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


def _modifying_mention(noun: Token, by_head: dict[int, Mention]) -> Mention | None:
    """An actor mention that modifies a plural noun: 'UN' in "UN officials"."""
    return next((by_head[c.i] for c in noun.children if c.dep_ in {"compound", "amod", "poss"} and c.i in by_head),
                None)


def _plural_group(doc: Doc, kb: KnowledgeBase, f: Mention, by_head: dict[int, Mention]) -> list[Mention]:
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
