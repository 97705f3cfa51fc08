"""The phrase tables the actors stage matches, built from the knowledge base with the knowledge
(and kept in its compiled cache)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ...kb import LEADING_THE, KnowledgeBase, surface_key
from ..phrases import PhraseTable, PhraseTokenizer


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
