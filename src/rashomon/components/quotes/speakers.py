"""Who says a statement: the speaker that a speech verb, a speech noun, an attribution phrase or the
words around a quote name, resolved to an actor the actors stage found, to the state or
organisation a body speaks for, or else to the speaker's words as written."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..records import Mention
from ..syntax import NOMINAL_SUBJECT_DEPS, NOUN_POS, SUBJECT_DEPS, VERB_POS
from .cues import Cues, SpeakerNouns, cue_text
from .layout import Layout
from .statements import Speaker

# How many clauses a speech verb's subject is looked for in: the verb's own and those it hangs from
# ('stressing that ...' → the subject of the main verb).
MAX_SPEAKER_CLIMB = 4
# The dependencies climbed on the way.
SUBJECT_CLIMB = {"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp"}
# How many speech nouns deep one speaker is looked for. A noun's speaker may be named by another
# speech noun, and a parse can lead back to the noun it started from ('was stated by a statement').
MAX_NOUN_DEPTH = 8
# Longest speaker description kept as written ("a senior Ukrainian commander in the Donetsk region").
MAX_SPEAKER_TOKENS = 9

Attribution = tuple[Speaker, str | None]  # a speaker and the cue that names them


class Speakers:
    """The speakers of one document's statements. With `require_actor` (for quotes nested inside
    another quote), only speakers the actors stage knows count."""

    def __init__(self, layout: Layout, cues: Cues, nouns: SpeakerNouns, require_actor: bool = False) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.cues = cues
        self.nouns = nouns
        self.require_actor = require_actor
        self._noun_depth = 0

    # ---- which words name the speaker ----------------------------------------------------
    def frame_speaker(self, lead: list[Token], trail: list[Token], gap: list[Token]) -> Attribution | None:
        """Who says a standalone quote, from the words of its own sentence. A clause ending in a
        colon right before the quote, with no word of saying in it, names its speaker first ("The
        ministry made its position clear: '...'"), before any speech verb after the quote."""
        colon = bool(lead) and lead[-1].text == ":" and not gap
        cued = any(self.cues.is_speech(t) or self.cues.is_noun(t) or self.cues.is_cognition(t) for t in lead)
        if colon and not cued:
            found = self._colon_speaker(lead[:-1])
            if found is not None:
                return found
        nearest_first = [*gap, *trail, *lead[::-1]]
        for token in nearest_first:
            if self.cues.is_speech(token):
                speaker = self.verb_speaker(token) or self._inverted_speaker(token, [*gap, *trail])
                if speaker is not None:
                    return speaker, cue_text(token)
        for token in nearest_first:
            found = self._noun_or_phrase_speaker(token)
            if found is not None:
                return found
        return self._colon_speaker(lead[:-1]) if colon and cued else None

    def dash_speaker(self, after: list[Token]) -> Speaker | None:
        """A quote signed with a dash and a name, as in a feature's collected voices
        ('"..." ― Maria Lopez, Tucson'): the name, known to the actors stage or as written."""
        if len(after) < 2 or after[0].text.lstrip(CLOSING_MARKS) not in SIGNATURE_DASHES:
            return None
        name: list[Token] = []
        for token in after[1:MAX_SIGNATURE_TOKENS + 1]:
            if not (token.text[:1].isupper() or token.text in {".", "-"}):
                break
            name.append(token)
        if not name or len(after) > len(name) + 2 + MAX_SIGNATURE_TOKENS:
            return None  # a dash before a clause, not a signature
        mention = self.layout.mention_of[name[0].i]
        if mention is not None and mention.actor in self.layout.actors:
            return self._mention_speaker(mention)
        if self.require_actor or not any(t.pos_ == "PROPN" for t in name):
            return None
        return Speaker(None, self.doc[name[0].i:name[-1].i + 1].text, name[0].idx,
                       name[-1].idx + len(name[-1].text))

    def _noun_or_phrase_speaker(self, token: Token) -> Attribution | None:
        according = self.cues.according_at(token)
        if according is not None:
            speaker = self.resolve(according[1])
            return (speaker, according[0]) if speaker else None
        if self.cues.is_noun(token):
            speaker = self.noun_speaker(token)
            return (speaker, token.text) if speaker else None
        if self.cues.is_cognition(token):
            speaker = self.verb_speaker(token)
            return (speaker, token.text) if speaker else None
        return None

    def _colon_speaker(self, words: list[Token]) -> Attribution | None:
        """'he quickly drew the line: "..."' → he; a headline 'Zelensky: "..."' → Zelensky."""
        if not words:
            return None
        inside = {t.i for t in words}
        roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
        if not roots:
            return None
        root = roots[-1]
        if root.pos_ in VERB_POS:
            subject = next((c for c in root.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None)
            speaker = self.resolve(subject, need_actor=True) if subject is not None else None
        else:
            speaker = self.resolve(root, need_actor=True)
        return (speaker, None) if speaker else None

    def subject_of(self, verb: Token) -> Token | None:
        return speaker_subject(verb, self.layout.region_of)

    def verb_speaker(self, verb: Token) -> Speaker | None:
        subject = self.subject_of(verb)
        if subject is not None and self.layout.paragraph_of[subject.i] == self.layout.paragraph_of[verb.i]:
            return self.resolve(subject)
        if subject is not None or verb.tag_ in {"VBD", "VBZ", "VBP"}:
            return self._person_before(verb)  # the parse ran across a heading or lost the subject
        return None

    def _inverted_speaker(self, verb: Token, after_quote: list[Token]) -> Speaker | None:
        """'"...," said a Turkish official': the speaker after a verb that opens the attribution."""
        words = [t for t in after_quote if not t.is_punct]
        if not words or words[0].i != verb.i:
            return None
        found = next((c for c in verb.rights if c.pos_ in NOUN_POS
                      and c.dep_ in {"nsubj", "dobj", "attr", "npadvmod", "oprd", "appos"}), None)
        return self.resolve(found) if found is not None else None

    def _person_before(self, verb: Token) -> Speaker | None:
        """The nearest person named before a verb in its sentence, not as an owner or object."""
        actors = self.layout.actors
        for token in reversed(self.layout.lead(verb.i)):
            mention = self.layout.mention_of[token.i]
            if mention is None or mention.actor not in actors or token.dep_ in {"poss", "pobj", "dobj"}:
                continue
            if actors[mention.actor].kind == "person":
                return self._mention_speaker(mention)
        return None

    def noun_speaker(self, noun: Token) -> Speaker | None:
        """'Putin's remarks', 'statements from X', 'a letter by X', 'X made a statement'; none
        more than MAX_NOUN_DEPTH speech nouns deep."""
        if self._noun_depth >= MAX_NOUN_DEPTH:
            return None
        self._noun_depth += 1
        try:
            return self._owner_or_maker(noun)
        finally:
            self._noun_depth -= 1

    def _owner_or_maker(self, noun: Token) -> Speaker | None:
        for child in noun.children:
            if child.dep_ == "poss":
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(obj)
        if noun.dep_ in {"dobj", "pobj"} and noun.head.pos_ in {"VERB", "ADP"}:
            verb = noun.head if noun.head.pos_ == "VERB" else noun.head.head
            return self.verb_speaker(verb) if verb.pos_ == "VERB" else None
        return None

    # ---- who the words name --------------------------------------------------------------
    def resolve(self, token: Token, need_actor: bool = False) -> Speaker | None:
        """The speaker a subject or owner token names: an actor mention at its head or in its
        apposition, else (for a person or body the knowledge base does not know) its words."""
        token = _antecedent(token)
        mention = self._mention_for(token)
        if mention is not None:
            return self._mention_speaker(mention)
        if self.cues.is_noun(token):  # 'a statement from X said'; else a text speaks ('the report said')
            owner = self.noun_speaker(token)
            if owner is not None or need_actor or self.require_actor or not self._speaks_itself(token):
                return owner
        if token.lower_ in SPEAKING_PRONOUNS and token.dep_ != "expl":
            # a pronoun the actors stage could not resolve still says who speaks, as the article does
            return None if need_actor or self.require_actor else Speaker(None, token.text, token.idx,
                                                                        token.idx + len(token.text))
        if token.lower_ in GROUP_PRONOUNS and token.dep_ in NOMINAL_SUBJECT_DEPS:
            # 'those close to him say', 'some in the party argue'
            return None if need_actor or self.require_actor else self._group(token)
        if token.pos_ not in NOUN_POS:
            return None
        body = self._body_actor(token)
        if body is not None or need_actor or self.require_actor:
            return body
        named = token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG"}
        if named or self.nouns.names_speaker(token.lemma_.lower()):
            return self._description(token)
        return None

    def _speaks_itself(self, noun: Token) -> bool:
        """A text with no owner named is its own speaker ('the report said'), unless it is one link
        of a chain of speech nouns searched for the one who made them."""
        return self._noun_depth == 0 and noun.lemma_.lower() in self.nouns.sources

    def _mention_for(self, token: Token) -> Mention | None:
        mention_of, actors = self.layout.mention_of, self.layout.actors
        mention = mention_of[token.i]
        if mention is not None and mention.how != "adjective" and mention.actor in actors:
            return mention
        for child in token.children:
            if child.dep_ == "appos":
                found = mention_of[child.i]
                if found is not None and found.actor in actors:
                    return found
        return self._name_after(token)

    def _name_after(self, token: Token) -> Mention | None:
        """A person named between commas after a role, wherever the parse hung the name: 'the
        deputy head of the committee, Ivanov, said'."""
        actors = self.layout.actors
        for i in range(token.i + 1, min(token.right_edge.i + 3, len(self.doc))):
            mention = self.layout.mention_of[i]
            if mention is None or mention.start != i or self.doc[i - 1].text != ",":
                continue
            after = mention.end
            person = mention.actor in actors and actors[mention.actor].kind == "person"
            if person and after < len(self.doc) and (self.doc[after].text in {",", ":"}
                                                     or self.doc[after].pos_ in VERB_POS):
                return mention
        return None

    def _mention_speaker(self, mention: Mention) -> Speaker:
        span = self.doc[mention.start:mention.end]
        return Speaker(mention.actor, span.text, span.start_char, span.end_char)

    def _body_actor(self, token: Token) -> Speaker | None:
        """A body speaks for the state or organisation that owns it: 'Russia's defence ministry',
        'the foreign ministry in Beijing', 'the G7 foreign ministers' (not one unnamed official,
        but a spokesperson: 'a State Department spokesperson'); a leader's office speaks for the
        leader."""
        lemma = token.lemma_.lower()
        one_person = lemma in self.nouns.people and token.tag_ in {"NN", "NNP"} and lemma not in self.nouns.spokespeople
        if one_person or lemma not in self.nouns.people | self.nouns.bodies:
            return None  # one unnamed person, or not a body at all ('the Russia-Iran treaty')
        actors = self.layout.actors
        for child in token.children:
            targets = [child]
            if child.dep_ == "prep" and child.lower_ in {"in", "of"}:
                targets = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ not in {"poss", "compound", "amod", "nmod"}:
                continue
            for target in targets:
                mention = self.layout.mention_of[target.i]
                if mention is not None and mention.actor in actors \
                        and (actors[mention.actor].kind != "person" or lemma in self.nouns.personal_bodies):
                    span = self.doc[token.left_edge.i:token.i + 1]
                    return Speaker(mention.actor, span.text, span.start_char, span.end_char)
        return None

    def _group(self, token: Token) -> Speaker | None:
        """People named by a pronoun with what sets them apart ('those close to him', 'many in
        the party'), or bare ('some say'); not when its words run long."""
        span = self.doc[token.left_edge.i:token.right_edge.i + 1]
        if len(span) > MAX_SPEAKER_TOKENS:
            return None
        return Speaker(None, span.text, span.start_char, span.end_char)

    def _description(self, token: Token) -> Speaker:
        """The speaker's words as written: determiners, modifiers and short prepositional phrases
        ('a displaced woman in Khan Younis'), without clauses or appositions."""
        end = token.i + 1
        for child in token.rights:
            if child.dep_ != "prep" or child.right_edge.i + 1 - token.left_edge.i > MAX_SPEAKER_TOKENS:
                break
            end = child.right_edge.i + 1
        span = self.doc[token.left_edge.i:end]
        return Speaker(None, span.text, span.start_char, span.end_char)


CLOSING_MARKS = "\"'\u201d\u2019\u00bb"  # a tokenizer may glue one to the dash after it ('”―')
SIGNATURE_DASHES = {"\u2015", "\u2014", "\u2013", "-", "--"}
MAX_SIGNATURE_TOKENS = 6  # a signature is a name, maybe with a place: 'Maria Lopez, Tucson'
# Pronouns for a group of people, who may speak as one: 'those close to him say', 'others argue'.
GROUP_PRONOUNS = {"those", "some", "others", "many", "several", "few", "most"}
SPEAKING_PRONOUNS = {"he", "she", "they", "we", "i"}  # not "it": "it indicates that" is seldom a speaker


def speaker_subject(verb: Token, region_of: Sequence[int] = ()) -> Token | None:
    """The subject of a speech verb, climbing from participles and infinitives to the clause that
    has one ('stressing that ...' → the subject of the main verb). Given each token's quote-mark
    region, quoted words the parse hung on the verb as its subject are passed over: a speaker is
    never inside the quote ('"..., one of the best," Ruiz said')."""
    token = verb
    for _ in range(MAX_SPEAKER_CLIMB):
        for child in token.children:
            if region_of and region_of[child.i] >= 0:
                continue
            if child.dep_ in SUBJECT_DEPS:
                return child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "nsubjpass" and token.lemma_ in {"quote", "cite"}:
                return child
        if token.dep_ not in SUBJECT_CLIMB or token.head.i == token.i:
            return None
        if token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.dep_ == "ccomp":
            token = token.head  # '..., saying ...' hung on the reported clause: the reporter speaks
        token = token.head
    return None


def _antecedent(token: Token) -> Token:
    """'Khamenei, who demands ...': the noun a relative pronoun stands for."""
    if token.tag_ in {"WP", "WDT"} and token.head.dep_ == "relcl":
        return token.head.head
    return token
