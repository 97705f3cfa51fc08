"""The quotes stage: direct, partial and indirect statements, each with its speaker; scare quotes and
labels are not statements. Passages are written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from rashomon.components.extensions import stage_failures
from rashomon.components.quotes import SPAN_GROUP, Cues, QuoteExtractor
from rashomon.components.records import StatementRecord
from rashomon.data_files import read_data
from rashomon.textspans import paragraph_starts, quote_regions

PUTIN, LAVROV, ZELENSKY = "person:vladimir-putin", "person:sergey-lavrov", "person:volodymyr-zelensky"


@pytest.fixture(scope="module")
def quotes(nlp):
    """Analyse a passage (published 2025-06-19) and return its statements."""
    extractor = QuoteExtractor(nlp)
    extractor.initialize(nlp=nlp)

    def run(text: str) -> list[StatementRecord]:
        return extractor(parsed(nlp, text))._.rashomon_quotes

    return run


def parsed(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc._.rashomon_published = "2025-06-19"
    return nlp(doc)


def only(statements: list[StatementRecord]) -> StatementRecord:
    assert len(statements) == 1, statements
    return statements[0]


# ---- quote marks, without the model ------------------------------------------------------------
def test_quotes_regions_keep_apostrophes_inside_single_quotes():
    text = "He said: 'Iran's allies and Israel's neighbours will not wait.' Then he left."
    assert [text[r.start:r.end] for r in quote_regions(text)] == [
        "'Iran's allies and Israel's neighbours will not wait.'"]


def test_quotes_regions_run_over_paragraphs_that_reopen_the_quote():
    text = 'He spoke at length.\n"We are ready.\n"We are waiting," he said.\nThen "a pause".'
    assert [text[r.start:r.end] for r in quote_regions(text)] == [
        '"We are ready.\n"We are waiting,"', '"a pause"']


def test_quotes_regions_close_at_an_opening_mark_typed_before_a_space():
    text = 'The checkers rated it “Mostly False.“\n\nThe mayor asked, “Wait, is it 12% now?”'
    assert [text[r.start:r.end] for r in quote_regions(text)] == ["“Mostly False.“", "“Wait, is it 12% now?”"]


def test_quotes_regions_drop_a_straight_mark_that_opens_a_paragraph_of_an_excerpt():
    text = '"Kevin was asleep.\n\n“Here he is,” she said.\n\n"He walked in, singing.'
    assert [text[r.start:r.end] for r in quote_regions(text)] == ["“Here he is,”"]


def test_quotes_regions_drop_an_unbalanced_straight_quote():
    text = 'The 12" guns fired and "the talks" went on.'
    assert [text[r.start:r.end] for r in quote_regions(text)] == ['"the talks"']


def test_quotes_regions_single_quotes_stop_at_the_paragraph():
    text = "The 'old guard\nsaid nothing' today."
    assert not quote_regions(text)


def test_quotes_paragraphs_are_blank_lines_when_the_text_has_them():
    assert paragraph_starts("a\nb\n\nc") == [0, 5]
    assert paragraph_starts("a\nb") == [0, 2]


def test_quotes_cues_read_phrasal_verbs_and_keep_only_source_phrases():
    cues = Cues.from_data({"speech_verbs": ["say", "point out"], "according_to": ["according to", "speaking to"]})
    assert cues.speech == {"say": frozenset({""}), "point": frozenset({"out"})}
    assert cues.according == (("according", "to"),)


def test_quotes_packaged_cues_load():
    cues = Cues.from_data(read_data("cues.yaml").data)
    assert {"say", "tell", "warn"} <= set(cues.speech) and "statement" in cues.nouns


# ---- direct quotes -----------------------------------------------------------------------------
@pytest.mark.model
def test_quotes_direct_quote_with_trailing_attribution(quotes):
    text = '"Our patience is not endless," Lavrov said in Moscow.'
    q = only(quotes(text))
    assert (q.kind, q.speaker, q.cue) == ("direct", LAVROV, "said")
    assert q.text == "Our patience is not endless," == text[q.start:q.end]
    assert text[q.speaker_start:q.speaker_end] == "Lavrov"


@pytest.mark.model
def test_quotes_colon_after_a_speech_noun_in_single_quotes(quotes):
    q = only(quotes("Putin made an unexpected statement on Friday: 'Iran's reactors must stay "
                    "under international supervision.'"))
    assert q.speaker == PUTIN and q.kind == "direct" and q.cue == "statement"
    assert q.text.startswith("Iran's reactors") and q.text.endswith("supervision.")


@pytest.mark.model
def test_quotes_guillemets(quotes):
    q = only(quotes("Macron wrote on X: «Europe will stand with Kyiv for as long as it takes.»"))
    assert q.speaker == "person:emmanuel-macron"
    assert q.text == "Europe will stand with Kyiv for as long as it takes."


@pytest.mark.model
def test_quotes_split_quote_is_one_statement_with_its_halves_as_spans(quotes):
    """The text is the article's own between the offsets (joined halves were words the article does
    not contain); the spans say where the quoted words are."""
    text = "“This is not diplomacy,” Zakharova told reporters. “It is a show for the cameras.”"
    q = only(quotes(text))
    assert q.speaker == "person:maria-zakharova"
    assert q.text == text[q.start:q.end]
    assert q.text == "This is not diplomacy,” Zakharova told reporters. “It is a show for the cameras."
    assert [text[a:b] for a, b in q.spans] == ["This is not diplomacy,", "It is a show for the cameras."]


@pytest.mark.model
def test_quotes_one_span_quote_has_no_spans(quotes):
    text = "“We will rebuild the bridge before winter,” Trukhanov said."
    q = only(quotes(text))
    assert (q.text, q.spans) == ("We will rebuild the bridge before winter,", [])


@pytest.mark.model
def test_quotes_headline_name_before_a_colon(quotes):
    q = only(quotes('Zelensky: "We are not trading territory for promises"'))
    assert (q.speaker, q.kind, q.cue) == (ZELENSKY, "direct", None)


@pytest.mark.model
def test_quotes_colon_after_a_clause_takes_its_subject(quotes):
    statements = quotes("Putin arrived late. Before the applause died down, he drew a clear line: "
                        "'No foreign base will ever appear on our borders.'")
    assert only(statements).speaker == PUTIN


@pytest.mark.model
def test_quotes_multi_paragraph_quote(quotes):
    text = ('Peskov spoke to journalists after the meeting.\n"We consider the first round useful. '
            'The delegations will meet again.\n"Nobody has set a deadline," he said.')
    q = only(quotes(text))
    assert q.speaker == "person:dmitry-peskov"
    assert q.text == text[q.start:q.end]
    assert [text[a:b] for a, b in q.spans] == ["We consider the first round useful. The delegations will meet again.",
                                               "Nobody has set a deadline,"]


@pytest.mark.model
def test_quotes_nested_quote_with_a_known_speaker(quotes):
    statements = quotes('"Putin told me: \'We will never give up,\'" Macron said.')
    assert [(q.speaker, q.text) for q in statements] == [
        ("person:emmanuel-macron", "Putin told me: 'We will never give up,'"), (PUTIN, "We will never give up,")]


@pytest.mark.model
def test_quotes_scare_quote_inside_a_quote_is_not_a_statement(quotes):
    statements = quotes('"When Moscow talks about \'guarantees\', it means a veto," Zelensky said.')
    assert [q.text for q in statements] == ["When Moscow talks about 'guarantees', it means a veto,"]


@pytest.mark.model
def test_quotes_unknown_person_keeps_the_words_as_written(quotes):
    q = only(quotes('"The shelling did not stop all night," a resident of the city told reporters.'))
    assert q.speaker is None and q.speaker_text == "a resident of the city"


@pytest.mark.model
def test_quotes_inverted_attribution(quotes):
    q = only(quotes('"Nobody left the room angry," said a Turkish official close to the talks.'))
    assert q.speaker is None and q.speaker_text.startswith("a Turkish official")


@pytest.mark.model
def test_quotes_body_speaks_for_its_state(quotes):
    q = only(quotes("Iran's foreign ministry said the inspectors would be allowed back within a month."))
    assert q.speaker in {"IRN", "IRN_MFA"} and q.kind == "indirect"


# ---- speakers from neighbours ------------------------------------------------------------------
@pytest.mark.model
def test_quotes_floating_quote_continues_the_previous_paragraph(quotes):
    statements = quotes('"We need air defence now," Zelensky said.\n"Every day without it costs us lives."')
    assert [(q.speaker, q.kind) for q in statements] == [(ZELENSKY, "direct"), (ZELENSKY, "direct")]


@pytest.mark.model
def test_quotes_sentence_before_gives_the_speaker(quotes):
    statements = quotes('Erdogan spoke to reporters on the plane home. "Turkey is ready to host the next round '
                        'of talks."')
    assert only(statements).speaker == "person:erdogan"


@pytest.mark.model
def test_quotes_short_label_never_floats(quotes):
    statements = quotes('"We need air defence now," Zelensky said.\n"Patriot" batteries are in short supply.')
    assert [q.text for q in statements] == ["We need air defence now,"]


@pytest.mark.model
def test_quotes_unresolved_named_speaker_blocks_borrowing(quotes):
    statements = quotes('Lavrov spoke first. "The sanctions have failed," the chart concluded.')
    assert statements == []
    # a text speaks for itself, with no owner named ('the report', not 'Lavrov')
    statements = quotes('Lavrov spoke first. "The sanctions have failed," the report concluded.')
    assert [s.speaker_text for s in statements] == ["the report"]


# ---- partial quotes and labels -----------------------------------------------------------------
def quoted(text: str, statement: StatementRecord) -> list[str]:
    return [text[start:end] for start, end in statement.spans]


@pytest.mark.model
def test_quotes_partial_quote_under_a_speech_verb(quotes):
    text = 'Trump urged Tehran to "make a deal before it is too late".'
    q = only(quotes(text))
    assert (q.kind, q.speaker) == ("partial", "person:donald-trump")
    assert q.text == 'Tehran to "make a deal before it is too late"'
    assert quoted(text, q) == ["make a deal before it is too late"]


@pytest.mark.model
@pytest.mark.parametrize(("text", "content", "words"), [
    ('Kallas said the new tariffs "punish the wrong people".', 'the new tariffs "punish the wrong people"',
     ["punish the wrong people"]),
    ('Erdogan called the naval blockade "an act of piracy" on Tuesday.', 'the naval blockade "an act of piracy"',
     ["an act of piracy"]),
    ("Zelensky accused the Kremlin of using the talks 'to buy time' for its offensive.",
     "using the talks 'to buy time' for its offensive", ["to buy time"]),
    ('Araghchi said that the inspectors were "welcome to return" and that Tehran had "nothing to hide".',
     'the inspectors were "welcome to return" and that Tehran had "nothing to hide"',
     ["welcome to return", "nothing to hide"]),
])
def test_quotes_partial_quote_is_read_with_the_words_it_completes(quotes, text, content, words):
    """A partial quote's statement is what the speaker is reported to have said, from the start
    of the reported clause or object to the closing mark; the quoted words are its spans."""
    statements = [q for q in quotes(text) if q.kind == "partial"]
    assert statements, quotes(text)
    q = statements[-1]
    assert q.text == content and text[q.start:q.end] == q.text
    assert [w for s in statements for w in quoted(text, s)] == words


@pytest.mark.model
def test_quotes_partial_quote_leaves_out_the_narrative_after_it(quotes):
    text = "Lavrov said he 'saw no reason to hurry', leaving the delegation to wait another day."
    q = only(quotes(text))
    assert q.text == "he 'saw no reason to hurry'"


@pytest.mark.model
def test_quotes_partial_quote_after_that_with_a_pronoun_speaker(quotes):
    statements = quotes("Putin spoke briefly. He only said that he 'would not discuss hypotheticals'.")
    assert [(q.kind, q.speaker) for q in statements] == [("partial", PUTIN)]


@pytest.mark.model
def test_quotes_partial_quote_described_as(quotes):
    q = only(quotes('Lavrov described the new sanctions package as "economic warfare by other means".'))
    assert (q.kind, q.speaker) == ("partial", LAVROV)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    'The so-called "red line" was never defined by anyone.',
    'Operation "Northern Shield" began at dawn on Tuesday.',
    'Moscow has sought the role of "mediator" since the war began.',
    'The exchanges created a "risk of escalation" along the whole border.',
    'Analysts read the "Victory Plan" as a wish list.',
    'Its "special military operation" dragged on into a fourth year.',
    'Lavrov talked at length about "security guarantees" for Russia.',
])
def test_quotes_scare_quotes_and_labels_are_not_statements(quotes, text):
    assert quotes(text) == []


@pytest.mark.model
def test_quotes_negated_quoted_words_are_not_attributed(quotes):
    assert quotes('The government has never spelled out its "red line" on a ground offensive.') == []


# ---- indirect speech ---------------------------------------------------------------------------
@pytest.mark.model
def test_quotes_indirect_said_that(quotes):
    q = only(quotes("Lavrov said on Thursday that Russia would answer any new sanctions."))
    assert (q.kind, q.speaker, q.cue) == ("indirect", LAVROV, "said")
    assert q.text == "Russia would answer any new sanctions"


@pytest.mark.model
def test_quotes_according_to(quotes):
    q = only(quotes("According to the Kremlin, the two leaders spoke by phone for an hour."))
    assert (q.speaker, q.cue, q.text) == ("RUS", "according to", "the two leaders spoke by phone for an hour")


@pytest.mark.model
def test_quotes_posted_on_social_media(quotes):
    q = only(quotes("Zelensky posted on Telegram that air defence had shot down forty drones overnight."))
    assert q.speaker == ZELENSKY and q.text.startswith("air defence")


@pytest.mark.model
def test_quotes_two_reporting_clauses_in_one_sentence(quotes):
    statements = quotes("Lavrov said the talks had been useful, while Zelensky said they had changed nothing.")
    assert [(q.speaker, q.text) for q in statements] == [
        (LAVROV, "the talks had been useful"), (ZELENSKY, "they had changed nothing")]


@pytest.mark.model
def test_quotes_participle_reports_for_the_main_subject(quotes):
    statements = quotes("Zelensky denied that Kyiv had rejected the offer, saying it had sent amendments on Friday.")
    assert [q.speaker for q in statements] == [ZELENSKY, ZELENSKY]
    assert statements[0].text == "Kyiv had rejected the offer"


@pytest.mark.model
def test_quotes_parenthetical_attribution(quotes):
    text = "The talks, Lavrov said, had been useful."
    q = only(quotes(text))
    assert q.speaker == LAVROV and q.text == "The talks, Lavrov said, had been useful"
    assert [text[a:b] for a, b in q.spans] == ["The talks", "had been useful"]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Peskov did not say that the talks had failed.",
    "Putin will say that the war is over.",
    "If Lavrov says that the deal is dead, markets will fall.",
    "Reporters asked whether Putin would attend the summit.",
])
def test_quotes_statements_not_made_are_not_reported(quotes, text):
    assert quotes(text) == []


# ---- output ------------------------------------------------------------------------------------
@pytest.mark.model
def test_quotes_records_survive_serialisation_with_a_span_group(nlp):
    extractor = QuoteExtractor(nlp)
    extractor.initialize(nlp=nlp)
    doc = extractor(parsed(nlp, '"We are ready," Lavrov said. Zelensky said that Kyiv was waiting.'))
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.rashomon_quotes == doc._.rashomon_quotes and len(doc._.rashomon_quotes) == 2
    spans = restored.spans[SPAN_GROUP]
    assert [(s.label_, s.kb_id_) for s in spans] == [("direct", LAVROV), ("indirect", ZELENSKY)]


@pytest.mark.model
def test_quotes_speakers_are_actors_of_the_document(nlp):
    doc = parsed(nlp, '"We will respond," the Iranian foreign minister said. Araghchi added that talks were over.')
    extractor = QuoteExtractor(nlp)
    extractor.initialize(nlp=nlp)
    statements = extractor(doc)._.rashomon_quotes
    assert statements and all(q.speaker in doc._.rashomon_actors for q in statements)


@pytest.mark.model
def test_quotes_indirect_statement_stops_where_the_story_goes_on(quotes):
    found = quotes("Vladimir Putin told reporters that Russia would not send troops, and Moscow recalled its "
                   "ambassador the next day. Sergey Lavrov said that talks would resume and that the deal stood.")
    texts = {q.speaker: q.text for q in found}
    assert texts[PUTIN] == "Russia would not send troops"
    assert texts[LAVROV] == "talks would resume and that the deal stood"


@pytest.mark.model
def test_quotes_according_to_keeps_the_claim_not_the_rest_of_the_story(quotes):
    found = quotes("Maduro has asked for air defence systems, according to Venezuelan officials, "
                   "but Moscow has not replied.")
    assert [q.text for q in found] == ["Maduro has asked for air defence systems"]


@pytest.mark.model
def test_quotes_a_spokesperson_speaks_for_the_institution_one_official_for_nobody(quotes):
    found = quotes("A Kremlin spokesman said Russia was ready for talks. "
                   "An Iranian official said Tehran would not negotiate under pressure.")
    speakers = {q.text.split()[0]: q.speaker for q in found}
    assert speakers == {"Russia": "RUS", "Tehran": None}


@pytest.mark.model
def test_quotes_a_colon_clause_names_its_speaker_before_a_verb_after_the_quote(quotes):
    found = quotes("China's Ministry of Commerce made its position clear: 'If the US insists on fighting, China will "
                   "fight to the end.' Foreign Ministry spokesperson Lin Jian added that China 'does not want a "
                   "trade war'.")
    speakers = [(q.kind, q.speaker) for q in found]
    assert speakers == [("direct", "CHN"), ("partial", "person:lin-jian")]


# ---- robustness --------------------------------------------------------------------------------
def nested_relative_clauses(levels: int) -> str:
    """'The official who said that the minister who said that the envoy who ... said that ...'."""
    roles = ["minister", "envoy", "adviser", "diplomat"]
    clauses = " ".join(f"who said that the {roles[k % len(roles)]}" for k in range(levels))
    return f"The official {clauses} said on Monday that the talks had failed."


@pytest.mark.model
@pytest.mark.parametrize("text", [
    nested_relative_clauses(32),
    # a speech noun as the 'by' agent of the verb it is looked up from: its speaker leads back to itself
    "The minister, whose claim was repeated in a report which was denied by a statement that said the talks had "
    "failed, left.",
    '"We never agreed," was stated by a statement.',
])
def test_quotes_speaker_search_ends_on_deep_or_circular_parses(nlp, text):
    from_quotes_on = nlp.pipe_names[nlp.pipe_names.index("rashomon_quotes"):]
    with nlp.select_pipes(disable=from_quotes_on):
        doc = parsed(nlp, text)
    extractor = QuoteExtractor(nlp)
    extractor.initialize(nlp=nlp)
    assert not stage_failures(extractor(doc)._.rashomon_warnings or [])


@pytest.mark.model
def test_quotes_a_quoted_paragraph_below_a_lead_in_with_a_colon(quotes):
    text = ("The mayor spoke for twenty minutes.\n\nTrukhanov told the council:\n\n"
            "“The ferries cannot carry the harvest alone, and the bridge will not be ready before winter.”")
    q = only(quotes(text))
    assert (q.speaker_text, q.kind, q.cue) == ("Trukhanov", "direct", "told")
    assert q.text.startswith("The ferries cannot carry")


# ---- speakers that are not named people -------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(("text", "speaker"), [
    ('As the sirens stopped, the announcer said, "Please stay in the shelters until noon."', "the announcer"),
    ('"We will appeal the decision," the football team wrote on its website.', "the football team"),
    ('The bankruptcy filing says "the company cannot meet its obligations to lenders".', "The bankruptcy filing"),
    ('The shipping businessman says of the blockade, "It will cost us the whole season."', "The shipping businessman"),
    ('"The numbers in the budget do not add up," a lobbyist for the farmers told reporters.',
     "a lobbyist for the farmers"),
])
def test_quotes_speaker_is_a_description_when_no_actor_is_named(quotes, text, speaker):
    q = only(quotes(text))
    assert (q.speaker, q.speaker_text) == (None, speaker)


@pytest.mark.model
def test_quotes_quoted_words_are_never_their_own_speaker(quotes):
    statements = quotes("Critics mocked the 'strategic alliance' statement issued after the summit.")
    assert all(q.speaker_text and "alliance" not in q.speaker_text for q in statements)


@pytest.mark.model
def test_quotes_an_unresolved_pronoun_still_speaks(quotes):
    q = only(quotes('"The vote is finished," she said. "In my head, anyway."'))
    assert (q.kind, q.speaker, q.speaker_text) == ("direct", None, "she")


@pytest.mark.model
def test_quotes_it_is_not_taken_for_a_speaker(quotes):
    assert quotes("The flights stopped on Monday, and it indicates that the airspace is 'closed for weeks'.") == []


@pytest.mark.model
def test_quotes_partial_quote_in_a_speech_nouns_clause(quotes):
    text = 'Fact-checkers tested Orban’s claim that migrants had caused "a wave of crime" in Vienna.'
    q = only(quotes(text))
    assert q.text == 'migrants had caused "a wave of crime" in Vienna'
    assert quoted(text, q) == ["a wave of crime"]


# ---- signed quotes and stray marks ------------------------------------------------------------
@pytest.mark.model
def test_quotes_lines_signed_with_a_dash_are_their_signers(quotes):
    text = ("We asked readers what the summit meant to them.\n"
            "“Nobody listened to us for years. We are tired of waiting.” ― Maria Lopez\n"
            "“We will vote this time, all of us.” — Jorge Perez, Tucson\n")
    assert [(q.kind, q.speaker_text) for q in quotes(text)] == [("direct", "Maria Lopez"), ("direct", "Jorge Perez")]


def test_quotes_regions_read_a_closing_mark_that_opens_a_line_and_a_straight_close():
    text = 'Voices:\n”The border stays open for now.” ― A. Rivera\n“We do not see a link to the strike," he said.'
    assert [text[r.start + 1:r.end - 1] for r in quote_regions(text)] == [
        "The border stays open for now.", "We do not see a link to the strike,"]


@pytest.mark.model
@pytest.mark.parametrize(("text", "speaker"), [
    ('Tokyo branded the missile launch "a grave provocation".', "Tokyo"),
    ('The minister likened the blockade to "a siege of the Middle Ages".', "The minister"),
])
def test_quotes_verbs_that_characterise_in_someones_words(quotes, text, speaker):
    q = only(quotes(text))
    assert (q.kind, q.speaker_text) == ("partial", speaker)


@pytest.mark.model
@pytest.mark.parametrize(("text", "content"), [
    ('Scholz says he has "no plans" for a visit before the summit.', 'he has "no plans" for a visit before the summit'),
    ('Scholz says he has "no plans" for a visit, adding nothing more.', 'he has "no plans" for a visit'),
    ('Trump called on Iran to "surrender" on social media.', 'to "surrender"'),
])
def test_quotes_a_reported_clause_goes_on_after_the_quote_to_its_first_break(quotes, text, content):
    assert only(quotes(text)).text == content


@pytest.mark.parametrize(("text", "words", "speaker"), [
    ("The senator described the governor as a “disgrace” on Tuesday.", "the governor as a “disgrace”", "The senator"),
    ("The mayor openly admires the general as a “true patriot”.", "the general as a “true patriot”", "The mayor"),
    ("Lavrov has been pounding his critics as “amateurs” for weeks.", "his critics as “amateurs”", "Lavrov"),
    ("Erdogan urged both sides to “stop the bloodshed” before the holiday.", "both sides to “stop the bloodshed”",
     "Erdogan"),
])
def test_quoted_words_in_what_a_person_does_are_that_persons(quotes, text, words, speaker):
    """No speech word governs the quoted words, but a person's own clause holds them: the person's
    partial statement, read with the object and what is said of it."""
    statement = only(quotes(text))
    assert (statement.kind, statement.text, statement.speaker_text) == ("partial", words, speaker)
    assert text[statement.start:statement.end] == statement.text


def test_quoted_words_in_what_a_state_does_are_a_label(quotes):
    assert quotes("Russia launched its “special military operation” in February 2022.") == []


def test_partial_quotes_of_one_clause_are_one_statement_with_both_spans(quotes):
    text = "The minister wrote on Sunday that the plan was “reckless” and “a gift to lobbyists”."
    statement = only(quotes(text))
    assert statement.text == "the plan was “reckless” and “a gift to lobbyists”"
    assert [text[a:b] for a, b in statement.spans] == ["reckless", "a gift to lobbyists"]


def test_a_quote_split_by_a_long_description_of_its_speaker_is_one_statement(quotes):
    text = ("“The mine was sold to fail,” said Ana Ruiz, a lawyer who has represented miners in three "
            "bankruptcy cases since 2009. “Nobody expected the pensions to survive.”")
    statement = only(quotes(text))
    assert statement.speaker_text == "Ana Ruiz"
    assert [text[a:b] for a, b in statement.spans] == ["The mine was sold to fail,",
                                                       "Nobody expected the pensions to survive."]


def test_a_list_of_quoted_words_is_one_statement_to_the_end_of_the_object(quotes):
    text = "Erdogan called the blockade a “crime,” an “outrage” and “a stain on Europe.”"
    statement = only(quotes(text))
    assert statement.text == "the blockade a “crime,” an “outrage” and “a stain on Europe.”"
    assert [text[a:b] for a, b in statement.spans] == ["crime,", "outrage", "a stain on Europe."]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The analysts believe the sanctions are working.", "the sanctions are working", "The analysts"),
    ("The audit found that the ministry had overpaid its contractors.", "the ministry had overpaid its contractors",
     "The audit"),
    ("The minister wants to triple the size of the volunteer programme.",
     "to triple the size of the volunteer programme", "The minister"),
    ("The senator called for a full inquiry into the contracts.", "a full inquiry into the contracts", "The senator"),
    ("Erdogan urged parliament to act before the holiday.", "parliament to act before the holiday", "Erdogan"),
])
def test_positions_thoughts_and_findings_are_indirect_statements(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (statement.kind, statement.text, statement.speaker_text) == ("indirect", content, speaker)


@pytest.mark.parametrize("text", [
    "We see the leaders turning to others.",  # the writer's own voice
    "After the war, Iran proves that deterrence works.",  # a state as an example, not a source
    "Turkey has sought to cast itself as a broker.",  # an aim, not a position declared
    "The president declared that the talks had failed, calling for new elections.",  # one statement
])
def test_what_is_not_a_statement_of_thought_or_position(quotes, text):
    assert [s.cue for s in quotes(text)] in ([], ["declared"])


def test_quoted_words_deep_in_a_persons_object_are_theirs_but_not_in_an_of_phrase(quotes):
    text = "The governor keeps stressing the need for levees under “constant threat” from storms."
    statement = only(quotes(text))
    assert (statement.speaker_text, statement.kind) == ("The governor", "partial")
    assert quotes("Erdogan loudly recommends himself for the role of “mediator” again.") == []
