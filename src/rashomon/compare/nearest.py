"""Blocking and nearest neighbours, so that the comparison grows with the corpus and not with its
square.

Items (documents, claims) are put in date order and compared a chunk of rows at a time, each chunk
only with the items published within `DOCUMENT_WINDOW_DAYS` of its rows (undated items are
compared with all) and never with items of the same document. Of those, each item keeps its
`TOP_K` most similar at or above a threshold. No array larger than `CHUNK_ROWS` × (items in the
window) is ever made; with fewer than `TOP_K` + 1 items in a window the result is the same as
comparing every pair."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Document

# Two documents (or their claims) published more than a week apart are not compared directly:
# a later toll is an update, not a contradiction.
DOCUMENT_WINDOW_DAYS = 7
# Links kept per item. Reports of one story or claim rarely have more than a handful of close
# matches per source; a story with more is still joined through its members' own neighbours.
TOP_K = 15
# Rows compared at a time: memory is CHUNK_ROWS × (items in the window) scores.
CHUNK_ROWS = 128

Score = Callable[[slice, slice], np.ndarray]  # rows × columns of the date-ordered items


@dataclass(frozen=True)
class Blocks:
    """Items in date order (undated last), with what each row may be compared with."""

    order: np.ndarray  # the caller's index of each item, in date order
    days: np.ndarray  # publication day numbers in that order, NaN when undated
    owners: np.ndarray  # the document of each item in that order
    window: float = DOCUMENT_WINDOW_DAYS

    @classmethod
    def of(cls, documents: Sequence[Document], owners: Iterable[Hashable] | None = None) -> Blocks:
        """Blocks for items that come from these documents (one per item); items of one owner (by
        default: of one document id) are never compared."""
        days = np.array([d.published.toordinal() if d.published else np.nan for d in documents], dtype=float)
        number: dict[Hashable, int] = {}
        keys = owners if owners is not None else (d.id for d in documents)
        owner = np.array([number.setdefault(key, len(number)) for key in keys], dtype=np.int64)
        order = np.argsort(days, kind="stable")  # NaN sorts last
        return cls(order, days[order], owner[order])

    def chunks(self) -> Iterator[tuple[slice, list[slice]]]:
        """Each chunk of rows and the ranges of columns it is compared with."""
        size = len(self.order)
        dated = int(np.count_nonzero(~np.isnan(self.days)))
        for start in range(0, size, CHUNK_ROWS):
            rows = slice(start, min(start + CHUNK_ROWS, size))
            if rows.stop > dated:
                yield rows, [slice(0, size)]
                continue
            low = int(np.searchsorted(self.days[:dated], self.days[start] - self.window, "left"))
            high = int(np.searchsorted(self.days[:dated], self.days[rows.stop - 1] + self.window, "right"))
            yield rows, [slice(low, high)] + ([slice(dated, size)] if dated < size else [])

    def allowed(self, rows: slice, columns: slice) -> np.ndarray:
        """Pairs from two documents, published within the window (or either undated)."""
        others = self.owners[rows, None] != self.owners[None, columns]
        with np.errstate(invalid="ignore"):
            far = np.abs(self.days[rows, None] - self.days[None, columns]) > self.window
        return others & ~far

    def scores(self, score: Score) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        """Per chunk: its rows, the columns compared with them, and the scores (-inf where not allowed)."""
        for rows, ranges in self.chunks():
            block = np.hstack([np.where(self.allowed(rows, c), score(rows, c), -np.inf) for c in ranges])
            yield rows, np.concatenate([np.arange(c.start, c.stop) for c in ranges]), block

    def nearest(self, score: Score, threshold: float, k: int = TOP_K) -> dict[tuple[int, int], float]:
        """Each item's k best-scoring allowed items at or above `threshold`, as {(i, j): score}
        with i < j in the caller's order."""
        pairs: dict[tuple[int, int], float] = {}
        for rows, columns, block in self.scores(score):
            best = (np.argpartition(-block, k - 1, axis=1)[:, :k] if block.shape[1] > k
                    else np.broadcast_to(np.arange(block.shape[1]), block.shape))
            top = np.take_along_axis(block, best, axis=1)
            row, rank = np.nonzero(top >= threshold)
            i, j = self.order[rows.start + row], self.order[columns[best[row, rank]]]
            for low, high, value in zip(np.minimum(i, j).tolist(), np.maximum(i, j).tolist(),
                                        top[row, rank].tolist(), strict=True):
                pairs[low, high] = max(pairs.get((low, high), value), value)
        return pairs

    def any_at_least(self, score: Score, threshold: float) -> np.ndarray:
        """For each item in the caller's order: whether some allowed item scores at least `threshold`."""
        found = np.zeros(len(self.order), dtype=bool)
        for rows, _, block in self.scores(score):
            found[self.order[rows]] = (block >= threshold).any(axis=1)
        return found


def components(size: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Single-link groups (union-find) of 0 .. size - 1 joined by `pairs`: each group in index
    order, the groups in the order of their first index."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        groups[root(i)].append(i)
    return list(groups.values())


def average_link(size: int, pairs: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Groups of 0 .. size - 1 by average link: the two groups whose mean similarity over all their
    pairs is highest are merged, while it is at least `threshold`. A pair not in `pairs` (not among
    either item's nearest, or outside the window) counts as 0, so a group grows only with items
    alike to most of its members, never through a chain of single links. Groups are in index
    order, in the order of their first index.

    A merge folds the smaller group's links into the larger and queues only the means it raised;
    the larger group's other means can only fall, so their queued values are upper bounds, checked
    when they come up. So each item's links move O(log n) times: near-linear in the pairs."""
    links: list[dict[int, float]] = [{} for _ in range(size)]  # group -> neighbour group -> sum of similarities
    for (i, j), value in pairs.items():
        links[i][j] = links[j][i] = value
    members = [[i] for i in range(size)]
    heap = [(-value, i, j) for (i, j), value in pairs.items() if value >= threshold]
    heapq.heapify(heap)
    while heap:
        queued, a, b = heapq.heappop(heap)
        if not members[a] or not members[b]:
            continue  # merged into another group since
        mean = _mean(links, members, a, b)
        if mean != -queued:
            if mean >= threshold:
                heapq.heappush(heap, (-mean, a, b))  # a bound that has fallen: queued again at its value
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        raised = [c for c in links[b] if c != a]
        for c in raised:
            links[a][c] = links[c][a] = links[a].get(c, 0.0) + links[b][c]
            del links[c][b]
        links[a].pop(b, None)
        links[b] = {}
        members[a] += members[b]
        members[b] = []
        for c in raised:
            value = _mean(links, members, a, c)
            if value >= threshold:
                heapq.heappush(heap, (-value, min(a, c), max(a, c)))
    return sorted((sorted(group) for group in members if group), key=lambda group: group[0])


def _mean(links: list[dict[int, float]], members: list[list[int]], a: int, b: int) -> float:
    return links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
