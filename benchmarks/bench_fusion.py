"""Fusion benchmark: synthetic claims with realistic spatial and temporal clustering.

Events cluster along a front (hot spots with a heavy-tailed size), each reported by 1–5
claims jittered by up to ~3 km and an hour or given as a calendar day; 10 % of claims
are district-precision. Prints: claims, incidents, fusion seconds, peak memory (RSS),
and the naive all-pairs baseline on a 20,000-claim sample with the speed ratio.

    .venv/bin/python benchmarks/bench_fusion.py --claims 1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import UTC, date, datetime, timedelta

from truceline.domain import Claim, Place, TimeSpan
from truceline.fusion import fuse
from truceline.fusion._similarity import LINK_THRESHOLD, features, similarity

TYPES = ["artillery_shelling", "drone_strike", "missile_strike", "mlrs_strike",
         "attack_unspecified"]
TARGETS = ["residential", "energy", "military", "unspecified"]


def synthetic(n: int, seed: int = 7) -> list[Claim]:
    """About ``n`` claims of ~n/2.5 events over two years along a front."""
    rnd = random.Random(seed)
    hot = [(36.0 + 3.0 * rnd.random(), 47.0 + 3.0 * rnd.random(), rnd.paretovariate(1.2))
           for _ in range(400)]
    weights = [h[2] for h in hot]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out: list[Claim] = []
    e = 0
    while len(out) < n:
        hx, hy, _ = rnd.choices(hot, weights)[0]
        lon, lat = hx + rnd.gauss(0, 0.15), hy + rnd.gauss(0, 0.1)
        t = start + timedelta(minutes=rnd.randrange(730 * 1440))
        etype, target = rnd.choice(TYPES), rnd.choice(TARGETS)
        for k in range(min(5, 1 + int(rnd.expovariate(0.7)))):
            prec = 2 if rnd.random() < 0.1 else 1
            if rnd.random() < 0.5:
                when = TimeSpan.instant(t + timedelta(minutes=rnd.randrange(-40, 40)),
                                        precision="hour")
            else:
                d = t.date()
                when = TimeSpan.local_days(date(d.year, d.month, d.day), tz="Europe/Kyiv")
            out.append(Claim(
                report_id=f"r{e}-{k}", source_id=f"s{rnd.randrange(60)}",
                event_type=etype if rnd.random() < 0.8 else "attack_unspecified",
                target_type=target, when=when,
                place=Place(name=f"e{e}", lon=lon + rnd.gauss(0, 0.02),
                            lat=lat + rnd.gauss(0, 0.015), precision=prec)))
        e += 1
    return out[:n]


def naive(claims: list[Claim]) -> tuple[float, int]:
    """All pairs compared (no blocking): seconds and linked pairs."""
    t0 = time.perf_counter()
    feats = [f for f in map(features, claims) if f is not None]
    links = 0
    for i, a in enumerate(feats):
        for b in feats[i + 1:]:
            if similarity(a, b) >= LINK_THRESHOLD:
                links += 1
    return time.perf_counter() - t0, links


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    claims = synthetic(args.claims)
    print(f"generated {len(claims):,} claims in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    incidents = fuse(claims)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fused {len(claims):,} claims into {len(incidents):,} incidents in {dt:.1f} s; "
          f"peak RSS {peak:,.0f} MiB")
    sample = synthetic(args.sample, seed=11)
    t0 = time.perf_counter()
    fuse(sample)
    blocked = time.perf_counter() - t0
    slow, links = naive(sample)
    print(f"sample {len(sample):,}: blocked fusion {blocked:.2f} s, naive all-pairs "
          f"{slow:.1f} s ({links:,} linked pairs), ratio {slow / blocked:.0f}x")


if __name__ == "__main__":
    main()
