"""A realistic, deterministic workload for the crash and backup tests.

The demo's hand-written incident file (real events of March–May 2025) is repeated with
shifted days and ids into a larger file, ingested in small batches (many commit points)
with the demo source registry and the example agreements, then fused and adjudicated.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from truceline import pipeline
from truceline.demo import DEMO_DATA, examples_dir
from truceline.errors import AgreementReferenceError
from truceline.registry import load_sources
from truceline.storage import Store, init_workspace

MAPPING = Path(str(DEMO_DATA / "incidents_2025.mapping.yaml"))
AGREEMENTS = ("easter-truce-2025.yaml", "energy-moratorium-2025.yaml",
              "victory-day-truce-2025.yaml")


def write_incidents(path: Path, copies: int) -> Path:
    """The demo incident file repeated ``copies`` times, each copy a week later."""
    text = Path(str(DEMO_DATA / "incidents_2025.csv")).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for k in range(copies):
        for r in rows:
            d = date.fromisoformat(r["date"][:10]) + timedelta(days=(k % 9) * 7 - 28)
            w.writerow(r | {"incident": f"{r['incident']}-{k}", "date": d.isoformat()
                            + r["date"][10:], "evidence": f"{r['evidence']} [copy {k}]"})
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def run_workload(workspace: Path, data: Path, *, batch_size: int = 10,
                 phase: Path | None = None) -> None:
    """Agreements, sources, ingest (resumable), then fuse and adjudicate."""

    def mark(name: str) -> None:
        if phase is not None:
            with phase.open("a") as f:
                f.write(name + "\n")

    mark("start")
    store: Store = init_workspace(workspace)
    with store:
        for name in AGREEMENTS:
            try:
                pipeline.add_agreement(store, examples_dir() / name)
            except AgreementReferenceError:  # needs reference data we do not have
                continue
        sources = load_sources(Path(str(DEMO_DATA / "sources.yaml")))
        store.upsert_sources(sources.values())
        mark("ingest")
        pipeline.ingest(store, data, mapping=str(MAPPING), sources=sources,
                        batch_size=batch_size)
        mark("adjudicate")
        pipeline.run(store)
    mark("done")
