"""Adjudication at scale: synthetic incidents near the real contact line × 20 agreements.

Measures the columnar path (``adjudicate_table`` on 2 worker processes) in incident-clause
checks per second, against two baselines measured in the same run:

- a naive per-incident loop (shapely scalar ``contains``/``distance`` per incident and
  clause, Python tests), timed on a sample and extrapolated (said so in the output);
- the same query in PostGIS (SQL over a table of incidents and a table of clauses), on
  ``--pg-size`` rows, when a server is reachable (``TRUCELINE_TEST_PG_URL``).

Both baselines are first checked to give the same verdicts as the columnar path.

    python benchmarks/bench_adjudication.py                 # 1M and 10M
    python benchmarks/bench_adjudication.py --quick         # 100k, small samples
"""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path

import numpy as np
import shapely
from _synth import (
    agreements,
    clauses_of,
    cpu_seconds,
    incidents,
    machine,
    parallel_adjudicate,
    peak_rss_mib,
    rows,
    timed,
)

from truceline.adjudication._bulk import PASS, to_micros
from truceline.adjudication._tests import PRECISION_RADIUS_KM
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES


def naive(t, ags) -> np.ndarray:  # type: ignore[no-untyped-def]
    """One incident at a time, one clause at a time, scalar shapely calls."""
    out = np.zeros((len(t), clauses_of(ags)), np.int8)
    words = (*t.vocab, None)
    boundaries = {id(z): z.geometry.boundary for a in ags for z in a.zones}  # computed once
    for i in range(len(t)):
        ev, tg, wc, ac = (words[t.event_type[i]], words[t.target_type[i]],
                          words[t.weapon_class[i]], words[t.actor[i]])
        pt = shapely.Point(t.lon[i], t.lat[i])
        j = 0
        for a in ags:
            for c in a.clauses:
                w = a.windows[0]
                ws, we = to_micros(w.start), to_micros(w.end)
                s, e = t.start[i], t.end[i]
                win = 2 if s >= ws and e <= we else 0 if e <= ws or s >= we else 1
                acts = []
                for val, allowed, unknown in ((ev, c.event_types, UNSPECIFIC_EVENT_TYPES),
                                              (tg, c.target_types, {"unspecified"}),
                                              (wc, c.weapon_classes, {"unknown"})):
                    acts.append(2 if not allowed or val in allowed else
                                1 if val is None or val in unknown else 0)
                party = 2 if not c.parties or ac in c.parties else 1 if ac is None else 0
                zone = 2
                if c.zone:
                    g = a.zone(c.zone).geometry
                    zone = 2 if g.contains(pt) else 0
                    r = PRECISION_RADIUS_KM.get(int(t.precision[i]), 100.0)
                    if r > 0:
                        kpd = min(110.57, 111.32 * np.cos(np.radians(t.lat[i])))
                        if boundaries[id(a.zone(c.zone))].distance(pt) * kpd < r:
                            zone = 1
                code = min(win, *acts, party, zone)
                out[i, j] = t.grade[i] if code == PASS else code
                j += 1
    return out


CLAUSE_SQL = """
CREATE TEMP TABLE bench_clauses (col int, ws bigint, we bigint, events text[],
    targets text[], parties text[], zoned boolean, geom geometry, boundary geometry)"""

QUERY = """
SELECT code, count(*) FROM (
  SELECT CASE WHEN v = 2 THEN i.grade ELSE v END AS code FROM (
    SELECT i.grade, LEAST(
      CASE WHEN i.s >= c.ws AND i.e <= c.we THEN 2 WHEN i.e <= c.ws OR i.s >= c.we THEN 0
           ELSE 1 END,
      CASE WHEN cardinality(c.events) = 0 OR i.ev = ANY(c.events) THEN 2
           WHEN i.ev IS NULL OR i.ev IN ('attack_unspecified', 'violation_unspecified') THEN 1
           ELSE 0 END,
      CASE WHEN cardinality(c.targets) = 0 OR i.tg = ANY(c.targets) THEN 2
           WHEN i.tg IS NULL OR i.tg = 'unspecified' THEN 1 ELSE 0 END,
      CASE WHEN cardinality(c.parties) = 0 OR i.ac = ANY(c.parties) THEN 2
           WHEN i.ac IS NULL THEN 1 ELSE 0 END,
      CASE WHEN NOT c.zoned THEN 2
           WHEN i.radius > 0 AND ST_DWithin(c.boundary, i.pt, i.radius / i.kpd * 1.000000001)
                AND ST_Distance(c.boundary, i.pt) * i.kpd < i.radius THEN 1
           WHEN ST_Contains(c.geom, i.pt) THEN 2 ELSE 0 END) AS v
    FROM bench_incidents i CROSS JOIN bench_clauses c) i) x
GROUP BY code ORDER BY code"""


def postgis(url: str, t, ags) -> tuple[float, dict[int, int]]:  # type: ignore[no-untyped-def]
    """Load ``t`` and the clauses into PostGIS; time the verdict query."""
    import psycopg

    url = url.replace("postgresql+psycopg://", "postgresql://")
    words = (*t.vocab, None)
    radius = np.array([PRECISION_RADIUS_KM.get(int(p), 100.0) for p in t.precision])
    kpd = np.minimum(110.57, 111.32 * np.cos(np.radians(t.lat)))
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE bench_incidents (s bigint, e bigint, ev text, tg text,"
                     " ac text, grade int, radius float8, kpd float8, lon float8, lat float8)")
        buf = io.StringIO()
        for k in range(len(t)):
            buf.write("\t".join(str(x) if x is not None else "\\N" for x in (
                t.start[k], t.end[k], words[t.event_type[k]], words[t.target_type[k]],
                words[t.actor[k]], t.grade[k], radius[k], kpd[k], t.lon[k], t.lat[k])) + "\n")
        with conn.cursor().copy("COPY bench_incidents FROM STDIN") as cp:
            cp.write(buf.getvalue())
        conn.execute("ALTER TABLE bench_incidents ADD COLUMN pt geometry")
        conn.execute("UPDATE bench_incidents SET pt = ST_SetSRID(ST_MakePoint(lon, lat), 4326)")
        conn.execute(CLAUSE_SQL)
        col = 0
        for a in ags:
            for c in a.clauses:
                g = a.zone(c.zone).geometry if c.zone else None
                conn.execute(
                    "INSERT INTO bench_clauses VALUES (%s, %s, %s, %s, %s, %s, %s, "
                    "ST_GeomFromWKB(%s, 4326), ST_Boundary(ST_GeomFromWKB(%s, 4326)))",
                    (col, to_micros(a.windows[0].start), to_micros(a.windows[0].end),
                     list(c.event_types), list(c.target_types), list(c.parties),
                     g is not None, shapely.to_wkb(g) if g is not None else None,
                     shapely.to_wkb(g) if g is not None else None))
                col += 1
        conn.execute("ANALYZE bench_incidents")
        conn.execute("SET max_parallel_workers_per_gather = 2")
        secs, got = timed(lambda: conn.execute(QUERY).fetchall())
    return secs, {int(k): int(n) for k, n in got}  # type: ignore[union-attr]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000", help="incident counts, comma-separated")
    ap.add_argument("--quick", action="store_true", help="100k incidents, small samples")
    ap.add_argument("--naive-sample", type=int, default=2000)
    ap.add_argument("--pg-size", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", help="append the figures as JSON lines to this file")
    args = ap.parse_args()
    sizes = [100_000] if args.quick else [int(float(s)) for s in args.sizes.split(",")]
    if args.quick:
        args.naive_sample, args.pg_size = 300, 5_000
    ags = agreements(20)
    n_clauses = clauses_of(ags)
    print(f"machine: {machine()}; load average {os.getloadavg()}")
    print(f"20 agreements, {n_clauses} clauses (20 zoned by real contact-line buffers)")
    results = []
    for n in sizes:
        t = incidents(n)
        load0, cpu0 = os.getloadavg()[0], cpu_seconds()
        secs, codes = timed(lambda t=t: parallel_adjudicate(t, ags, args.workers))
        cpu, load1 = cpu_seconds() - cpu0, os.getloadavg()[0]
        rate = n * n_clauses / secs
        print(f"columnar, {args.workers} workers: {n:,} incidents × {n_clauses} clauses in "
              f"{secs:.2f} s = {rate / 1e6:.2f} M checks/s (peak RSS {peak_rss_mib():,.0f} MiB)")
        print(f"  load average (1 min) {load0:.2f} before, {load1:.2f} after; CPU time of "
              f"this process and its workers {cpu:.2f} s = {n * n_clauses / cpu / 1e6:.2f} M "
              f"checks per CPU-second")
        # Baseline 1: naive loop on a sample, same verdicts, extrapolated.
        m = min(args.naive_sample, n)
        nsecs, ncodes = timed(lambda t=t, m=m: naive(rows(t, slice(0, m)), ags))
        assert (ncodes == codes[:m]).all(), "naive loop disagrees with the columnar path"
        nrate = m * n_clauses / nsecs
        print(f"naive loop: {m:,} incidents in {nsecs:.2f} s = {nrate / 1e6:.4f} M checks/s; "
              f"extrapolated to {n:,}: {n * n_clauses / nrate:,.0f} s "
              f"→ columnar is {rate / nrate:,.0f}× faster")
        row = {"n": n, "secs": secs, "rate": rate, "cpu_secs": cpu, "load": [load0, load1],
               "naive_sample": m, "naive_rate": nrate, "ratio_naive": rate / nrate}
        url = os.environ.get("TRUCELINE_TEST_PG_URL")
        if url:
            k = min(args.pg_size, n)
            psecs, counts = postgis(url, rows(t, slice(0, k)), ags)
            want = np.bincount(codes[:k].ravel(), minlength=5)
            assert all(counts.get(c, 0) == want[c] for c in range(5)), (counts, want)
            prate = k * n_clauses / psecs
            print(f"PostGIS: {k:,} incidents × {n_clauses} clauses in {psecs:.2f} s = "
                  f"{prate / 1e6:.3f} M checks/s (same verdict counts) → columnar is "
                  f"{rate / prate:,.1f}× faster")
            row |= {"pg_n": k, "pg_rate": prate, "ratio_pg": rate / prate}
        else:
            print("PostGIS: skipped (set TRUCELINE_TEST_PG_URL; see scripts/ci-postgres.sh)")
        results.append(row)
        del t, codes
    if args.json:
        with Path(args.json).open("a", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps({"bench": "adjudication", **r}) + "\n")


if __name__ == "__main__":
    main()
