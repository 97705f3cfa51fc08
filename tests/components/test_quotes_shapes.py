"""The quotes stage on the shapes news quotes take beyond the simple ones: quotes split around nested
or doubled marks, quoted words the parse hangs on the speech verb, clauses reported around quoted
words, and quotes that go on after their attribution. Passages are written for these tests."""

from __future__ import annotations

import pytest

from rashomon.components.quotes import QuoteExtractor
from rashomon.components.records import StatementRecord
from tests.components.test_quotes import only, parsed

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def quotes(nlp):
    """Analyse a passage (published 2025-06-19) and return its statements, each checked to be the
    passage's own text at its offsets."""
    extractor = QuoteExtractor(nlp)
    extractor.initialize(nlp=nlp)
    return lambda text: checked(text, extractor(parsed(nlp, text))._.rashomon_quotes)


def checked(text: str, statements: list[StatementRecord]) -> list[StatementRecord]:
    """The statements, each of whose text is the passage's own at its offsets."""
    for statement in statements:
        assert statement.text == text[statement.start:statement.end]
        assert all(0 <= a < b <= len(text) for a, b in statement.spans)
    return statements


def pieces(text: str, statement: StatementRecord) -> list[str]:
    return [text[a:b] for a, b in statement.spans]


@pytest.mark.parametrize("text", [
    "''We are not done with this case,'' said Ana Ruiz, a lawyer for the miners. ''The appeal goes on next week.''",
    "\"When I met her, she told me, 'wait for the ruling,'\" Ruiz recalled. \"So we waited for a year.\"",
])
def test_a_split_quote_whose_first_half_ends_in_a_nested_or_doubled_mark_is_one_statement(quotes, text):
    statement = only(quotes(text))
    assert "Ruiz" in statement.speaker_text
    assert len(statement.spans) == 2
    assert not statement.text.startswith("'")  # a doubled mark is a mark, not words


def test_doubled_single_marks_are_one_mark(quotes):
    text = "He spoke. ''It has the virtue of being responsible,'' said Barack Obama."
    assert only(quotes(text)).text == "It has the virtue of being responsible,"


@pytest.mark.parametrize(("text", "speaker"), [
    ('"She would be a fine judge. One of the fairest minds in the state," Rep. Ana Ruiz (D-Ariz.) said.', "Ana Ruiz"),
    ('"He is a decent man. One of the most honest people in this town," the mayor said.', "the mayor"),
])
def test_quoted_words_the_parse_makes_the_verbs_subject_are_not_its_speaker(quotes, text, speaker):
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("direct", speaker)


def test_quoted_words_inside_a_clause_the_same_speaker_reports_are_one_statement_with_it(quotes):
    text = "Anna Lee says she admired the nurses' courage through what she calls “a long and lonely winter.”"
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text, statement.cue) == ("partial", "Anna Lee", "says")
    assert statement.text == "she admired the nurses' courage through what she calls “a long and lonely winter.”"
    assert pieces(text, statement) == ["a long and lonely winter."]


@pytest.mark.parametrize(("text", "reporter", "reported"), [
    ("Senator Park said during a rally that Anna Lee once described the treaty as “the best deal in a "
     "generation” when she was in office.", "Park", "Anna Lee"),
    ("The Boston Globe reports that the mayor's team kept him away from the hospital in order to “keep the "
     "visit quiet.”", "Boston Globe", "the mayor's team"),
])
def test_a_clause_reported_around_someone_elses_quoted_words_is_a_statement_too(quotes, text, reporter, reported):
    statements = quotes(text)
    assert [s.kind for s in statements] == ["indirect", "partial"]
    outer, inner = statements
    assert reporter in outer.speaker_text and inner.speaker_text == reported
    assert outer.start < inner.start and inner.start < outer.end


@pytest.mark.parametrize("text", [
    'The talks achieved "far too little," Ana Ruiz said on Twitter. "Without a new budget, the region loses a decade."',
    'Both parties "saw the port as a lifeline for the coast," said Ana Ruiz, who advised the governor. "It was easy."',
])
def test_a_clause_with_quoted_words_split_by_its_attribution_is_one_statement_from_its_start(quotes, text):
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text, statement.start) == ("partial", "Ana Ruiz", 0)
    assert len(statement.spans) == 2


def test_a_quote_after_a_clause_with_its_own_speech_verb_is_not_split_with_it(quotes):
    text = ('Ruiz said she thought the law deserved a second look because "almost nobody has read it," she said. '
            '"We cannot judge what we never read."')
    statements = quotes(text)
    assert [s.kind for s in statements] == ["partial", "direct"]
    assert statements[-1].text == "We cannot judge what we never read."


def test_a_title_before_an_attribution_is_not_a_split_statement(quotes):
    text = ("The crowd cheered when, at the end of her song ''The Long Road,'' she said. "
            "''Thank you all for coming out tonight.''")
    assert all(s.kind != "partial" for s in quotes(text))


def test_lines_signed_with_a_dash_right_after_the_closing_mark(quotes):
    text = ("Readers wrote in.\n\n“The council keeps ignoring the flooded streets on our side of town.”― Maria Lopez\n"
            "“Nobody from the city has come to see the damage since the spring.”\u00a0― Tom Reyes\u00a0\n\nThe end.")
    statements = quotes(text)
    assert [(s.kind, s.speaker_text) for s in statements] == [("direct", "Maria Lopez"), ("direct", "Tom Reyes")]


def test_quoted_words_under_an_infinitive_in_a_persons_object_are_theirs(quotes):
    text = "The governor keeps stressing the need to raise the levees under “constant threat” from storms."
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("partial", "The governor")
    assert statement.text == "the need to raise the levees under “constant threat” from storms"


def test_a_quote_of_several_sentences_after_told_that_is_governed_by_its_first(quotes):
    text = ('The coach told reporters that "they changed the rules because they wanted a different result. '
            'What they are doing is rigging the game."')
    statement = only(quotes(text))
    assert (statement.speaker_text, statement.cue) == ("The coach", "told")


@pytest.mark.parametrize(("text", "speaker"), [
    ('"Although the harvest was large, prices stayed low for most of the year," the farm bureau report stated.',
     "the farm bureau report"),
    ('An audit released last year found that the agency could not show the money was not coming from "shell '
     'companies and unnamed donors."', "An audit"),
])
def test_a_text_with_no_owner_named_speaks_for_itself(quotes, text, speaker):
    assert only(quotes(text)).speaker_text == speaker


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The mayor cited rising rents as the main reason for the new shelter.",
     "rising rents as the main reason for the new shelter", "The mayor"),
    ("Senator Park called on the council to release the audit before the vote.",
     "the council to release the audit before the vote", "Park"),
    ("The teachers' union strongly endorsed the new budget for rural schools.",
     "the new budget for rural schools", "The teachers' union"),
])
def test_what_an_object_taking_verb_says_is_an_indirect_statement(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (statement.kind, statement.text, statement.speaker_text) == ("indirect", content, speaker)


def test_an_object_statement_stops_at_a_comma_its_verb_takes(quotes):
    statements = quotes("Ana Ruiz criticized the plan for its cost, saying it would double the debt.")
    assert [s.text for s in statements] == ["the plan for its cost", "it would double the debt"]


@pytest.mark.parametrize("text", [
    "Russia condemned the rebels in the east of the country.",  # a state as such holds no views here
    "In the north, rebels attacked an army base and supported the militias.",  # deeds, not statements
])
def test_what_is_not_an_object_statement(quotes, text):
    assert quotes(text) == []


def test_a_transcripts_turns_are_their_speakers_direct_statements(quotes):
    text = ('Part of the interview follows:\n\n"SMITH: We will not wait for the committee to act on this.\n\n'
            '"JONES: Then you will have to wait alone, senator.\n\nUPDATE: The vote was moved to Friday afternoon.')
    statements = quotes(text)
    assert [(s.kind, s.speaker_text, s.text) for s in statements] == [
        ("direct", "SMITH", "We will not wait for the committee to act on this."),
        ("direct", "JONES", "Then you will have to wait alone, senator.")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Poll: Rural Voters Turn Away From the Governor.\n\nA new survey found a shift.", "Poll"),
    ("Zelensky: Kyiv Will Not Trade Land for a Ceasefire.\n\nHe spoke on Monday.", "Zelensky"),
])
def test_a_headline_that_names_its_speaker_before_a_colon_is_an_indirect_statement(quotes, text, speaker):
    statement = quotes(text)[0]
    assert (statement.kind, statement.speaker_text, statement.start) == ("indirect", speaker, len(speaker) + 2)


@pytest.mark.parametrize("text", [
    "Stealth Over Health: The Mayor Was Driven Home Early.\n\nThe paper reported it.",
    "10:40 a.m.\n\nThe vote was held after a long debate.",
    "Damage reports came in overnight.\n\nRiverside Water Works: Two pumps flooded, main office closed for repairs.",
    "WASHINGTON: The Senate passed the budget bill late on Friday night.\n\nIt goes to the House next.",  # dateline
])
def test_a_headline_whose_words_before_the_colon_name_no_one_is_no_statement(quotes, text):
    assert quotes(text) == []


@pytest.mark.parametrize(("text", "content"), [
    ("The minister told reporters on Friday that “exactly who leaked it” remains under review.",
     "“exactly who leaked it” remains under review"),  # the clause opens with the quote and goes on
    ('The governor lauded Ms. Ruiz for bringing "fresh and practical ideas."',
     'Ms. Ruiz for bringing "fresh and practical ideas."'),  # the object and its preposition's phrase
])
def test_a_partial_quote_is_read_with_what_it_completes(quotes, text, content):
    statement = only(quotes(text))
    assert (statement.kind, statement.text) == ("partial", content)


def test_a_speech_verb_in_an_infinitive_stays_in_the_clause_it_is_part_of(quotes):
    statement = only(quotes("The mayor said it was too early to say what caused the fire."))
    assert statement.text == "it was too early to say what caused the fire"


def test_what_someone_called_something_is_named_in_their_words_not_asked(quotes):
    text = 'The secretary general condemned what he called a "brazen breach" of the arms treaty.'
    outer = quotes(text)[0]
    assert (outer.speaker_text, outer.cue) == ("The secretary general", "condemned")
    assert outer.text == 'what he called a "brazen breach" of the arms treaty'


def test_went_on_to_say_is_a_statement_made(quotes):
    statement = only(quotes("The senator went on to say that the bill would pass in the spring."))
    assert (statement.text, statement.speaker_text) == ("the bill would pass in the spring", "The senator")
    assert quotes("The senator may go on to say that the bill would pass.") == []


def test_a_quote_whose_clause_goes_on_before_its_attribution_is_read_to_the_attribution(quotes):
    text = "“You pushed the staff to the limit” to lift the share price and your own pay, she said."
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("partial", "she")
    assert statement.text == "“You pushed the staff to the limit” to lift the share price and your own pay"
    assert pieces(text, statement) == ["You pushed the staff to the limit"]
    assert only(quotes('"We will win this" he said.')).text == "We will win this"


def test_a_quote_after_a_sentence_that_names_no_one_continues_the_paragraphs_last_quote(quotes):
    text = ('"We have had trouble with these attacks for years," Ruiz said after meeting the minister. She did not '
            'threaten a response. "Our aim is to set some rules that everyone can follow."')
    assert [s.speaker_text for s in quotes(text)] == ["Ruiz", "Ruiz"]


def test_of_two_clauses_a_speech_verb_reports_the_one_after_it(quotes):
    text = "It is an extremely unlikely scenario; the senator's team says she will continue her tour later this week."
    statement = only(quotes(text))
    assert statement.speaker_text == "the senator's team"
    assert statement.text == "she will continue her tour later this week"


@pytest.mark.parametrize(("text", "content"), [
    ("In Honolulu last week, she told a meeting of island leaders that few people understood the stakes better.",
     "few people understood the stakes better"),  # the clause hung on the listeners
    ("The senator tweeted in the early morning hours that the governor was a fraud.",
     "the governor was a fraud"),  # the clause hung on a time
])
def test_a_that_clause_the_parse_hung_on_a_noun_after_the_verb_is_reported(quotes, text, content):
    assert only(quotes(text)).text == content


def test_a_passive_object_verb_reports_nothing(quotes):
    assert quotes("A residency requirement is cited on the campaign's website.") == []


def test_what_is_said_inside_a_transcripts_turn_stays_in_the_turn(quotes):
    text = ('The exchange went on:\n\n"LEE: But, senator, as the local paper wrote, it shows that voters worry about '
            'the budget above all.\n\n"PARK: They worry about jobs.')
    assert [(s.kind, s.speaker_text) for s in quotes(text)] == [("direct", "LEE"), ("direct", "PARK")]


@pytest.mark.parametrize(("text", "content"), [
    ("The union called the new contract terms unfair to part-time workers.",
     "the new contract terms unfair to part-time workers"),
    ("The senator called the governor a liar and a coward.", "the governor a liar and a coward"),
    ("The council chair called an emergency meeting for Friday.", None),  # calling a meeting says nothing
])
def test_a_naming_verb_says_something_only_with_what_it_calls_its_object(quotes, text, content):
    assert [s.text for s in quotes(text)] == ([content] if content else [])


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('The main requirement for the visa is a "lawful source of income," as a ministry memo put it.',
     'The main requirement for the visa is a "lawful source of income', "a ministry memo"),
    ("The economy grew by two percent last year, as the minister said on Monday.",
     "The economy grew by two percent last year", "the minister"),
])
def test_as_someone_said_attributes_the_clause_it_hangs_on(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (statement.text, statement.speaker_text) == (content, speaker)


@pytest.mark.parametrize("text", [
    "The firm failed as predicted by the analysts.",  # no one of its own says it
    "The crowd grew quiet as she asked the council for a vote.",  # what she did, not an attribution
])
def test_an_as_clause_that_says_or_does_more_attributes_nothing(quotes, text):
    assert all(s.cue not in {"predicted", "asked"} or s.start > text.index(" as ") for s in quotes(text))


@pytest.mark.parametrize(("text", "content"), [
    ("According to Tom Bell, the move reeks of “fear” and desperation.", "the move reeks of “fear” and desperation"),
    ("According to Tom Bell, a senior aide, the plan will fail.", "the plan will fail"),
])
def test_according_to_keeps_its_claim_when_the_parse_hangs_it_on_the_source(quotes, text, content):
    statement = only(quotes(text))
    assert (statement.text, statement.speaker_text) == (content, "Tom Bell")


def test_a_quoted_show_in_the_attribution_does_not_break_a_split_quote(quotes):
    text = ("“He is right. There is a real gap between the council and the police,” Ruiz, a former officer, said "
            "on Monday on WKRP’s “Morning Report.” “I mean, there is a lot of frustration in the ranks.”")
    statement = only(quotes(text))
    assert statement.speaker_text == "Ruiz"
    assert pieces(text, statement)[-1] == "I mean, there is a lot of frustration in the ranks."


@pytest.mark.parametrize(("text", "content"), [
    ("Polls show a close contest in the state, where ten electoral votes are at stake.",
     ["a close contest in the state"]),  # what the polls found, without the writer's ', where ...'
    ("Many firms find ways to make the tax code work for them.", []),  # finding a way is no finding
    ("He showed the crowd his empty hands.", []),  # a person showing something
    ("The company showed a small profit in the third quarter.", []),  # a firm's result, not a finding
])
def test_what_a_text_or_data_shows_is_its_statement(quotes, text, content):
    assert [s.text for s in quotes(text)] == content


def test_a_quoted_sentence_whose_clause_goes_on_after_the_mark_is_read_to_the_clauses_end(quotes):
    text = ("The spokeswoman said by email that, “Of course the mayor is going to defend himself” against what "
            "the office sees as a campaign by the papers.")
    statement = only(quotes(text))
    assert statement.kind == "partial"
    assert statement.text == ("“Of course the mayor is going to defend himself” against what the office sees as a "
                              "campaign by the papers")
    assert only(quotes("The spokeswoman said that, in her view, the plan would fail.")).text == (
        "in her view, the plan would fail")


@pytest.mark.parametrize(("text", "content"), [
    ("Senator Ruiz highlighted the shortage of nurses in rural clinics.", "the shortage of nurses in rural clinics"),
    ("The governor refuses to release his tax returns.", "to release his tax returns"),
])
def test_a_position_noted_or_refused_is_an_indirect_statement(quotes, text, content):
    statement = only(quotes(text))
    assert (statement.kind, statement.text) == ("indirect", content)


def test_a_reported_clause_goes_on_with_what_the_sentence_adds_after_its_quoted_words(quotes):
    text = "The minister said there remains a “serious gap in pay,” when it comes to how many women rise to the top."
    statement = only(quotes(text))
    assert statement.text == "there remains a “serious gap in pay,” when it comes to how many women rise to the top"


# ---- reported clauses and quotes read as one statement ---------------------------------------
def test_a_reported_clause_takes_in_the_direct_quote_it_leads_into(quotes):
    text = ("She added that most of the union vote in Ohio seems more anti-Smith than pro-Jones, which is a "
            "problem because, “In the end, we don’t vote against somebody. We vote for somebody.”")
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text, statement.cue) == ("partial", "She", "added")
    assert statement.text.startswith("most of the union vote") and statement.text.endswith("for somebody.”")
    assert pieces(text, statement) == ["In the end, we don’t vote against somebody. We vote for somebody."]


def test_a_quote_with_its_attribution_after_it_stays_a_direct_quote(quotes):
    text = ("Senator Ruth Ames (D-Ohio) scolded the panel: “The evidence is almost unanimous against you,” she "
            "said. “I don’t understand why you need to go there.”")
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("direct", "she")
    assert statement.text.startswith("The evidence is almost unanimous")


def test_words_with_no_verb_that_open_a_quotes_sentence_are_part_of_it(quotes):
    text = "With thousands of local counting systems, “there is no single point of failure,” he said."
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("partial", "he")
    assert statement.text == "With thousands of local counting systems, “there is no single point of failure,”"


def test_a_clause_that_ends_inside_quoted_words_goes_on_to_their_closing_mark(quotes):
    text = ("Meanwhile, the newspaper attacked Smith, saying he “has offended farmers and nurses with his insults, "
            "and he has neither the patience nor the judgment to lead the city.”")
    statement = only(quotes(text))
    assert statement.speaker_text == "newspaper"
    assert statement.text.endswith("to lead the city.”")


@pytest.mark.parametrize("text", [
    '"You know, I love Larry," he said, but "when it comes to farm policy, Larry has a long record of '
    'representing the big growers."',
    'At the rally, the mayor shouted: "This is a big year for our city!" "The nation is watching Ohio. '
    'We have his back."',
])
def test_quoted_sentences_joined_by_but_or_following_on_are_one_quote(quotes, text):
    statement = only(quotes(text))
    assert statement.kind == "direct" and len(statement.spans) == 2


@pytest.mark.parametrize(("text", "content"), [
    ("The fact-checkers looked at Smith’s claim that there have been “thousands of shootings” in rural Ohio "
     "this year alone.", "there have been “thousands of shootings” in rural Ohio this year alone"),
    ("The union called Lee a “champion” for its members.", "Lee a “champion” for its members"),
    ("Smith urged voters to “check out” the old council tapes.", "voters to “check out” the old council tapes"),
    ("Lee described the budget as a “crazy system” during a campaign stop in Dayton.",
     "the budget as a “crazy system”"),
    ("Trump called on Iran to \"surrender\" on social media.", 'to "surrender"'),
])
def test_a_partial_quotes_phrase_goes_on_over_the_words_that_depend_on_it(quotes, text, content):
    assert only(quotes(text)).text == content


# ---- indirect statements of other shapes -----------------------------------------------------
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("About 4.2 million veterans live in rural Ohio, according to federal statistics.",
     "About 4.2 million veterans live in rural Ohio", "federal statistics"),
    ("Polling averages show Smith with a lead in the low single digits.",
     "Smith with a lead in the low single digits", "Polling averages"),
    ("The court blocked the company from leaving the plant, citing a threat to public health and safety.",
     "a threat to public health and safety", "court"),
    ("Delegates questioned how Smith could turn back on a pledge he made to support the nominee.",
     "how Smith could turn back on a pledge he made to support the nominee", "Delegates"),
    ("Mr. Lee told his advisers to figure out how to cut costs without the council.",
     "his advisers to figure out how to cut costs without the council", "Lee"),
    ("President Lee has called for reducing the corporate tax rate to 28 percent.",
     "reducing the corporate tax rate to 28 percent", "Lee"),
])
def test_data_reasons_questions_and_orders_are_indirect_statements(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (statement.kind, statement.text, statement.speaker_text) == ("indirect", content, speaker)


def test_a_source_relayed_with_citing_is_the_source_not_a_reason(quotes):
    statement = only(quotes("Agencies, citing a Kremlin source, reported that the talks had stalled."))
    assert (statement.text, statement.speaker_text) == ("the talks had stalled", "a Kremlin source")


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Though that change was fairly smooth, he said, replacing Lee would be much more bitter.",
     "Though that change was fairly smooth replacing Lee would be much more bitter", "he"),
    ("The middle fifth paid 8.9 percent, the agency said in a June report, and those in the bottom fifth "
     "paid 0.8 percent.", "The middle fifth paid 8.9 percent and those in the bottom fifth paid 0.8 percent",
     "the agency"),
    ("The difference now, he told me on Friday, is that he is the anchor of a news program.",
     "The difference now is that he is the anchor of a news program", "he"),
])
def test_an_attribution_in_the_middle_of_its_sentence_reports_both_sides(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (" ".join(pieces(text, statement)), statement.speaker_text) == (content, speaker)


@pytest.mark.parametrize("text", [
    "A passionate defender of the network, Mr. Lee likened it to the BBC, which receives state money.",
    "On Thursday, Lee spoke to a meeting of farm leaders, promising lower fuel taxes.",
])
def test_a_clause_of_its_own_between_commas_is_no_attribution_of_the_sentence(quotes, text):
    assert all(not s.text.startswith(("A passionate", "On Thursday")) for s in quotes(text))


@pytest.mark.parametrize(("text", "speaker"), [
    ("Those close to him say that he would have to consider a former governor.", "Those close to him"),
    ("Some argue that the tariff will hurt farmers in Ohio.", "Some"),
])
def test_a_group_named_by_a_pronoun_can_speak(quotes, text, speaker):
    assert only(quotes(text)).speaker_text == speaker


@pytest.mark.parametrize(("text", "content"), [
    ("Jones says she hopes to be elected mayor, but she knows that “the river will always be the king.”",
     "she hopes to be elected mayor, but she knows that “the river will always be the king.”"),
    ("Mayor Ann Roberts said Friday that she thinks the video should be released but said “the question is the "
     "timing.”", "she thinks the video should be released but said “the question is the timing.”"),
])
def test_a_reported_clause_and_quoted_words_joined_by_and_or_but_are_one_statement(quotes, text, content):
    statement = only(quotes(text))
    assert (statement.kind, statement.text) == ("partial", content)



@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("At his cookout, the band leader called the local bigwigs to the stage, singing \"It's Our Time.\"",
     "It's Our Time.", "the band leader"),
    ("Tom Smith walked onto the stage, chanting “Four More Years!”", "Four More Years!", "Tom Smith"),
    ("Mayor Tom Smith has used the phrase “radical greed” often in his campaign.", "radical greed", "Tom Smith"),
])
def test_words_voiced_or_used_are_the_speakers_even_when_they_read_as_a_name(quotes, text, content, speaker):
    statement = quotes(text)[-1]
    assert (statement.kind, statement.text, statement.speaker_text) == ("partial", content, speaker)


def test_a_title_named_is_still_no_statement(quotes):
    assert quotes("She wrote “The Missing Peace” in 2004.") == []


@pytest.mark.parametrize(("text", "speaker"), [
    ("The union is calling for a new vote on the contract.", "union"),
    ("Tom Lee left the hall, calling for a new vote on the contract.", "Tom Lee"),
])
def test_a_position_in_the_progressive_or_a_participle_is_its_subjects(quotes, text, speaker):
    statement = only(quotes(text))
    assert (statement.kind, statement.speaker_text) == ("indirect", speaker)
    assert statement.text == "a new vote on the contract"


def test_a_reported_clause_does_not_go_on_into_the_clause_that_governs_its_verb(quotes):
    text = "After saying her knee was “so sore I could barely walk,” she canceled the trip to Ohio."
    assert only(quotes(text)).text == "her knee was “so sore I could barely walk,”"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The merger could widen the cracks, although few experts believe that is likely.", "that is likely",
     "few experts"),
    ("Many of his supporters believe higher tariffs are acceptable.", "higher tariffs are acceptable",
     "Many of his supporters"),
])
def test_what_a_group_believes_is_its_statement_and_a_that_subject_stays(quotes, text, content, speaker):
    statement = only(quotes(text))
    assert (statement.text, statement.speaker_text) == (content, speaker)


def test_a_position_taken_after_the_speakers_statement_goes_on_with_it(quotes):
    text = ("Mayor Ana Ruiz repeatedly declares that she 'does not seek new taxes', calling for public respect "
            "for the budget.")
    assert [s.kind for s in quotes(text)] == ["partial"]


def test_a_statement_made_for_the_purpose_of_a_deed_done_is_made(quotes):
    statement = only(quotes("Lee called a news conference to deny that the plan had failed."))
    assert (statement.text, statement.speaker_text) == ("the plan had failed", "Lee")
    assert quotes("Lee may call a news conference to deny that the plan had failed.") == []


def test_calling_something_a_name_for_someone_is_no_call_for_them(quotes):
    text = 'Mayor Ana Ruiz called it "a historic day" for the valley.'
    assert [s.text for s in quotes(text)] == ['it "a historic day"']
