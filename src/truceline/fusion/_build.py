"""Incidents from clusters: best estimates and notes, optionally in 2+ processes.

Each cluster's *spec* (:func:`._estimate.incident_spec`: id, best estimates as member
positions, notes) is computed, in forked workers when asked, and the incidents are then
assembled here from the original claim objects, so only small specs cross processes.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from truceline.domain import Claim, Incident, Source
from truceline.fusion._estimate import Spec, assemble, incident_spec
from truceline.fusion._parallel import fork_map

if TYPE_CHECKING:
    from truceline.fusion._fuse import Decision

log = logging.getLogger("truceline.fusion._fuse")

PARALLEL_MIN = 20_000
"""Below this many clusters the specs are computed in this process (forking costs more)."""

_Job = tuple[list[Claim], float | None, list[str]]


def _specs(batch: tuple[list[_Job], Mapping[str, Source]], part: tuple[int, int]
           ) -> list[Spec]:
    jobs, sources = batch
    n, of = part
    cache: dict = {}  # type: ignore[type-arg]
    return [incident_spec(group, sources, link, notes, cache)
            for group, link, notes in jobs[n::of]]


def incidents(claims: list[Claim], clusters: list[list[int]], weakest: dict[int, float],
              void: list[tuple[Decision, str]], decisions: Sequence[Decision],
              sources: Mapping[str, Source], workers: int = 1) -> tuple[Incident, ...]:
    """One incident per cluster (member positions, ascending), sorted by id."""
    by_claim: dict[str, list[str]] = {}
    for d in decisions:
        for cid in (*d.claim_ids, *d.other_ids):
            by_claim.setdefault(cid, []).append(d.id)
    void_ids = {d.id: why for d, why in void}
    jobs: list[_Job] = []
    for members in clusters:
        group = [claims[n] for n in members]
        notes = []
        for did in sorted({d for c in group for d in by_claim.get(c.id, ())}
                          if by_claim else ()):
            dec = next(x for x in decisions if x.id == did)
            notes.append("decision " + json.dumps(
                {"id": did, "kind": dec.kind, "reason": dec.reason, "analyst": dec.analyst,
                 "at": dec.at, "ignored": void_ids.get(did)}, ensure_ascii=False,
                sort_keys=True))
        jobs.append((group, weakest.get(members[0]), notes))
    workers = workers if len(jobs) >= PARALLEL_MIN else 1
    t0 = time.perf_counter()
    shares = fork_map(_specs, (jobs, sources), workers)
    t1 = time.perf_counter()
    out = []
    for n, share in enumerate(shares):
        for (group, _, _), spec in zip(jobs[n::workers], share, strict=True):
            out.append(assemble(group, spec, sources))
    out.sort(key=lambda i: i.id)
    log.debug("fusion: incident specs %.1f s (%d workers), assembled %.1f s", t1 - t0,
              workers, time.perf_counter() - t1)
    return tuple(out)
