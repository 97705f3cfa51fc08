"""Actor resolution: every way a text names a person, state or organisation, resolved against the
knowledge base on the document's date, and grouped per document.

Order of work (later steps never override earlier, longer matches):
1. knowledge-base names, aliases, demonyms and metonyms (phrase tables, capitalisation kept);
2. office titles with or without a name ("Russian President Putin", "Iran's foreign minister");
3. people the KB does not know (spaCy PERSON entities), with the role an apposition gives them;
4. pronouns (he/she/his/her, its) by salience over the preceding sentences; they/them/their for a
   plural antecedent in the same or the previous sentence ("Sweden and Finland", "UN officials").

Places the knowledge base knows ("Haifa", "Fordow") are not actors: they go to
`doc._.rashomon_places` with their state, for the events stage, and keep a name such as
"Al Udeid" from being taken for an unknown person.

Modules: `resolver` (the component), `tables` (what is matched), `names` (steps 1 and 3),
`titles` (2), `coreference` (4, and descriptions such as "the country"), `mentions` (the actor
records, and `add_implied_actors` for actors a later stage finds); the records are `records.Mention`,
`records.ActorInfo` and `records.PlaceMention`.
"""

from .mentions import add_implied_actors, known_actor_record
from .resolver import ActorResolver
from .tables import ActorTables

__all__ = ["ActorResolver", "ActorTables", "add_implied_actors", "known_actor_record"]
