"""Target-dependent stance: how a source casts each actor it discusses, read from the parse.

Two readings are combined. The lexicon's: an evaluative word counts only toward the actor it is
grammatically about, not toward every actor in its sentence: an adjective toward the noun it
modifies or is predicated of ("a criminal regime", "Putin's response was cold"), an adverb toward
the doer of its verb ("Moscow coldly abandoned"), a verb toward its doer, a noun toward its
possessor or the actor it names ("Russia's aggression", "Putin, a dictator"). The object of a
harmful act ("the war against Ukraine", "Israel struck Iran") is cast as its victim, which draws
sympathy, not blame. Words come from our news lexicon (data/stance.yaml, with SemEval-2025
framing roles) and, for adjectives and adverbs it does not list, from VADER's lexicon.

And a learned model's (`stance_model`, trained on NewsMTSC): how each sentence that mentions the
actor treats it, one reading per sentence. Where the lexicon's reading is clear it decides; else
its cues and the model's sentence readings are pooled, and a score near zero is no stance.

Only the source's own voice counts: words inside quotation marks are someone else's (a
speaker's, or a scare-quoted label); a mention inside a reported statement is the speaker's view;
and a speaker is not judged by the words of their own statement. A negation on a lexicon word or
its verb reverses it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..kb import PERSON_PREFIX
from ..knowledge import packaged_knowledge
from ..textspans import quote_regions
from .extensions import doc_actors, doc_mentions, doc_quotes, guarded, register_extensions
from .records import StanceRecord
from .stance_model import StanceModel, Words, mention_features
from .syntax import NOUN_POS, RELATIVE_PRONOUNS, SUBJECT_DEPS, VERB_POS, climb

if TYPE_CHECKING:
    from ..knowledge import Knowledge

MIN_MENTIONS = 2  # an actor mentioned this often has a row even without a stance
# A score nearer zero than this is no stance. Set on real news (SEESAW train, 381 articles,
# ../shared/eval/real/stories_score.py): of 0.04-0.12, 0.06 gave the best sign agreement on both
# of its views with coverage above 0.5 (2026-12-04).
ABSTAIN = 0.06
# A lexicon reading this far from zero decides without the model's readings. On the seeds (crisis
# news) the victims' cues score 0.16-0.18 and the model reads them negative with everyone else;
# on SEESAW train, cues overruling a model of the right sign were a fifth of the disagreements, most
# of them weak (|score| < 0.1). 0.15 keeps the first and pools most of the second (2026-12-04).
CLEAR_CUES = 0.15
# ... from at least this many cues: one word is no clear reading (on SEESAW train, a single cue of
# |polarity| >= 0.45 overruling every sentence reading was most of the lexicon's wrong decisions).
MIN_CLEAR_CUES = 2
VADER_SCALE = 0.125  # VADER valences run to ±4; a VADER-only word weighs at most half a lexicon term
VICTIM_POLARITY = 0.3
HARM_DOER_POLARITY = -0.2
SMOOTHING = 2  # score = sum / (pieces of evidence + SMOOTHING): one weak piece does not make a clear stance
ROLE_SCORE = 0.25
EVIDENCE_SENTENCES = 3
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod"})
MAX_MODIFIER_CHAIN = 6  # 'a very, very reckless actor': modifiers of modifiers climbed to the word they describe
PREDICATE_DEPS = frozenset({"acomp", "attr", "oprd"})
# Every subject a verb may have: active, passive, clausal, or an expletive ('there is').
ANY_SUBJECT_DEPS = SUBJECT_DEPS | {"nsubjpass", "expl"}
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "obj"})
# The relative pronouns that can be their clause's subject, standing for the noun the clause
# modifies ('Khamenei, who demands'); 'whose' owns the subject instead ('whose son said').
SUBJECT_RELATIVE_PRONOUNS = RELATIVE_PRONOUNS - {"whose"}
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})


Evidence = tuple[int, float, str | None]  # (sentence start, polarity, framing role)


@dataclass(frozen=True)
class Cue:
    """An evaluative word. `kind`: 'trait' judges its doer or holder, 'harm' is a harmful act
    (its object is the victim), 'attitude' judges what it is about."""

    token: Token
    polarity: float
    role: str | None
    kind: str = "trait"


class StanceScorer:
    """The `rashomon_stance` component: `doc._.rashomon_stance` holds, for each actor with a
    stance or mentioned at least twice, its score in [-1, 1] (0: no stance), framing role, and
    the sentences that carry it."""

    def __init__(self, nlp: Language, name: str = "rashomon_stance") -> None:
        register_extensions()
        self.name = name
        self.lexicon: StanceLexicon | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   knowledge: Knowledge | None = None) -> None:
        self.lexicon = (knowledge or packaged_knowledge()).stance

    @guarded("stance scores", rashomon_stance=list)
    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.initialize()
        assert self.lexicon is not None
        lex = self.lexicon
        quoted = quoted_tokens(doc)
        words = Words(doc, partial(word_polarity, lex))
        cues = _cue_evidence(lex, doc, quoted, words.starts)
        decided = frozenset(actor for actor, found in cues.items() if _clear(found))
        read = _read_mentions(lex, doc, quoted, words, skipped=decided)
        rows = []
        for actor, mentions in Counter(m.actor for m in doc_mentions(doc)).most_common():
            row = _summary(lex, words, actor, cues.get(actor, []), read.get(actor, []))
            if row.score or mentions >= MIN_MENTIONS:
                rows.append(row)
        doc._.rashomon_stance = rows
        return doc


def _cue_evidence(lex: StanceLexicon, doc: Doc, quoted: set[int], sentence_start: list[int]
                  ) -> dict[str, list[Evidence]]:
    """The lexicon's evaluative words, each credited to the actors it is grammatically about.
    `sentence_start`: for each token, the index of its sentence's first token."""
    actors_at = _actors_by_token(doc)
    actors_at.update(_epithets(lex, doc, actors_at, sentence_start, quoted))
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    targets = _Targets(lex, actors_at)
    for cue in _cues(lex, doc, quoted):
        at = sentence_start[cue.token.i]
        for actor, victim in targets.targets(cue):
            if victim:
                evidence[actor].append((at, VICTIM_POLARITY, "victim"))
            else:
                evidence[actor].append((at, cue.polarity, cue.role))
    return evidence


def _read_mentions(lex: StanceLexicon, doc: Doc, quoted: set[int], words: Words,
                   skipped: frozenset[str] = frozenset()) -> dict[str, list[tuple[int, float]]]:
    """The learned model's reading of how each sentence in the source's own voice treats each
    actor it mentions, as (sentence start, P(positive) - P(negative)): the mean over the actor's
    mentions in that sentence, so that a sentence counts once however often it names the actor
    ('Clinton said her emails ... she'). A mention inside a quotation or a reported statement is
    the speaker's view, not the source's. A mention that is a statement's speaker is not read
    either: the sentence reports that the actor spoke, and the model reads the tone of what was
    said (an actor who insults someone is not framed by the insult; on SEESAW train such readings
    ranked the annotators' signs no better than chance, AUC 0.53 on both views, against 0.62-0.64
    for the source's other sentences). Not for the actors `skipped`, whose lexicon reading decides."""
    said, speakers = _statements(doc)
    found: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for mention in doc_mentions(doc):
        if mention.actor in skipped or mention.start in quoted or mention.start in said:
            continue
        span = doc[mention.start:mention.end]
        if span.root.i in speakers:
            continue
        negative, _, positive = lex.model.probabilities(mention_features(span, quoted, words))
        found[mention.actor][words.starts[span.start]].append(float(positive - negative))
    return {actor: [(start, sum(r) / len(r)) for start, r in sentences.items()]
            for actor, sentences in found.items()}


def _statements(doc: Doc) -> tuple[set[int], set[int]]:
    """The tokens of every statement the quotes stage found, and the tokens of their speakers' names."""
    said: set[int] = set()
    speakers: set[int] = set()
    for statement in doc_quotes(doc) or []:
        for start, end in statement.spans or [(statement.start, statement.end)]:
            said.update(_token_range(doc, start, end))
        speakers.update(_token_range(doc, statement.speaker_start, statement.speaker_end))
    return said, speakers


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _actors_by_token(doc: Doc) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for mention in doc_mentions(doc):
        for i in range(mention.start, mention.end):
            if mention.actor not in found[i]:
                found[i].append(mention.actor)
    return found


def _epithets(lex: StanceLexicon, doc: Doc, actors_at: dict[int, list[str]], sentence_start: list[int],
              quoted: set[int]) -> dict[int, list[str]]:
    """'The aggressor chose...', 'this criminal regime': a definite noun phrase headed by a
    framing noun (data/stance.yaml `epithets`) names an actor already in the text, the nearest one before it
    outside its own clause ('he cannot support this regime' is not about him). Words for a
    government ('regime', 'junta') name only states and organisations."""
    government, epithets = lex.government_epithets, lex.government_epithets | lex.any_epithets
    people_and_states = _mention_positions(doc, quoted)
    found: dict[int, list[str]] = {}
    for i in _positions(doc, lex.epithet_hashes):
        token = doc[i]
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or token.i in actors_at or lemma not in epithets:
            continue
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
            continue
        if any(c.dep_ in {"poss", "prep", "compound", "amod"} and c.i in actors_at for c in token.children):
            continue
        clause = _clause_head(token)
        states_only = lemma in government
        window_start = sentence_start[max(sentence_start[token.i] - 1, 0)]
        for position, actor, is_person in reversed(people_and_states):
            if position >= token.i or position < window_start:
                continue
            if (states_only and is_person) or _clause_head(doc[position]) == clause:
                continue
            found[token.i] = [_government_of(doc, actor) if states_only else actor]
            break
    return found


def _government_of(doc: Doc, actor: str) -> str:
    """A state organ ('the IRGC ... this regime') stands for its state's government."""
    actors = doc_actors(doc)
    info = actors.get(actor)
    country = info.country if info is not None and info.kind in {"organisation", "group"} else None
    return country if country is not None and country in actors else actor


def _mention_positions(doc: Doc, quoted: set[int]) -> list[tuple[int, str, bool]]:
    return sorted((m.end - 1, m.actor, m.actor.startswith("person:"))
                  for m in doc_mentions(doc)
                  if m.start not in quoted and m.how != "adjective")  # 'the Russian leader' is not Russia


def _clause_head(token: Token) -> Token:
    """The verb whose clause holds the token (climbing over nouns, prepositions and xcomps)."""
    return climb(token, lambda head: not (head.pos_ in VERB_POS and head.dep_ not in {"xcomp", "aux"}))


def _summary(lex: StanceLexicon, words: Words, actor: str, cues: list[Evidence],
             readings: list[tuple[int, float]]) -> StanceRecord:
    """A clear lexicon reading decides: the cues' polarities summed / (cues + SMOOTHING), when
    at least CLEAR_CUES from zero and made of at least MIN_CLEAR_CUES cues. Else every piece of
    evidence counts once, pooled: each cue and each own-voice sentence the model read, sum /
    (pieces + SMOOTHING). Nearer zero than ABSTAIN, no stance (0). The lexicon's targeted words are
    believed over the model where they are clear, since the model reads a sentence's tone as well
    as its treatment of the actor (in war news it reads every actor negative, victims too); one
    weak cue, or one word, is no better than a sentence reading."""
    if _clear(cues):
        score = _lexicon_score(cues)
        readings = []
    else:
        pieces = [p for _, p, _ in cues] + [r for _, r in readings]
        score = sum(pieces) / (len(pieces) + SMOOTHING)
    if abs(score) < ABSTAIN:
        score = 0.0
    role, subrole = _roles(lex, cues, score)
    net: dict[int, float] = defaultdict(float)
    for start, polarity, _ in cues:
        net[start] += polarity
    for start, reading in readings:
        net[start] += reading
    # the sentences that carry the score, strongest first
    carrying = [s for s in net if net[s] * score > 0] if score else list(net)
    strongest = sorted(carrying, key=lambda s: -abs(net[s]))[:EVIDENCE_SENTENCES]
    return StanceRecord(actor=actor, score=round(score, 3), role=role, subrole=subrole,
                        sentences=[words.sentences[s].text.strip() for s in strongest])


def _roles(lex: StanceLexicon, cues: list[Evidence], score: float) -> tuple[str | None, str | None]:
    """The main role the lexicon's terms cast most often, unless the score's sign says otherwise
    (an antagonist is cast negatively; a protagonist or an innocent, positively); else the sign of
    a clear score (at least ROLE_SCORE from zero). And the most frequent fine role under it."""
    main_role = lex.main_role
    fine = Counter(r for _, _, r in cues if r in main_role)
    main = Counter(main_role[r] for r in fine.elements())
    role = main.most_common(1)[0][0] if main else None
    if role is not None and score and (role == "antagonist") != (score < 0):
        role = None
    if role is None and abs(score) >= ROLE_SCORE:
        role = "antagonist" if score < 0 else "protagonist"
    return role, next((r for r, _ in fine.most_common() if main_role[r] == role), None)


def _clear(cues: list[Evidence]) -> bool:
    """Does the lexicon's reading decide: at least CLEAR_CUES from zero, from MIN_CLEAR_CUES cues?"""
    return len(cues) >= MIN_CLEAR_CUES and abs(_lexicon_score(cues)) >= CLEAR_CUES


def _lexicon_score(cues: list[Evidence]) -> float:
    return sum(p for _, p, _ in cues) / (len(cues) + SMOOTHING) if cues else 0.0


# ---- cues: evaluative words and harmful acts -----------------------------------------------------
def _cues(lex: StanceLexicon, doc: Doc, quoted: set[int]) -> list[Cue]:
    skipped = quoted | _named_tokens(doc)
    cues: list[Cue] = []
    covered: set[int] = set()
    for i in _positions(doc, lex.cue_hashes):
        token = doc[i]
        if token.i in skipped or token.i in covered:
            continue
        phrase = _phrase_at(doc, token.i, lex.phrases)
        if phrase is not None:
            length, polarity, role = phrase
            covered.update(range(token.i, token.i + length))
            root = _phrase_root(doc, token.i, length)
            negated = _negated(lex, root)
            cues.append(Cue(root, -polarity if negated else polarity, None if negated else role))
            continue
        cue = _word_cue(lex, token)
        if cue is not None:
            cues.append(cue)
    return cues


def _positions(doc: Doc, wanted: frozenset[int]) -> list[int]:
    """Indices of tokens whose lowercase form or lemma is one of the string ids `wanted`, found on
    the doc's arrays without building a Token for every word."""
    forms = doc.to_array([LOWER, LEMMA])
    return [i for i, (lower, lemma) in enumerate(forms.tolist()) if lower in wanted or lemma in wanted]


def _word_cue(lex: StanceLexicon, token: Token) -> Cue | None:
    lemma, lower = token.lemma_.lower(), token.lower_
    attitude = lex.attitudes.get(lower) or lex.attitudes.get(lemma)
    if attitude is not None:
        return Cue(token, -attitude if _negated(lex, token) else attitude, None, "attitude")
    harms, neutral, words = lex.lists["harms"], lex.lists["neutral"], lex.words
    harm = lemma in harms or lower in harms
    entry = words.get(lower) or words.get(lemma) or (words.get(lower[:-2]) if lower.endswith("ly") else None)
    if entry is None and token.pos_ in {"ADJ", "ADV"} and lemma not in neutral and lower not in neutral:
        valence = lex.vader.get(lower)
        entry = (valence * VADER_SCALE, None) if valence else None
    if entry is None and not harm:
        return None
    negated = _negated(lex, token)
    if entry is None:  # an unlisted harm; "did not strike back": restraint, mildly to the doer's credit
        return Cue(token, -HARM_DOER_POLARITY, None, "trait") if negated \
            else Cue(token, HARM_DOER_POLARITY, None, "harm")
    polarity, role = entry
    kind = "harm" if harm and not negated else "trait"
    return Cue(token, -polarity if negated else polarity, None if negated else role, kind)


def word_polarity(lex: StanceLexicon, token: Token) -> float:
    """How loaded a word is on its own, -1 to 1: our lexicon first, else VADER's valence scaled
    down; 0 for the words the lexicon marks neutral."""
    words = lex.words
    lemma, lower = token.lemma_.lower(), token.lower_
    entry = words.get(lower) or words.get(lemma)
    if entry is not None:
        return entry[0]
    neutral = lex.lists["neutral"]
    if lemma in neutral or lower in neutral:
        return 0.0
    vader = lex.vader
    return vader.get(lower, vader.get(lemma, 0.0)) * VADER_SCALE


def _negated(lex: StanceLexicon, token: Token) -> bool:
    """A `neg` on the word, or on the verb it hangs from ('is not reliable'), or a negator just
    before it ('no aggression', 'without courage')."""
    anchors = [token] + ([token.head] if token.dep_ in PREDICATE_DEPS | {"xcomp", "advmod", "dobj"} else [])
    if any(child.dep_ == "neg" for anchor in anchors for child in anchor.children):
        return True
    before = token.doc[max(token.sent.start, token.i - 3):token.i]
    return any(t.lower_ in lex.lists["negators"] for t in before)


def quoted_tokens(doc: Doc) -> set[int]:
    """The indices of the tokens inside quotation marks (the marks included)."""
    inside: set[int] = set()
    for region in quote_regions(doc.text):
        span = doc.char_span(region.start, region.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _named_tokens(doc: Doc) -> set[int]:
    """Words inside names ('Islamic Revolutionary Guard Corps', 'Peace Prize') evaluate no one."""
    named = {i for ent in doc.ents if ent.label_ in NAME_LABELS for i in range(ent.start, ent.end)}
    named.update(i for m in doc_mentions(doc) if m.how in {"name", "alias"} for i in range(m.start, m.end))
    return named


def _phrase_at(doc: Doc, i: int, phrases: dict[str, list[tuple[tuple[str, ...], float, str | None]]]
               ) -> tuple[int, float, str | None] | None:
    for words, polarity, role in phrases.get(doc[i].lower_, []):
        end = i + len(words)
        if end <= len(doc) and all(doc[j].lower_ == w or doc[j].lemma_.lower() == w
                                   for j, w in zip(range(i, end), words, strict=True)):
            return len(words), polarity, role
    return None


def _phrase_root(doc: Doc, start: int, length: int) -> Token:
    span = doc[start:start + length]
    return next((t for t in span if not (span.start <= t.head.i < span.end) or t.head == t), span.root)


# ---- targets: which actor a cue is about ---------------------------------------------------------
class _Targets:
    """Which actors a cue is about, given the actors mentioned at each token."""

    def __init__(self, lex: StanceLexicon, actors_at: dict[int, list[str]]) -> None:
        self.lex = lex
        self.actors_at = actors_at

    def targets(self, cue: Cue) -> list[tuple[str, bool]]:
        """(actor, cast as victim) pairs for one cue."""
        token = cue.token
        if cue.kind == "attitude":
            return [(actor, False) for actor in self._about(token, self.lex.lists["attitude_prepositions"])]
        anchor = token  # "brave and resilient defenders", "patient and restrained": the first's place
        if token.pos_ in {"ADJ", "ADV", "VERB"}:
            anchor = climb(token, lambda t: t.dep_ == "conj" and t.head.pos_ in {"ADJ", "ADV"})
        if token.i in self.actors_at:
            doers = list(self.actors_at[token.i])
        elif anchor.pos_ in VERB_POS:
            doers = self._entities(_doer(token))
        elif anchor.pos_ in NOUN_POS:
            doers = self._noun_doers(anchor)
        else:
            doers = self._modifier_doers(anchor)
        if cue.kind != "harm":
            return [(actor, False) for actor in doers]
        victims = [a for a in self._about(token, self.lex.lists["object_prepositions"]) if a not in doers]
        if token.dep_ == "pobj" and token.head.lower_ == "under":  # "the sites are under attack"
            victims += self._entities(_subject(token.head.head))
        if self._harms_only(token) and (not victims or self._words_at_people(token, victims)):
            return []  # "hit the brakes", "launched strikes": no one harmed, no one blamed
        return [(actor, False) for actor in doers] + [(actor, True) for actor in victims]

    def _harms_only(self, token: Token) -> bool:
        """A harm word with no lexicon entry of its own: it blames its doer only when it harms someone."""
        words = self.lex.words
        return token.lower_ not in words and token.lemma_.lower() not in words

    def _words_at_people(self, token: Token, victims: list[str]) -> bool:
        """'The senator attacked the governor': an act that is usually words, aimed at people only."""
        verbal = self.lex.lists["verbal_harms"]
        return (token.lemma_.lower() in verbal or token.lower_ in verbal) \
            and all(victim.startswith(PERSON_PREFIX) for victim in victims)

    def _modifier_doers(self, word: Token, depth: int = 0) -> list[str]:
        """Adjectives and adverbs: the noun they modify, the subject they are predicated of, or the
        doer of the verb they modify (through at most MAX_MODIFIER_CHAIN modifiers of modifiers)."""
        head = word.head
        if word.dep_ in PREDICATE_DEPS or (word.dep_ == "xcomp" and head.lemma_ in {"be", "become", "seem", "appear"}):
            return self._entities(_subject(head))
        if word.dep_ in MODIFIER_DEPS:
            if head.pos_ in VERB_POS:
                return self._entities(_doer(head))
            if head.pos_ in {"ADJ", "ADV"}:
                return self._modifier_doers(head, depth + 1) if depth < MAX_MODIFIER_CHAIN else []
            return self._entities(head) or self._noun_doers(head)  # "Germany was a reckless actor"
        return []

    def _noun_doers(self, noun: Token) -> list[str]:
        owners = self._owners(noun)
        if owners:
            return owners
        if noun.dep_ in PREDICATE_DEPS:
            return self._entities(_subject(noun.head))
        if noun.dep_ == "appos":
            return self._entities(noun.head)
        return []

    def _about(self, token: Token, prepositions: frozenset[str]) -> list[str]:
        """Whom an act or attitude is aimed at: its object, its passive subject, or the object of
        one of `prepositions` ('aggression against Ukraine', 'unhappy with Moscow')."""
        found: list[str] = []
        holders = [token, token.head] if token.dep_ == "dobj" else [token]  # "voiced doubts about X"
        for child in (c for holder in holders for c in holder.children):
            if child.dep_ in OBJECT_DEPS and child != token:
                found += self._entities(child)
            elif child.dep_ == "prep" and child.lower_ in prepositions:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found += self._entities(pobj)
        return found

    def _entities(self, noun: Token | None) -> list[str]:
        """The actors a noun phrase names: the noun itself, its coordinated nouns, or for a thing
        the actor it belongs to ('Putin's remarks', 'Russian diplomacy')."""
        if noun is None:
            return []
        found: list[str] = []
        for conjunct in _conjuncts_below(noun):
            found += [a for a in list(self.actors_at.get(conjunct.i, [])) or self._owners(conjunct) if a not in found]
        return found

    def _owners(self, noun: Token) -> list[str]:
        """'Putin's remarks', 'Russian diplomacy' → Putin, Russia; but not for relational nouns:
        'Iran's enemies' says nothing about Iran."""
        found: list[str] = []
        relational = self.lex.lists["relational"]
        if noun.lemma_.lower() in relational or noun.lower_ in relational:
            return found
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in {"amod", "compound", "nmod"} and child.i in self.actors_at):
                found += [a for a in self.actors_at.get(child.i, []) if a not in found]
            elif child.dep_ == "prep" and (child.lower_ in {"by", "from"}
                                           or (child.lower_ == "in" and noun.tag_ == "NNS")):
                # "a response from Warsaw", "politicians in Warsaw"
                found += [a for a in self._objects(child) if a not in found]
        if not found and noun.dep_ in SUBJECT_DEPS and noun.head.lemma_ == "come":  # "the response came from Warsaw"
            found = [a for p in noun.head.children if p.dep_ == "prep" and p.lower_ == "from" for a in self._objects(p)]
        return found

    def _objects(self, preposition: Token) -> list[str]:
        return [a for pobj in preposition.children if pobj.dep_ == "pobj" for a in self.actors_at.get(pobj.i, [])]


def _conjuncts_below(noun: Token) -> list[Token]:
    """The noun and the words coordinated under it ('Russia, Iran and China'), depth first, each once."""
    found: list[Token] = []
    seen: set[int] = set()
    stack = [noun]
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        found.append(token)
        stack.extend(reversed([c for c in token.children if c.dep_ == "conj"]))
    return found


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through control ('tries to act'), coordination ('hits the brakes
    and reveals') and relative clauses ('Khamenei, who demands')."""
    seen = 0
    while seen < 6:
        seen += 1
        subjects = [c for c in verb.children if c.dep_ in ANY_SUBJECT_DEPS]
        if subjects:  # a misparse may give two: the one nearest before the verb is its own
            subject = max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0])
            if subject.lower_ in SUBJECT_RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ in {"acl", "relcl"} and infinitive and verb.head.dep_ == "dobj":  # "have reason to be proud"
            verb = verb.head.head
            continue
        if verb.dep_ not in {"xcomp", "conj", "advcl", "relcl"} or verb.head == verb:
            return None
        if verb.dep_ == "relcl":
            return verb.head
        verb = verb.head
    return None


def _doer(verb: Token) -> Token | None:
    """Who does what the verb says: the subject of an active verb, the 'by' agent of a passive."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return _subject(verb)


# ---- data ----------------------------------------------------------------------------------------
Phrases = dict[str, list[tuple[tuple[str, ...], float, str | None]]]
WORD_LISTS = ("negators", "harms", "verbal_harms", "neutral", "relational", "attitude_prepositions",
              "object_prepositions")


@dataclass(frozen=True)
class StanceLexicon:
    """data/stance.yaml and VADER's lexicon, read once (by `rashomon.knowledge`)."""

    words: dict[str, tuple[float, str | None]]  # single words, matched on lemma or lowercase text
    phrases: Phrases  # keyed by first word, longest first
    vader: dict[str, float]
    main_role: dict[str, str]  # fine-grained framing role -> main role (protagonist, antagonist, innocent)
    lists: dict[str, frozenset[str]]  # WORD_LISTS
    government_epithets: frozenset[str]
    any_epithets: frozenset[str]
    attitudes: dict[str, float]
    cue_hashes: frozenset[int]  # every word that can start a cue, as spaCy string ids
    epithet_hashes: frozenset[int]
    model: StanceModel

    @classmethod
    def from_data(cls, data: dict, vader: dict[str, float], model: StanceModel) -> StanceLexicon:
        words, phrases = _terms(data["terms"])
        attitudes = {str(row["lemma"]).lower(): float(row["polarity"]) for row in data["attitudes"]}
        lists = {key: frozenset(str(w).lower() for w in data[key]) for key in WORD_LISTS}
        government = frozenset(map(str, data["epithets"]["government"]))
        anyone = frozenset(map(str, data["epithets"]["any"]))
        cue_words = {*words, *(w + "ly" for w in words), *phrases, *attitudes, *lists["harms"], *vader}
        return cls(words=words, phrases=phrases, vader=vader,
                   main_role={fine: main for main, fines in data["roles"].items() for fine in fines},
                   lists=lists, government_epithets=government, any_epithets=anyone, attitudes=attitudes,
                   cue_hashes=_hashes(cue_words), epithet_hashes=_hashes(government | anyone), model=model)


def _terms(rows: list[dict]) -> tuple[dict[str, tuple[float, str | None]], Phrases]:
    words: dict[str, tuple[float, str | None]] = {}
    phrases: Phrases = defaultdict(list)
    for term in rows:
        lemma, entry = str(term["lemma"]).lower(), (float(term["polarity"]), term.get("role"))
        parts = tuple(lemma.replace("-", " - ").split())  # spaCy splits hyphenated words
        if len(parts) == 1:
            words[lemma] = entry
        else:
            phrases[parts[0]].append((parts, *entry))
    for first in phrases:
        phrases[first].sort(key=lambda p: -len(p[0]))
    return words, dict(phrases)


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(w.lower()) for w in words)


def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (read from the vaderSentiment package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)
