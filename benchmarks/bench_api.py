"""API latency at scale: the incident list with filters and the map viewport query, against
the embedded SQLite store holding N synthetic incidents (default 1,000,000).

    python benchmarks/bench_api.py                          # full: 1M incidents, 20 s/scenario
    python benchmarks/bench_api.py --quick                  # 100k incidents, 5 s/scenario

The store is built once (bulk rows straight into ``incidents``, ``incident_rtree`` and
``findings``, in big transactions) and cached under ``/tmp/truceline-bench-api/N`` (never in
the repo); ``--rebuild`` builds it again. Incidents are synthetic but clustered like real
reporting: points along the contact line of the DeepState snapshot of 2025-04-18 (Gaussian
offset, sigma 0.12 degrees), times over the year before it, a handful of event types,
targets and parties; about 40 % have a finding (70 % of those published).

The real app (``truceline.api.create_app``) runs under uvicorn in a subprocess on
127.0.0.1 (a free port; loopback only), with the per-caller rate limit switched off
(``TRUCELINE_RATE_LIMIT=0``: every simulated client is one loopback address, and this
measures queries, not the limiter). Each scenario runs at 1 and at 50 concurrent clients for
``--seconds`` seconds or ``--max-requests`` requests, whichever comes first, then stops.
Requests are public (no token): the incident list then asks, per incident, for a published
finding, which is the dearest path. Prints one JSON object with p50/p99 per scenario.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
DATA = Path(os.environ.get("TRUCELINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SNAPSHOT = DATA / "frontline" / "deepstate" / "deepstatemap_data_20250418.geojson"
CACHE = Path("/tmp/truceline-bench-api")
T1 = datetime(2025, 4, 18, tzinfo=UTC)
T0 = T1 - timedelta(days=365)
EVENTS = ("artillery_shelling", "drone_strike", "missile_strike", "ground_assault",
          "attack_unspecified")
EVENT_P = (0.4, 0.3, 0.08, 0.12, 0.1)
TARGETS = ("military", "residential", "energy", "civilian_other", "unspecified")
TARGET_P = (0.45, 0.25, 0.1, 0.1, 0.1)
ACTORS = ("RU", "UA", None)
ACTOR_P = (0.55, 0.35, 0.1)
VERDICTS = ("possible", "alleged", "corroborated", "confirmed", "not_applicable")
VERDICT_P = (0.2, 0.35, 0.2, 0.1, 0.15)
AGREEMENT = "bench-front"


# -- building the store ----------------------------------------------------------------------

def contact_points() -> np.ndarray:
    """Vertices (lon, lat) every ~1 km along the contact line of the 2025-04-18 snapshot."""
    import shapely

    from truceline.agreements._contact import contact_zone

    def union(path: Path) -> shapely.Geometry:
        feats = json.loads(path.read_text(encoding="utf-8"))["features"]
        return shapely.union_all(shapely.make_valid(
            [shapely.from_geojson(json.dumps(f["geometry"])) for f in feats]))

    line = contact_zone(union(SNAPSHOT), union(DATA / "boundaries" / "osm_ua_oblasts.geojson"),
                        buffer_m=10_000.0, side="both", key=(SNAPSHOT.name, "oblasts")).line
    return shapely.get_coordinates(shapely.segmentize(line, 0.01))


def templates() -> tuple[str, str]:
    """``%``-format templates of an incident's and a finding's ``data`` JSON, made from real
    domain values (``Incident.to_dict``/``Finding.to_dict``) with placeholders."""
    from truceline.domain import Claim, Evidence, Finding, Incident, Place, Source, Test, TimeSpan

    t = datetime(2025, 1, 1, tzinfo=UTC)
    when = TimeSpan(start=t, end=t + timedelta(minutes=1), precision="minute", tz="Europe/Kyiv")
    place = Place(name="@NAME@", lon=30.0, lat=48.0, precision=1, admin1="@ADMIN1@",
                  country="UA")
    src = Source(id="@SRC@", name="Synthetic source @SRC@", kind="media", grade="B")
    claim = Claim(report_id="@REPORT@", source_id="@SRC@", event_type="@EVENT@",
                  target_type="@TARGET@", when=when, place=place, actor="@ACTOR@",
                  alleged_by="@ALLEGER@", evidence="Shelling reported near @NAME@.",
                  id="@CLAIM@")
    inc = Incident(id="@ID@", claims=(claim,), sources=(src,), event_type="@EVENT@",
                   target_type="@TARGET@", when=when, place=place, actor="@ACTOR@",
                   credibility=3)
    fnd = Finding(id="@FID@", incident_id="@ID@", agreement_id=AGREEMENT, clause_id="front",
                  verdict="possible", tests=(Test(name="window", outcome="pass",
                                                  detail="inside the window"),),
                  reasons=("The act lies inside the contact-line zone.",),
                  evidence=(Evidence(claim_id="@CLAIM@", report_id="@REPORT@",
                                     source_id="@SRC@", source_name="Synthetic source",
                                     source_kind="media", source_party=None,
                                     stance="allegation", alleged_by="@ALLEGER@",
                                     actor="@ACTOR@", quote="Shelling reported."),),
                  credibility=3, status="published", accused="@ACTOR@", event_type="@EVENT@",
                  target_type="@TARGET@", lon=30.0, lat=48.0,
                  start=t.isoformat(), end=(t + timedelta(minutes=1)).isoformat())

    def fmt(d: dict[str, object]) -> str:
        s = json.dumps(d, ensure_ascii=False).replace("%", "%%")
        for key in ("ID", "FID", "CLAIM", "REPORT", "SRC", "EVENT", "TARGET", "NAME", "ADMIN1"):
            s = s.replace(f"@{key}@", f"%({key.lower()})s")
        s = s.replace('"@ACTOR@"', "%(actor)s").replace('"@ALLEGER@"', "%(alleger)s")
        s = s.replace("30.0", "%(lon).5f").replace("48.0", "%(lat).5f")
        s = s.replace(f'"{t.isoformat()}"', "%(start)s")
        s = s.replace(f'"{(t + timedelta(minutes=1)).isoformat()}"', "%(end)s")
        s = s.replace('"verdict": "possible"', '"verdict": %(verdict)s')
        s = s.replace('"status": "published"', '"status": %(status)s')
        return s

    return fmt(inc.to_dict()), fmt(fnd.to_dict())


def build(ws: Path, n: int, seed: int = 7, batch: int = 50_000) -> dict[str, float]:
    """Create a workspace at ``ws`` holding ``n`` synthetic incidents; returns timings."""
    from truceline.domain import Agreement, Clause, Party, Window
    from truceline.storage import init_workspace

    t_all = time.perf_counter()
    with init_workspace(ws) as store:  # every migration, so the schema is the real one
        store.add_agreement(Agreement(
            id=AGREEMENT, title="Benchmark front-line truce", parties=(Party(code="RU"),
                                                                       Party(code="UA")),
            windows=(Window(id="w", start=T0, end=T1, tz="Europe/Kyiv"),),
            clauses=(Clause(id="front", parties=("RU", "UA")),)), "id: bench-front\n")
    rng = np.random.default_rng(seed)
    anchors = contact_points()
    inc_tpl, fnd_tpl = templates()
    db = sqlite3.connect(ws / "truceline.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")  # a failed build is rebuilt, never resumed
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    # Drop the secondary indexes of the two big tables, load, then recreate them (faster).
    idx = db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT "
                     "NULL AND tbl_name IN ('incidents', 'findings')").fetchall()
    for name, _ in idx:
        db.execute(f'DROP INDEX "{name}"')
    span_min = int((T1 - T0).total_seconds() // 60)
    t_rows = time.perf_counter()
    for lo in range(0, n, batch):
        m = min(batch, n - lo)
        pick = rng.integers(0, len(anchors), m)
        lon = anchors[pick, 0] + rng.normal(0, 0.12, m)
        lat = anchors[pick, 1] + rng.normal(0, 0.12, m)
        minute = rng.integers(0, span_min, m)
        ev = rng.choice(len(EVENTS), m, p=EVENT_P)
        tg = rng.choice(len(TARGETS), m, p=TARGET_P)
        ac = rng.choice(len(ACTORS), m, p=ACTOR_P)
        has_f = rng.random(m) < 0.4
        vd = rng.choice(len(VERDICTS), m, p=VERDICT_P)
        pub = rng.random(m) < 0.7
        inc_rows, rt_rows, f_rows = [], [], []
        for k in range(m):
            rowid = lo + k + 1
            start = T0 + timedelta(minutes=int(minute[k]))
            s0, s1 = start.isoformat(), (start + timedelta(minutes=1)).isoformat()
            actor = ACTORS[ac[k]]
            x, y = float(lon[k]), float(lat[k])
            v = {"id": f"inc-{rowid:08d}", "fid": f"fnd-{rowid:08d}",
                 "claim": f"clm-{rowid:08d}", "report": f"{rowid:064x}",
                 "src": f"src-{rowid % 40:02d}", "event": EVENTS[ev[k]],
                 "target": TARGETS[tg[k]], "name": f"Place {pick[k] % 997}",
                 "admin1": "Donetsk Oblast", "actor": json.dumps(actor),
                 "alleger": json.dumps("UA" if actor == "RU" else "RU" if actor else None),
                 "lon": x, "lat": y, "start": json.dumps(s0), "end": json.dumps(s1),
                 "verdict": json.dumps(VERDICTS[vd[k]]),
                 "status": json.dumps("published" if pub[k] else "draft")}
            inc_rows.append((rowid, v["id"], v["event"], v["target"], actor, s0, s1, x, y,
                             inc_tpl % v))
            rt_rows.append((rowid, x, x, y, y))
            if has_f[k]:
                f_rows.append((v["fid"], v["id"], AGREEMENT, "front", VERDICTS[vd[k]],
                               "published" if pub[k] else "draft", actor, s0, s1, x, y,
                               fnd_tpl % v))
        db.execute("BEGIN")
        db.executemany('INSERT INTO incidents (rowid, id, event_type, target_type, actor, '
                       'start, "end", lon, lat, data) VALUES (?,?,?,?,?,?,?,?,?,?)', inc_rows)
        db.executemany("INSERT INTO incident_rtree VALUES (?,?,?,?,?)", rt_rows)
        db.executemany('INSERT INTO findings (id, incident_id, agreement_id, clause_id, '
                       'verdict, status, accused, start, "end", lon, lat, data) VALUES '
                       '(?,?,?,?,?,?,?,?,?,?,?,?)', f_rows)
        db.execute("COMMIT")
        print(f"  built {lo + m:,}/{n:,} incidents", file=sys.stderr, flush=True)
    t_idx = time.perf_counter()
    for _, sql in idx:
        db.execute(sql)
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    now = time.perf_counter()
    return {"rows_s": round(t_idx - t_rows, 1), "indexes_s": round(now - t_idx, 1),
            "total_s": round(now - t_all, 1)}


def workspace(n: int, rebuild: bool) -> tuple[Path, dict[str, float] | None]:
    """The cached workspace for ``n`` incidents (built if missing or ``rebuild``)."""
    ws = CACHE / str(n)
    done = ws / "BUILT"
    if done.exists() and not rebuild:
        return ws, None
    if ws.exists():
        for f in ws.iterdir():
            f.unlink()
    ws.mkdir(parents=True, exist_ok=True)
    timing = build(ws, n)
    done.write_text(json.dumps(timing))
    return ws, timing


# -- the server and the load ---------------------------------------------------------------

def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(ws: Path, port: int) -> subprocess.Popen[bytes]:
    """uvicorn with the real app on 127.0.0.1:port; waits until it answers."""
    import httpx

    code = ("import uvicorn; from truceline.api import create_app; "
            f"uvicorn.run(create_app({str(ws)!r}), host={HOST!r}, port={port}, "
            "log_level='warning', access_log=False)")
    env = os.environ | {"TRUCELINE_RATE_LIMIT": "0"}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/me", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not start within 60 s")


def list_url(rng: random.Random) -> str:
    """The incident list, filtered: one event type, one party, a 30-day window."""
    day = T0 + timedelta(days=rng.randrange(0, 335))
    return (f"/api/incidents?event_type={rng.choice(EVENTS[:4])}&party={rng.choice(('RU', 'UA'))}"
            f"&since={day:%Y-%m-%d}&until={day + timedelta(days=30):%Y-%m-%d}&limit=100")


def viewport_url(anchors: np.ndarray, rng: random.Random) -> str:
    """The map at about zoom 9 (a 1.4 x 0.8 degree box on the front) for a 7-day window,
    a date-slider window of the web map."""
    x, y = anchors[rng.randrange(len(anchors))]
    day = T0 + timedelta(days=rng.randrange(7, 365))
    return (f"/api/map?bbox={x - 0.7:.4f},{y - 0.4:.4f},{x + 0.7:.4f},{y + 0.4:.4f}"
            f"&since={day - timedelta(days=6):%Y-%m-%d}&until={day + timedelta(days=1):%Y-%m-%d}")


def front_url(rng: random.Random) -> str:
    """The whole front (the map's first view) for a 7-day window: clustered."""
    day = T0 + timedelta(days=rng.randrange(7, 365))
    return (f"/api/map?bbox=22.0,44.0,41.0,53.0&since={day - timedelta(days=6):%Y-%m-%d}"
            f"&until={day + timedelta(days=1):%Y-%m-%d}")


async def load(base: str, make_url, clients: int, seconds: float,  # type: ignore[no-untyped-def]
               max_requests: int, seed: int) -> dict[str, object]:
    """``clients`` concurrent loops for ``seconds`` (or ``max_requests`` in all)."""
    import httpx

    lat: list[float] = []
    errors: dict[str, int] = {}
    sizes: list[int] = []
    sent = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        async def one(i: int) -> None:
            nonlocal sent
            rng = random.Random(seed * 1000 + i)
            while time.monotonic() < stop and sent < max_requests:
                sent += 1
                url = make_url(rng)
                t = time.perf_counter()
                r = await http.get(url)
                lat.append(time.perf_counter() - t)
                sizes.append(len(r.content))
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(clients)))
        wall = time.perf_counter() - t0
    ms = np.array(lat) * 1000
    return {"clients": clients, "requests": len(lat), "errors": errors,
            "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "max_ms": round(float(ms.max()), 1), "req_per_s": round(len(lat) / wall, 1),
            "mean_kib": round(float(np.mean(sizes)) / 1024, 1)}


def map_evidence(base: str, anchors: np.ndarray) -> dict[str, object]:
    """What the map receives: features and bytes for the whole front and for one viewport."""
    import httpx

    out = {}
    rng = random.Random(1)
    for name, url in (("front_7_days", front_url(rng)),
                      ("front_all_dates", front_url(rng).split("&since")[0]),
                      ("viewport_7_days", viewport_url(anchors, rng)),
                      ("viewport_all_dates", viewport_url(anchors, rng).split("&since")[0])):
        t = time.perf_counter()
        r = httpx.get(base + url, timeout=300)
        ms = (time.perf_counter() - t) * 1000
        fc = r.json()
        out[name] = {"url": url, "status": r.status_code, "ms_one_request": round(ms),
                     "total_in_view": fc.get("total"),
                     "features_sent": len(fc.get("features", [])),
                     "clustered": fc.get("clustered"), "kib": round(len(r.content) / 1024, 1)}
    return out


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the store, start the server, run every scenario, print JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--incidents", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=20.0, help="per scenario and level")
    ap.add_argument("--max-requests", type=int, default=20_000, help="per scenario and level")
    ap.add_argument("--clients", default="1,50", help="concurrency levels, comma-separated")
    ap.add_argument("--quick", action="store_true", help="100k incidents, 5 s per scenario")
    ap.add_argument("--rebuild", action="store_true", help="build the cached store again")
    a = ap.parse_args(argv)
    if a.quick:
        a.incidents, a.seconds = 100_000, 5.0
    ws, built = workspace(a.incidents, a.rebuild)
    anchors = contact_points()
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(ws, port)
    scenarios = {"incident_list_filtered": list_url,
                 "map_viewport_7_days": lambda rng: viewport_url(anchors, rng),
                 "map_whole_front_7_days": front_url}
    result: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "incidents": a.incidents, "build": built or json.loads((ws / "BUILT").read_text())
        | {"cached": True}, "seconds": a.seconds, "max_requests": a.max_requests}
    try:
        with sqlite3.connect(ws / "truceline.db") as db:
            result["rows"] = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                              for t in ("incidents", "incident_rtree", "findings")}
        result["map_payload"] = map_evidence(base, anchors)
        runs = []
        for name, make in scenarios.items():
            for level in (int(c) for c in a.clients.split(",")):
                asyncio.run(load(base, make, 1, 60, 3, seed=99))  # warm the page cache
                r = asyncio.run(load(base, make, level, a.seconds, a.max_requests, seed=level))
                runs.append({"scenario": name} | r)
                print(f"  {name} x{level}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms",
                      file=sys.stderr, flush=True)
        result["runs"] = runs
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
