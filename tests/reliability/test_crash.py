"""Crash safety: SIGKILL the pipeline at random points, restart, and get the same store.

A forked child runs the workload (agreements, sources, a resumable ingest committed in
batches of 10 rows, fusion, adjudication) and is killed with SIGKILL after a random delay;
the next child resumes in the same workspace. When a child finishes, its store must equal
the store of an uninterrupted run, table by table, row by row. Left out of the
comparison (run bookkeeping, documented in docs/reliability.md): the ``ingests`` table
(one row per attempt; we check instead that the rows it counts as stored add up exactly),
``agreements.added_at`` and ``reports.received_at`` (clock times), surrogate keys
(``quarantine.id``/``ingest_id``), and the audit
log's time stamps and chain (a re-run adds a legitimate ``adjudicate`` entry; the chain
is verified separately, and the distinct entries must match).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.reliability._workload import run_workload, write_incidents

from truceline.backup import table_snapshot
from truceline.storage import open_store

EXCLUDE = {"agreements": ("added_at",), "reports": ("received_at",),
           "quarantine": ("id", "ingest_id"),
           "audit_log": ("seq", "at", "prev_hash", "hash")}
KILLS = int(os.environ.get("TRUCELINE_CRASH_KILLS", "20"))


def _snapshot(ws: Path) -> dict[str, list[tuple[object, ...]]]:
    with open_store(ws) as store:
        ok, _, msg = store.verify_audit()
        assert ok, msg
        snap = table_snapshot(store, exclude=EXCLUDE, skip_tables=("ingests",))
        with store.engine.connect() as conn:
            stored = conn.execute(text("SELECT coalesce(sum(stored), 0) FROM ingests")).scalar()
            running = conn.execute(text("SELECT count(*) FROM ingests WHERE status='running'")
                                   ).scalar()
    snap["audit_log"] = sorted(set(snap["audit_log"]), key=repr)  # distinct entries
    snap["_stored_by_ingests"] = [(stored,)]
    snap["_running_ingests"] = [(running,)]
    return snap


def _child(ws: str, data: str, phase: str) -> None:
    run_workload(Path(ws), Path(data), phase=Path(phase))
    os._exit(0)


def _attempt(ctx, ws: Path, data: Path, phase: Path, delay: float | None) -> str:  # type: ignore[no-untyped-def]
    """Run one child; kill it after ``delay`` s. Returns the phase it was in, or 'done'."""
    phase.write_text("")
    p = ctx.Process(target=_child, args=(str(ws), str(data), str(phase)))
    p.start()
    p.join(delay)
    if p.exitcode is None:
        os.kill(p.pid, signal.SIGKILL)
        p.join(30)
        if p.exitcode == 0:  # it finished between the join timeout and the kill
            return "done"
        assert p.exitcode == -signal.SIGKILL
        marks = phase.read_text().split()
        return marks[-1] if marks else "start"
    assert p.exitcode == 0, f"the workload failed in a child (exit {p.exitcode})"
    return "done"


def crash_many(tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    """Kill the workload ``kills`` times; compare each completed store with the reference."""
    ctx = multiprocessing.get_context("fork")
    data = write_incidents(tmp_path / "incidents.csv", 8)
    ref_ws, phase = tmp_path / "reference", tmp_path / "phase"
    t0 = time.monotonic()
    assert _attempt(ctx, ref_ws, data, phase, None) == "done"
    span = time.monotonic() - t0
    reference = _snapshot(ref_ws)
    assert reference["findings"] and reference["claims"] and reference["incident_claims"]
    rng = random.Random(seed)
    where: dict[str, int] = {}
    done_runs, n = 0, 0
    ws = tmp_path / "ws0"
    while sum(where.values()) < kills:
        outcome = _attempt(ctx, ws, data, phase, rng.uniform(0.02, span * 1.1))
        if outcome != "done":
            where[outcome] = where.get(outcome, 0) + 1
            continue
        assert _snapshot(ws) == reference, f"store after crashes differs ({ws})"
        done_runs += 1
        n += 1
        ws = tmp_path / f"ws{n}"
    # finish the last interrupted workspace too
    assert _attempt(ctx, ws, data, phase, None) == "done"
    assert _snapshot(ws) == reference
    return where | {"completed_after_kills": done_runs + 1}


def test_sigkill_at_random_points_loses_and_doubles_nothing(tmp_path: Path) -> None:
    where = crash_many(tmp_path, KILLS, seed=9)
    print(f"kill points survived: {where}")
    assert sum(v for k, v in where.items() if k != "completed_after_kills") == KILLS
    assert where.get("ingest", 0) > 0 and where.get("adjudicate", 0) > 0


@pytest.mark.slow
def test_sigkill_many_more_times(tmp_path: Path) -> None:
    where = crash_many(tmp_path, 150, seed=2025)
    print(f"kill points survived: {where}")
    assert sum(v for k, v in where.items() if k != "completed_after_kills") == 150
