"""Bulk blocking and scoring: the whole-batch path of :func:`truceline.fusion.fuse`.

The rules are those of :mod:`._blocking` and :mod:`._similarity`, applied to arrays:

- every claim's features are read once into NumPy columns (:class:`Table`; strings become
  integer codes, ``-1`` for "nothing to compare");
- candidate pairs are generated per pair of occupied H3 cells at grid distance ``d``: a
  pair is a candidate when ``d`` is within the wider of the two claims' rings and the
  time spans come within ``TIME_SLACK_S`` (the test written from the examining claim's
  side, as :class:`._blocking.CellIndex` does), found by a sorted-time join;
- the candidate pairs are scored in chunks with the very arithmetic of
  :func:`._similarity.similarity` (same operations in the same order, so the same
  floating-point results).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import h3.api.basic_int as h3i
import numpy as np

from truceline.domain import Claim
from truceline.domain.vocab import EVENT_FAMILIES, UNSPECIFIC_EVENT_TYPES
from truceline.fusion._blocking import H3_RESOLUTION, RING
from truceline.fusion._parallel import fork_map
from truceline.fusion._similarity import (
    LINK_THRESHOLD,
    MAX_SPAN_S,
    SAME_REPORT_THRESHOLD,
    TIME_SLACK_S,
    TOLERANCE_KM,
    WEIGHTS,
)

CHUNK = 2_000_000
"""Candidate pairs scored per NumPy batch (bounds peak memory)."""
_RAD = math.pi / 180.0  # what math.radians multiplies by


class _Codes(dict):
    """Strings → dense integer codes (first seen, first numbered)."""

    def code(self, value: object) -> int:
        got = self.get(value)
        if got is None:
            got = self[value] = len(self)
        return got


def _coded(values: Sequence[object], *, none: tuple[object, ...] = (None,)) -> np.ndarray:
    codes = _Codes()
    return np.fromiter((-1 if v in none else codes.code(v) for v in values),
                       dtype=np.int64, count=len(values))


class Table:
    """Columns of the fusable claims' features (positions ``pos`` in the claim list)."""

    def __init__(self, claims: Sequence[Claim]):
        rows = []  # one pass over the claims (they are scattered in memory)
        for n, c in enumerate(claims):
            p, w = c.place, c.when
            if p is None or p.lon is None or p.lat is None or w is None:
                continue
            a, b = w.start.timestamp(), w.end.timestamp()
            if b - a > MAX_SPAN_S:
                continue
            key = p.gazetteer_id or (p.name.casefold().replace("’", "'").replace("ʼ", "'")
                                     if p.name else None)
            rows.append((n, a, b, p.lon, p.lat, p.precision, c.event_type, c.target_type,
                         c.weapon_class, c.actor, p.admin1, key, c.report_id,
                         c.quantities))
        self.size = len(rows)
        (pos, t0, t1, lon, lat, prec, etypes, targets, weapons, actors, admin, keys,
         reports, quantities) = (list(col) for col in zip(*rows, strict=True)) if rows else (
            [[] for _ in range(14)])
        self.pos = np.asarray(pos, dtype=np.int64)
        self.t0 = np.asarray(t0, dtype=np.float64)
        self.t1 = np.asarray(t1, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        self.lat = np.asarray(lat, dtype=np.float64)
        self.prec = np.asarray(prec, dtype=np.int64)
        self.event = _coded(etypes)
        self.family = _coded([EVENT_FAMILIES.get(e, e) for e in etypes])
        self.unspecific = np.fromiter((e in UNSPECIFIC_EVENT_TYPES for e in etypes),
                                      dtype=bool, count=self.size)
        self.target = _coded(targets)
        self.target_unspec = np.fromiter((t == "unspecified" for t in targets), dtype=bool,
                                         count=self.size)
        # weapon and actor count only when truthy (``a.weapon and b.weapon``)
        self.weapon = _coded(["" if w == "unknown" else w for w in weapons], none=(None, ""))
        self.actor = _coded(actors, none=(None, ""))
        self.admin = _coded(admin)
        self.admin_set = np.fromiter((bool(a) for a in admin), dtype=bool, count=self.size)
        self.place_key = _coded(keys)
        self.report = _coded(reports)
        self.quantities = [dict(q) if q else None for q in quantities]
        self.has_q = np.fromiter((q is not None for q in self.quantities), dtype=bool,
                                 count=self.size)
        self.cell = np.fromiter((h3i.latlng_to_cell(y, x, H3_RESOLUTION)
                                 for x, y in zip(lon, lat, strict=True)), dtype=np.uint64,
                                count=self.size)
        self.ring = np.asarray([RING[p] for p in prec], dtype=np.int64)
        # rows by cell, then start time: a cell's claims are contiguous (cache-friendly)
        order = np.lexsort((self.pos, self.t0, self.cell))
        for name, col in list(vars(self).items()):
            if isinstance(col, np.ndarray):
                setattr(self, name, col[order])
        self.quantities = [self.quantities[n] for n in order.tolist()]


def _cell_pairs(cells: np.ndarray, kmax: np.ndarray) -> list[tuple[int, int, int]]:
    """``(a, b, d)`` for occupied cells ``a <= b`` (indices) within ``max(kmax)`` steps."""
    where = {int(c): n for n, c in enumerate(cells.tolist())}
    found: dict[tuple[int, int], int] = {}
    for a, (c, k) in enumerate(zip(cells.tolist(), kmax.tolist(), strict=True)):
        for d in range(k + 1):
            for other in (h3i.grid_ring(c, d) if d else [c]):
                b = where.get(other)
                if b is not None:
                    found[(min(a, b), max(a, b))] = d
    return [(a, b, d) for (a, b), d in sorted(found.items())]


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All ``(i, j)`` with ``lo[i] <= j < hi[i]``."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    i = np.repeat(np.arange(len(lo)), counts)
    start = np.cumsum(counts) - counts
    j = np.arange(total) - np.repeat(start - lo, counts)
    return i, j


def candidate_pairs(t: Table, part: tuple[int, int] | None = None
                    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Batches of candidate pairs ``(i, j)`` of table rows, ``pos[i] < pos[j]``, each once.

    The same set :func:`truceline.fusion._blocking.candidate_pairs` yields. ``part=(n, k)``
    keeps the ``n``-th of ``k`` shares (every ``k``-th claim row of each cell pair).
    """
    if t.size < 2:
        return
    bounds = np.flatnonzero(np.r_[True, t.cell[1:] != t.cell[:-1], True])
    occupied = t.cell[bounds[:-1]]
    kmax = np.maximum.reduceat(t.ring, bounds[:-1])
    members = [np.arange(bounds[n], bounds[n + 1]) for n in range(len(occupied))]
    width = [float((t.t1[m] - t.t0[m]).max()) for m in members]
    slack = TIME_SLACK_S
    for a, b, d in _cell_pairs(occupied, kmax):
        ma, mb = members[a], members[b]
        t0b = t.t0[mb]
        # a window one second wider than needed; the exact test follows
        lo = np.searchsorted(t0b, t.t0[ma] - slack - width[b] - 1.0, side="left")
        hi = np.searchsorted(t0b, t.t1[ma] + slack + 1.0, side="right")
        if a == b:  # each pair once within a cell
            lo = np.maximum(lo, np.arange(len(ma)) + 1)
        if part is not None:  # every k-th row of each cell pair: shares of equal work
            rows = np.arange(part[0], len(ma), part[1])
            ii, jj = _expand(lo[rows], hi[rows])
            ii = rows[ii]
        else:
            ii, jj = _expand(lo, hi)
        if not len(ii):
            continue
        i, j = ma[ii], mb[jj]
        ki, kj = t.ring[i], t.ring[j]
        first = t.pos[i] < t.pos[j]
        keep = np.maximum(ki, kj) >= d
        # the examining claim: the wider ring, ties the earlier one (see _blocking)
        i_exam = (ki > kj) | ((ki == kj) & first)
        e = np.where(i_exam, i, j)
        o = np.where(i_exam, j, i)
        keep &= (t.t1[o] >= t.t0[e] - slack) & (t.t0[o] <= t.t1[e] + slack)
        lo_ij, hi_ij = np.where(first, i, j)[keep], np.where(first, j, i)[keep]
        if len(lo_ij):
            yield lo_ij, hi_ij


def _quantity_terms(t: Table, i: np.ndarray, j: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    term = np.zeros(len(i))
    used = np.zeros(len(i), dtype=bool)
    for n in np.flatnonzero(t.has_q[i] & t.has_q[j]).tolist():
        qa, qb = t.quantities[i[n]], t.quantities[j[n]]
        shared = sorted(set(qa) & set(qb))  # type: ignore[arg-type]
        if shared:
            ratios = []
            for k in shared:
                x, y = abs(qa[k]), abs(qb[k])  # type: ignore[index]
                ratios.append(1.0 if x == y else min(x, y) / max(x, y))
            term[n] = WEIGHTS["quantity"] * sum(ratios) / len(ratios)
            used[n] = True
    return term, used


def _place_time(t: Table, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``place_score`` and ``time_score`` of rows ``i`` and ``j``, pairwise."""
    p1, p2 = t.lat[i] * _RAD, t.lat[j] * _RAD
    dp = p2 - p1
    dl = (t.lon[j] - t.lon[i]) * _RAD
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    dist = 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    tol = np.asarray([0.0, *(TOLERANCE_KM[k] for k in (1, 2, 3))])
    s = np.maximum(0.0, 1.0 - dist / (tol[t.prec[i]] + tol[t.prec[j]]))
    ai, aj = t.admin[i], t.admin[j]
    halve = ((s != 0) & t.admin_set[i] & t.admin_set[j] & (ai != aj)
             & (dist > TOLERANCE_KM[1]))
    s = np.where(halve, s * 0.5, s)
    ki = t.place_key[i]
    same = (ki >= 0) & (ki == t.place_key[j]) & ((ai < 0) | (aj < 0) | (ai == aj))
    place = np.where(same, 1.0, s)
    a0, a1, b0, b1 = t.t0[i], t.t1[i], t.t0[j], t.t1[j]
    gap = np.maximum(a0, b0) - np.minimum(a1, b1)
    wide = np.maximum(a1 - a0, b1 - b0)
    when = np.where(gap > TIME_SLACK_S, 0.0, np.where(
        gap > 0, 1.0 - 0.5 * gap / TIME_SLACK_S, np.where(wide <= 2.1 * 86400, 1.0, 0.7)))
    return place, when


def score(t: Table, i: np.ndarray, j: np.ndarray, place: np.ndarray,
          when: np.ndarray) -> np.ndarray:
    """:func:`._similarity.similarity` of rows ``i`` and ``j``, pairwise (``i`` is ``a``),
    given their place and time scores (``_place_time(t, i, j)``)."""
    total = WEIGHTS["place"] * place + WEIGHTS["time"] * when
    weight = WEIGHTS["place"] + WEIGHTS["time"]
    ei, ej = t.event[i], t.event[j]
    fam = np.where(ei == ej, 1.0, np.where(t.unspecific[i] | t.unspecific[j], 0.6, np.where(
        t.family[i] == t.family[j], 0.8, 0.15)))
    total = total + WEIGHTS["family"] * fam
    weight += WEIGHTS["family"]
    ti, tj = t.target[i], t.target[j]
    total = total + np.where(ti == tj, WEIGHTS["target"], np.where(
        t.target_unspec[i] | t.target_unspec[j], WEIGHTS["target"] * 0.6,
        WEIGHTS["target"] * 0.2))
    weight += WEIGHTS["target"]
    weights = np.full(len(i), weight)
    for name, col in (("weapon", t.weapon), ("actor", t.actor)):
        ci, cj = col[i], col[j]
        both = (ci >= 0) & (cj >= 0)
        other = 0.3 if name == "weapon" else 0.2
        term = WEIGHTS[name] * np.where(ci == cj, 1.0, other)
        total = np.where(both, total + term, total)
        weights = np.where(both, weights + WEIGHTS[name], weights)
    if t.has_q.any():
        term, used = _quantity_terms(t, i, j)
        total = np.where(used, total + term, total)
        weights = np.where(used, weights + WEIGHTS["quantity"], weights)
    out = total / weights
    out[(place <= 0.0) | (when <= 0.0)] = 0.0
    return out


def _bound(place: np.ndarray, when: np.ndarray) -> np.ndarray:
    """An upper bound of the score given place and time (every other component at 1)."""
    rest = WEIGHTS["family"] + WEIGHTS["target"]
    extra = WEIGHTS["weapon"] + WEIGHTS["actor"] + WEIGHTS["quantity"]
    return WEIGHTS["place"] * place + WEIGHTS["time"] * when + rest + extra


def _linked(t: Table, i: np.ndarray, j: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    place, when = _place_time(t, i, j)
    hope = _bound(place, when) >= LINK_THRESHOLD - 1e-9
    i, j, place, when = i[hope], j[hope], place[hope], when[hope]
    s = score(t, i, j, place, when)
    limit = np.where(t.report[i] == t.report[j], SAME_REPORT_THRESHOLD, LINK_THRESHOLD)
    ok = s >= limit
    return i[ok], j[ok], s[ok]


def _edges_part(t: Table, part: tuple[int, int] | None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    got: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    buf_i: list[np.ndarray] = []
    buf_j: list[np.ndarray] = []
    held = 0
    for i, j in candidate_pairs(t, part):
        buf_i.append(i)
        buf_j.append(j)
        held += len(i)
        if held >= CHUNK:
            got.append(_linked(t, np.concatenate(buf_i), np.concatenate(buf_j)))
            buf_i.clear()
            buf_j.clear()
            held = 0
    if buf_i:
        got.append(_linked(t, np.concatenate(buf_i), np.concatenate(buf_j)))
    if not got:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return tuple(np.concatenate(x) for x in zip(*got, strict=True))  # type: ignore[return-value]


def scored_edges(t: Table, workers: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linked pairs as claim positions ``(a, b)`` (``a < b``) with their scores, unsorted.

    A pair links when its score reaches ``LINK_THRESHOLD`` (``SAME_REPORT_THRESHOLD`` for
    two claims of one report). With ``workers > 1`` the cell pairs are shared among that
    many forked processes; the union of their edges is the same set.
    """
    if workers > 1:
        got = fork_map(_edges_part, t, workers)
        i, j, s = (np.concatenate(x) for x in zip(*got, strict=True))
    else:
        i, j, s = _edges_part(t, None)
    return t.pos[i], t.pos[j], s
