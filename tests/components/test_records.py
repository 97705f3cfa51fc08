"""The records the components leave on a Doc survive `Doc.to_bytes` / `Doc.from_bytes` (how spaCy sends
docs between processes) as the same types, and other user data is left as it was."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.lang.en import English
from spacy.tokens import Doc

from rashomon.components.extensions import register_extensions
from rashomon.components.records import (
    RECORD_TYPES,
    ActorInfo,
    EventRecord,
    Evidence,
    FlagRecord,
    Mention,
    PlaceMention,
    StanceRecord,
    StatementRecord,
)

EVIDENCE = Evidence(start=0, end=19, text="Iran struck Haifa .", trigger="struck")
SAMPLES: dict[str, object] = {
    "mentions": [Mention(0, 1, "IRN", "name"),
                 Mention(5, 7, "person:x", "title", "GOV", "president", "IRN", "President", past=True)],
    "actors": {"IRN": ActorInfo(name="Iran", kind="state", country="IRN", sector=None, wikidata="Q794", title=None,
                                known=True, gender=None)},
    "places": [PlaceMention(start=2, end=3, name="Haifa", kind="city", country="ISR", disputed=False)],
    "events": [EventRecord(type="ASSAULT", mode=None, quad="material_conflict", actor=["IRN"], recipient=["ISR"],
                           negated=False, modality="asserted", date="2025-06-14", date_text="on Saturday",
                           speaker=None, text=EVIDENCE.text, evidence=[EVIDENCE])],
    "quotes": [StatementRecord(speaker=None, speaker_text="a resident", text="It shook", kind="direct", cue="said",
                               start=1, end=9, speaker_start=12, speaker_end=22)],
    "flags": [FlagRecord(kind="deceased", actor="person:x", text="X", message="X died.", start=0, end=1)],
    "stance": [StanceRecord(actor="IRN", score=-0.267, role="antagonist", subrole=None, sentences=["Iran struck."])],
}


def records_in(value: object) -> Iterator[object]:
    """Every record in a value, nested ones too, in order."""
    if isinstance(value, dict):
        for item in value.values():
            yield from records_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from records_in(item)
    elif isinstance(value, RECORD_TYPES):
        yield value
        if isinstance(value, EventRecord):
            yield from value.evidence


def test_records_samples_cover_every_record_type():
    assert {type(r) for value in SAMPLES.values() for r in records_in(value)} == set(RECORD_TYPES)


def test_records_round_trip_through_doc_bytes_as_the_same_types():
    register_extensions()
    doc = English()("Iran struck Haifa .")
    for name, value in SAMPLES.items():
        setattr(doc._, f"rashomon_{name}", value)
    doc._.rashomon_warnings = ["publication date unknown"]
    doc.user_data["other"] = {"start": 1, "nested": [{"actor": "IRN"}]}  # someone else's plain data
    restored = Doc(doc.vocab).from_bytes(doc.to_bytes())
    for name, value in SAMPLES.items():
        again = getattr(restored._, f"rashomon_{name}")
        assert [type(r) for r in records_in(again)] == [type(r) for r in records_in(value)], name
        assert again == value, name
    assert restored._.rashomon_warnings == ["publication date unknown"]
    assert restored.user_data["other"] == {"start": 1, "nested": [{"actor": "IRN"}]}
