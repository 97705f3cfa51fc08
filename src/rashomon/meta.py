"""Document facts read from the text itself: title, author, genre and language."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .textspans import quote_regions

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A first line this short without final punctuation reads as a headline.
MAX_TITLE_WORDS = 20
# Script share above which a text is taken to be in that script's language.
SCRIPT_SHARE = 0.3
SHORT_TEXT_WORDS = 50


@dataclass(frozen=True)
class DocumentCues:
    """data/document_cues.yaml, compiled: author patterns, genre cues, language cues."""

    authors: tuple[re.Pattern[str], ...]
    opinion_labels: re.Pattern[str]
    voice: re.Pattern[str]
    reporting: re.Pattern[str]
    reporting_weight: float
    genre_threshold: float
    scripts: dict[str, re.Pattern[str]]
    stopwords: dict[str, tuple[str, ...]]
    min_share: float

    @classmethod
    def from_data(cls, data: dict) -> DocumentCues:
        genre, language = data["genre"], data["language"]
        return cls(authors=tuple(re.compile(p) for p in data["author_patterns"]),
                   opinion_labels=_phrases(genre["opinion_labels"]), voice=_phrases(genre["voice"]),
                   reporting=_phrases(genre["reporting"]), reporting_weight=float(genre["reporting_weight"]),
                   genre_threshold=float(genre["threshold"]),
                   scripts={k: re.compile(v) for k, v in language["scripts"].items()},
                   stopwords={k: tuple(v) for k, v in language["stopwords"].items()},
                   min_share=float(language["min_share"]))


def guess_title(text: str) -> str | None:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    words = first.split()
    if 0 < len(words) <= MAX_TITLE_WORDS and not first.endswith((".", ":", ";", ",")):
        return first
    return None


def guess_author(text: str, cues: DocumentCues) -> str | None:
    for pattern in cues.authors:
        match = pattern.search(text)
        if match:
            return match.group("name").strip()
    return None


def guess_genre(text: str, cues: DocumentCues) -> str:
    """'opinion' or 'news': a label that says so, else the author's own voice (hedges, stance
    adverbs, first person, questions; outside quotes) against the density of reporting. Without
    any voice at all a text is news."""
    lower = text.lower()
    if cues.opinion_labels.search(lower):
        return "opinion"
    words = max(len(WORD.findall(lower)), 1)
    voice = len(cues.voice.findall(_unquoted(text).lower()))
    reporting = len(cues.reporting.findall(lower))
    score = 1000 * (voice - cues.reporting_weight * reporting) / words
    return "opinion" if voice and score > cues.genre_threshold else "news"


def _unquoted(text: str) -> str:
    """The text without what stands inside quotation marks: the author's own words."""
    parts, at = [], 0
    for region in quote_regions(text):
        parts.append(text[at:region.start])
        at = max(at, region.end)
    return "".join(parts) + text[at:]


def _phrases(phrases: list[str]) -> re.Pattern[str]:
    """Phrases standing as whole words ("blog", not "bloggers"; "opinion:" too), and '?' as itself."""
    words = [re.escape(p) for p in phrases if p != "?"]
    question = r"|\?" if "?" in phrases else ""
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)" + question)


def guess_language(text: str, cues: DocumentCues) -> str | None:
    """ISO 639-1 code of the text's language, or None when no language is recognisable."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    sample = "".join(letters[:5000])
    for code, pattern in cues.scripts.items():
        # Persian shares Arabic script: a few Persian-only letters are enough to decide.
        share = len(pattern.findall(sample)) / len(sample) * (10 if code == "fa" else 1)
        if share > SCRIPT_SHARE:
            return code
    words = Counter(w.lower() for w in WORD.findall(text[:20000]))
    total = sum(words.values())
    if not total:
        return None
    shares = {code: sum(words[w] for w in stops) / total for code, stops in cues.stopwords.items()}
    best = max(shares, key=lambda c: shares[c])
    if shares[best] >= cues.min_share:
        return best
    # A headline or one short sentence may hold no function words at all: in Latin script with
    # nothing pointing elsewhere, it is read as English.
    if total < SHORT_TEXT_WORDS and shares["en"] >= shares[best]:
        return "en"
    return None
