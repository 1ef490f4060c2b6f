"""Spans already claimed in a text, with an overlap test in O(log n).

``Claimed(spans).overlaps(s, e)`` is ``any(s < te and ts < e for ts, te in spans)`` without the
loop over every span: a list of claimed spans scanned once per match is quadratic in the
number of matches (20,000 dates in a text).  Spans added in order of their start (what
``finditer`` gives) are indexed as they come; one added before the last triggers a re-sort.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate


class Claimed:
    def __init__(self, spans=()):
        self._base: list[tuple[int, int]] = sorted(spans)
        self._index()

    def _index(self) -> None:
        self._starts = [s for s, _ in self._base]
        self._reach = list(accumulate((e for _, e in self._base), max))  # the furthest end so far
        self._new_starts: list[int] = []
        self._new_ends: list[int] = []
        self._new_reach: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self._starts, e)  # the spans that start before e; one overlaps if it ends after s
        if i and self._reach[i - 1] > s:
            return True
        j = bisect_left(self._new_starts, e)
        return bool(j) and self._new_reach[j - 1] > s

    def add(self, s: int, e: int) -> None:
        if self._new_starts and s < self._new_starts[-1]:
            self._base = sorted(self._base + list(zip(self._new_starts, self._new_ends)))
            self._index()
        self._new_starts.append(s)
        self._new_ends.append(e)
        self._new_reach.append(max(e, self._new_reach[-1]) if self._new_reach else e)
