"""Stance: each evaluative word counts toward the actor it is grammatically about."""

from __future__ import annotations

import pytest

from rashomon.data_files import line_of, read_data

pytestmark = pytest.mark.model


def stance(document, name: str) -> float:
    row = next((s for s in document.stance if s.actor.name == name), None)
    assert row is not None, f"no stance row for {name}: {[s.actor.name for s in document.stance]}"
    return row.score


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
])
def test_stance_sign_follows_the_grammar(analyse_text, text, actor, sign):
    assert stance(analyse_text(text), actor) * sign > 0


def test_stance_word_about_another_actor_does_not_spill_over(analyse_text):
    document = analyse_text("The brutal regime in Damascus fell after Turkey stepped in. "
                            "Turkey and Syria now talk, and Syria's new rulers visit Turkey.")
    assert stance(document, "Turkey") == 0


def test_stance_ignores_words_inside_quotes(analyse_text):
    document = analyse_text('Iran said the strikes were "criminal, reckless and cowardly aggression". '
                            "Israel rejected the claim. Israel said the operation would continue.")
    assert stance(document, "Israel") >= 0


def test_stance_negation_reverses_a_word(analyse_text):
    document = analyse_text("Germany was not reliable in the crisis. Germany later sent tanks.")
    assert stance(document, "Germany") < 0
    document = analyse_text("Germany was never a reckless actor in the crisis. Germany later sent tanks.")
    assert stance(document, "Germany") > 0


def test_stance_relational_noun_does_not_judge_its_possessor(analyse_text):
    document = analyse_text("Iran cannot fight all of its enemies at once. Iran needs time.")
    assert stance(document, "Iran") == 0


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
    lists = {key: data[key] for key in ("negators", "harms", "neutral", "relational", "object_prepositions",
                                        "attitude_prepositions")} | {f"epithets.{k}": data["epithets"][k]
                                                                     for k in ("government", "any")}
    for key, words in lists.items():
        assert words and all(isinstance(w, str) and w for w in words), key
