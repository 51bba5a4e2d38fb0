"""The pipeline: wires the stages to each other and to the store.

::

    intake → (extraction → geocoding) → fusion → adjudication → reporting
    Report      Claim         Place      Incident    Finding        files

Stages never import each other; only this module (and the faces: CLI, API) composes them.
Each step is idempotent: re-running it on the same input changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from truceline import intake
from truceline.adjudication import adjudicate
from truceline.agreements import load_agreement
from truceline.domain import Agreement, Source
from truceline.errors import IntakeError
from truceline.fusion import Decision, fuse
from truceline.grading import grade
from truceline.storage import QuarantineRow, Store
from truceline.storage._fusion_decisions import fusion_decisions, prune_incidents

Progress = Callable[[int, int], None]


@dataclass(frozen=True, kw_only=True)
class IngestSummary:
    """What one ingest did: rows read, stored, duplicate, quarantined (with the reasons)."""

    path: str
    mapping: str
    read: int
    stored: int
    duplicates: int
    quarantined: int
    resumed_from: int
    quarantine_reasons: tuple[tuple[str, int], ...]

    def lines(self) -> list[str]:
        """The summary in words."""
        mapping = Path(self.mapping).name if "/" in self.mapping else self.mapping
        out = [f"{Path(self.path).name} (mapping {mapping}): read {self.read}, "
               f"stored {self.stored}, duplicate {self.duplicates}, quarantined {self.quarantined}"]
        if self.resumed_from:
            out.append(f"  resumed an interrupted ingest after row {self.resumed_from}")
        for reason, n in self.quarantine_reasons:
            out.append(f"  quarantined {n}: {reason}")
        return out


@dataclass(frozen=True, kw_only=True)
class RunSummary:
    """What one adjudication run did."""

    claims: int
    incidents: int
    agreements: int
    findings: int
    by_verdict: tuple[tuple[str, int], ...]


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _reason_key(reason: str) -> str:
    return reason.split(":")[0].split(" (")[0][:80]


def ingest(store: Store, path: str | Path, *, mapping: str = "auto",
           sources: Mapping[str, Source] | None = None, progress: Progress | None = None,
           batch_size: int = 1000) -> IngestSummary:
    """Read a tabular file into the store: reports verbatim, claims, quarantined rows.

    Rows are committed in batches together with the run's position, so an interrupted
    ingest resumes where it stopped and re-ingesting the same file adds nothing.
    ``sources`` (a registry) describes the sources the rows name; sources it lacks are
    added with kind ``unknown`` and grade F.
    """
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"no such file: {path}. Check the path.")
    name = intake.detect_mapping(path) if mapping == "auto" else mapping
    sha = _file_sha256(path)
    run = store.start_ingest(str(path), sha, name)
    known = dict(store.sources())
    registry = dict(sources or {})
    records: list = []
    quarantined: list[QuarantineRow] = []
    reasons: dict[str, int] = {}
    totals = {"read": 0, "stored": 0, "dup": 0, "q": 0}
    last = run.last_row
    pending_read = 0

    def flush() -> None:
        nonlocal records, quarantined, pending_read
        new_sources = {r.source_id for r, _ in records} - set(known)
        if new_sources:
            store.upsert_sources(registry.get(i) or Source(id=i, name=i) for i in new_sources)
            known.update({i: registry.get(i) or Source(id=i, name=i) for i in new_sources})
        stored, dup = store.commit_batch(run.id, last_row=last, records=records,
                                         quarantined=quarantined, file_sha256=sha,
                                         read=pending_read)
        totals["stored"] += stored
        totals["dup"] += dup
        records, quarantined, pending_read = [], [], 0

    for item in intake.read(path, mapping=name, progress=progress):
        if item.row <= run.last_row:
            continue
        totals["read"] += 1
        pending_read += 1
        last = item.row
        if isinstance(item, intake.Quarantined):
            quarantined.append(QuarantineRow(file=item.file, row=item.row, field=item.field,
                                             reason=item.reason, raw=item.raw))
            totals["q"] += 1
            key = _reason_key(item.reason)
            reasons[key] = reasons.get(key, 0) + 1
        else:
            records.append((item.report, item.claims))
        if len(records) + len(quarantined) >= batch_size:
            flush()
    flush()
    store.finish_ingest(run.id)
    return IngestSummary(path=str(path), mapping=name, read=totals["read"],
                         stored=totals["stored"], duplicates=totals["dup"],
                         quarantined=totals["q"], resumed_from=run.last_row,
                         quarantine_reasons=tuple(sorted(reasons.items(),
                                                         key=lambda kv: (-kv[1], kv[0]))))


def add_agreement(store: Store, path: str | Path, *, data_dir: str | Path | None = None
                  ) -> tuple[Agreement, bool]:
    """Check and store an agreement file; returns it and whether it was new or changed."""
    agreement = load_agreement(path, data_dir=data_dir)
    text = Path(path).read_text(encoding="utf-8")
    return agreement, store.add_agreement(agreement, text)


def run(store: Store, *, progress: Progress | None = None) -> RunSummary:
    """Fuse every claim into incidents (respecting analysts' splits and merges), grade their
    credibility, and rule them against every stored agreement."""
    sources = store.sources()
    claims = list(store.iter_claims())
    decisions = [Decision.from_dict(d) for d in fusion_decisions(store)]
    incidents = grade(fuse(claims, sources, decisions=decisions), sources)
    store.replace_incidents(incidents)
    prune_incidents(store, {i.id for i in incidents})
    agreements = store.agreements()
    origins = store.report_origins(c.report_id for c in claims)
    total = len(incidents) * len(agreements)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    findings = adjudicate(incidents, agreements, origins=origins, progress=tick)
    store.replace_findings(findings)
    by: dict[str, int] = {}
    for f in findings:
        by[f.verdict] = by.get(f.verdict, 0) + 1
    return RunSummary(claims=len(claims), incidents=len(incidents), agreements=len(agreements),
                      findings=len(findings), by_verdict=tuple(sorted(by.items())))


def ingest_territory_change(store: Store, before: str | Path, after: str | Path, *,
                            controlled_by: str, other: str, source: Source | None = None,
                            tz: str = "Europe/Kyiv"):  # type: ignore[no-untyped-def]
    """Compare two snapshots and store each patch that changed hands as a report and claim,
    so that adjudication rules it like any other incident (e.g. against a freeze clause)."""
    from truceline.territory import change_records, compare_snapshots

    source = source or Source(id="territory-snapshots", name="Territory-control snapshots",
                              kind="dataset")
    change = compare_snapshots(before, after, controlled_by=controlled_by, other=other)
    records = change_records(change, source_id=source.id, tz=tz)
    store.upsert_sources([source])
    sha = hashlib.sha256(f"{before}|{after}|{controlled_by}".encode()).hexdigest()
    run = store.start_ingest(f"{before} → {after}", sha, "territory_change")
    stored, dup = store.commit_batch(run.id, last_row=len(records), records=records,
                                     quarantined=[], file_sha256=sha, read=len(records))
    store.finish_ingest(run.id)
    return change, stored, dup
