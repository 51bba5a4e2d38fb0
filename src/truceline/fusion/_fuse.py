"""Fusion: claims → incidents, by declared grouping, similarity and analysts' decisions.

1. Hard links: claims sharing an ``incident_ref`` and claims an analyst merged are one
   incident, always.
2. Candidate pairs come from blocking (:mod:`._blocking`), are scored by
   :func:`~._similarity.similarity`, and pairs at or above the threshold are linked in a
   canonical order (score descending, then claim ids), so the result depends only on the
   set of claims, never on their order.
3. A link is refused when it would put into one incident two claims an analyst split
   apart, or two different claims of one report (a report's claims are distinct events
   unless nearly identical: a repeated mention).

Everything is recomputed from the claims and decisions; :func:`fuse_incremental` adds new
claims to existing incidents by examining only the pairs that touch them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from truceline._runtime import quiet_gc
from truceline.domain import Claim, Incident, Source, stable_id
from truceline.fusion._blocking import CellIndex, candidate_pairs
from truceline.fusion._build import incidents as _build_incidents
from truceline.fusion._bulk import Table, scored_edges
from truceline.fusion._similarity import (
    LINK_THRESHOLD,
    SAME_REPORT_THRESHOLD,
    Features,
    features,
    similarity,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Decision:
    """An analyst's split or merge, with a reason; later runs respect it.

    ``merge``: the claims in ``claim_ids`` are one incident. ``split``: no claim of
    ``claim_ids`` shares an incident with any claim of ``other_ids``. ``at`` (ISO time)
    orders decisions: a later decision overrides an earlier one it contradicts.
    """

    kind: Literal["split", "merge"]
    claim_ids: tuple[str, ...]
    reason: str
    other_ids: tuple[str, ...] = ()
    analyst: str = ""
    at: str = ""
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.kind not in ("split", "merge"):
            raise ValueError(f"decision kind must be 'split' or 'merge', not {self.kind!r}")
        if not self.reason.strip():
            raise ValueError("a split or merge needs a reason")
        if self.kind == "split" and not (self.claim_ids and self.other_ids):
            raise ValueError("a split needs claims on both sides")
        if not self.id:
            object.__setattr__(self, "id", stable_id(
                "d", self.kind, sorted(self.claim_ids), sorted(self.other_ids), self.at))

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {"id": self.id, "kind": self.kind, "claim_ids": list(self.claim_ids),
                "other_ids": list(self.other_ids), "reason": self.reason,
                "analyst": self.analyst, "at": self.at}

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Decision:
        """Inverse of :meth:`to_dict`."""
        return cls(kind=d["kind"], claim_ids=tuple(d["claim_ids"]),  # type: ignore[arg-type]
                   other_ids=tuple(d.get("other_ids") or ()),  # type: ignore[arg-type]
                   reason=str(d["reason"]), analyst=str(d.get("analyst") or ""),
                   at=str(d.get("at") or ""), id=str(d.get("id") or ""))


def effective_decisions(decisions: Iterable[Decision]) -> tuple[list[Decision],
                                                                  list[tuple[Decision, str]]]:
    """Decisions in force and those overridden by a later contradicting one (with why)."""
    ordered = sorted(decisions, key=lambda d: (d.at, d.id))
    keep: list[Decision] = []
    void: list[tuple[Decision, str]] = []
    for n, d in enumerate(ordered):
        later = ordered[n + 1:]
        if d.kind == "split":
            a, b = set(d.claim_ids), set(d.other_ids)
            m = next((x for x in later if x.kind == "merge" and a & set(x.claim_ids)
                      and b & set(x.claim_ids)), None)
        else:
            g = set(d.claim_ids)
            m = next((x for x in later if x.kind == "split" and g & set(x.claim_ids)
                      and g & set(x.other_ids)), None)
        if m is None:
            keep.append(d)
        else:
            void.append((d, f"overridden by the later {m.kind} {m.id}"))
    return keep, void


class _Groups:
    """Union-find over claim positions with per-group reports and split sides."""

    def __init__(self, claims: Sequence[Claim]):
        self.parent = list(range(len(claims)))
        self.reports: list[set[str]] = [{c.report_id} for c in claims]
        self.sides: list[dict[str, str]] = [{} for _ in claims]

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def conflict(self, ra: int, rb: int, *, same_report_ok: bool) -> bool:
        sa, sb = self.sides[ra], self.sides[rb]
        if sa and sb:
            small, big = (sa, sb) if len(sa) < len(sb) else (sb, sa)
            if any(big.get(k, v) != v for k, v in small.items()):
                return True
        if not same_report_ok and not self.reports[ra].isdisjoint(self.reports[rb]):
            return True
        return False

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.reports[ra]) < len(self.reports[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.reports[ra] |= self.reports[rb]
        for k, v in self.sides[rb].items():
            self.sides[ra][k] = v if self.sides[ra].get(k, v) == v else "both"
        self.reports[rb] = set()
        self.sides[rb] = {}


def _score_edges(feats: list[Features], pos: list[int],
                 pairs: Iterable[tuple[int, int]]) -> list[tuple[float, int, int]]:
    edges = []
    for i, j in pairs:
        a, b = feats[i], feats[j]
        s = similarity(a, b)
        limit = SAME_REPORT_THRESHOLD if a.report_id == b.report_id else LINK_THRESHOLD
        if s >= limit:
            edges.append((round(s, 6), pos[i], pos[j]))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    return edges


def _bulk_edges(claims: list[Claim], workers: int = 1) -> Iterable[tuple[float, int, int]]:
    """Every linked pair of the batch, in the canonical order (:mod:`._bulk`)."""
    t0 = time.perf_counter()
    table = Table(claims)
    t1 = time.perf_counter()
    a, b, s = scored_edges(table, workers)
    t2 = time.perf_counter()
    log.debug("fusion: features of %d claims %.1f s; %d links scored %.1f s",
              table.size, t1 - t0, len(a), t2 - t1)
    rounded = np.asarray([round(x, 6) for x in s.tolist()])
    order = np.lexsort((b, a, -rounded))
    return zip(rounded[order].tolist(), a[order].tolist(), b[order].tolist(), strict=True)


def _local_edges(claims: list[Claim], only: Sequence[int]
                 ) -> list[tuple[float, int, int]]:
    """Linked pairs touching the claims at positions ``only`` (incremental fusion)."""
    feats: list[Features] = []
    pos: list[int] = []
    for n, c in enumerate(claims):
        f = features(c)
        if f is not None:
            feats.append(f)
            pos.append(n)
    where = {p: k for k, p in enumerate(pos)}
    local_only = [where[n] for n in only if n in where]
    return _score_edges(feats, pos, candidate_pairs(feats, CellIndex(feats), local_only))


def _link(groups: _Groups, claims: list[Claim], edges: Iterable[tuple[float, int, int]]
          ) -> dict[int, float]:
    """Link edges in order, refusing those that break a split or join one report's claims;
    the weakest link used, by group root."""
    weakest: dict[int, float] = {}
    for s, a, b in edges:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        same = claims[a].report_id == claims[b].report_id
        if groups.conflict(ra, rb, same_report_ok=same):
            continue
        groups.union(a, b)
        weakest[groups.find(a)] = min(s, weakest.get(ra, 1.0), weakest.get(rb, 1.0))
    return weakest


def _link_simple(groups: _Groups, edges: Iterable[tuple[float, int, int]]
                 ) -> dict[int, float]:
    """:func:`_link` when no link can be refused (no splits, one claim per report)."""
    parent = groups.parent
    weakest: dict[int, float] = {}
    get = weakest.get
    for s, a, b in edges:
        while parent[a] != a:
            parent[a] = a = parent[parent[a]]
        while parent[b] != b:
            parent[b] = b = parent[parent[b]]
        if a == b:
            continue
        if a > b:
            a, b = b, a
        parent[b] = a
        weakest[a] = min(s, get(a, 1.0), get(b, 1.0))
    return weakest


def _cluster(claims: list[Claim], decisions: Iterable[Decision],
             pre: Iterable[Sequence[int]] = (), only: Sequence[int] | None = None,
             workers: int = 1
             ) -> tuple[list[list[int]], dict[int, float], list[tuple[Decision, str]]]:
    index_of = {c.id: n for n, c in enumerate(claims)}
    groups = _Groups(claims)
    keep, void = effective_decisions(decisions)
    for d in keep:
        if d.kind == "split":
            for side, ids in (("a", d.claim_ids), ("b", d.other_ids)):
                for cid in ids:
                    if cid in index_of:
                        groups.sides[index_of[cid]][d.id] = side
    hard: list[list[int]] = [list(g) for g in pre]
    by_ref: dict[str, list[int]] = {}
    for n, c in enumerate(claims):
        if c.incident_ref:
            by_ref.setdefault(c.incident_ref, []).append(n)
    hard += list(by_ref.values())
    hard += [[index_of[i] for i in d.claim_ids if i in index_of] for d in keep
             if d.kind == "merge"]
    for g in hard:
        for n in g[1:]:
            groups.union(g[0], n)
    for d in keep:  # a split a hard link contradicts cannot hold
        if d.kind == "split" and any(
                groups.sides[groups.find(index_of[i])].get(d.id) == "both"
                for i in d.claim_ids if i in index_of):
            void.append((d, "contradicted by a shared incident_ref or a merge"))
    if only is None:
        edges = _bulk_edges(claims, workers)
    else:
        edges = _local_edges(claims, only)
    simple = (not any(groups.sides)
              and len({c.report_id for c in claims}) == len(claims))
    t0 = time.perf_counter()
    weakest = _link_simple(groups, edges) if simple else _link(groups, claims, edges)
    root = np.asarray(groups.parent, dtype=np.int64)
    while True:  # pointer jumping: every claim's root
        up = root[root]
        if np.array_equal(up, root):
            break
        root = up
    order = np.argsort(root, kind="stable")  # members ascending within each cluster
    cuts = np.flatnonzero(np.diff(root[order])) + 1
    out = [m.tolist() for m in np.split(order, cuts)] if len(order) else []
    log.debug("fusion: linked into %d clusters %.1f s", len(out), time.perf_counter() - t0)
    by_root = {int(root[m[0]]): m[0] for m in out}  # named by the smallest member
    return out, {by_root[r]: s for r, s in weakest.items() if r in by_root}, void


def _prepare(claims: Iterable[Claim]) -> list[Claim]:
    unique = {c.id: c for c in claims}
    return [unique[k] for k in sorted(unique)]


def fuse(claims: Iterable[Claim], sources: Mapping[str, Source] | None = None, *,
         decisions: Iterable[Decision] = (), workers: int = 1) -> tuple[Incident, ...]:
    """Fuse claims into incidents; the result depends only on the set of claims.

    Parameters
    ----------
    claims
        Claims from any sources and languages (repeated ids count once).
    sources
        The source registry (``{id: Source}``); used for independence and shown on
        incidents. Missing sources are treated as unknown (grade F).
    decisions
        Analysts' splits and merges (:class:`Decision`), respected over similarity.
    workers
        Processes to use (forked) for scoring pairs and building incidents of large
        batches; the result is the same for any number.

    Returns
    -------
    tuple of Incident
        Sorted by id; every claim is in exactly one incident. ``notes`` carry the
        uncertainty (``fusion {…}``), independence groups (``upstream {…}``) and the
        decisions applied (``decision {…}``); see docs/methodology/fusion.md.

    Examples
    --------
    >>> from truceline.domain import Claim
    >>> a = Claim(report_id="r1", source_id="s1", event_type="drone_strike", incident_ref="x")
    >>> b = Claim(report_id="r2", source_id="s2", event_type="attack_unspecified",
    ...           incident_ref="x")
    >>> [(len(i.claims), i.event_type) for i in fuse([b, a])]
    [(2, 'drone_strike')]
    """
    sources = sources or {}
    decisions = tuple(decisions)
    with quiet_gc():
        t0 = time.perf_counter()
        ordered = _prepare(claims)
        log.debug("fusion: %d claims ordered %.1f s", len(ordered), time.perf_counter() - t0)
        clusters, weakest, void = _cluster(ordered, decisions, workers=workers)
        t0 = time.perf_counter()
        out = _build_incidents(ordered, clusters, weakest, void, decisions, sources, workers)
        log.debug("fusion: incidents built %.1f s", time.perf_counter() - t0)
        return out


def fuse_incremental(incidents: Iterable[Incident], new_claims: Iterable[Claim],
                     sources: Mapping[str, Source] | None = None, *,
                     decisions: Iterable[Decision] = ()) -> tuple[Incident, ...]:
    """Add new claims to existing incidents without re-examining old pairs.

    A new claim joins the existing incident it links to (or links two of them, or starts
    its own); existing incidents are never split here. Only pairs that touch a new claim
    are scored, so the cost grows with the new claims, not the store.
    """
    sources = sources or {}
    decisions = tuple(decisions)
    old = [list(i.claims) for i in incidents]
    ordered = _prepare([c for g in old for c in g] + list(new_claims))
    index_of = {c.id: n for n, c in enumerate(ordered)}
    known = {c.id for g in old for c in g}
    pre = [[index_of[c.id] for c in g] for g in old]
    fresh = [n for n, c in enumerate(ordered) if c.id not in known]
    clusters, weakest, void = _cluster(ordered, decisions, pre=pre, only=fresh)
    return _build_incidents(ordered, clusters, weakest, void, decisions, sources)
