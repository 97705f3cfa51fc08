"""Score the quotes stage on the labelled dev set (`tests/data/quotes_dev.jsonl`).

    python benchmarks/score_quotes.py [--data FILE] [--verbose]

A predicted statement matches a gold one when at least half of its words are in the gold text and
its speaker matches: the actor's name, the speaker's words as written, or, for an organisation, the
name of its state ("Russia's defence ministry" for "Russia"); names compare case-, accent- and
punctuation-insensitively, without a leading article. A gold statement is found when the
predictions matching it cover half of its words. An actor's name includes its aliases in the
knowledge base ("Sergei Lavrov" for "Sergey Lavrov"). Speaker accuracy is the share of predictions whose
text matches a gold statement that also have its speaker. Per kind: precision by predicted kind,
recall by gold kind. A partial quote that the stage reads with the clause it is part of ('called
half of his supporters "deplorables"') is matched on its quoted words (`spans`), as the gold
lists them; one whose clause holds several quoted pieces ('said the talks were "candid" and
"useful"') counts once per piece, as the gold lists each.

The dev items are single passages without metadata; titles ("the German chancellor") are resolved
on a date, so each passage is analysed as if published on the first date it mentions ("in March
2024"), else on DEFAULT_PUBLISHED.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "quotes_dev.jsonl"
DEFAULT_PUBLISHED = "2025-06-19"
KINDS = ("direct", "partial", "indirect")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
DATE = re.compile(r"(?i)\b(?:(" + "|".join(MONTHS) + r")\s+(?:(\d{1,2}),?\s+)?)?((?:19|20)\d\d)\b")
ARTICLE = re.compile(r"^(?:a|an|the|one) ")


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ARTICLE.sub("", re.sub(r"[^a-z0-9]+", " ", text).strip())


def words(text: str) -> set[str]:
    return set(norm(text).split())


def published_in(text: str) -> str:
    """The first date a passage mentions, as ISO (mid-month, or mid-year for a bare year)."""
    match = DATE.search(text)
    if match is None:
        return DEFAULT_PUBLISHED
    month, day, year = match.groups()
    if month is None:
        return f"{year}-07-01"
    return f"{year}-{MONTHS.index(month.lower()) + 1:02d}-{int(day or 15):02d}"


def load_items(path: Path = DEV_SET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def quote_pipeline(nlp: Language | None = None) -> Language:
    """The rashomon pipeline, with the quotes stage added after the actors if it lacks it."""
    from rashomon.pipeline import build_nlp

    nlp = nlp or build_nlp()
    if "rashomon_quotes" not in nlp.pipe_names:
        nlp.add_pipe("rashomon_quotes", after="rashomon_actors").initialize(nlp=nlp)
    return nlp


def analyse(nlp: Language, text: str, published: str) -> Doc:
    doc = nlp.make_doc(text)
    doc._.rashomon_published = published
    return nlp(doc)


def speaker_names(quote: dict[str, Any], actors: dict[str, dict[str, Any]]) -> set[str]:
    from rashomon.knowledge import load_knowledge

    names = {norm(quote["speaker_text"])} if quote.get("speaker_text") else set()
    actor = actors.get(quote.get("speaker") or "")
    if actor is not None:
        kb = load_knowledge().kb
        names.add(norm(actor["name"]))
        known = kb.entities.get(quote["speaker"])
        names.update(norm(alias) for alias in (known.aliases if known is not None else []))
        state = kb.entities.get(actor.get("country") or "")
        if actor["kind"] != "person" and state is not None:
            names.add(norm(state.name))
    return names


@dataclass
class Tally:
    predicted: int = 0
    correct: int = 0
    text_hits: int = 0
    gold: int = 0
    found: int = 0
    kind_agree: int = 0

    def numbers(self) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3),
                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                "speaker_accuracy": round(self.correct / self.text_hits, 3) if self.text_hits else 0.0,
                "kind_accuracy": round(self.kind_agree / self.correct, 3) if self.correct else 0.0,
                "predicted": self.predicted, "gold": self.gold}


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    errors: list[str] = field(default_factory=list)

    def numbers(self) -> dict[str, Any]:
        return {"overall": self.overall.numbers(), **{k: t.numbers() for k, t in self.kinds.items()}}


def quoted_words(text: str, quote: dict[str, Any]) -> str:
    """What a statement is matched on: its text, or for a partial quote read with the clause it is
    part of, the quoted words alone (its `spans`), which is what the gold lists."""
    if quote["kind"] == "partial" and quote.get("spans"):
        return " ".join(text[start:end] for start, end in quote["spans"])
    return quote["text"]


def pieces(quote: dict[str, Any]) -> list[dict[str, Any]]:
    """A partial statement with several quoted pieces as one statement per piece."""
    if quote["kind"] != "partial" or len(quote.get("spans") or []) < 2:
        return [quote]
    return [quote | {"spans": [span]} for span in quote["spans"]]


def score_item(item: dict[str, Any], predicted: list[dict[str, Any]], actors: dict[str, dict[str, Any]],
               score: Score) -> None:
    gold = item["quotes"]
    covered: dict[int, set[str]] = {}
    for quote in predicted:
        tallies = (score.overall, score.kinds[quote["kind"]])
        mine = words(quoted_words(item.get("text", ""), quote))
        texts = [i for i, g in enumerate(gold) if mine and len(mine & words(g["text"])) / len(mine) >= 0.5]
        names = speaker_names(quote, actors)
        hits = [i for i in texts if norm(gold[i]["speaker"]) in names]
        for tally in tallies:
            tally.predicted += 1
            tally.text_hits += bool(texts)
            tally.correct += bool(hits)
            tally.kind_agree += bool(hits) and gold[hits[0]]["kind"] == quote["kind"]
        if hits:
            covered.setdefault(hits[0], set()).update(mine)
        else:
            score.errors.append(f"{item['id']} extra {quote['kind']} [{quote.get('speaker_text')}|"
                                f"{quote.get('speaker')}] {quote['text'][:80]}")
    for i, g in enumerate(gold):
        found = len(words(g["text"]) & covered.get(i, set())) / len(words(g["text"])) >= 0.5
        for tally in (score.overall, score.kinds[g["kind"]]):
            tally.gold += 1
            tally.found += found
        if not found:
            score.errors.append(f"{item['id']} missed {g['kind']} [{g['speaker']}] {g['text'][:80]}")


def evaluate(nlp: Language, items: Iterable[dict[str, Any]]) -> Score:
    from rashomon.components.extensions import doc_actors, doc_quotes

    score = Score()
    for item in items:
        doc = analyse(nlp, item["text"], item.get("published") or published_in(item["text"]))
        # The stage's records as the gold's plain dicts, which the scoring reads.
        quotes = [piece for q in doc_quotes(doc) or [] for piece in pieces(asdict(q))]
        score_item(item, quotes, {key: asdict(info) for key, info in doc_actors(doc).items()}, score)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV_SET)
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra")
    args = parser.parse_args()
    score = evaluate(quote_pipeline(), load_items(args.data))
    for name, numbers in score.numbers().items():
        print(f"{name:9s} P {numbers['precision']:.3f}  R {numbers['recall']:.3f}  F1 {numbers['f1']:.3f}  "
              f"speaker {numbers['speaker_accuracy']:.3f}  kind {numbers['kind_accuracy']:.3f}  "
              f"(predicted {numbers['predicted']}, gold {numbers['gold']})")
    if args.verbose:
        print("\n".join(score.errors))


if __name__ == "__main__":
    main()
