"""Fusion benchmark: synthetic claims with realistic spatial and temporal clustering.

Events cluster along a front (400 hot spots with Pareto-distributed weights), each
reported by 1–5 claims jittered by ~2 km; half the claims give an hour (±40 min), half a
calendar day (Europe/Kyiv); 10 % are district-precision. Prints: claims, incidents,
fusion wall and CPU seconds, peak memory (RSS of the main process and of the largest
worker), and the naive all-pairs baseline on a 20,000-claim sample with the speed ratio.

    .venv/bin/python benchmarks/bench_fusion.py --claims 1000000 --workers 2

The naive baseline scores every pair of the sample (no blocking) with the same
vectorised similarity, and checks that blocking found every pair it links.
"""

from __future__ import annotations

import argparse
import gc
import logging
import resource
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from _synth import cpu_seconds

from truceline.domain import Claim, Place, TimeSpan
from truceline.fusion import fuse
from truceline.fusion._bulk import Table, _linked, scored_edges

TYPES = ["artillery_shelling", "drone_strike", "missile_strike", "mlrs_strike",
         "attack_unspecified"]
TARGETS = ["residential", "energy", "military", "unspecified"]


def synthetic(n: int, seed: int = 7) -> list[Claim]:
    """About ``n`` claims of ~n/2.5 events over two years along a front (vectorised).

    Events are drawn at once with NumPy; each claim then reuses shared ``TimeSpan``
    objects (one per calendar day) and only builds its own ``Place`` and ``Claim``.
    """
    rng = np.random.default_rng(seed)
    hot_lon = 36.0 + 3.0 * rng.random(400)
    hot_lat = 47.0 + 3.0 * rng.random(400)
    weight = rng.pareto(1.2, 400) + 1.0
    events = n + 16  # over-provisioned; trimmed to n claims below
    spot = rng.choice(400, size=events, p=weight / weight.sum())
    ev_lon = hot_lon[spot] + rng.normal(0, 0.15, events)
    ev_lat = hot_lat[spot] + rng.normal(0, 0.1, events)
    ev_min = rng.integers(0, 730 * 1440, events)
    ev_type = rng.integers(0, len(TYPES), events)
    ev_target = rng.integers(0, len(TARGETS), events)
    size = np.minimum(5, 1 + (rng.exponential(1 / 0.7, events)).astype(np.int64))
    ends = np.cumsum(size)
    events = int(np.searchsorted(ends, n)) + 1  # enough events for n claims
    ev = np.repeat(np.arange(events), size[:events])[:n]
    k = np.arange(n) - np.concatenate(([0], ends[:events - 1]))[ev]
    prec = np.where(rng.random(n) < 0.1, 2, 1)
    hourly = rng.random(n) < 0.5
    minute = ev_min[ev] + rng.integers(-40, 40, n)
    day = ev_min[ev] // 1440
    src = rng.integers(0, 60, n)
    etype = np.where(rng.random(n) < 0.8, ev_type[ev], len(TYPES) - 1)
    lon = ev_lon[ev] + rng.normal(0, 0.02, n)
    lat = ev_lat[ev] + rng.normal(0, 0.015, n)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    days: dict[int, TimeSpan] = {}
    hour = timedelta(hours=1)
    targets = ev_target.tolist()
    out: list[Claim] = []
    for e, kk, p, h, m, d, s, et, x, y in zip(
            ev.tolist(), k.tolist(), prec.tolist(), hourly.tolist(), minute.tolist(),
            day.tolist(), src.tolist(), etype.tolist(), lon.tolist(), lat.tolist(), strict=True):
        if h:
            t = start + timedelta(minutes=m)
            when = TimeSpan(start=t, end=t + hour, precision="hour")
        else:
            when = days.get(d)
            if when is None:
                dd = (start + timedelta(days=d)).date()
                when = days[d] = TimeSpan.local_days(dd, tz="Europe/Kyiv")
        out.append(Claim(
            report_id=f"r{e}-{kk}", source_id=f"s{s}", event_type=TYPES[et],
            target_type=TARGETS[targets[e]], when=when,
            place=Place(name=f"e{e}", lon=x, lat=y, precision=p)))
    return out


def naive(claims: list[Claim]) -> tuple[float, set[tuple[int, int]]]:
    """Every pair scored (no blocking), in NumPy batches: seconds and linked pairs."""
    t0 = time.perf_counter()
    t = Table(sorted({c.id: c for c in claims}.values(), key=lambda c: c.id))
    links: set[tuple[int, int]] = set()
    rows = np.arange(t.size)
    step = max(1, 2_000_000 // max(1, t.size))
    for first in range(0, t.size, step):
        i = np.repeat(rows[first:first + step], t.size)
        j = np.tile(rows, min(step, t.size - first))
        keep = t.pos[i] < t.pos[j]
        a, b, _ = _linked(t, i[keep], j[keep])
        links.update(zip(t.pos[a].tolist(), t.pos[b].tolist(), strict=True))
    return time.perf_counter() - t0, links


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    logging.basicConfig(format="  %(message)s")
    logging.getLogger("truceline.fusion").setLevel(logging.DEBUG)  # phase times
    gc.disable()  # millions of acyclic objects: the cyclic collector only costs time
    t0 = time.perf_counter()
    claims = synthetic(args.claims)
    print(f"generated {len(claims):,} claims in {time.perf_counter() - t0:.1f} s")
    t0, c0 = time.perf_counter(), cpu_seconds()
    incidents = fuse(claims, workers=args.workers)
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kid = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"fused {len(claims):,} claims into {len(incidents):,} incidents in {dt:.1f} s "
          f"wall ({cpu:.1f} s CPU, {args.workers} workers); peak RSS {peak:,.0f} MiB main, "
          f"{kid:,.0f} MiB largest worker")
    del incidents, claims
    logging.getLogger("truceline.fusion").setLevel(logging.WARNING)
    sample = synthetic(args.sample, seed=11)
    t0 = time.perf_counter()
    fuse(sample)
    blocked = time.perf_counter() - t0
    slow, links = naive(sample)
    ordered = sorted({c.id: c for c in sample}.values(), key=lambda c: c.id)
    a, b, _ = scored_edges(Table(ordered))
    found = set(zip(a.tolist(), b.tolist(), strict=True))
    print(f"sample {len(sample):,}: blocked fusion {blocked:.2f} s (1 process), naive "
          f"all-pairs {slow:.1f} s ({len(links):,} linked pairs; blocking found "
          f"{len(links & found):,} of them), ratio {slow / blocked:.0f}x")


if __name__ == "__main__":
    main()
