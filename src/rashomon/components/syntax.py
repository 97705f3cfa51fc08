"""Closed classes of the dependency parse that several stages read, defined once.

spaCy's English models label dependencies with ClearNLP's scheme; these sets are in its terms.
A stage that needs a different set gives it a name of its own that says how it differs."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

# The subject of a clause (a passive subject is `nsubjpass`, read separately where it matters).
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Words that open a relative clause and stand for the noun it modifies.
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
# Subordinators that make a clause a condition.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# A verb or an auxiliary: what heads a clause.
VERB_POS = frozenset({"VERB", "AUX"})
# A noun phrase as a clause's subject, active or passive.
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def climb(token: Token, going_on: Callable[[Token], bool]) -> Token:
    """The first token up the heads from `token` (itself included) where `going_on` stops holding,
    else the root. At most one step per token of the document: spaCy accepts a head array with a
    cycle, and a walk over one must still end."""
    for _ in range(len(token.doc)):
        if token.head.i == token.i or not going_on(token):
            return token
        token = token.head
    return token
