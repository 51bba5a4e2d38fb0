"""Spark ``local[2]`` against the single-machine path on the same data; where Spark pays off.

Two paths, both reading the same Parquet input and writing Parquet results:

- columnar: ``adjudicate_table`` in one process vs ``bulk_adjudicate_job`` on local[2];
- objects (findings with reasons): ``adjudicate`` in one process vs ``adjudicate_job``.

The crossover is the smallest size measured at which Spark is faster. The Spark session is
started once before timing (its start-up is printed separately).

    python benchmarks/bench_spark.py                  # columnar 1e4..1e6, objects 1e3..2e4
    python benchmarks/bench_spark.py --quick
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _synth import agreements, clauses_of, incidents, machine, rows, timed

from truceline.adjudication import adjudicate, adjudicate_table
from truceline.domain import Claim, Incident, Place, TimeSpan
from truceline.scale import (
    adjudicate_job,
    bulk_adjudicate_job,
    read_incidents,
    spark_session,
    table_from_frame,
    write_incidents,
)
from truceline.scale._parquet import finding_rows

warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")


def frame_of(t) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    words = np.array([*t.vocab, None], dtype=object)
    return pd.DataFrame({
        "id": t.ids.astype(str), "start": t.start, "end": t.end, "has_when": t.has_when,
        "lon": t.lon, "lat": t.lat, "precision": t.precision,
        "event_type": words[t.event_type], "target_type": words[t.target_type],
        "weapon_class": words[t.weapon_class], "actor": words[t.actor], "grade": t.grade})


def domain_incidents(t) -> list[Incident]:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    words = (*t.vocab, None)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    out = []
    for k in range(len(t)):
        when = TimeSpan(start=epoch + timedelta(microseconds=int(t.start[k])),
                        end=epoch + timedelta(microseconds=int(t.end[k])), precision="minute")
        place = Place(name=f"p{k}", lon=float(t.lon[k]), lat=float(t.lat[k]),
                      precision=int(t.precision[k]))
        c = Claim(report_id=f"{k:064d}", source_id="src", event_type=words[t.event_type[k]],
                  target_type=words[t.target_type[k]] or "unspecified", when=when,
                  place=place, actor=words[t.actor[k]])
        out.append(Incident(id=f"i-{k}", claims=(c,), event_type=c.event_type,
                            target_type=c.target_type, when=when, place=place,
                            actor=c.actor, weapon_class=words[t.weapon_class[k]]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="columnar sizes")
    ap.add_argument("--object-sizes", default="500,2000,5000", help="object-path sizes")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", help="append the figures as JSON lines to this file")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.object_sizes = "10000,50000", "500,2000"
    ags = agreements(20)
    nc = clauses_of(ags)
    tmp = Path(tempfile.mkdtemp(prefix="truceline-bench-spark-"))
    print(f"machine: {machine()}")
    secs, spark = timed(lambda: spark_session("local[2]", shuffle_partitions=4))
    spark.sparkContext.setLogLevel("ERROR")
    print(f"Spark local[2] session start: {secs:.1f} s (not counted below)")
    out = []
    big = incidents(max(int(s) for s in args.sizes.split(",")))
    warm = tmp / "warm.parquet"
    frame_of(rows(big, slice(0, 1000))).to_parquet(warm)
    secs, _ = timed(lambda: bulk_adjudicate_job(spark, warm, ags, tmp / "warm", partitions=4))
    print(f"Spark warm-up job (Python workers, JIT): {secs:.1f} s (not counted below)")
    for n in (int(s) for s in args.sizes.split(",")):
        src = tmp / f"table-{n}.parquet"
        frame_of(rows(big, slice(0, n))).to_parquet(src)

        def single(src=src, n=n) -> None:
            f = pd.read_parquet(src)
            codes = adjudicate_table(table_from_frame(f), ags).codes
            res = pd.DataFrame(codes, columns=[f"c{j}" for j in range(nc)])
            res.insert(0, "id", f["id"].to_numpy())
            res.to_parquet(tmp / f"single-{n}.parquet")

        s_secs, _ = timed(single)
        k_secs, _ = timed(lambda src=src, n=n: bulk_adjudicate_job(
            spark, src, ags, tmp / f"spark-{n}", partitions=4))
        print(f"columnar {n:>9,}: single {s_secs:7.2f} s, Spark local[2] {k_secs:7.2f} s → "
              f"Spark/single speed ratio {s_secs / k_secs:.2f}")
        out.append({"bench": "spark", "path": "columnar", "n": n, "single": s_secs,
                    "spark": k_secs, "checks": n * nc})
    for n in (int(s) for s in args.object_sizes.split(",")):
        incs = domain_incidents(rows(big, slice(0, n)))
        src = write_incidents(incs, tmp / f"incidents-{n}.parquet")

        def single_obj(src=src, n=n) -> None:
            import pyarrow.parquet as pq

            pq.write_table(finding_rows(adjudicate(read_incidents(src), ags)),
                           tmp / f"single-f-{n}.parquet")

        s_secs, _ = timed(single_obj)
        k_secs, _ = timed(lambda src=src, n=n: adjudicate_job(
            spark, src, ags, tmp / f"spark-f-{n}", partitions=4))
        print(f"objects  {n:>9,}: single {s_secs:7.2f} s, Spark local[2] {k_secs:7.2f} s → "
              f"Spark/single speed ratio {s_secs / k_secs:.2f}")
        out.append({"bench": "spark", "path": "objects", "n": n, "single": s_secs,
                    "spark": k_secs, "checks": n * nc})
    for path in ("columnar", "objects"):
        wins = [r["n"] for r in out if r["path"] == path and r["spark"] < r["single"]]
        print(f"crossover ({path}): " + (f"Spark faster from {min(wins):,} incidents" if wins
                                         else "Spark local[2] never faster in the sizes run"))
    spark.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        with Path(args.json).open("a", encoding="utf-8") as f:
            for r in out:
                f.write(json.dumps(r) + "\n")
    time.sleep(0)


if __name__ == "__main__":
    main()
