"""Blocking and top-k neighbours of the comparison: the same result as comparing every pair
where a window holds few items, bounded work where it holds many."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import numpy as np
import pytest

from rashomon.compare import findings, nearest
from rashomon.compare.findings import EventReport, _event_groups, _opposed, _same_event
from rashomon.compare.nearest import Blocks, average_link, components
from rashomon.compare.stories import LEXICAL_STORY_SIMILARITY, stories
from rashomon.embeddings import DenseRows, SparseRows, unit_rows
from rashomon.model import Actor, ActorRef, Document, Event, Evidence, Mention, Stance

START = dt.date(2025, 1, 1)


def _sparse(matrix: np.ndarray) -> SparseRows:
    rows, columns = np.nonzero(matrix)
    return SparseRows.of(rows, columns, matrix[rows, columns], len(matrix))


def _documents(days: list[int | None], owners: list[int]) -> list[Document]:
    return [Document(id=f"d{owner}", source="x", word_count=1, text="x",
                     published=None if day is None else START + dt.timedelta(days=day))
            for day, owner in zip(days, owners, strict=True)]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(nearest, "CHUNK_ROWS", 4)


def test_sparse_rows_compute_the_cosines_of_the_dense_rows():
    rng = np.random.default_rng(1)
    matrix = rng.random((40, 25)) * (rng.random((40, 25)) < 0.2)
    matrix[3] = 0
    dense = unit_rows(matrix)
    sparse = _sparse(matrix)
    assert np.allclose(sparse.cosines(slice(5, 17), slice(2, 39)), (dense @ dense.T)[5:17, 2:39])
    order = rng.permutation(40)
    assert np.allclose(sparse.take(order).cosines(slice(0, 40), slice(0, 40)), (dense @ dense.T)[np.ix_(order, order)])
    extra = rng.random((2, 25))
    added = dense.copy()
    added[[4, 9]] += unit_rows(extra)
    expected = DenseRows(unit_rows(added)).cosines(slice(0, 40), slice(0, 40))
    assert np.allclose(sparse.plus(_sparse(extra), np.array([4, 9])).cosines(slice(0, 40), slice(0, 40)), expected)


def _brute_force(scores: np.ndarray, days: list[int | None], owners: list[int], threshold: float,
                 window: float) -> dict[tuple[int, int], float]:
    pairs = {}
    for i, j in combinations(range(len(scores)), 2):
        near = days[i] is None or days[j] is None or abs(days[i] - days[j]) <= window
        if owners[i] != owners[j] and near and scores[i, j] >= threshold:
            pairs[(i, j)] = float(scores[i, j])
    return pairs


def _random_items(size: int, seed: int) -> tuple[np.ndarray, list[int | None], list[int]]:
    rng = np.random.default_rng(seed)
    vectors = unit_rows(rng.normal(size=(size, 8)))
    days = [None if rng.random() < 0.15 else int(rng.integers(0, 30)) for _ in range(size)]
    owners = [int(rng.integers(0, size // 2)) for _ in range(size)]
    return vectors, days, owners


@pytest.mark.usefixtures("small_chunks")
def test_nearest_with_k_above_the_window_is_every_pair():
    vectors, days, owners = _random_items(60, seed=2)
    blocks = Blocks.of(_documents(days, owners))
    ordered = DenseRows(vectors).take(blocks.order)
    found = blocks.nearest(ordered.cosines, 0.2, k=60)
    expected = _brute_force(vectors @ vectors.T, days, owners, 0.2, nearest.DOCUMENT_WINDOW_DAYS)
    assert found.keys() == expected.keys()
    assert all(found[p] == pytest.approx(expected[p]) for p in expected)
    some = blocks.any_at_least(ordered.cosines, 0.9)
    assert some.tolist() == [any(i in p for p, s in expected.items() if s >= 0.9) for i in range(60)]


@pytest.mark.usefixtures("small_chunks")
def test_nearest_keeps_each_items_k_best():
    vectors, days, owners = _random_items(60, seed=3)
    blocks = Blocks.of(_documents(days, owners))
    found = blocks.nearest(DenseRows(vectors).take(blocks.order).cosines, -1.0, k=3)
    every = _brute_force(vectors @ vectors.T, days, owners, -1.0, nearest.DOCUMENT_WINDOW_DAYS)
    for i in range(60):
        mine = sorted(((s, p) for p, s in every.items() if i in p), reverse=True)
        assert {p for _, p in mine[:3]} <= found.keys()
    assert len(found) <= 3 * 60


def test_components_are_in_index_order():
    assert components(6, [(4, 1), (5, 3), (3, 0)]) == [[0, 3, 5], [1, 4], [2]]


def _story_document(n: int, day: int, actors: dict[str, int], text: str = "x") -> Document:
    return Document(id=f"d{n}", source=f"d{n}.txt", word_count=1, text=text, published=START + dt.timedelta(days=day),
                    actors=[Actor(id=a, name=a, kind="state", known=True, mention_count=count,
                                  mentions=[Mention(start=0, end=1, text="x", sentence=0, how="name")])
                            for a, count in actors.items()])


FERRY = "A ferry carrying grain sank off Odesa after striking a mine; the crew was rescued by fishermen."
SUMMIT = "Leaders met in Astana for a summit on trade corridors and signed a transit agreement on tariffs."


@pytest.mark.usefixtures("small_chunks")
def test_stories_link_many_similar_documents_and_never_across_the_window():
    """More same-story documents than TOP_K: the story stays whole; the same coverage far later,
    with no documents in between, is another story; a document like no other is left unstoried."""
    profile = {"RUS": 5, "UKR": 4}
    documents = [_story_document(n, n % 3, profile | ({"POL": 1} if n % 2 else {}), FERRY)
                 for n in range(nearest.TOP_K + 10)]
    documents += [_story_document(100 + n, 60, profile, FERRY) for n in range(3)]
    documents.append(_story_document(200, 1, {"FRA": 3, "DEU": 2}, SUMMIT))
    found = stories(documents, None, LEXICAL_STORY_SIMILARITY)
    assert [len(s.documents) for s in found] == [nearest.TOP_K + 10, 3]
    assert [a.id for a in found[0].actors] == ["RUS", "UKR"]
    assert "d200" not in {d for s in found for d in s.documents}


def test_average_link_does_not_chain_groups_through_one_strong_pair():
    """Two tight groups and one strong pair between them: single link makes one group."""
    tight = {(i, j): 0.9 for group in ((0, 1, 2), (3, 4, 5)) for i, j in combinations(group, 2)}
    bridge = {(2, 3): 0.8}
    assert components(6, tight | bridge) == [[0, 1, 2, 3, 4, 5]]
    assert average_link(6, tight | bridge, 0.3) == [[0, 1, 2], [3, 4, 5]]
    assert average_link(6, tight | bridge, 0.08) == [[0, 1, 2, 3, 4, 5]]  # 0.8 / 9 on average
    assert average_link(6, tight, 0.95) == [[0], [1], [2], [3], [4], [5]]


def test_stories_group_by_what_happened_not_by_a_shared_name():
    """Three reports of a ferry sinking and two of a summit, all naming Russia: two stories, each
    labelled by the event most of its sources report, with its dates."""
    ferry = [FERRY, "The grain ferry sank near Odesa when it hit a mine, and fishermen rescued the crew.",
             "Fishermen rescued the crew of a grain ferry that struck a mine and sank off Odesa."]
    summit = [SUMMIT, "At the Astana summit on trade corridors, leaders signed a transit agreement cutting tariffs."]
    documents = [_story_document(n, n, {"RUS": 2, "UKR": 1}, text) for n, text in enumerate(ferry)]
    documents += [_story_document(10 + n, 1, {"RUS": 2, "KAZ": 1}, text) for n, text in enumerate(summit)]
    refs = {a: ActorRef(id=a, name=a) for a in ("RUS", "UKR")}
    for document in documents[:2]:
        document.events = [Event(id="e", type="ASSAULT", quad="material_conflict", actor=[refs["RUS"]],
                                 recipient=[refs["UKR"]], text="x",
                                 evidence=[Evidence(start=0, end=1, text="x", trigger="x")])]
    found = stories(documents, None, LEXICAL_STORY_SIMILARITY)
    assert sorted(s.documents for s in found) == [["d0", "d1", "d2"], ["d10", "d11"]]
    ferry_story = next(s for s in found if "d0" in s.documents)
    assert ferry_story.label == "RUS → UKR (ASSAULT) · 2025-01-01 to 2025-01-03"
    assert (ferry_story.start, ferry_story.end) == (START, START + dt.timedelta(days=2))
    summit_story = next(s for s in found if "d10" in s.documents)
    assert summit_story.label == "RUS, KAZ · 2025-01-02"


def _event_report(rng: np.random.Generator) -> EventReport:
    document = Document(id=f"d{rng.integers(0, 6)}", source="x", word_count=1, text="x")
    date = None if rng.random() < 0.4 else START + dt.timedelta(days=int(rng.integers(0, 20)))
    pick = lambda names: frozenset(rng.choice(names, size=int(rng.integers(1, 3)), replace=False).tolist())  # noqa: E731
    recipients = pick(["IRN", "ISR", "USA"]) if rng.random() < 0.7 else frozenset()
    return EventReport(document, "x", 0, 1, bool(rng.random() < 0.3), pick(["RUS", "USA", "IRN"]), recipients,
                       str(rng.choice(["verbal_conflict", "material_conflict"])), date, str(rng.choice(["A", "B"])))


def test_event_groups_equal_single_link_over_every_pair():
    rng = np.random.default_rng(4)
    reports = [_event_report(rng) for _ in range(150)]
    pairs = [(i, j) for i, j in combinations(range(len(reports)), 2) if _same_event(reports[i], reports[j])]
    expected = [[reports[n] for n in group] for group in components(len(reports), pairs)]
    assert _event_groups(reports) == expected


def test_framing_opposition_without_pairs_matches_every_pair():
    rng = np.random.default_rng(5)
    actor = ActorRef(id="RUS", name="Russia")
    roles = [None, "antagonist", "protagonist"]
    subroles = [None, "conspirator", "incompetent"]

    def pairwise(a: Stance, b: Stance) -> bool:
        signs = a.score * b.score < 0 and min(abs(a.score), abs(b.score)) >= findings.FRAMING_SCORE
        if signs or a.role is None or b.role is None:
            return signs
        return a.role != b.role or (a.subrole is not None and b.subrole is not None and a.subrole != b.subrole)

    for _ in range(400):
        rows = [Stance(document="d", actor=actor, score=float(rng.choice([-0.3, -0.05, -0.01, 0, 0.02, 0.05, 0.2])),
                       role=rng.choice(roles), subrole=rng.choice(subroles)) for _ in range(int(rng.integers(1, 4)))]
        assert _opposed(rows) == any(pairwise(a, b) for a, b in combinations(rows, 2))


def test_a_story_names_no_generic_actor_among_those_its_sources_share():
    documents = [_story_document(n, 0, {"RUS": 2, "generic:COP:police": 3}, FERRY) for n in range(2)]
    for document in documents:
        document.actors[1].kind = "generic"
    (story,) = stories(documents, None, LEXICAL_STORY_SIMILARITY)
    assert [a.id for a in story.actors] == ["RUS"]
