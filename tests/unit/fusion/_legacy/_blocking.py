"""Blocking: which pairs of claims are compared at all.

Each fusable claim sits in one H3 cell (resolution :data:`H3_RESOLUTION`, ~8.5 km edge).
A claim looks for partners in the ring of cells around its own (radius by place
precision: :data:`RING`) and, within each cell, among claims whose time spans come within
:data:`~truceline.fusion._similarity.TIME_SLACK_S` of its own (cells keep their claims
sorted by start time, so this is a binary search). A pair is examined once: by the claim
with the wider ring (ties: the one earlier in the canonical order), which covers every
pair the other would find.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence

import h3

from ._similarity import TIME_SLACK_S, Features

H3_RESOLUTION = 5
RING = {1: 1, 2: 2, 3: 5}
"""Ring radius (in cells) searched by a claim of each place precision."""


class CellIndex:
    """Claims by H3 cell, each cell sorted by start time."""

    def __init__(self, feats: Sequence[Features]):
        self.feats = feats
        self.cell = [h3.latlng_to_cell(f.lat, f.lon, H3_RESOLUTION) for f in feats]
        buckets: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(self.cell):
            buckets[c].append(i)
        self.members: dict[str, list[int]] = {}
        self.starts: dict[str, list[float]] = {}
        self.width: dict[str, float] = {}
        for c, idx in buckets.items():
            idx.sort(key=lambda i: (feats[i].t0, i))
            self.members[c] = idx
            self.starts[c] = [feats[i].t0 for i in idx]
            self.width[c] = max(feats[i].t1 - feats[i].t0 for i in idx)
        self._rings: dict[tuple[str, int], list[str]] = {}

    def ring(self, cell: str, k: int) -> list[str]:
        """Occupied cells within ``k`` steps of ``cell`` (cached)."""
        key = (cell, k)
        got = self._rings.get(key)
        if got is None:
            got = [c for c in h3.grid_disk(cell, k) if c in self.members]
            self._rings[key] = got
        return got

    def partners(self, i: int, *, symmetric: bool = False) -> Iterator[int]:
        """Claims the ``i``-th claim examines (see the module docstring for the rule).

        With ``symmetric`` every candidate partner is returned, also those a wider-ring
        claim would examine (used when only a few new claims are fused).
        """
        feats = self.feats
        me = feats[i]
        k = RING[me.precision]
        lo_t, hi_t = me.t0 - TIME_SLACK_S, me.t1 + TIME_SLACK_S
        own = self.ring(self.cell[i], k)
        cells: list[tuple[str, int]] = [(c, 0) for c in own]
        if symmetric:
            near = set(own)
            cells += [(c, h3.grid_distance(self.cell[i], c))
                      for c in self.ring(self.cell[i], max(RING.values())) if c not in near]
        for c, dist in cells:
            starts = self.starts[c]
            members = self.members[c]
            a = bisect_left(starts, lo_t - self.width[c])
            b = bisect_right(starts, hi_t)
            for j in members[a:b]:
                if j == i:
                    continue
                other = feats[j]
                if other.t1 < lo_t:
                    continue
                kj = RING[other.precision]
                if symmetric:
                    if dist and kj < dist:
                        continue
                elif kj > k or (kj == k and j < i):
                    continue  # the other claim examines this pair
                yield j


def candidate_pairs(feats: Sequence[Features], index: CellIndex | None = None,
                    only: Sequence[int] | None = None) -> Iterator[tuple[int, int]]:
    """Every candidate pair ``(i, j)`` with ``i < j``, once; ``only`` limits the pairs to
    those touching the given claim positions (incremental fusion)."""
    index = index or CellIndex(feats)
    if only is None:
        for i in range(len(feats)):
            for j in index.partners(i):
                yield (i, j) if i < j else (j, i)
        return
    seen: set[tuple[int, int]] = set()
    for i in sorted(set(only)):
        for j in index.partners(i, symmetric=True):
            seen.add((min(i, j), max(i, j)))
    yield from sorted(seen)
