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

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from truceline.domain import Claim, Incident, Source, stable_id
from truceline.fusion._blocking import CellIndex, candidate_pairs
from truceline.fusion._similarity import (
    LINK_THRESHOLD,
    SAME_REPORT_THRESHOLD,
    Features,
    features,
    similarity,
)

from ._estimate import build_incident


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


def _cluster(claims: list[Claim], decisions: Iterable[Decision],
             pre: Iterable[Sequence[int]] = (), only: Sequence[int] | None = None
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
    feats: list[Features] = []
    pos: list[int] = []
    for n, c in enumerate(claims):
        f = features(c)
        if f is not None:
            feats.append(f)
            pos.append(n)
    index = CellIndex(feats)
    local_only = None
    if only is not None:
        where = {p: k for k, p in enumerate(pos)}
        local_only = [where[n] for n in only if n in where]
    weakest: dict[int, float] = {}
    for s, a, b in _score_edges(feats, pos, candidate_pairs(feats, index, local_only)):
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        same = claims[a].report_id == claims[b].report_id
        if groups.conflict(ra, rb, same_report_ok=same):
            continue
        groups.union(a, b)
        weakest[groups.find(a)] = min(s, weakest.get(ra, 1.0), weakest.get(rb, 1.0))
    members: dict[int, list[int]] = {}
    for n in range(len(claims)):
        members.setdefault(groups.find(n), []).append(n)
    out = list(members.values())
    return out, {min(members[r]): s for r, s in weakest.items() if r in members}, void


def _incidents(claims: list[Claim], clusters: list[list[int]], weakest: dict[int, float],
               void: list[tuple[Decision, str]], decisions: Sequence[Decision],
               sources: Mapping[str, Source]) -> tuple[Incident, ...]:
    by_claim: dict[str, list[str]] = {}
    for d in decisions:
        for cid in (*d.claim_ids, *d.other_ids):
            by_claim.setdefault(cid, []).append(d.id)
    void_ids = {d.id: why for d, why in void}
    out = []
    for members in clusters:
        group = [claims[n] for n in members]
        notes = []
        for did in sorted({d for c in group for d in by_claim.get(c.id, ())}):
            dec = next(x for x in decisions if x.id == did)
            notes.append("decision " + json.dumps(
                {"id": did, "kind": dec.kind, "reason": dec.reason, "analyst": dec.analyst,
                 "at": dec.at, "ignored": void_ids.get(did)}, ensure_ascii=False,
                sort_keys=True))
        out.append(build_incident(group, sources, weakest.get(min(members)), notes))
    return tuple(sorted(out, key=lambda i: i.id))


def _prepare(claims: Iterable[Claim]) -> list[Claim]:
    unique = {c.id: c for c in claims}
    return [unique[k] for k in sorted(unique)]


def fuse(claims: Iterable[Claim], sources: Mapping[str, Source] | None = None, *,
         decisions: Iterable[Decision] = ()) -> tuple[Incident, ...]:
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
    ordered = _prepare(claims)
    clusters, weakest, void = _cluster(ordered, decisions)
    return _incidents(ordered, clusters, weakest, void, decisions, sources)


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
    return _incidents(ordered, clusters, weakest, void, decisions, sources)
