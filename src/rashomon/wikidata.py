"""Bring the knowledge base up to date from Wikidata without us: read the JSON result of the
SPARQL query in docs/knowledge-base.md (P39 position held with P580/P582 qualifiers, P570 date of
death, P21 sex) and write people records for the user overlay.

Positions are mapped to our office keys by their English label: an office title from
offices.yaml ("Minister of Foreign Affairs") and a state the KB knows ("of Iran", "Russian").
Rows whose position cannot be mapped are counted and skipped, never guessed."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeBaseError
from .kb import KnowledgeBase, surface_key

GENDERS = {"Q6581097": "male", "Q6581072": "female"}


def _value(binding: dict, key: str) -> str | None:
    cell = binding.get(key)
    return cell.get("value") if isinstance(cell, dict) else None


def _qid(uri: str | None) -> str | None:
    return uri.rsplit("/", 1)[-1] if uri else None


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def map_position(label: str, kb: KnowledgeBase) -> tuple[str, str] | None:
    """('foreign_minister', 'IRN') for 'Minister of Foreign Affairs of Iran', or None."""
    key = surface_key(label)
    titles = sorted(kb.office_titles, key=len, reverse=True)
    office = next((kb.office_titles[t] for t in titles if f" {t} " in f" {key} "), None)
    if office is None:
        return None
    words = key.replace(",", " ").split()
    for width in (4, 3, 2, 1):
        for i in range(len(words) - width + 1):
            for entity, _how in kb.lookup(" ".join(words[i:i + width])):
                if entity.kind == "state":
                    return office, entity.id
                if entity.kind in {"organisation", "group"} and kb.offices[office].sector in {"IGO", "JUD", "REB"}:
                    return office, entity.id
    return None


def people_from_sparql(data: dict[str, Any], kb: KnowledgeBase) -> tuple[list[dict], int]:
    """People records (overlay format) and the number of rows skipped."""
    try:
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise KnowledgeBaseError("not a SPARQL JSON result (results.bindings missing)") from None
    people: dict[str, dict] = {}
    offices: dict[str, list[dict]] = defaultdict(list)
    skipped = 0
    for row in bindings:
        qid, name = _qid(_value(row, "person")), _value(row, "personLabel")
        mapped = map_position(_value(row, "positionLabel") or "", kb)
        if not qid or not name or mapped is None:
            skipped += 1
            continue
        office, holder = mapped
        person = people.setdefault(qid, {"name": name, "wikidata": qid, "aliases": [],
                                         "died": _day(_value(row, "died")),
                                         "gender": GENDERS.get(_qid(_value(row, "gender")) or "")})
        term = {"office": office, "start": _day(_value(row, "start")), "end": _day(_value(row, "end"))}
        term["country" if kb.state(holder) else "org"] = holder
        if term not in offices[qid]:
            offices[qid].append(term)
        surname = name.split()[-1]
        if len(name.split()) > 1 and surname not in person["aliases"]:
            person["aliases"].append(surname)
    return [{**people[q], "offices": offices[q]} for q in people], skipped


def import_wikidata(path: Path, overlay: Path, kb: KnowledgeBase) -> tuple[int, int]:
    """Merge the people in a SPARQL result file into the overlay; returns (people, skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KnowledgeBaseError(f"cannot read SPARQL JSON: {err}", str(path)) from None
    people, skipped = people_from_sparql(data, kb)
    existing: dict[str, Any] = {}
    if overlay.exists():
        existing = yaml.safe_load(overlay.read_text(encoding="utf-8")) or {}
    by_key = {p.get("wikidata") or p["name"]: p for p in existing.get("people") or []}
    for person in people:
        by_key[person["wikidata"]] = person
    existing["people"] = list(by_key.values())
    overlay.write_text(yaml.safe_dump(existing, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(people), skipped
