"""Document facts read from the text itself: title, author, genre and language."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .data_files import load_data

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A first line this short without final punctuation reads as a headline.
MAX_TITLE_WORDS = 20
# Script share above which a text is taken to be in that script's language.
SCRIPT_SHARE = 0.3
SHORT_TEXT_WORDS = 50


@cache
def _cues() -> dict:
    data = load_data("document_cues.yaml")
    data["_author"] = [re.compile(p) for p in data["author_patterns"]]
    data["_scripts"] = {k: re.compile(v) for k, v in data["language"]["scripts"].items() if k != "__line__"}
    return data


def guess_title(text: str) -> str | None:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    words = first.split()
    if 0 < len(words) <= MAX_TITLE_WORDS and not first.endswith((".", ":", ";", ",")):
        return first
    return None


def guess_author(text: str) -> str | None:
    for pattern in _cues()["_author"]:
        match = pattern.search(text)
        if match:
            return match.group("name").strip()
    return None


def guess_genre(text: str) -> str:
    cues = _cues()["genre"]
    lower = text.lower()
    words = WORD.findall(lower)
    opinion = sum(lower.count(p) for p in cues["opinion_phrases"])
    news = sum(lower.count(p) for p in cues["news_phrases"])
    pronouns = set(cues["first_person"])
    first_person = sum(1 for w in words if w in pronouns)
    opinion += first_person * 500 / max(len(words), 1)
    return "opinion" if opinion > news else "news"


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when no language is recognisable."""
    cues = _cues()
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    sample = "".join(letters[:5000])
    for code, pattern in cues["_scripts"].items():
        # Persian shares Arabic script: a few Persian-only letters are enough to decide.
        share = len(pattern.findall(sample)) / len(sample) * (10 if code == "fa" else 1)
        if share > SCRIPT_SHARE:
            return code
    words = Counter(w.lower() for w in WORD.findall(text[:20000]))
    total = sum(words.values())
    if not total:
        return None
    shares = {code: sum(words[w] for w in stops) / total
              for code, stops in cues["language"]["stopwords"].items() if code != "__line__"}
    best = max(shares, key=lambda c: shares[c])
    if shares[best] >= cues["language"]["min_share"]:
        return best
    # A headline or one short sentence may hold no function words at all: in Latin script with
    # nothing pointing elsewhere, it is read as English.
    if total < SHORT_TEXT_WORDS and shares["en"] >= shares[best]:
        return "en"
    return None
