"""Ingest of a large CSV into SQLite and PostgreSQL: rows per second and peak memory.

Truceline's ingest (``pipeline.ingest``: intake mapping, validation, verbatim reports,
claims, resumable batches) is compared with a baseline measured in the same run: the same
rows read with ``csv.reader`` and inserted with the bare driver into one plain table
(``executemany``), no parsing or checks. Each measurement runs in its own process, so the
peak resident memory is that run's.

    python benchmarks/bench_ingest.py                  # 1,000,000 rows
    python benchmarks/bench_ingest.py --rows 20000     # quick
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HEADER = "id,date,event_type,target_type,actor,location,lon,lat,precision,evidence"
EVENTS = ("drone_strike", "artillery_shelling", "missile_strike", "ground_assault")
TARGETS = ("military", "energy", "residential", "unspecified")


def write_csv(path: Path, n: int) -> None:
    """``n`` rows in the generic mapping's columns."""
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        for k in range(n):
            f.write(f"ev-{k},2025-{1 + k % 12:02d}-{1 + k % 28:02d},{EVENTS[k % 4]},"
                    f"{TARGETS[k % 3]},{'RU' if k % 3 else 'UA'},place {k % 5000},"
                    f"{35 + (k % 4000) / 1000:.3f},{47 + (k % 3000) / 1000:.3f},{1 + k % 2},"
                    f"report number {k}\n")


def _batches(csv_path: str, size: int = 2000) -> Iterator[list[list[str]]]:
    """The CSV's data rows (header skipped) in lists of ``size``: the bare drivers' load."""
    with Path(csv_path).open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        while batch := list(itertools.islice(rows, size)):
            yield batch


def run_one(kind: str, backend: str, csv_path: str, target: str) -> dict[str, float]:
    """One measurement in this process."""
    t0 = time.perf_counter()
    if kind == "truceline":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from truceline import pipeline
        from truceline.storage import init_workspace

        with init_workspace(target) as store:
            t0 = time.perf_counter()
            summary = pipeline.ingest(store, csv_path, mapping="generic", batch_size=2000)
            n = summary.stored
    elif backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(target)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE raw (" + ", ".join(f"c{i} TEXT" for i in range(10)) + ")")
        n = 0
        for batch in _batches(csv_path):
            con.executemany("INSERT INTO raw VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
            con.commit()
            n += len(batch)
    else:
        import psycopg

        with psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://")) as con:
            con.execute("DROP TABLE IF EXISTS bench_raw")
            con.execute("CREATE TABLE bench_raw (" + ", ".join(f"c{i} text" for i in range(10))
                        + ")")
            n = 0
            with con.cursor() as cur:
                for batch in _batches(csv_path):
                    cur.executemany("INSERT INTO bench_raw VALUES "
                                    "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch)
                    con.commit()
                    n += len(batch)
            con.execute("DROP TABLE bench_raw")
            con.commit()
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": n, "secs": secs, "rate": n / secs, "peak_mib": peak}


def _pg_schema(url: str) -> str:
    """A fresh schema on the server for one truceline run."""
    import uuid

    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    return f"{url}?options=-csearch_path%3D{schema},public"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--backends", default="sqlite,postgresql",
                    help="comma-separated: sqlite, postgresql")
    ap.add_argument("--one", nargs=4, metavar=("KIND", "BACKEND", "CSV", "TARGET"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--json", help="append the figures as JSON lines to this file")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="truceline-bench-ingest-"))
    csv_path = tmp / "rows.csv"
    write_csv(csv_path, args.rows)
    print(f"CSV: {args.rows:,} rows, {csv_path.stat().st_size / 2**20:.0f} MiB")
    pg = os.environ.get("TRUCELINE_TEST_PG_URL")
    backends = [b for b in args.backends.split(",") if b == "sqlite" or pg]
    if not pg:
        print("PostgreSQL: skipped (set TRUCELINE_TEST_PG_URL; see scripts/ci-postgres.sh)")
    out = []
    for backend in backends:
        got = {}
        for kind in ("baseline", "truceline"):
            if backend == "sqlite":
                target = str(tmp / f"{kind}-ws") if kind == "truceline" else str(tmp / "raw.db")
            else:
                target = _pg_schema(pg) if kind == "truceline" else pg  # type: ignore[arg-type]
            res = subprocess.run([sys.executable, __file__, "--one", kind, backend,
                                  str(csv_path), target], capture_output=True, text=True,
                                 check=False)
            if res.returncode:
                raise SystemExit(f"{kind} on {backend} failed:\n{res.stderr}")
            got[kind] = json.loads(res.stdout.strip().splitlines()[-1])
        b, t = got["baseline"], got["truceline"]
        print(f"{backend}: truceline {t['rate']:,.0f} rows/s ({t['secs']:.1f} s, peak "
              f"{t['peak_mib']:,.0f} MiB); bare-driver baseline {b['rate']:,.0f} rows/s "
              f"(peak {b['peak_mib']:,.0f} MiB) → ratio {t['rate'] / b['rate']:.3f}")
        out.append({"bench": "ingest", "backend": backend, "truceline": t, "baseline": b})
    if args.json:
        with Path(args.json).open("a", encoding="utf-8") as f:
            for r in out:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
