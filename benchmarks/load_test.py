"""Load test on loopback: N concurrent clients for S seconds against a real uvicorn server.

    python benchmarks/load_test.py --clients 50 --seconds 60

Builds the demo workspace (real events of March–May 2025, ruled), adds a monitor per
client and two party liaisons, publishes the findings, then starts ``uvicorn`` in a
subprocess on 127.0.0.1 (never anything else) and runs clients that mix reads (findings,
incidents, map, one finding), field-report submissions (some with a file) and liaison
replies. It stops by itself after ``--seconds`` (and a hard cap on requests), then checks:
zero errors, every accepted report and reply is in the store (zero lost writes), no token
in the server's log. Prints JSON with counts and latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only


def _port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare(ws: Path, clients: int) -> dict[str, object]:
    """Demo workspace + users; returns tokens and the findings liaisons may answer."""
    from truceline.demo import run_demo
    from truceline.storage import _people as people
    from truceline.storage import open_store, set_status

    run_demo(ws)
    with open_store(ws) as store:
        found = store.findings()
        for f in found:
            for to in ("under_review", "published"):
                set_status(store, f.id, to_status=to, actor="bench", reason="load test")
        monitors = []
        for i in range(clients):
            people.add_user(store, f"mon{i}", role="monitor")
            monitors.append(people.issue_token(store, f"mon{i}"))
        liaisons = {}
        for party in sorted({f.accused for f in found if f.accused}):
            people.add_user(store, f"lia-{party}", role="liaison", party=party)
            liaisons[party] = people.issue_token(store, f"lia-{party}")
        targets = [(f.id, f.accused) for f in found if f.accused in liaisons]
    return {"monitors": monitors, "liaisons": liaisons, "targets": targets,
            "finding_ids": [f.id for f in found]}


async def client(i: int, base: str, world: dict, seconds: float, cap: int,  # type: ignore[type-arg]
                 out: dict) -> None:  # type: ignore[type-arg]
    rng = random.Random(i)
    token = world["monitors"][i]
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        # warm-up, not timed: the server verifies each token's argon2 hash once
        await http.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        if world["targets"]:
            party = world["targets"][i % len(world["targets"])][1]
            await http.get("/api/me", headers={"Authorization":
                                               f"Bearer {world['liaisons'][party]}"})
        out["ready"] += 1
        while out["ready"] < out["clients"]:
            await asyncio.sleep(0.05)
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline and out["requests"] < cap:
            n += 1
            roll = rng.random()
            t0 = time.perf_counter()
            if roll < 0.70:
                path = rng.choice(["/api/findings", "/api/incidents?limit=50", "/api/map",
                                   f"/api/findings/{rng.choice(world['finding_ids'])}",
                                   "/api/health"])
                r = await http.get(path, headers={"Authorization": f"Bearer {token}"})
                kind = "read"
            elif roll < 0.90 or not world["targets"]:
                text = f"client {i} report {n}: shelling heard near the checkpoint"
                files = ({"files": (f"c{i}-{n}.txt", f"photo {i}-{n}".encode(), "text/plain")}
                         if n % 3 == 0 else None)
                r = await http.post("/api/reports", data={"text": text}, files=files,
                                    headers={"Authorization": f"Bearer {token}"})
                kind = "report"
                if r.status_code == 201:
                    out["report_ids"].add(r.json()["report_id"])
            else:
                fid, party = rng.choice(world["targets"])
                text = f"reply {i}-{n}: we deny this"
                r = await http.post(f"/api/findings/{fid}/replies", json={"text": text},
                                    headers={"Authorization":
                                             f"Bearer {world['liaisons'][party]}"})
                kind = "reply"
                if r.status_code == 201:
                    out["replies"].add(text)
            out["latency"].append(time.perf_counter() - t0)
            out["requests"] += 1
            out[kind] += 1
            if r.status_code >= 400:
                out["errors"].append((kind, r.status_code, r.text[:200]))


def run(clients: int = 50, seconds: float = 60, max_requests: int = 200_000,
        workspace: Path | None = None) -> dict[str, object]:
    """Run the load test; returns the figures (raises AssertionError on any loss)."""
    tmp = tempfile.TemporaryDirectory(prefix="truceline-load-")
    ws = Path(workspace or Path(tmp.name) / "ws")
    world = prepare(ws, clients)
    port = _port()
    log = Path(tmp.name) / "server.log"
    env = os.environ | {"TRUCELINE_RATE_LIMIT": "50", "TRUCELINE_RATE_BURST": "200"}
    code = ("import uvicorn, sys; from truceline.api import create_app; "
            f"uvicorn.run(create_app(sys.argv[1]), host='{HOST}', port={port}, "
            "log_level='info')")
    with log.open("wb") as logf:
        server = subprocess.Popen([sys.executable, "-c", code, str(ws)], stdout=logf,
                                  stderr=subprocess.STDOUT, env=env)
        try:
            base = f"http://{HOST}:{port}"
            for _ in range(200):
                try:
                    if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("the server did not start: " + log.read_text()[-2000:])
            out: dict = {"ready": 0, "clients": clients, "requests": 0,  # type: ignore[type-arg]
                         "read": 0, "report": 0, "reply": 0, "errors": [],
                         "latency": [], "report_ids": set(), "replies": set()}

            async def main() -> float:
                tasks = [asyncio.create_task(client(i, base, world, seconds, max_requests, out))
                         for i in range(clients)]
                while out["ready"] < clients:
                    await asyncio.sleep(0.05)
                t0 = time.monotonic()
                await asyncio.gather(*tasks)
                return time.monotonic() - t0

            elapsed = asyncio.run(main())
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    from truceline.storage import finding_events, open_store

    with open_store(ws) as store:
        from sqlalchemy import text as sql

        with store.engine.connect() as conn:
            stored = {r[0] for r in conn.execute(sql("SELECT id FROM reports"))}
        replies = {e.text for fid in world["finding_ids"]  # type: ignore[attr-defined]
                   for e in finding_events(store, fid) if e.kind == "reply"}
        audit_ok = store.verify_audit()[0]
    lost_reports = out["report_ids"] - stored
    lost_replies = out["replies"] - replies
    logged = log.read_text(errors="replace")
    leaked = [t for t in [*world["monitors"], *world["liaisons"].values()]  # type: ignore[attr-defined]
              if t in logged]
    lat = sorted(out["latency"])

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

    result = {"clients": clients, "seconds": round(elapsed, 1), "requests": out["requests"],
              "reads": out["read"], "reports": out["report"], "replies": out["reply"],
              "errors": len(out["errors"]), "first_errors": out["errors"][:3],
              "lost_reports": len(lost_reports), "lost_replies": len(lost_replies),
              "tokens_in_log": len(leaked), "audit_chain_ok": audit_ok,
              "throughput_rps": round(out["requests"] / elapsed, 1),
              "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
              "max_ms": pct(1.0)}
    tmp.cleanup()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max-requests", type=int, default=200_000)
    args = ap.parse_args()
    result = run(args.clients, args.seconds, args.max_requests)
    print(json.dumps(result, indent=1))
    ok = (result["errors"] == 0 and result["lost_reports"] == 0 and result["lost_replies"] == 0
          and result["tokens_in_log"] == 0 and result["audit_chain_ok"])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
