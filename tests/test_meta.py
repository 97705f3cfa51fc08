"""Document facts from the text: author, title, genre and language."""

from __future__ import annotations

import pytest

from rashomon.knowledge import load_knowledge
from rashomon.meta import guess_author, guess_genre, guess_language, guess_title

from .conftest import EXAMPLES

CUES = load_knowledge().documents


def test_meta_author_from_byline_note_and_signature():
    assert guess_author("Talks resume\nBy Amelia Hart, Diplomatic Editor\nThe talks...", CUES) == "Amelia Hart"
    assert guess_author("...end.\nAbout the author. Ilya Brenner, columnist and historian\n", CUES) == "Ilya Brenner"
    assert guess_author("...end.\n\nAbout the author: Marta Ruiz is a columnist.", CUES) == "Marta Ruiz"
    assert guess_author("Who pays?\n\nAuthor: Wang Lei\n\nOn April 2, Trump spoke.", CUES) == "Wang Lei"
    assert guess_author("Commentary from Dana Okafor:\nThe summit was a failure.", CUES) == "Dana Okafor"
    assert guess_author("The war goes on. I am Lin Wei, follow me for more.", CUES) == "Lin Wei"
    assert guess_author("Russia said on Monday it would respond.", CUES) is None


def test_meta_title_is_a_short_first_line():
    assert guess_title("Putin leaves Iran to its own devices\nIran is demanding...") == \
        "Putin leaves Iran to its own devices"
    assert guess_title("Iran struck back on Monday, officials said. More follows.") is None


def test_meta_genre_opinion_versus_news():
    opinion = ("In my view the summit was a failure. I think the allies misread Moscow, and I believe "
               "they will regret it. Of course, the question is what comes next.")
    news = ("Iran fired missiles at a US base in Qatar on Monday, officials said. The Pentagon told "
            "reporters no one was hurt. Qatar said in a statement it had intercepted most of them.")
    assert guess_genre(opinion, CUES) == "opinion"
    assert guess_genre(news, CUES) == "news"


def test_meta_language_detection():
    assert guess_language("The minister said that the talks would resume in Geneva next week.", CUES) == "en"
    french = "Le ministre a déclaré que les négociations reprendront à Genève la semaine prochaine."
    assert guess_language(french, CUES) == "fr"
    assert guess_language("Министр заявил, что переговоры возобновятся в Женеве на следующей неделе.", CUES) == "ru"
    assert guess_language("外交部长表示，谈判将于下周在日内瓦恢复。", CUES) == "zh"
    assert guess_language("12345 67890", CUES) is None


def test_meta_one_short_english_sentence_is_english_and_spanish_stays_spanish():
    assert guess_language("Trump called Zelensky a dictator.", CUES) == "en"
    assert guess_language("Trump llamó a Zelensky un dictador.", CUES) == "es"


@pytest.mark.parametrize(("name", "genre"), [
    ("istanbul_talks_2025.txt", "news"), ("fall_of_assad.txt", "news"), ("india_pakistan_may_2025.txt", "news"),
    ("poland_drones_warsaw_view.txt", "opinion"), ("poland_drones_moscow_view.txt", "opinion"),
    ("germany_nato_2025.txt", "opinion"), ("brics_kazan_2024.txt", "opinion"),
    ("israel_iran_ceasefire_hawkish.txt", "opinion")])
def test_meta_genre_of_the_bundled_examples_follows_their_readme(name, genre):
    body = (EXAMPLES / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert guess_genre(body, CUES) == genre


def test_meta_genre_counts_the_authors_voice_not_the_quoted_one():
    quoted = ('"I think we must respond, and perhaps we should," the minister said on Monday. '
              'Officials said the cabinet would meet again on Tuesday, a spokesperson told reporters.')
    assert guess_genre(quoted, CUES) == "news"
    voiced = "Perhaps the summit was a failure. Surely Moscow noticed? We should not pretend."
    assert guess_genre(voiced, CUES) == "opinion"


def test_meta_genre_labels_are_whole_words():
    report = ("KYIV (Reuters) - Russian forces advanced near Pokrovsk, Russian military bloggers said on Monday. "
              "Officials said the attack continued.")
    assert guess_genre(report, CUES) == "news"
    assert guess_genre("Opinion: the war exposed thin stockpiles.", CUES) == "opinion"
