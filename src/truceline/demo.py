"""The main job: a workspace built from bundled example data, ruled end to end.

``truceline demo`` (and ``make run``) adds the example agreements, the demo source
registry and an incident file written from publicly reported facts of March–May 2025,
runs the whole pipeline, and writes ``findings.geojson`` and ``summary.html``.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from truceline import pipeline
from truceline.errors import AgreementReferenceError, ConfigError
from truceline.registry import load_sources
from truceline.reporting import findings_geojson, summary_html
from truceline.storage import Store, init_workspace

DEMO_DATA = files("truceline") / "data" / "demo"


def examples_dir() -> Path:
    """The repository's ``examples/agreements`` folder (next to ``src/``)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples" / "agreements"
        if candidate.is_dir():
            return candidate
    raise ConfigError("cannot find examples/agreements beside the package; run the demo from "
                      "a clone of the repository (pip install -e .) or pass --examples DIR")


@dataclass(frozen=True, kw_only=True)
class DemoResult:
    """What the demo built and where."""

    workspace: Path
    agreements: tuple[str, ...]
    skipped: tuple[str, ...]
    ingest: pipeline.IngestSummary
    run: pipeline.RunSummary
    geojson: Path
    html: Path


def run_demo(workspace: str | Path, *, examples: str | Path | None = None,
             data_dir: str | Path | None = None, fresh: bool = True) -> DemoResult:
    """Build the demo workspace and rule it; returns where everything went.

    Agreements that need reference data (a contact-line snapshot) are skipped with a
    reason when ``data_dir`` (or ``TRUCELINE_DATA``) does not hold it.
    """
    workspace = Path(workspace)
    if fresh and workspace.exists():
        shutil.rmtree(workspace)
    store: Store = init_workspace(workspace)
    data_dir = data_dir or os.environ.get("TRUCELINE_DATA")
    added, skipped = [], []
    with store:
        for path in sorted(Path(examples or examples_dir()).glob("*.yaml")):
            try:
                agreement, _ = pipeline.add_agreement(store, path, data_dir=data_dir)
            except AgreementReferenceError as exc:
                skipped.append(f"{path.name}: {exc.message}")
                continue
            added.append(agreement.id)
        sources = load_sources(Path(str(DEMO_DATA / "sources.yaml")))
        store.upsert_sources(sources.values())
        summary = pipeline.ingest(store, Path(str(DEMO_DATA / "incidents_2025.csv")),
                                  mapping=str(DEMO_DATA / "incidents_2025.mapping.yaml"),
                                  sources=sources)
        result = pipeline.run(store)
        findings = store.findings()
        agreements = store.agreements()
    geojson = workspace / "findings.geojson"
    geojson.write_text(json.dumps(findings_geojson(findings), ensure_ascii=False, indent=1),
                       encoding="utf-8")
    html = workspace / "summary.html"
    html.write_text(summary_html(findings, agreements), encoding="utf-8")
    return DemoResult(workspace=workspace, agreements=tuple(added), skipped=tuple(skipped),
                      ingest=summary, run=result, geojson=geojson, html=html)
