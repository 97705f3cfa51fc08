"""Stance: each lexicon word counts toward the actor it is grammatically about; the learned
reading, one per sentence, is pooled with weak cues; all in the source's own voice."""

from __future__ import annotations

from functools import partial

import pytest

from rashomon.components.extensions import doc_actors
from rashomon.components.stance import (
    ABSTAIN,
    CLEAR_CUES,
    MIN_CLEAR_CUES,
    SMOOTHING,
    _cue_evidence,
    _read_mentions,
    _summary,
    quoted_tokens,
    word_polarity,
)
from rashomon.components.stance_model import Words, mention_features
from rashomon.data_files import line_of, read_data

pytestmark = pytest.mark.model


def stance(document, name: str) -> float:
    row = next((s for s in document.stance if s.actor.name == name), None)
    assert row is not None, f"no stance row for {name}: {[s.actor.name for s in document.stance]}"
    return row.score


def lexicon_score(nlp, text: str, name: str) -> float:
    """The lexicon's reading alone (its cues' polarities summed), without the learned prior."""
    doc = nlp(text)
    actor = next(key for key, info in doc_actors(doc).items() if info.name == name)
    lex = nlp.get_pipe("rashomon_stance").lexicon
    cues = _cue_evidence(lex, doc, quoted_tokens(doc), Words(doc, partial(word_polarity, lex)).starts)
    return sum(polarity for _, polarity, _ in cues.get(actor, []))


@pytest.mark.parametrize(("text", "actor", "sign"), [
    # an adjective predicated of the actor's possession
    ("Moscow spoke first. Putin's answer was cold and evasive, and Putin changed the subject.",
     "Vladimir Putin", -1),
    # an adverb on the actor's verb
    ("Putin met Erdogan. Putin cynically abandoned his partners in Damascus.", "Vladimir Putin", -1),
    # the object of a harmful act is its victim
    ("Russia launched another massive attack on Ukraine overnight. Ukraine buried its dead.", "Ukraine", 1),
    ("Russia continued its brutal war against Ukraine. Ukraine asked for more air defence.", "Ukraine", 1),
    # an attitude judges what it is about, not who holds it
    ("Tehran is deeply unhappy with Moscow. Diplomats say Moscow has offered nothing.", "Russia", -1),
    ("Qatar won praise for its mediation. Qatar hosted both delegations.", "Qatar", 1),
    # words praising the actor
    ("Kyiv's brave and resilient defenders held the city. Kyiv did not fall.", "Ukraine", 1),
    # a thing that 'came from' the actor is the actor's
    ("The flood hit the valley on Sunday. The most generous help came from Austria.", "Austria", 1),
    ("The border stayed quiet for a week. Then a cowardly attack came from Belarus.", "Belarus", -1),
])
def test_stance_lexicon_sign_follows_the_grammar(nlp, text, actor, sign):
    assert lexicon_score(nlp, text, actor) * sign > 0


def test_stance_verbal_attack_on_a_person_is_no_harm(nlp):
    text = "Senator Warren attacked Jamie Dimon over the bailout. Dimon answered on Tuesday."
    assert lexicon_score(nlp, text, "Jamie Dimon") == 0 and lexicon_score(nlp, text, "Warren") == 0
    assert lexicon_score(nlp, "Russia attacked Ukraine again. Ukraine asked for help.", "Ukraine") > 0


def test_stance_word_about_another_actor_does_not_spill_over(nlp):
    text = ("The brutal regime in Damascus fell after Turkey stepped in. "
            "Turkey and Syria now talk, and Syria's new rulers visit Turkey.")
    assert lexicon_score(nlp, text, "Turkey") == 0


def test_stance_ignores_words_inside_quotes(nlp):
    text = ('Iran said the strikes were "criminal, reckless and cowardly aggression". '
            "Israel rejected the claim. Israel said the operation would continue.")
    assert lexicon_score(nlp, text, "Israel") >= 0


def test_stance_negation_reverses_a_word(nlp):
    assert lexicon_score(nlp, "Germany was not reliable in the crisis. Germany later sent tanks.", "Germany") < 0
    text = "Germany was never a reckless actor in the crisis. Germany later sent tanks."
    assert lexicon_score(nlp, text, "Germany") > 0


def test_stance_relational_noun_does_not_judge_its_possessor(nlp):
    assert lexicon_score(nlp, "Iran cannot fight all of its enemies at once. Iran needs time.", "Iran") == 0


def test_stance_rows_carry_role_and_evidence(analyse_text):
    document = analyse_text("Russia's brutal aggression against Georgia shocked Europe. "
                            "Russia denied everything.")
    row = next(s for s in document.stance if s.actor.name == "Russia")
    assert row.score < 0 and row.role == "antagonist" and row.subrole in {"instigator", "tyrant"}
    assert row.sentences and "aggression" in row.sentences[0]


def test_stance_lexicon_is_well_formed():
    data = read_data("stance.yaml").data
    fine_roles = {r for fines in data["roles"].values() for r in fines}
    seen = set()
    for term in data["terms"] + data["attitudes"]:
        lemma = str(term["lemma"]).lower()
        assert lemma not in seen, f"duplicate term {lemma!r} (line {line_of(term)})"
        seen.add(lemma)
        assert -1 <= float(term["polarity"]) <= 1, lemma
        assert term.get("role") is None or term["role"] in fine_roles, lemma
    keys = ("negators", "harms", "verbal_harms", "neutral", "relational", "object_prepositions",
            "attitude_prepositions")
    lists = {key: data[key] for key in keys} | {f"epithets.{k}": data["epithets"][k] for k in ("government", "any")}
    for key, words in lists.items():
        assert words and all(isinstance(w, str) and w for w in words), key


@pytest.mark.parametrize(("text", "actor", "sign"), [
    ("The talks opened in Vienna on Monday. Hungary was widely praised for its generous and patient mediation.",
     "Hungary", 1),
    ("The talks opened in Vienna on Monday. Belarus was condemned for its brutal crackdown and its lies about "
     "the election.", "Belarus", -1),
])
def test_stance_actor_mentioned_once_gets_a_row_when_judged(analyse_text, text, actor, sign):
    assert stance(analyse_text(text), actor) * sign > 0


def test_stance_abstains_on_neutral_reporting(analyse_text):
    document = analyse_text("Finland hosted the meeting on Tuesday. Officials from Sweden attended the meeting "
                            "in Helsinki.")
    assert all(row.score == 0 for row in document.stance)


@pytest.mark.parametrize("text", [
    'Putin said the Western leaders were "liars, thieves and criminals who have destroyed Europe". '
    "Putin spoke for an hour.",
    "Putin said Western leaders were liars and thieves who had destroyed Europe. Putin spoke for an hour.",
])
def test_stance_a_speakers_own_words_do_not_judge_the_speaker(analyse_text, text):
    assert stance(analyse_text(text), "Vladimir Putin") >= 0


def test_stance_model_reads_the_mention_in_its_sentence(nlp):
    from rashomon.knowledge import load_knowledge

    lex = load_knowledge().stance
    doc = nlp.make_doc("Analysts praised Hungary for its generous mediation, and Belarus for nothing.")
    for name, proc in nlp.pipeline:
        if not name.startswith("rashomon"):
            doc = proc(doc)
    hungary = doc[2:3]
    features = mention_features(hungary, set(), Words(doc, partial(word_polarity, lex)))
    assert features["as:dobj|praise"] == 1 and "w:hungary" not in features
    negative, _, positive = lex.model.probabilities(features)
    assert positive > negative


@pytest.mark.parametrize("text", [
    "Mayor Ines Cardoso said the plan was a cruel and shameful failure. Cardoso flew home on Friday.",
    'Mayor Ines Cardoso called the plan "a cruel and shameful failure". Cardoso flew home on Friday.',
    "The plan was a cruel and shameful failure, Mayor Ines Cardoso said. Cardoso flew home on Friday.",
])
def test_stance_model_does_not_read_a_speakers_own_sentence(nlp, text):
    """The sentence that reports an actor speaking is the tone of what they said, not the source's
    view of them: only the other sentence is read."""
    doc = nlp(text)
    lex = nlp.get_pipe("rashomon_stance").lexicon
    actor = next(key for key, info in doc_actors(doc).items() if "Cardoso" in info.name)
    read = _read_mentions(lex, doc, quoted_tokens(doc), Words(doc, partial(word_polarity, lex)))
    second = list(doc.sents)[1].start
    assert [start for start, _ in read[actor]] == [second]


SUMMARY_TEXT = ("The council met in Oslo on Monday. The mayor spoke first. The mayor left early. "
                "The budget passed late.")


def summarised(nlp, cues, readings):
    """The stance row `_summary` makes from hand-made evidence: cues as (sentence number, polarity,
    role), readings as (sentence number, reading)."""
    doc = nlp(SUMMARY_TEXT)
    lex = nlp.get_pipe("rashomon_stance").lexicon
    words = Words(doc, partial(word_polarity, lex))
    starts = [sentence.start for sentence in doc.sents]
    return _summary(lex, words, "mayor", [(starts[i], p, role) for i, p, role in cues],
                    [(starts[i], r) for i, r in readings])


def test_stance_a_clear_lexicon_reading_decides(nlp):
    row = summarised(nlp, [(0, -0.6, None), (3, -0.4, None)], [(1, 0.9), (2, 0.9)])
    assert abs(-1.0 / (2 + SMOOTHING)) >= CLEAR_CUES and MIN_CLEAR_CUES <= 2
    assert row.score == round(-1.0 / (2 + SMOOTHING), 3)
    assert row.sentences == ["The council met in Oslo on Monday.", "The budget passed late."]


def test_stance_one_strong_word_is_no_clear_reading(nlp):
    row = summarised(nlp, [(0, -0.6, None)], [(1, 0.9), (2, 0.9)])
    assert abs(-0.6 / (1 + SMOOTHING)) >= CLEAR_CUES and MIN_CLEAR_CUES > 1
    assert row.score == round((-0.6 + 0.9 + 0.9) / (3 + SMOOTHING), 3) > 0


def test_stance_a_weak_cue_is_pooled_with_the_model_readings(nlp):
    row = summarised(nlp, [(0, 0.2, None)], [(1, -0.8), (2, -0.7)])
    assert row.score == round((0.2 - 0.8 - 0.7) / (3 + SMOOTHING), 3) < 0
    assert row.sentences == ["The mayor spoke first.", "The mayor left early."]  # strongest first


def test_stance_abstains_when_the_pooled_score_is_near_zero(nlp):
    row = summarised(nlp, [], [(1, 0.3), (2, -0.2)])
    assert abs(0.1 / (2 + SMOOTHING)) < ABSTAIN and row.score == 0 and row.role is None
    assert row.sentences  # still the sentences that mention the actor


def test_stance_a_lexicon_role_against_the_score_is_dropped(nlp):
    row = summarised(nlp, [(0, -0.1, "tyrant")], [(1, 0.9), (2, 0.8), (3, 0.9)])
    assert row.score > 0 and row.role != "antagonist" and row.subrole is None
    row = summarised(nlp, [(0, -0.9, "tyrant")], [])
    assert row.role == "antagonist" and row.subrole == "tyrant"


def test_stance_model_reads_each_sentence_once(nlp):
    doc = nlp("Sweden's navy and Sweden's coast guard searched the waters off Sweden on Monday. "
              "Sweden found nothing.")
    lex = nlp.get_pipe("rashomon_stance").lexicon
    sweden = next(key for key, info in doc_actors(doc).items() if info.name == "Sweden")
    readings = _read_mentions(lex, doc, quoted_tokens(doc), Words(doc, partial(word_polarity, lex)))[sweden]
    assert sorted(start for start, _ in readings) == [sentence.start for sentence in doc.sents]
