"""How the cost of adjudication grows: 10^4 … 10^7 incidents × 40 clauses, time and memory.

Each size runs in a fresh process (columnar path, 2 workers), so its peak resident memory
is its own. The figures are printed and plotted to ``benchmarks/scaling.png``; the baseline
is linear growth from the smallest size (the ratio shown is time per check relative to it).

    python benchmarks/bench_scaling.py                     # 1e4, 1e5, 1e6, 1e7
    python benchmarks/bench_scaling.py --max 1e6           # quick
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one(n: int) -> None:
    from _synth import agreements, clauses_of, incidents, parallel_adjudicate, peak_rss_mib, timed

    ags = agreements(20)
    t = incidents(n)
    secs, _ = timed(lambda: parallel_adjudicate(t, ags, 2))
    print(json.dumps({"n": n, "secs": secs, "checks": n * clauses_of(ags),
                      "peak_mib": peak_rss_mib()}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", default="1e7", help="largest size (a power of ten)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json", help="append the figures as JSON lines to this file")
    args = ap.parse_args()
    if args.one:
        one(args.one)
        return
    sizes = [10**k for k in range(4, 8) if 10**k <= float(args.max)]
    got = []
    for n in sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                             text=True, check=False, cwd=HERE)
        if res.returncode:
            raise SystemExit(f"size {n} failed:\n{res.stderr}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        got.append(r)
        base = got[0]["secs"] / got[0]["checks"]
        print(f"{n:>11,} incidents: {r['secs']:8.2f} s, {r['checks'] / r['secs'] / 1e6:5.2f} M "
              f"checks/s, peak {r['peak_mib']:,.0f} MiB; time per check vs 10^4: "
              f"{r['secs'] / r['checks'] / base:.2f}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ns = [r["n"] for r in got]
    ax.loglog(ns, [r["secs"] for r in got], "o-", label="time (s)")
    ax.loglog(ns, [got[0]["secs"] * n / ns[0] for n in ns], ":", label="linear from 10^4")
    ax.set_xlabel("incidents (× 40 clauses)")
    ax.set_ylabel("seconds")
    ax2 = ax.twinx()
    ax2.semilogx(ns, [r["peak_mib"] for r in got], "s--", color="tab:red", label="peak MiB")
    ax2.set_ylabel("peak resident memory (MiB)")
    fig.legend(loc="upper left", bbox_to_anchor=(0.12, 0.88))
    ax.set_title("Adjudication cost, columnar path, 2 workers")
    fig.tight_layout()
    fig.savefig(HERE / "scaling.png", dpi=110)
    print(f"plot: {HERE / 'scaling.png'}")
    if args.json:
        with Path(args.json).open("a", encoding="utf-8") as f:
            for r in got:
                f.write(json.dumps({"bench": "scaling", **r}) + "\n")


if __name__ == "__main__":
    main()
