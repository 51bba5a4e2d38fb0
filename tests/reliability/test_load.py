"""A short run of the loopback load test (benchmarks/load_test.py): 10 clients × 5 s."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "load_test.py"


def test_short_load_zero_errors_zero_lost_writes() -> None:
    spec = importlib.util.spec_from_file_location("load_test", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # Run in a thread of its own: the browser tests (sync Playwright) may leave an event loop
    # set on this thread, and the load test starts its own with asyncio.run.
    box: dict[str, object] = {}
    worker = threading.Thread(target=lambda: box.update(
        r=mod.run(clients=10, seconds=5, max_requests=20_000)))
    worker.start()
    worker.join(300)
    assert not worker.is_alive(), "load test did not stop within 300 s"
    r = box["r"]
    print(f"load: {r}")
    assert r["errors"] == 0, r["first_errors"]
    assert r["reports"] > 0 and r["replies"] > 0 and r["reads"] > 0
    assert r["lost_reports"] == 0 and r["lost_replies"] == 0
    assert r["tokens_in_log"] == 0 and r["audit_chain_ok"] is True
