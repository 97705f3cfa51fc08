"""PLOVER event coding: lexicon checks, rules on hand-built parses, and (marked) the English model.

Hand-built docs give each token as word/lemma/POS/tag/dep/head (head = absolute token index), with
the actor mentions the actors component would have found."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc, Span

from rashomon.components.events import EventExtractor
from rashomon.components.events.lexicon import _verb_entry
from rashomon.components.extensions import register_extensions, stage_failures
from rashomon.components.records import ActorInfo, EventRecord, Evidence, Mention
from rashomon.data_files import Record, read_data
from rashomon.errors import KnowledgeBaseError
from rashomon.knowledge import load_knowledge

VOCAB = English().vocab  # lexical attributes (lower_, like_num) need the language's getters
STATES = {"ISR": "Israel", "IRN": "Iran", "RUS": "Russia", "UKR": "Ukraine", "KAZ": "Kazakhstan",
          "USA": "United States"}
# The quad classes the project's scorer uses (../shared/eval/score.py).
QUADS = {"AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
         "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
         "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
         "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
         "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
         "ASSAULT": "material_conflict"}


@pytest.fixture(scope="module")
def extractor():
    register_extensions()
    component = EventExtractor(None)  # type: ignore[arg-type]
    component.initialize()
    return component


def parsed(spec: str, mentions: dict[int, str], published: str | None = "2025-06-19",
           dates: tuple[tuple[int, int], ...] = ()) -> Doc:
    """A Doc from 'word/lemma/POS/tag/dep/head ...' with mentions {token index: state id}."""
    rows = [item.split("/") for item in spec.split()]
    doc = Doc(VOCAB, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
              tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[int(r[5]) for r in rows])
    doc.ents = [Span(doc, start, end, label="DATE") for start, end in dates]
    doc._.rashomon_published = published
    doc._.rashomon_mentions = [Mention(i, i + 1, a, "name") for i, a in mentions.items()]
    doc._.rashomon_actors = {a: ActorInfo(name=STATES[a], kind="state", country=a, sector=None, wikidata=None,
                                          title=None, known=True, gender=None) for a in mentions.values()}
    return doc


def only(doc: Doc) -> EventRecord:
    assert len(doc._.rashomon_events) == 1, doc._.rashomon_events
    return doc._.rashomon_events[0]


# ---- the data files -------------------------------------------------------------------------
def test_events_plover_types_quads_and_decisions():
    types = read_data("plover.yaml").data["types"]
    names = set(types)
    assert names == set(QUADS)
    assert {name: types[name]["quad"] for name in names} == QUADS
    assert types["SANCTION"]["quad"] == "material_conflict"
    assert types["ACCUSE"]["score"] < 0
    assert all(str(m["definition"]) for name in names for m in types[name]["modes"].values())


def test_events_lexicon_loads_and_every_entry_is_plover():
    lexicon = load_knowledge().events
    assert set(lexicon.types) == set(QUADS)
    entries = [e for rows in lexicon.verbs.values() for e in rows]
    assert len(entries) > 300 and all(e.type in QUADS for e in entries)
    # CAMEO2PLOVER 035 "express intent to yield" is AGREE: a promised retreat too
    assert lexicon.future_types["AID"] == "AGREE" and lexicon.future_types["RETREAT"] == "AGREE"


def record(line: int, **fields: str) -> Record:
    """A mapping as the YAML reader gives it: it knows its line."""
    made = Record(fields)
    made.line = line
    return made


def test_events_bad_lexicon_record_names_file_and_line():
    lexicon = load_knowledge().events
    with pytest.raises(KnowledgeBaseError) as err:
        _verb_entry(record(42, lemma="attack", type="SMASH"), lexicon.types, set(), "events.yaml")
    assert str(err.value) == "events.yaml:42: unknown PLOVER type 'SMASH'"
    with pytest.raises(KnowledgeBaseError, match="mode 'aerial' is not a mode of AID"):
        _verb_entry(record(3, lemma="give", type="AID", mode="aerial"), lexicon.types, set(), "x")
    with pytest.raises(KnowledgeBaseError, match="unknown object class 'spoons'"):
        _verb_entry(record(3, lemma="send", type="AID", object="spoons"), lexicon.types, set(), "x")


# ---- rules on hand-built parses --------------------------------------------------------------
ATTACK = ("Israel/Israel/PROPN/NNP/nsubj/1 attacked/attack/VERB/VBD/ROOT/1 Iran/Iran/PROPN/NNP/dobj/1 "
          "././PUNCT/./punct/1")


def test_events_subject_acts_on_object(extractor):
    doc = extractor(parsed(ATTACK, {0: "ISR", 2: "IRN"}))
    event = only(doc)
    assert (event.type, event.actor, event.recipient) == ("ASSAULT", ["ISR"], ["IRN"])
    assert event.quad == "material_conflict" and not event.negated and event.modality == "asserted"
    assert event.evidence == [Evidence(start=0, end=22, text="Israel attacked Iran .", trigger="attacked")]
    assert event.text == "Israel attacked Iran ."
    assert [(s.text, s.label_) for s in doc.spans["rashomon_events"]] == [("attacked", "ASSAULT")]


def test_events_passive_agent_is_the_actor(extractor):
    spec = ("Iran/Iran/PROPN/NNP/nsubjpass/3 is/be/AUX/VBZ/aux/3 being/be/AUX/VBG/auxpass/3 "
            "shelled/shell/VERB/VBN/ROOT/3 by/by/ADP/IN/agent/3 Israel/Israel/PROPN/NNP/pobj/4 ././PUNCT/./punct/3")
    event = only(extractor(parsed(spec, {0: "IRN", 5: "ISR"})))
    assert (event.type, event.actor, event.recipient) == ("ASSAULT", ["ISR"], ["IRN"])


def test_events_without_a_resolved_actor_are_not_coded(extractor):
    spec = ("The/the/DET/DT/det/1 city/city/NOUN/NN/nsubjpass/3 was/be/AUX/VBD/auxpass/3 "
            "shelled/shell/VERB/VBN/ROOT/3 ././PUNCT/./punct/3")
    assert extractor(parsed(spec, {}))._.rashomon_events == []


def test_events_negation_is_kept_not_inverted(extractor):
    spec = ("Russia/Russia/PROPN/NNP/nsubj/3 did/do/AUX/VBD/aux/3 not/not/PART/RB/neg/3 "
            "attack/attack/VERB/VB/ROOT/3 Ukraine/Ukraine/PROPN/NNP/dobj/3 ././PUNCT/./punct/3")
    event = only(extractor(parsed(spec, {0: "RUS", 4: "UKR"})))
    assert (event.type, event.negated) == ("ASSAULT", True)


REFUSED = ("Russia/Russia/PROPN/NNP/nsubj/1 refused/refuse/VERB/VBD/ROOT/1 to/to/PART/TO/aux/3 "
           "send/send/VERB/VB/xcomp/1 troops/troop/NOUN/NNS/dobj/3 to/to/ADP/IN/prep/3 "
           "Kazakhstan/Kazakhstan/PROPN/NNP/pobj/5 ././PUNCT/./punct/1")


def test_events_refusal_negates_the_refused_act_and_is_a_reject(extractor):
    refusal, event = extractor(parsed(REFUSED, {0: "RUS", 6: "KAZ"}))._.rashomon_events
    assert (event.type, event.actor, event.recipient, event.negated) == ("AID", ["RUS"], ["KAZ"], True)
    assert event.evidence[0].trigger == "send troops"
    # PLOVER (and the seeds' gold) code the refusal itself as REJECT, its mode from what is refused
    assert (refusal.type, refusal.mode, refusal.recipient, refusal.negated) == ("REJECT", "assist", ["KAZ"], False)


def test_events_promised_help_is_agree_and_future(extractor):
    spec = ("Russia/Russia/PROPN/NNP/nsubj/2 will/will/AUX/MD/aux/2 send/send/VERB/VB/ROOT/2 "
            "troops/troop/NOUN/NNS/dobj/2 to/to/ADP/IN/prep/2 Kazakhstan/Kazakhstan/PROPN/NNP/pobj/4 "
            "././PUNCT/./punct/2")
    event = only(extractor(parsed(spec, {0: "RUS", 5: "KAZ"})))
    assert (event.type, event.mode, event.modality, event.negated) == ("AGREE", None, "future", False)


def test_events_inability_is_marked_and_negated(extractor):
    spec = ("Russia/Russia/PROPN/NNP/nsubj/3 can/can/AUX/MD/aux/3 not/not/PART/RB/neg/3 "
            "help/help/VERB/VB/ROOT/3 Iran/Iran/PROPN/NNP/dobj/3 ././PUNCT/./punct/3")
    event = only(extractor(parsed(spec, {0: "RUS", 4: "IRN"})))
    assert (event.type, event.modality, event.negated) == ("AID", "inability", True)


def test_events_request_takes_its_mode_from_what_is_asked(extractor):
    spec = ("Russia/Russia/PROPN/NNP/nsubj/1 urged/urge/VERB/VBD/ROOT/1 Israel/Israel/PROPN/NNP/dobj/1 "
            "to/to/PART/TO/aux/4 withdraw/withdraw/VERB/VB/xcomp/1 ././PUNCT/./punct/1")
    event = only(extractor(parsed(spec, {0: "RUS", 2: "ISR"})))
    assert (event.type, event.mode, event.actor, event.recipient) == ("REQUEST", "yield", ["RUS"], ["ISR"])


def test_events_one_record_per_event_with_all_its_evidence(extractor):
    spec = ATTACK + " Israel/Israel/PROPN/NNP/nsubj/5 attacked/attack/VERB/VBD/ROOT/5 Iran/Iran/PROPN/NNP/dobj/5 " \
                    "again/again/ADV/RB/advmod/5 ././PUNCT/./punct/5"
    event = only(extractor(parsed(spec, {0: "ISR", 2: "IRN", 4: "ISR", 6: "IRN"})))
    assert [e.text for e in event.evidence] == ["Israel attacked Iran .", "Israel attacked Iran again ."]


def test_events_date_from_a_date_attached_to_the_verb(extractor):
    spec = ATTACK.replace(" ././PUNCT/./punct/1",
                          " on/on/ADP/IN/prep/1 Friday/Friday/PROPN/NNP/pobj/3 ././PUNCT/./punct/1")
    event = only(extractor(parsed(spec, {0: "ISR", 2: "IRN"}, dates=((3, 5),))))
    assert (event.date, event.date_text) == ("2025-06-13", "on Friday")
    no_day = only(extractor(parsed(spec, {0: "ISR", 2: "IRN"}, published=None, dates=((3, 5),))))
    assert (no_day.date, no_day.date_text) == (None, "on Friday")


def test_events_survive_serialisation(extractor):
    doc = extractor(parsed(REFUSED, {0: "RUS", 6: "KAZ"}))
    again = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert again._.rashomon_events == doc._.rashomon_events
    assert [s.label_ for s in again.spans["rashomon_events"]] == ["REJECT", "AID"]


def test_events_failure_leaves_no_events_and_a_warning_instead_of_raising(extractor):
    doc = parsed(ATTACK, {0: "ISR", 2: "IRN"})
    doc._.rashomon_mentions = [Mention(0, 99, "ISR", "name")]  # a malformed mention from a broken upstream stage
    doc = extractor(doc)
    assert doc._.rashomon_events == [] and list(doc.spans["rashomon_events"]) == []
    [warning] = doc._.rashomon_warnings
    assert warning.startswith("rashomon_events failed: IndexError") and warning.endswith("its events are missing")


# ---- the English model ----------------------------------------------------------------------
def run(nlp, text: str, published: str = "2025-06-19") -> list[EventRecord]:
    doc = nlp.make_doc(text)
    doc._.rashomon_published = published
    doc = nlp(doc)
    if "rashomon_events" not in nlp.pipe_names:
        extractor = EventExtractor(nlp)
        extractor.initialize()
        doc = extractor(doc)
    assert not stage_failures(doc._.rashomon_warnings or [])
    return doc._.rashomon_events


def coded(events: list[EventRecord]) -> set[tuple]:
    return {(e.type, tuple(e.actor), tuple(e.recipient), e.negated) for e in events}


@pytest.mark.model
def test_events_nominal_events(nlp):
    events = run(nlp, "However, what can Russia do about U.S. strikes on Iranian nuclear sites? "
                      "During Iranian Foreign Minister Abbas Araghchi's visit to Moscow, Iran asked for help.")
    assert ("ASSAULT", ("USA",), ("IRN",), False) in coded(events)
    assert ("CONSULT", ("person:abbas-araghchi",), ("RUS",), False) in coded(events)


@pytest.mark.model
def test_events_light_verb_carries_the_noun_event_and_its_date(nlp):
    events = run(nlp, "Just three days ago, Russia urgently initiated the evacuation of citizens from Iran.")
    event = next(e for e in events if e.type == "RETREAT")
    assert (event.actor, event.recipient, event.date) == (["RUS"], ["IRN"], "2025-06-16")


@pytest.mark.model
def test_events_quoted_we_is_the_speakers_side(nlp):
    events = run(nlp, "“We will not send troops to Iran,” Vladimir Putin told reporters.")
    event = next(e for e in events if e.recipient == ["IRN"])
    assert "person:vladimir-putin" in event.actor and event.speaker == "person:vladimir-putin"
    # help refused in advance is a rejection, said now
    assert (event.type, event.negated, event.modality) == ("REJECT", False, "asserted")


@pytest.mark.model
def test_events_season_keeps_words_but_invents_no_date(nlp):
    events = run(nlp, "The deployment of Russian troops to Kazakhstan in the winter of 2022 was brief.")
    event = next(e for e in events if e.recipient == ["KAZ"])
    assert event.date is None and "winter of 2022" in event.date_text


@pytest.mark.model
def test_events_reported_hedge_and_hypothetical(nlp):
    hedged = run(nlp, "Russia has massed 100,000 troops near the Ukrainian border, according to Western intelligence.")
    assert [e.modality for e in hedged if e.type == "MOBILIZE"] == ["reported"]
    conditional = run(nlp, "Russia could supply Iran with air defence systems if the war drags on.")
    assert [(e.type, e.modality) for e in conditional] == [("AID", "hypothetical")]


@pytest.mark.model
def test_events_become_model_records(analyse_text):
    document = analyse_text("Pakistan provides missiles to Iran, and Russia refuses to send troops for Iran.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id, e.negated) for e in document.events}
    assert rows == {("AID", "PAK", "IRN", False), ("AID", "RUS", "IRN", True), ("REJECT", "RUS", "IRN", False)}
    assert {e.type: e.quad for e in document.events} == {"AID": "material_cooperation", "REJECT": "verbal_conflict"}
    assert all(e.evidence[0].trigger for e in document.events)


@pytest.mark.model
def test_events_adjective_predicates_are_disapproval_of_their_object(nlp):
    events = run(nlp, "Officials said Ankara is angry at Washington over the tariffs. "
                      "Berlin was deeply dissatisfied with Poland's plan. Kyiv has long been critical of Budapest. "
                      "Hungary is a critical partner of Slovakia.")
    assert {("ACCUSE", ("TUR",), ("USA",), False), ("ACCUSE", ("DEU",), ("POL",), False),
            ("ACCUSE", ("UKR",), ("HUN",), False)} <= coded(events)
    assert not [e for e in events if e.actor == ["HUN"]]


@pytest.mark.model
def test_events_a_remark_directed_at_someone_is_its_speakers_accusation(nlp):
    events = run(nlp, "Egypt's foreign minister, Badr Abdelatty, wrote: “History will judge those who stayed silent.” "
                      "The remark was plainly aimed at Israel.")
    event = next(e for e in events if e.type == "ACCUSE")
    assert event.actor[0].endswith("abdelatty") and event.recipient == ["ISR"]
    unspoken = run(nlp, "The criticism was aimed at Israel.")
    assert not [e for e in unspoken if e.type == "ACCUSE"]


@pytest.mark.model
def test_events_keeping_relations_is_diplomatic_support_and_obligation_is_not_asserted(nlp):
    events = run(nlp, "Turkey must keep normal relations with Moscow.")
    event = next(e for e in events if e.type == "SUPPORT")
    assert event.recipient == ["RUS"] and event.modality != "asserted"


@pytest.mark.model
def test_events_a_place_struck_stands_for_its_state(nlp):
    events = run(nlp, "Iran fired dozens of missiles at Haifa and Tel Aviv on Saturday. "
                      "The United States bombed the Fordow and Natanz nuclear facilities. "
                      "Russian drones hit an apartment block in Odesa.")
    assert {("ASSAULT", ("IRN",), ("ISR",), False), ("ASSAULT", ("USA",), ("IRN",), False),
            ("ASSAULT", ("RUS",), ("UKR",), False)} <= coded(events)


@pytest.mark.model
def test_events_a_place_never_acts_and_disputed_ground_names_no_state(nlp):
    events = run(nlp, "Rockets fired from Khan Younis struck Sderot. Hezbollah fired rockets at the Golan Heights. "
                      "Ukraine struck an air base in Crimea. Russian forces captured Avdiivka.")
    assert not [e for e in events if "PSE" in e.actor]
    # Crimea names no state: Ukraine's strike is coded without a recipient (ASSAULT's may go unnamed)
    assert not [e for e in events if e.recipient == ["SYR"] or (e.actor == ["UKR"] and e.recipient)]
    assert ("ASSAULT", ("RUS",), ("UKR",), False) in coded(events)


@pytest.mark.model
def test_events_a_struck_place_adds_its_state_as_an_actor_and_others_do_not(analyse_text):
    document = analyse_text("Iran launched missiles at the Al Udeid air base on Monday. Diplomats met in Haifa.")
    actors = {a.id: a for a in document.actors}
    assert set(actors) == {"IRN", "QAT"}
    assert [(m.text, m.how) for m in actors["QAT"].mentions] == [("Al Udeid air base", "place")]
    assert [(e.type, e.recipient[0].id) for e in document.events] == [("ASSAULT", "QAT")]


@pytest.mark.model
def test_events_his_country_is_the_persons_state(nlp):
    events = run(nlp, "Volodymyr Zelensky said Russia had attacked his country again.")
    assert ("ASSAULT", ("RUS",), ("UKR",), False) in coded(events)
    unknown = run(nlp, "Ukraine's ambassador, Petro Testenko, said Russia had attacked his country again.")
    assert not [e for e in unknown if e.recipient and e.recipient[0].startswith("person:")]


@pytest.mark.model
def test_events_a_request_left_unaddressed_in_a_statement_is_made_of_the_speakers_side(nlp):
    events = run(nlp, "Vladimir Putin said: “Iran has never requested military assistance.”")
    assert ("REQUEST", ("IRN",), ("person:vladimir-putin",), True) in coded(events)
    own_side = run(nlp, "Abbas Araghchi said: “Iran has never requested military assistance.”")
    assert not [e for e in own_side if e.type == "REQUEST"]


@pytest.mark.model
def test_events_a_loaded_label_is_disapproval_or_praise_of_what_it_names(nlp):
    events = run(nlp, "Kyiv called the Russian proposal a trap. Zelensky praised Britain's support as heroic. "
                      "Macron called Trump's tariffs unacceptable, officials in Paris said on Tuesday. "
                      "Berlin called the French plan a proposal.")
    assert {("ACCUSE", ("UKR",), ("RUS",), False), ("SUPPORT", ("person:volodymyr-zelensky",), ("GBR",), False),
            ("ACCUSE", ("person:emmanuel-macron",), ("person:donald-trump",), False)} <= coded(events)
    assert not [e for e in events if "DEU" in e.actor]


@pytest.mark.model
def test_events_a_preposition_on_the_object_makes_no_prepositional_verb(nlp):
    events = run(nlp, "Zelensky called the Russian strikes on Kharkiv barbaric, his office said on Tuesday.")
    assert not [e for e in events if e.type == "REQUEST"]
    assert ("REQUEST", ("CHN",), ("ISR",), False) in coded(run(nlp, "China called on Israel to halt its operations."))
    phoned = run(nlp, "Joe Biden called Benjamin Netanyahu on Sunday.")  # a date after 'on' is no 'call on'
    assert [(e.type, e.mode) for e in phoned] == [("CONSULT", "phone")]


@pytest.mark.model
def test_events_they_for_coordinated_actors_is_each_of_them(nlp):
    events = run(nlp, "Recep Tayyip Erdogan said Turkey would not approve the bids of Sweden and Finland, "
                      "accusing them of harbouring Kurdish militants.")
    accused = [e for e in events if e.type == "ACCUSE"]
    assert sorted(e.recipient[0] for e in accused) == ["FIN", "SWE"] and all("TUR" in e.actor for e in accused)
    talks = run(nlp, "Vladimir Putin and Donald Trump spoke by phone. They discussed a ceasefire in Ukraine.")
    assert any(e.type == "CONSULT" and len(e.actor) == 2 for e in talks)


@pytest.mark.model
def test_events_a_peoples_protest_naming_no_one_is_against_their_own_state(nlp):
    events = run(nlp, "Tens of thousands of Georgians rallied in Tbilisi on Saturday against a foreign agents bill. "
                      "Thousands of Iranians marched through Tehran to protest against the Israeli attacks.")
    assert {("PROTEST", ("GEO",), ("GEO",), False), ("PROTEST", ("IRN",), ("ISR",), False)} <= coded(events)
    assert ("PROTEST", ("IRN",), ("IRN",), False) not in coded(events)


@pytest.mark.model
def test_events_what_is_done_rather_than_something_else_negates_the_other(nlp):
    events = run(nlp, "India abstained on Wednesday rather than condemn Russia's invasion. "
                      "Hungary abstained instead of condemning Russia.")
    assert {("ACCUSE", ("IND",), ("RUS",), True), ("ACCUSE", ("HUN",), ("RUS",), True)} <= coded(events)
    assert not [e for e in events if e.type == "ACCUSE" and not e.negated]


@pytest.mark.model
def test_events_the_city_and_the_country_are_the_nearest_place_and_state(nlp):
    events = run(nlp, "Antonio Guterres was in Kyiv on Thursday when Russian missiles struck the city, "
                      "an attack the UN chief said had shocked him.")
    assert ("ASSAULT", ("RUS",), ("UKR",), False) in coded(events)
    alone = run(nlp, "Russian missiles struck the city on Thursday.")
    assert [(e.type, e.actor, e.recipient) for e in alone] == [("ASSAULT", ["RUS"], [])]  # no city taken for a state


@pytest.mark.model
def test_events_holding_someone_responsible_is_an_accusation(nlp):
    events = run(nlp, "Britain and Germany held Vladimir Putin responsible for the death of Alexei Navalny.")
    assert {("ACCUSE", ("GBR",), ("person:vladimir-putin",), False),
            ("ACCUSE", ("DEU",), ("person:vladimir-putin",), False)} <= coded(events)


@pytest.mark.model
def test_events_force_used_by_a_crowd_is_a_riot(nlp):
    events = run(nlp, "Protesters in Kinshasa attacked the embassies of Rwanda and France on Tuesday. "
                      "Thousands of Iranian protesters stormed the Saudi embassy in Tehran.")
    assert {("PROTEST", ("COD",), ("RWA",), False), ("PROTEST", ("COD",), ("FRA",), False),
            ("PROTEST", ("IRN",), ("SAU",), False)} <= coded(events)
    assert all(e.mode == "riot" for e in events if e.type == "PROTEST")
    assert not [e for e in events if e.type == "ASSAULT"]


@pytest.mark.model
def test_events_the_council_is_the_council_just_named(nlp):
    events = run(nlp, "Abbas Araghchi addressed the UN Security Council on Sunday. "
                      "He called on the council to impose sanctions on Israel.")
    assert any(e.type == "REQUEST" and e.recipient == ["UNSC"] for e in events)


@pytest.mark.model
def test_events_mediators_of_two_states_are_two_actors(nlp):
    events = run(nlp, "Egyptian and Qatari mediators met Hamas negotiators in Cairo on Sunday.")
    assert {(e.type, e.actor[0]) for e in events} == {("CONSULT", "EGY"), ("CONSULT", "QAT")}


@pytest.mark.model
def test_events_review_cases_make_no_false_events(nlp, analyse_text):
    events = run(nlp, "Japan protested on Tuesday, calling the incursion unacceptable. "
                      "Beijing later imposed sanctions on the country. Trump called Zelensky a dictator.")
    assert not [e for e in events if e.type == "PROTEST" or e.recipient == ["CHN"]]
    assert ("ACCUSE", ("person:donald-trump",), ("person:volodymyr-zelensky",), False) in coded(events)
    quiet = analyse_text("Haifa is a port city. The city was quiet on Monday. The FBI opened an inquiry on Tuesday. "
                         "The investigation found nothing.")
    assert [(a.name, a.mention_count) for a in quiet.actors] == [("Federal Bureau of Investigation", 1)]


# ---- recipients that are no actor -------------------------------------------------------------
# "Israel rejected the proposal ." / "... after talks in Russia ." / "Israel sent the aid ."
REJECTED = ("Israel/Israel/PROPN/NNP/nsubj/1 rejected/reject/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
            "proposal/proposal/NOUN/NN/dobj/1 ././PUNCT/./punct/1")
REJECTED_AFTER_TALKS = ("Israel/Israel/PROPN/NNP/nsubj/1 rejected/reject/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
                        "proposal/proposal/NOUN/NN/dobj/1 after/after/ADP/IN/prep/1 talks/talk/NOUN/NNS/pobj/4 "
                        "with/with/ADP/IN/prep/5 Russia/Russia/PROPN/NNP/pobj/6 ././PUNCT/./punct/1")
SENT_AID = ("Israel/Israel/PROPN/NNP/nsubj/1 sent/send/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
            "aid/aid/NOUN/NN/dobj/1 ././PUNCT/./punct/1")
SENT_AID_AFTER_TALKS = ("Israel/Israel/PROPN/NNP/nsubj/1 sent/send/VERB/VBD/ROOT/1 aid/aid/NOUN/NN/dobj/1 "
                        "after/after/ADP/IN/prep/1 talks/talk/NOUN/NNS/pobj/3 with/with/ADP/IN/prep/4 "
                        "Russia/Russia/PROPN/NNP/pobj/5 ././PUNCT/./punct/1")
ORDERED_SIEGE = ("Israel/Israel/PROPN/NNP/nsubj/1 ordered/order/VERB/VBD/ROOT/1 a/a/DET/DT/det/3 "
                 "siege/siege/NOUN/NN/dobj/1 ././PUNCT/./punct/1")


def test_events_rejection_of_no_actor_is_coded_without_a_recipient(extractor):
    event = only(extractor(parsed(REJECTED, {0: "ISR"})))
    assert (event.type, event.actor, event.recipient) == ("REJECT", ["ISR"], [])


def test_events_no_recipient_only_when_the_sentence_names_no_other_side(extractor):
    """Russia may be whom the aid went to: an AID without its recipient would mislead."""
    assert only(extractor(parsed(SENT_AID, {0: "ISR"}))).recipient == []
    assert not extractor(parsed(SENT_AID_AFTER_TALKS, {0: "ISR", 6: "RUS"}))._.rashomon_events


def test_events_types_whose_object_is_mostly_no_actor_go_without_one_read(extractor):
    """'rejected the proposal': what is rejected is no actor; Russia, named after, is not its recipient."""
    assert load_knowledge().events.types["REJECT"].recipient_unread is True
    event = only(extractor(parsed(REJECTED_AFTER_TALKS, {0: "ISR", 7: "RUS"})))
    assert (event.type, event.actor, event.recipient) == ("REJECT", ["ISR"], [])


def test_events_a_command_without_whom_it_commands_is_no_request(extractor):
    """'Israel ordered a siege': the siege is Israel's own act, not a request to anyone."""
    assert not [e for e in extractor(parsed(ORDERED_SIEGE, {0: "ISR"}))._.rashomon_events if e.type == "REQUEST"]


@pytest.mark.model
def test_events_an_event_told_again_without_its_recipient_is_one_event(analyse_text):
    document = analyse_text("Russia pounded Kyiv with missiles on Monday, hitting power plants across the city.")
    assert [(e.type, [a.id for a in e.actor], [r.id for r in e.recipient]) for e in document.events] == [
        ("ASSAULT", ["RUS"], ["UKR"])]


def test_events_unknown_recipient_rule_names_file_and_line():
    from rashomon.components.events.lexicon import _load_types

    bad = record(7, quad="verbal_conflict", recipient="sometimes")
    with pytest.raises(KnowledgeBaseError, match=r"plover\.yaml:7: type REJECT: recipient must be one of"):
        _load_types(Record({"types": Record({"REJECT": bad})}), "plover.yaml")


def test_events_an_act_on_the_actors_own_thing_has_no_unnamed_recipient(extractor):
    own = ("Israel/Israel/PROPN/NNP/nsubj/1 attacked/attack/VERB/VBD/ROOT/1 its/its/PRON/PRP$/poss/3 "
           "convoy/convoy/NOUN/NN/dobj/1 ././PUNCT/./punct/1")
    assert not extractor(parsed(own, {0: "ISR"}))._.rashomon_events


@pytest.mark.model
def test_events_releases_returned_goods_and_deadlines(nlp):
    released = ("RETREAT", ("SYR",), ("generic:CVL:prisoner",), False)  # unnamed people: a generic recipient
    assert coded(run(nlp, "Syria released forty political prisoners on Friday.")) == {released}
    assert coded(run(nlp, "Syria released forty political prisoners held by Turkey.")) == {released}  # no guess
    returned = run(nlp, "Germany returned two looted bronze statues to Nigeria on Tuesday.")
    assert ("RETREAT", ("DEU",), ("NGA",), False) in coded(returned)
    assert {e.mode for e in returned} == {"release"}
    deadline = run(nlp, "The European Union gave Hungary a deadline of two months to change the law.")
    assert ("THREATEN", ("EU",), ("HUN",), False) in coded(deadline)


@pytest.mark.model
def test_events_generic_actors_act_speak_and_are_compared(analyse_text):
    from rashomon.compare import compare
    from rashomon.knowledge import packaged_knowledge

    first = analyse_text("In Mali, rebels attacked an army base. “We will keep fighting,” the rebels said. "
                         "An Istanbul court accused Sweden of sheltering militants.")
    events = {(e.type, e.actor[0].id, e.recipient[0].id if e.recipient else None) for e in first.events}
    assert ("ASSAULT", "generic:MLI:REB:rebel", "MLI") in events
    assert ("ACCUSE", "generic:TUR:JUD:court", "SWE") in events
    assert [q.speaker.id for q in first.quotes if q.speaker] == ["generic:MLI:REB:rebel"]
    assert not first.warnings  # every stage, stance included, read the generic actors without failing
    second = analyse_text("In Mali, rebels stormed an army base, killing soldiers.")
    result = compare([first, second], embeddings="lexical", lexicon=packaged_knowledge().compare)
    assert ("generic:MLI:REB:rebel", "MLI") in {(d.actor.id, d.recipient.id) for d in result.dyads}


@pytest.mark.model
def test_events_joined_or_opened_investigations_are_the_joiners_accusations(analyse_text):
    document = analyse_text("Prosecutors in Vilnius opened an investigation into Belarus over the balloons. "
                            "Latvia joined the investigation into Belarus.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id if e.recipient else None) for e in document.events}
    # Vilnius stands for Lithuania: its prosecutors are a generic actor of that country
    assert {("ACCUSE", "generic:LTU:JUD:prosecutor", "BLR"), ("ACCUSE", "LVA", "BLR")} <= rows


@pytest.mark.model
def test_events_a_rejected_request_is_rejected_to_whoever_made_it(analyse_text):
    document = analyse_text("Turkey rejected a request from Sweden. Hungary turned down a proposal by Poland. "
                            "Serbia dismissed the appeal of a Croatian citizen. "
                            "Armenia rejected a plan drafted by Azerbaijan.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id) for e in document.events if e.recipient}
    assert {("REJECT", "TUR", "SWE"), ("REJECT", "HUN", "POL"), ("REJECT", "SRB", "HRV"),
            ("REJECT", "ARM", "AZE")} <= rows


@pytest.mark.model
def test_events_unnamed_people_acted_on_are_generic_recipients_last(analyse_text):
    document = analyse_text("Azerbaijan freed 12 detainees on Monday. Belarus expelled two diplomats from Latvia. "
                            "Hamas freed 24 hostages on Friday, including 13 Thais. "
                            "Hungary sent aid to refugees.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id if e.recipient else None) for e in document.events}
    assert ("RETREAT", "AZE", "generic:CVL:detainee") in rows
    assert ("SANCTION", "BLR", "LVA") in rows  # a named state beats the people it sends
    assert ("RETREAT", "PSE_HAMAS", "THA") in rows  # who they are, when said, beats the people
    assert ("AID", "HUN", None) in rows  # AID is no type for a generic recipient
    detainees = next(a for a in document.actors if a.id == "generic:CVL:detainee")
    assert detainees.kind == "generic" and [m.text for m in detainees.mentions] == ["detainees"]


@pytest.mark.model
def test_events_a_retreat_needs_no_recipient_when_no_other_side_is_named(analyse_text):
    lifted = analyse_text("Ethiopia lifted the blockade on fuel imports on Monday.")
    assert {(e.type, e.actor[0].id, tuple(r.id for r in e.recipient)) for e in lifted.events} == {
        ("RETREAT", "ETH", ())}
    other_side = analyse_text("Ethiopia praised the new constitution after talks with Eritrea.")
    assert not [e for e in other_side.events if e.type == "SUPPORT" and not e.recipient]  # Eritrea may be whom


@pytest.mark.model
def test_events_an_investigation_is_coded_even_when_no_one_is_investigated(analyse_text):
    document = analyse_text("Poland launched an investigation on Monday. "
                            "Denmark will investigate the death of a Swedish sailor.")
    rows = {(e.type, e.mode, e.actor[0].id, tuple(r.id for r in e.recipient)) for e in document.events}
    assert {("ACCUSE", "investigate", "POL", ()), ("ACCUSE", "investigate", "DNK", ())} <= rows


@pytest.mark.model
def test_events_a_deployment_on_a_peacekeeping_mission_is_aid(analyse_text):
    mission = analyse_text("Ghana deployed 300 soldiers to Mali for the UN peacekeeping force.")
    assert {(e.type, e.actor[0].id, e.recipient[0].id) for e in mission.events} == {("AID", "GHA", "MLI")}
    nearby = analyse_text("Russia deployed troops to the border while UN peacekeepers watched from Georgia.")
    assert "AID" not in {e.type for e in nearby.events}  # the peacekeepers are in a clause of their own


@pytest.mark.model
def test_events_a_group_led_by_or_loyal_to_an_actor_is_that_actor(analyse_text):
    document = analyse_text("Rebels led by Hayat Tahrir al-Sham seized Aleppo. "
                            "Militias loyal to Tehran rejected a proposal by Iraq.")
    rows = {(e.type, e.actor[0].id) for e in document.events}
    assert {("ASSAULT", "SYR_HTS"), ("REJECT", "IRN")} <= rows  # seizing a city is force
    assert not [a for a in document.actors if a.kind == "generic"]


@pytest.mark.model
def test_events_a_protest_against_no_one_named_is_coded_without_a_recipient(analyse_text):
    strike = analyse_text("Nurses in Mombasa went on strike on Monday.")
    assert {(e.type, e.actor[0].id, tuple(r.id for r in e.recipient)) for e in strike.events} == {
        ("PROTEST", "generic:KEN:HLH:nurse", ())}
    own_state = analyse_text("Thousands of Georgians rallied in Tbilisi on Sunday.")  # still a domestic protest
    assert {(e.type, e.actor[0].id, e.recipient[0].id) for e in own_state.events} == {("PROTEST", "GEO", "GEO")}


@pytest.mark.model
def test_events_saying_another_must_act_is_a_request_of_it(analyse_text):
    document = analyse_text("Turkey says Sweden must extradite the suspects. "
                            "“We must defend ourselves,” Netanyahu said. Iran said the attack must be punished.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id if e.recipient else None) for e in document.events}
    assert rows == {("REQUEST", "TUR", "SWE")}  # not the speaker's own side, not a passive


@pytest.mark.model
def test_events_members_of_a_group_act_for_it(analyse_text):
    document = analyse_text("Three Hamas members met Egyptian officials in Cairo on Sunday.")
    assert ("CONSULT", "PSE_HAMAS", "EGY") in {(e.type, e.actor[0].id, e.recipient[0].id) for e in document.events}


@pytest.mark.model
def test_events_a_concession_is_made_to_whoever_made_the_demands(analyse_text):
    document = analyse_text("Serbia accepted the demands of the European Union. "
                            "Peru's government accepted the demands by miners in the south.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id) for e in document.events if e.recipient}
    assert {("CONCEDE", "SRB", "EU"), ("CONCEDE", "generic:PER:GOV:government", "generic:LAB:miner")} <= rows


@pytest.mark.model
def test_events_an_experts_or_an_offices_act_is_its_owners(analyse_text):
    document = analyse_text("An EU expert on migration on Monday condemned Libya's coast guard for the abuse "
                            "of migrants. Mahmoud Abbas's office condemned Netanyahu's decision to build more "
                            "settlements.")
    rows = {(e.type, e.actor[0].id, e.recipient[0].id) for e in document.events if e.recipient}
    assert {("ACCUSE", "EU", "LBY"), ("ACCUSE", "person:mahmoud-abbas", "person:benjamin-netanyahu")} <= rows


@pytest.mark.model
def test_events_a_promised_retreat_is_an_agreement(analyse_text):
    """CAMEO2PLOVER 035 ("express intent to yield") is AGREE: agreeing, offering or announcing that one
    will withdraw, release or lift a ban promises it; the retreat done is RETREAT."""
    document = analyse_text("Armenia agreed to withdraw its troops from the border villages. "
                            "The rebels said they would release two Kenyan engineers. "
                            "Azerbaijan released three Armenian soldiers on Friday.")
    rows = {(e.type, e.actor[0].id) for e in document.events}
    assert {("AGREE", "ARM"), ("RETREAT", "AZE")} <= rows
    assert not [r for r in rows if r[0] == "CONCEDE"]


@pytest.mark.model
def test_events_cooperation_refused_in_advance_is_a_rejection(analyse_text):
    """'will not lift the ban', 'failed to reach agreement': CAMEO's REJECT, not a non-event; a past
    deed not done stays that deed, negated."""
    document = analyse_text("Georgia will not lift its ban on Russian wine. "
                            "Chile and Peru failed to reach agreement on the fishing border. "
                            "Serbia did not withdraw its troops from Kosovo.")
    rows = {(e.type, e.actor[0].id, e.negated) for e in document.events}
    assert {("REJECT", "GEO", False), ("REJECT", "CHL", False), ("RETREAT", "SRB", True)} <= rows


@pytest.mark.model
def test_events_help_goes_to_the_state_where_it_is_spent(analyse_text):
    document = analyse_text("Norway gave 30 million dollars to rebuild schools in Mozambique. "
                            "In the Sudan war, Egypt provides drones.")
    rows = {(e.type, e.actor[0].id, tuple(r.id for r in e.recipient)) for e in document.events}
    assert ("AID", "NOR", ("MOZ",)) in rows
    assert not [r for r in rows if r[0] == "AID" and r[1] == "EGY" and r[2]]  # a frame set before is no recipient


@pytest.mark.model
def test_events_war_games_held_together_are_cooperation_and_an_agreement_reached_is_support(analyse_text):
    document = analyse_text("Egypt and Greece launched war games in the Mediterranean. "
                            "Russia launched war games near the Finnish border. "
                            "Chile and Argentina reached an agreement on the border on Monday.")
    rows = {(e.type, tuple(a.id for a in e.actor)) for e in document.events}
    assert {("COOPERATE", ("EGY", "GRC")), ("MOBILIZE", ("RUS",)), ("SUPPORT", ("CHL", "ARG"))} <= rows


@pytest.mark.model
def test_events_letting_refugees_in_is_asylum_and_an_organ_names_its_state(analyse_text):
    document = analyse_text("Jordan opened its borders to Syrian refugees in 2012. "
                            "Kosovo opened its border crossings to UN inspectors. "
                            "Japan handed over medical equipment to the Ministry of Health of Ghana.")
    rows = {(e.type, e.actor[0].id, tuple(r.id for r in e.recipient)) for e in document.events}
    assert {("AID", "JOR", ("SYR",)), ("RETREAT", "XKX", ("UN",)), ("AID", "JPN", ("GHA",))} <= rows


@pytest.mark.model
def test_events_rejecting_a_bid_to_act_is_still_a_rejection(analyse_text):
    document = analyse_text("Poland rejected a bid by Hungary to hold a summit condemning the sanctions.")
    assert ("REJECT", "POL", "HUN") in {(e.type, e.actor[0].id, e.recipient[0].id if e.recipient else None)
                                        for e in document.events}


@pytest.mark.model
def test_events_a_promise_done_with_ones_own_needs_no_recipient(analyse_text):
    """'willing to withdraw its troops', 'agreed to lift a ban on Chilean wine': the promise is coded
    even where its object names no actor, or names one only as a modifier."""
    document = analyse_text("Honduras is willing to withdraw its troops from the border zone. "
                            "Peru agreed to lift a ban on Chilean wine. "
                            "The Iranian parliament approved the Russia-Iran treaty.")
    rows = {(e.type, e.actor[0].id) for e in document.events}
    assert {("AGREE", "HND"), ("AGREE", "PER")} <= rows
    assert ("AGREE", "IRN") not in rows  # approving the treaty is one event: its ratification (SUPPORT)


@pytest.mark.model
def test_events_shared_information_and_aid_flown_in(analyse_text):
    document = analyse_text("The Swiss government gave account information to the Indian government. "
                            "Doctors Without Borders flew 13 tons of medicine into Afghanistan. "
                            "Azerbaijani troops participate in peacekeeping operations in Afghanistan.")
    rows = {(e.type, e.recipient[0].id if e.recipient else None) for e in document.events}
    assert {("COOPERATE", "IND"), ("AID", "AFG")} <= rows


@pytest.mark.model
def test_events_opposition_groups_act_and_peacekeepers_arrive(analyse_text):
    document = analyse_text("Opposition leaders in Guinea are boycotting the referendum. "
                            "Nepalese peacekeepers arrived at the Juba airport on Monday.")
    rows = {(e.type, e.actor[0].id.split(":")[0]) for e in document.events}
    assert {("PROTEST", "generic"), ("AID", "generic")} <= rows


@pytest.mark.model
def test_events_a_plan_owned_through_a_possessive_names_its_state(analyse_text):
    document = analyse_text("The World Bank supports the Kenyan government's plans to build new dams.")
    assert [(e.type, [r.id for r in e.recipient]) for e in document.events] == [("SUPPORT", ["KEN"])]


@pytest.mark.model
def test_events_forces_sent_in_the_passive_stand_for_their_state(analyse_text):
    document = analyse_text("Russian troops were deployed to Belarus on Monday. Troops were deployed to the border.")
    rows = {(e.actor[0].id, tuple(r.id for r in e.recipient)) for e in document.events}
    assert rows == {("RUS", ("BLR",))}  # no one named sends the second
