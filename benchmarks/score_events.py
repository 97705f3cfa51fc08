"""Score the events stage on the labelled development sentences.

    python benchmarks/score_events.py [--data tests/data/events_dev.jsonl] [--verbose] [--json]

Each line of the data file is `{"id", "published", "text", "events": [{"actor", "type", "mode",
"recipient", "negated", "modality", "date", "alt"}]}`; actor and recipient are a code or name, or a
list of them; `alt` (optional) lists other acceptable codings, `[{"type", "negated"}]`, as the
seeds' gold does. A predicted actor stands for a gold one when its id, name or country equals it (case,
accents and punctuation ignored). As in ../shared/eval/score.py, a predicted event matches a gold
event of the same sentence when an actor matches, a recipient matches (if the gold names one), the
type matches (or, at quad level, the quad class) and `negated` agrees, for the gold coding or one
of its `alt` codings; a second report of a gold
event already found counts neither way, and so does a prediction that names no recipient where the
gold event names one (it tells that event incompletely, not a wrong one; counted as `incomplete`,
and the gold event stays missed unless another prediction finds it). Prints per-type precision
and recall, the overall and quad-level scores, and - over predictions that match a gold event
apart from negation - how often negation, modality and date agree.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "events_dev.jsonl"
QUAD = {"AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
        "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
        "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
        "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
        "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
        "ASSAULT": "material_conflict"}


def norm(name: object) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def keys(value: object) -> set[str]:
    """Gold actor field (string, list or null) as a set of normalised names."""
    if value is None:
        return set()
    items = value if isinstance(value, list) else [value]
    return {norm(v) for v in items if v}


@dataclass
class Counts:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    incomplete: Counter = field(default_factory=Counter)  # a gold event told without its recipient

    def total(self) -> dict[str, float]:
        return {**prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())),
                "incomplete": sum(self.incomplete.values())}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def predicted_keys(ids: Iterable[str], actors: dict[str, dict]) -> set[str]:
    """Names a predicted actor answers to: its id, name and country, and the knowledge base's
    aliases for it (the gold may write HOUTHIS where the KB's id is YEM_HOUTHIS)."""
    from rashomon.knowledge import load_knowledge

    kb = load_knowledge().kb
    found: set[str] = set()
    for actor_id in ids:
        info = actors.get(actor_id, {})
        entity = kb.entities.get(actor_id)
        aliases = [entity.name, *entity.aliases] if entity is not None else []
        found |= {norm(v) for v in (actor_id, info.get("name"), info.get("country"), *aliases) if v}
    return found


def same_participants(pred: dict, gold: dict) -> bool:
    if not pred["_actor"] & keys(gold.get("actor")):
        return False
    wanted = keys(gold.get("recipient"))
    return not wanted or bool(pred["_recipient"] & wanted)


def codings(gold: dict) -> list[tuple[str, bool]]:
    """(type, negated) of the gold event and of its `alt` codings, as in ../shared/eval/score.py: a
    refusal is a REJECT or the refused act, negated."""
    base = (gold["type"], bool(gold.get("negated")))
    return [base, *((alt.get("type", base[0]), bool(alt.get("negated", base[1]))) for alt in gold.get("alt") or [])]


def matches(pred: dict, gold: dict, level: str, any_recipient: bool = False) -> bool:
    if not (same_participants(pred, {**gold, "recipient": None}) if any_recipient else same_participants(pred, gold)):
        return False
    for event_type, negated in codings(gold):
        if bool(pred["negated"]) != negated:
            continue
        if (QUAD.get(pred["type"]) == QUAD.get(event_type)) if level == "quad" else pred["type"] == event_type:
            return True
    return False


def score_sentence(preds: list[dict], golds: list[dict], level: str, counts: Counts,
                   misses: list | None = None, extras: list | None = None) -> None:
    found: set[int] = set()
    label = (lambda e: QUAD.get(e["type"], "?")) if level == "quad" else (lambda e: e["type"])
    for pred in preds:
        hits = [i for i, gold in enumerate(golds) if matches(pred, gold, level)]
        if not hits and not pred["_recipient"] and any(matches(pred, gold, level, True) for gold in golds):
            counts.incomplete[label(pred)] += 1
            continue
        if not hits:
            counts.fp[label(pred)] += 1
            if extras is not None:
                extras.append(pred)
            continue
        fresh = [i for i in hits if i not in found]
        if fresh:
            found.add(fresh[0])
            counts.tp[label(golds[fresh[0]])] += 1
    for i, gold in enumerate(golds):
        if i not in found:
            counts.fn[label(gold)] += 1
            if misses is not None:
                misses.append(gold)


def agreement(preds: list[dict], golds: list[dict], tally: Counter) -> None:
    """Over predictions that match a gold event apart from negation: do negation, modality, date agree?"""
    for pred in preds:
        gold = next((g for g in golds if same_participants(pred, g) and pred["type"] == g["type"]), None)
        if gold is None:
            continue
        tally["pairs"] += 1
        tally["negation"] += bool(pred["negated"]) == bool(gold.get("negated"))
        tally["modality"] += pred["modality"] == (gold.get("modality") or "asserted")
        tally["date"] += pred["date"] == gold.get("date")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(rows: list[dict], nlp: Language | None = None) -> list[list[dict]]:
    """The events stage's output for each row, with actor keys ready for matching."""
    from rashomon.components.events import EventExtractor
    from rashomon.components.extensions import doc_actors, doc_events
    from rashomon.pipeline import build_nlp

    nlp = nlp or build_nlp()
    extractor = None if "rashomon_events" in nlp.pipe_names else EventExtractor(nlp)
    if extractor is not None:
        extractor.initialize()
    out = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc._.rashomon_published = row.get("published")
        doc = nlp(doc)
        if extractor is not None:
            doc = extractor(doc)
        # The stage's records as the gold's plain dicts, which the scoring reads.
        actors = {key: asdict(info) for key, info in doc_actors(doc).items()}
        events = [dict(asdict(e), _actor=predicted_keys(e.actor, actors),
                       _recipient=predicted_keys(e.recipient, actors)) for e in doc_events(doc)]
        out.append(events)
    return out


def evaluate(rows: list[dict], predictions: list[list[dict]], verbose: bool = False) -> dict:
    by_type, by_quad, tally = Counts(), Counts(), Counter()
    report = []
    for row, preds in zip(rows, predictions, strict=True):
        golds = row.get("events") or []
        misses: list = []
        extras: list = []
        score_sentence(preds, golds, "type", by_type, misses, extras)
        score_sentence(preds, golds, "quad", by_quad)
        agreement(preds, golds, tally)
        if verbose and (misses or extras):
            report.append((row, misses, extras))
    pairs = tally["pairs"] or 1
    types = sorted(set(by_type.tp) | set(by_type.fp) | set(by_type.fn))
    return {
        "events": by_type.total(), "events_quad": by_quad.total(),
        "per_type": {t: prf(by_type.tp[t], by_type.fp[t], by_type.fn[t]) for t in types},
        "negation_accuracy": round(tally["negation"] / pairs, 3),
        "modality_accuracy": round(tally["modality"] / pairs, 3),
        "date_accuracy": round(tally["date"] / pairs, 3), "agreement_pairs": tally["pairs"],
        "_report": report,
    }


def show(scores: dict) -> None:
    print(f"{'type':10s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp  fp  fn")
    for name, s in scores["per_type"].items():
        print(f"{name:10s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
              f"{s['tp']:3d} {s['fp']:3d} {s['fn']:3d}")
    for key in ("events", "events_quad"):
        s = scores[key]
        print(f"{key:12s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}   "
              f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']}; {s['incomplete']} told without their recipient)")
    print(f"over {scores['agreement_pairs']} matched pairs: negation {scores['negation_accuracy']:.3f}  "
          f"modality {scores['modality_accuracy']:.3f}  date {scores['date_accuracy']:.3f}")


def show_report(report: list) -> None:
    def brief(e: dict) -> str:
        actor = e.get("actor")
        recipient = e.get("recipient")
        return f"{e['type']} {actor} -> {recipient}{' (negated)' if e.get('negated') else ''}"

    for row, misses, extras in report:
        print(f"\n{row['id']}: {row['text']}")
        for gold in misses:
            print(f"  missed: {brief(gold)}")
        for pred in extras:
            print(f"  extra:  {brief(pred)} [{pred['evidence'][0]['trigger']}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    rows = load(args.data)
    scores = evaluate(rows, predict(rows), verbose=args.verbose)
    report = scores.pop("_report")
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    if args.verbose:
        show_report(report)
    show(scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
