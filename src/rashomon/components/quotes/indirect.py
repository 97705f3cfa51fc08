"""Pass 2, indirect speech: speech verbs outside quote marks with a clausal complement ("X said
that ...") and "according to X" sentences, unless the clause holds a quote already taken, or the
verb is negated, modal or conditional (a statement not made).

The parse helpers that read a speech verb's reported clause are here too; the other passes use
them to tell a statement made from one that was not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Token

from ..syntax import CONDITIONAL_MARKS, NOMINAL_SUBJECT_DEPS, VERB_POS
from .cues import RELAY_WORDS, Cues, cue_text
from .layout import Layout
from .speakers import CLOSING_MARKS, GROUP_PRONOUNS, SPEAKING_PRONOUNS, Speakers
from .statements import Speaker, Statement

MODALS = {"will", "would", "could", "can", "may", "might", "must", "should", "shall", "'ll", "'d", "wo", "ca"}
FIRST_PERSON = {"i", "we"}
GOING_ON = {"go", "proceed", "continue"}  # 'went on to say': a statement made, not an infinitive's
PLACE_ENTITIES = {"GPE", "LOC", "NORP", "FAC"}
QUESTION_WORDS = {"whether", "if", "what", "who", "whom", "which", "why", "how", "where", "when"}
# What gives a clause a subject of its own, an expletive ('it is', 'there was') included.
CLAUSE_SUBJECT_DEPS = NOMINAL_SUBJECT_DEPS | {"expl"}
# What an object-taking verb says: its object and what is said of it, and the prepositions that go
# with it ('criticized the plan [for its cost]', 'cited rents [as the reason]', 'called [on] the council').
OBJECT_PARTS = {"dobj", "dative", "oprd", "xcomp", "attr", "acomp"}
OBJECT_PREPOSITIONS = {"for", "of", "as", "to", "on"}
# What an 'as ... said' attribution may have besides its subject: a setting ('on Monday', 'in a
# statement'), not another object or clause.
AS_EXTRA_DEPS = {"ccomp", "xcomp", "dative", "advcl"}
SETTING_PREPOSITIONS = {"on", "in", "at", "during", "after", "before"}
MIN_SIDE_WORDS = 3  # words before an attribution in the middle of its sentence
# What an attribution in the middle of a sentence may have: its subject, a time or place, a listener
# ('The difference now, he told me on Friday, is ...').
ATTRIBUTION_DEPS = NOMINAL_SUBJECT_DEPS | {"aux", "neg", "advmod", "npadvmod", "prep", "dative", "dobj", "punct"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
CLAUSE_BREAK = re.compile("[,;:(\u2014\u2013]|--")


class IndirectSpeech:
    """The statements one document reports without quote marks."""

    def __init__(self, layout: Layout, cues: Cues, speakers: Speakers) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.cues = cues
        self.speakers = speakers

    def statements(self, found: list[Statement], pending: list[tuple[int, int]]) -> list[Statement]:
        """The statements `found` with those of this pass added: 'According to X, ...' first, then
        verbs of saying, thinking or finding, then those of a position taken, then the attribution
        phrases that hang on a speech verb: in 'according to the UN, he told him that ...' the
        statement is his, as the UN reports it; in 'according to diplomats, the draft was withdrawn
        after Washington signalled that ...' it is the diplomats'. None overlaps the character
        ranges `pending` or a statement found, except partial quotes inside what it reports (see
        `_placed`)."""
        verbs, phrases = self._cue_tokens()
        on_verb = {t.i for t in phrases if self._reports_on_its_own(self._phrase_head(t))}
        free = [self._by_phrase(t) for t in phrases if t.i not in on_verb]
        # a position ('agreed to ...') inside what someone said is part of that statement
        by_verb = [(self._by_verb(t), t) for t in sorted(verbs, key=self.cues.is_position)]
        attached = [self._by_phrase(t) for t in phrases if t.i in on_verb]
        placed = list(found)
        for statement, cue in [*((s, None) for s in free), *by_verb, *((s, None) for s in attached)]:
            if statement is None or _overlaps(pending, statement.start, statement.end) \
                    or (cue is not None and self._continues_statement(statement, cue, placed)):
                continue
            cue_at = -1 if cue is None else cue.idx
            placed = _placed(statement, placed, self.layout.text, self._leads_into_quotes(statement, cue_at))
        return placed

    def _continues_statement(self, statement: Statement, cue: Token, placed: list[Statement]) -> bool:
        """A participle taking a position after its speaker's statement in the same sentence goes on
        with it ('declares that he "does not seek weapons", calling for respect'): not a statement
        of its own; ', saying that ...' reports a clause of its own."""
        if cue.tag_ != "VBG" or any(c.dep_ == "aux" for c in cue.children):
            return False
        sentence_start = cue.sent.start_char
        earlier = any(s.start >= sentence_start and s.end <= cue.idx and same_speaker(s.speaker, statement.speaker)
                      for s in placed)
        return earlier and reported_content(cue, self.cues) is None

    def _leads_into_quotes(self, statement: Statement, cue_at: int) -> bool:
        """Whether what a statement reports leads into quoted words: a clause after its verb ('added
        that ..., because "..."'), or words with no verb of their own that open the quote's sentence
        ('With thousands of systems, "there is no single point of failure," he said')."""
        if cue_at < statement.start:
            return True
        tokens = self.layout.tokens_between(statement.start, statement.end)
        opening = next((i for i in tokens if self.layout.region_of[i] >= 0), tokens.stop)
        before = [self.doc[i] for i in range(tokens.start, opening)]
        return bool(before) and not any(t.pos_ in VERB_POS or t.pos_ == "AUX" for t in before)

    def _reports_on_its_own(self, verb: Token) -> bool:
        """A speech verb with a clause of its own: 'according to X, he told him that ...'."""
        return self.cues.is_speech(verb) and reported_content(verb, self.cues) is not None

    def _cue_tokens(self) -> tuple[list[Token], list[Token]]:
        """Speech-verb candidates and attribution-phrase starts outside quote marks, found on the
        doc's arrays so that only they become Token objects."""
        if not len(self.doc):
            return [], []
        lemmas, lowers = self.doc.to_array(["LEMMA", "LOWER"]).T.tolist()
        outside = [i for i, region in enumerate(self.layout.region_of) if region < 0]
        verbs = [self.doc[i] for i in outside if lemmas[i] in self.cues.reporting_ids]
        phrases = [self.doc[i] for i in outside if lowers[i] in self.cues.phrase_ids]
        return verbs, phrases

    def _by_verb(self, verb: Token) -> Statement | None:
        """A statement reported by a verb of saying, thinking or finding ('believes that ...'), or
        a position taken ('wants to ...', 'called for ...')."""
        content = reported_content(verb, self.cues) if self.cues.reports_clause(verb) else None
        if content is None and self.cues.is_position(verb):
            content = position_content(verb)  # ', calling for ...' goes on with the sentence's statement
        if content is None and self.cues.takes_object(verb) and _active(verb) and not self._relays(verb) \
                and self._holds_views(verb):
            content = object_content(verb, verb.lemma_.lower() in self.cues.naming)  # not the writer's
        if content is None and self.cues.finds_object(verb) and _active(verb) and self._is_text(verb):
            content = object_content(verb, finding=True)  # 'polls show [a close race]'
        if content is None or hedged(verb):
            return None
        if not self.cues.is_speech(verb) and not self._holds_views(verb):
            return None
        speaker = self._relayed_source(verb) or self.speakers.verb_speaker(verb)
        return self._indirect(content, speaker, cue_text(verb), verb.i)

    def _holds_views(self, verb: Token) -> bool:
        """Whether a verb of thinking, finding or a position attributes a statement to its subject:
        a person, a body or a text, named or described; not the writer ('we see that ...' is the
        article's own voice) nor a state or place as an example ('after Gaza, Iran proves that')."""
        subject = self.speakers.subject_of(verb)
        if subject is None or subject.lower_ in FIRST_PERSON:
            return False
        mention = self.layout.mention_of[subject.i]
        if mention is not None and mention.actor in self.layout.actors:
            return self.layout.actors[mention.actor].kind != "state"
        named = subject.pos_ == "PROPN" and subject.ent_type_ not in PLACE_ENTITIES  # a name the KB does not know
        return named or subject.lower_ in SPEAKING_PRONOUNS | GROUP_PRONOUNS \
            or self.speakers.nouns.names_speaker(subject.lemma_.lower())

    def _relays(self, verb: Token) -> bool:
        """', citing a Kremlin source': a source relayed (`according_to` reads it), not a reason
        given (', citing a threat to public health')."""
        if verb.lower_ not in RELAY_WORDS:
            return False
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj is None or obj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} \
            or self.speakers.nouns.names_speaker(obj.lemma_.lower())

    def _is_text(self, verb: Token) -> bool:
        """Whether a verb's subject is a text, a study or data ('the video shows ...'), not a person
        showing something."""
        subject = self.speakers.subject_of(verb)
        return subject is not None and subject.lemma_.lower() in self.cues.finding_nouns

    def _relayed_source(self, verb: Token) -> Speaker | None:
        """'Agencies, citing a Kremlin source, reported that ...': the source, not the relay."""
        for child in verb.children:
            found = self.cues.according_at(child) if child.lower_ in RELAY_WORDS else None
            if found is not None:
                return self.speakers.resolve(found[1])
        return None

    def _by_phrase(self, token: Token) -> Statement | None:
        found = self.cues.according_at(token)
        if found is None:
            return None
        phrase, obj = found
        excluded = {t.i for t in self.doc[token.i:obj.i + 1]} | {t.i for t in _source_words(token, obj)}
        if token.i > 0 and self.doc[token.i - 1].text == ",":
            excluded.add(token.i - 1)  # "..., according to officials, but ..." keeps one comma
        sentence = token.sent
        opens = all(t.is_punct or t.is_space for t in self.doc[sentence.start:token.i])
        head = self._phrase_head(token)
        scope = sentence if opens or head.i == token.i else head.subtree
        if not opens:  # "According to officials, the talks collapsed, but ..." is theirs entirely
            excluded |= _narrative_conjuncts(head)
        # in text order: a subtree with crossing arcs (the parser can make them) is not iterated in it
        content = sorted((t for t in scope if t.i not in excluded), key=lambda t: t.i)
        return self._indirect(content, self.speakers.resolve(obj), phrase)

    def _phrase_head(self, token: Token) -> Token:
        """The predicate an attribution phrase qualifies: its head in the parse, or the verb right
        after it when it stands between commas ('he met Putin and, according to the UN, told him')."""
        found = self.cues.according_at(token)
        if found is None:
            return token.head
        after = found[1].right_edge.i + 1
        while after < len(self.doc) and (self.doc[after].is_punct or self.doc[after].is_space):
            after += 1
        if after < len(self.doc) and self.doc[after].pos_ == "VERB" and self.doc[after - 1].text == ",":
            return self.doc[after]
        return token.head

    def _indirect(self, content: list[Token], speaker: Speaker | None, cue: str,
                  verb: int | None = None) -> Statement | None:
        """The statement of the reported words: the article's text from the first to the last,
        with their own spans when words of the sentence between them were left out ('The talks,
        he said, had failed')."""
        words = trim_clause(content, verb)
        if speaker is None or sum(t.is_alpha for t in words) < 3:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        runs = [[words[0]]]
        for before, word in pairwise(words):
            if word.i == before.i + 1:
                runs[-1].append(word)
            else:
                runs.append([word])
        spans = [(run[0].idx, run[-1].idx + len(run[-1])) for run in runs] if len(runs) > 1 else []
        return Statement("indirect", self.layout.text[start:end], start, end, speaker, cue, spans)


# ---- what a speech verb reports -------------------------------------------------------------
def hedged(verb: Token) -> bool:
    """A speech verb that reports no statement made: negated, modal, an infinitive, conditional."""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and (child.lower_ in MODALS or (child.tag_ == "TO" and not _goes_on(verb))):
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
            return True
    return False


def _as_attribution(verb: Token) -> bool:
    """'..., as the minister said on Monday', 'as a memo put it': after the clause it hangs on, with
    a subject of its own and nothing else said or done ('as she called for a vote', 'as he welcomed
    the guests' and 'failed as predicted' are no attributions)."""
    if verb.dep_ != "advcl" or not any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in verb.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and all(
        c.dep_ not in AS_EXTRA_DEPS and (c.dep_ != "dobj" or c.lower_ == "it")
        and (c.dep_ != "prep" or c.lower_ in SETTING_PREPOSITIONS) for c in verb.children)


def _goes_on(verb: Token) -> bool:
    """An infinitive that goes on with what its subject did: 'went on to say', 'proceeded to add',
    or the purpose of a deed done ('took to Twitter to accuse', 'called a news conference to deny')."""
    if verb.dep_ not in {"xcomp", "advcl"} or hedged(verb.head):
        return False
    return verb.head.lemma_ in GOING_ON or (verb.dep_ == "advcl" and verb.head.tag_ == "VBD")


def reported_content(verb: Token, cues: Cues) -> list[Token] | None:
    """The clause a speech verb reports: its clausal complement (or the 'that' clause of the
    statement it was made in), or the sentence around a parenthetical ('The talks, he said, had
    failed', 'the economy grew, as the minister said'); without any clause that reports a statement
    of its own ('..., saying ...')."""
    clause = _complement(verb, cues)
    around = _parenthetical(verb) if clause is None or clause.i < verb.i else None
    if around is not None:  # 'The talks, he said, had failed': the sentence around the attribution
        clause, tokens = None, around
    elif clause is not None:
        first = next((t for t in clause.subtree if not t.is_punct), None)
        if first is None or (first.lower_ in QUESTION_WORDS and not _named_in_words(first, clause, cues)
                             and verb.lemma_.lower() not in cues.questions):
            return None
        story = _narrative_conjuncts(clause)
        tokens = [t for t in clause.subtree if t.i not in story]
        # a clause the parse split in two ('that Iran would stop provided Israel | stopped ...')
        for extra in (c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.i > verb.i):
            tokens.extend(extra.subtree)
    elif verb.dep_ == "parataxis" or _as_attribution(verb):
        inside = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in inside]
    else:
        return None
    # ('too early to say what caused it' is no statement of its own: it stays)
    nested = {t.i for other in tokens if other.i != (clause.i if clause is not None else -1)
              and cues.is_speech(other) and not hedged(other) and _complement(other, cues) is not None
              for t in other.subtree}
    return sorted((t for t in tokens if t.i not in nested), key=lambda t: t.i)


def _parenthetical(verb: Token) -> list[Token] | None:
    """The words of a sentence on both sides of an attribution set off by commas in its middle
    ('Though the change was smooth, he said, replacing her would be bitter'; 'The middle fifth
    paid 8.9 percent, the agency said in a report, and the bottom fifth 0.8 percent')."""
    subject = next((c for c in verb.lefts if c.dep_ in NOMINAL_SUBJECT_DEPS), None)
    right = next((c for c in verb.rights if c.text == ","), None)
    if subject is None or right is None or any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return None
    left = subject.left_edge.i - 1
    sentence = verb.sent
    if left <= sentence.start or verb.doc[left].text != ",":
        return None
    if any(c.dep_ not in ATTRIBUTION_DEPS or (c.dep_ == "dobj" and c.pos_ != "PRON")
           for c in verb.children if left < c.i < right.i):
        return None  # 'A defender of the network, Lee likened it to the BBC, which ...' says more
    before = [t for t in sentence if t.i < left]
    after = [t for t in sentence if t.i > right.i]
    if sum(t.is_alpha for t in before) < MIN_SIDE_WORDS or not any(t.tag_ in FINITE_TAGS for t in after):
        return None
    if before[0].pos_ in {"ADP", "ADV"} and not any(t.tag_ in FINITE_TAGS for t in before):
        return None  # 'On Thursday, Lee said, ...': a setting, not part of what is said
    return before + after


def _named_in_words(first: Token, clause: Token, cues: Cues) -> bool:
    """'condemned [what he called a "brazen breach"]': not a question but what someone's words name."""
    return first.lower_ == "what" and cues.is_speech(clause)


def position_content(verb: Token) -> list[Token] | None:
    """What a position verb stands for: its infinitive ('vowed [to rebuild the bridge]'), with the
    one urged to it ('urged [parliament to act]'), or the object of its 'for' ('called for [a
    ceasefire]')."""
    infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in VERB_POS
                       and any(a.tag_ == "TO" for a in c.children)), None)
    if infinitive is not None:
        urged = [c for c in verb.children if c.dep_ == "dobj" and c.i < infinitive.i]
        return sorted((t for part in [*urged, infinitive] for t in part.subtree), key=lambda t: t.i)
    target = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and not any(
        o.dep_ in {"dobj", "oprd"} and o.i < c.i for o in verb.children)), None)  # not 'called it X for Y'
    objects = [c for c in target.children if c.dep_ in {"pobj", "pcomp"}] if target is not None else []
    return sorted((t for t in objects[0].subtree), key=lambda t: t.i) if objects else None


def _active(verb: Token) -> bool:
    """Not a passive ('is cited'): its subject is not the one who says."""
    return not any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def object_content(verb: Token, naming: bool = False, finding: bool = False) -> list[Token] | None:
    """What an object-taking verb says: its object with what is said of it ('called [the charges
    baseless]', 'cited [rising rents as the reason]', 'criticized [the plan for its cost]'), or the
    one it calls on with the infinitive ('called on [the council to act]'), up to a comma the verb
    itself takes (', saying ...' goes on with the story). A `naming` verb needs more than its object;
    a `finding` is all that follows its verb ('polls show [Lee with a lead in the low single digits]')."""
    parts = [c for c in verb.rights if c.dep_ in OBJECT_PARTS
             or (c.dep_ == "prep" and (finding or c.lower_ in OBJECT_PREPOSITIONS) and c.i > verb.i)
             or (finding and c.dep_ in {"advmod", "npadvmod"})]
    if not any(c.dep_ in {"dobj", "xcomp"} or c.lower_ == "on" for c in parts):
        return None
    if naming and all((c.dep_ == "dobj" and not _named_as(c)) or (c.dep_ == "prep" and c.lower_ == "for")
                      for c in parts):
        return None  # 'called a meeting (for Friday)'
    breaks = [c.i for c in verb.rights if c.text in {",", ";", ":", "\u2014", "--"} and c.i > parts[0].i]
    end = min([*breaks, parts[-1].right_edge.i + 1])
    doc = verb.doc  # ', where ...' describes the object, in the writer's words
    end = next((t.i for t in doc[parts[0].i:end] if t.text == "," and t.i + 1 < end
                and doc[t.i + 1].tag_ in {"WRB", "WDT", "WP", "WP$"}), end)
    start = parts[0].left_edge.i + (parts[0].lower_ == "on")  # 'called on [the council to act]'
    tokens = list(verb.doc[start:end])
    return tokens if tokens else None


def _named_as(obj: Token) -> bool:
    """An object the parse gave what it is called: 'called [the terms unfair]', 'called [him a liar]'."""
    return any(c.pos_ in {"ADJ", "NOUN", "PROPN"} and c.dep_ != "compound" for c in obj.rights)


def _narrative_conjuncts(clause: Token) -> set[int]:
    """', and Tokyo summoned the ambassador' after a reported clause: a conjunct with a subject of
    its own, set off by a comma and without a 'that' of its own, goes on with the story rather
    than the statement."""
    found: set[int] = set()
    for conj in (c for c in clause.children if c.dep_ == "conj" and c.pos_ in VERB_POS):
        own_subject = any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in conj.children)
        that = any(c.dep_ == "mark" for c in conj.children)
        start = conj.left_edge.i
        cc = max((c for c in clause.children if c.dep_ == "cc" and c.i < start), key=lambda c: c.i, default=None)
        if own_subject and not that and cc is not None and cc.i > 0 and clause.doc[cc.i - 1].text == ",":
            found.update(t.i for t in conj.subtree)
            found.add(cc.i - 1)
            found.add(cc.i)
    return found


def _complement(verb: Token, cues: Cues) -> Token | None:
    """A speech verb's reported clause: its ccomp, or a 'that' clause the parse hung on a noun
    after it ('said in a statement that ...', 'said on Tuesday that ...'). Of two clauses, the one
    after the verb ('It is unlikely; the team says she will go on' reports the second)."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return next((c for c in clauses if c.i > verb.i), clauses[0])
    for noun in _hung_nouns(verb):
        that = next((c for c in noun.children if that_clause(c) or (
            c.dep_ in {"acl", "ccomp"} and _has_that(c) and (cues.is_noun(noun) or _has_subject(c)))), None)
        if that is not None:
            return that
    return None


def _hung_nouns(verb: Token) -> Iterator[Token]:
    """The nouns a 'that' clause may have been hung on after a verb: a preposition's object ('said
    on Tuesday that'), its own object ('told a meeting that') and the objects of that object's
    prepositions ('told a meeting of leaders that')."""
    for child in verb.children:
        if child.dep_ == "prep":
            yield from (c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in {"dobj", "dative"} and child.i > verb.i:
            yield child
            for prep in (c for c in child.children if c.dep_ == "prep"):
                yield from (c for c in prep.children if c.dep_ == "pobj")


def _has_subject(clause: Token) -> bool:
    return any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in clause.children)


def _has_that(clause: Token) -> bool:
    return any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children)


def that_clause(clause: Token) -> bool:
    """A 'that' clause misread as a relative clause: 'that' is not its subject or object, and it
    has a subject of its own ('said on Tuesday that Moscow was ready')."""
    if clause.dep_ != "relcl":
        return False
    that = next((c for c in clause.children if c.lower_ == "that" and c.i < clause.i), None)
    return that is not None and that.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj"} and any(
        c.dep_ in CLAUSE_SUBJECT_DEPS and c.i != that.i for c in clause.children)


def trim_clause(tokens: list[Token], verb: int | None = None) -> list[Token]:
    """Drop the punctuation at either end of a reported clause and its complementiser: a 'that'
    marked so, or opening a clause that follows its verb (the parser often takes it for a
    determiner: 'warned that famine is imminent')."""
    words = [t for t in tokens if not t.is_space]
    while words and words[0].is_punct:
        words = words[1:]
    if words and words[0].lower_ == "that" and (words[0].dep_ == "mark" or (
            verb is not None and words[0].i > verb and words[0].dep_ not in NOMINAL_SUBJECT_DEPS)):
        words = words[1:]
    while words and words[0].is_punct:  # 'said that, in his view, ...'
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words = words[:-1]
    return words


def _source_words(phrase: Token, obj: Token) -> list[Token]:
    """The words naming the source of 'according to X': its phrase's object, but only up to a comma
    when the parse made the phrase the sentence's root and hung the clause on the source ('According
    to Bell, the move reeks of fear', with 'reeks' read as a noun)."""
    words = list(obj.subtree)
    if phrase.dep_ != "ROOT":
        return words
    comma = next((t.i for t in words if t.text == "," and t.i > obj.i), None)
    return [t for t in words if comma is None or t.i < comma]


def _placed(statement: Statement, found: list[Statement], text: str, after_cue: bool) -> list[Statement]:
    """`found` with an indirect statement added, unless it overlaps one already there. Partial
    quotes that start inside what it reports are its quoted words: of the same speaker and verb,
    the partial quote stands for it; of the same speaker, they and it are one partial statement
    ('reports that the team stayed away "to keep it quiet"'); of another speaker, both stand
    ('said that Lee had called the plan "reckless"' is the speaker's statement and Lee's words).
    So are the speaker's direct quotes that a clause reported `after_cue` leads into ('added that
    turnout is low, which is a problem because, "In the end, ..."'); a clause read around its verb
    ('"...," she said.') is the quote itself."""
    inside = [s for s in found if s.start < statement.end and statement.start < s.end]
    same = [s for s in inside if same_speaker(s.speaker, statement.speaker)]
    leads_into = after_cue and all(s.start > statement.start for s in same)
    if any(s.start < statement.start or (s.kind != "partial" and not (leads_into and any(s is t for t in same)))
           for s in inside):
        return found
    if not same:
        return [*found, statement]
    if any(s.cue == statement.cue and s.kind == "partial" for s in same):
        return found  # the partial quote read its verb's content already
    quoted_end = max(s.end for s in same)
    quoted_end += text[quoted_end:quoted_end + 1] in CLOSING_MARKS  # a quote's own words end before its mark
    end = _end_before_break(text, quoted_end, statement.end)
    spans = sorted({span for s in same for span in s.spans or [(s.start, s.end)]})
    speaker = statement.speaker if statement.speaker.actor or not same[0].speaker.actor else same[0].speaker
    merged = Statement("partial", text[statement.start:end], statement.start, end, speaker, statement.cue, spans)
    return [*(s for s in found if not any(s is t for t in same)), merged]


def _end_before_break(text: str, quoted_end: int, clause_end: int) -> int:
    """Where a reported clause ends after its last quoted words: at its own end, or before its
    first break (', leaving the delegation to wait' goes on with the story)."""
    after = CLAUSE_BREAK.search(text, quoted_end, max(quoted_end, clause_end))
    if after is None:
        return max(quoted_end, clause_end)
    return quoted_end + len(text[quoted_end:after.start()].rstrip())


def same_speaker(one: Speaker, other: Speaker) -> bool:
    if one.actor is not None and one.actor == other.actor:
        return True
    return one.text.lower() == other.text.lower()


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)
