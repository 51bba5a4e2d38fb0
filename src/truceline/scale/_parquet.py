"""Parquet forms of claims, incidents and findings, and loading job results into a store.

Every row carries the full domain value as JSON (``data``) beside the columns a job
partitions or filters on, so a value read back is exactly the value written. Plain
pyarrow: nothing here needs Spark.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import h3
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.exc import SQLAlchemyError

from truceline.domain import Claim, Finding, Incident
from truceline.errors import ConfigError, StorageError

BLOCK_RES = 6
"""H3 resolution of the fusion blocking cell (~36 km² cells)."""

CLAIMS_SCHEMA = pa.schema([("id", pa.string()), ("incident_ref", pa.string()),
                           ("lon", pa.float64()), ("lat", pa.float64()),
                           ("start", pa.string()), ("data", pa.string())])
INCIDENTS_SCHEMA = pa.schema([("id", pa.string()), ("lon", pa.float64()),
                              ("lat", pa.float64()), ("data", pa.string())])
FINDINGS_SCHEMA = pa.schema([("id", pa.string()), ("incident_id", pa.string()),
                             ("agreement_id", pa.string()), ("clause_id", pa.string()),
                             ("verdict", pa.string()), ("data", pa.string())])


def block_key(incident_ref: str | None, lon: float | None, lat: float | None,
              start: str | None) -> str:
    """The fusion blocking key of a claim: its declared incident, else H3 cell + UTC day.

    Claims that fusion may merge always share a key, so each block is fused on its own.

    Examples
    --------
    >>> block_key("ev-1", None, None, None)
    'ref:ev-1'
    >>> block_key(None, 37.0, 48.0, "2025-04-20T10:00:00+00:00")
    'cell:862d60c97ffffff:2025-04-20'
    """
    if incident_ref:
        return f"ref:{incident_ref}"
    cell = h3.latlng_to_cell(lat, lon, BLOCK_RES) if lon is not None and lat == lat and \
        lat is not None else "none"
    return f"cell:{cell}:{(start or 'none')[:10]}"


def claim_rows(claims: Iterable[Claim]) -> pa.Table:
    """Claims as a Parquet-ready table."""
    rows = {name: [] for name in CLAIMS_SCHEMA.names}  # type: ignore[var-annotated]
    for c in claims:
        rows["id"].append(c.id)
        rows["incident_ref"].append(c.incident_ref)
        rows["lon"].append(c.place.lon if c.place else None)
        rows["lat"].append(c.place.lat if c.place else None)
        rows["start"].append(c.when.start.isoformat() if c.when else None)
        rows["data"].append(json.dumps(c.to_dict(), ensure_ascii=False))
    return pa.table(rows, schema=CLAIMS_SCHEMA)


def incident_rows(incidents: Iterable[Incident]) -> pa.Table:
    """Incidents as a Parquet-ready table."""
    rows = {name: [] for name in INCIDENTS_SCHEMA.names}  # type: ignore[var-annotated]
    for i in incidents:
        rows["id"].append(i.id)
        rows["lon"].append(i.place.lon if i.place else None)
        rows["lat"].append(i.place.lat if i.place else None)
        rows["data"].append(json.dumps(i.to_dict(), ensure_ascii=False))
    return pa.table(rows, schema=INCIDENTS_SCHEMA)


def finding_rows(findings: Iterable[Finding]) -> pa.Table:
    """Findings as a Parquet-ready table."""
    rows = {name: [] for name in FINDINGS_SCHEMA.names}  # type: ignore[var-annotated]
    for f in findings:
        for name in ("id", "incident_id", "agreement_id", "clause_id", "verdict"):
            rows[name].append(getattr(f, name))
        rows["data"].append(json.dumps(f.to_dict(), ensure_ascii=False))
    return pa.table(rows, schema=FINDINGS_SCHEMA)


def write_claims(claims: Iterable[Claim], path: str | Path) -> Path:
    """Write claims to one Parquet file."""
    path = Path(path)
    pq.write_table(claim_rows(claims), path)
    return path


def write_incidents(incidents: Iterable[Incident], path: str | Path) -> Path:
    """Write incidents to one Parquet file."""
    path = Path(path)
    pq.write_table(incident_rows(incidents), path)
    return path


def _read(path: str | Path, what: str) -> pa.Table:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"no {what} at {path}: give a Parquet file or a folder a "
                          f"`truceline spark` job wrote")
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise ConfigError(f"{path} is not readable Parquet ({exc}); give the folder or file "
                          f"a `truceline spark` job wrote") from exc


def read_claims(path: str | Path) -> list[Claim]:
    """Claims from Parquet, in id order."""
    data = _read(path, "claims").column("data").to_pylist()
    return sorted((Claim.from_dict(json.loads(d)) for d in data), key=lambda c: c.id)


def read_incidents(path: str | Path) -> list[Incident]:
    """Incidents from Parquet, in id order."""
    data = _read(path, "incidents").column("data").to_pylist()
    return sorted((Incident.from_dict(json.loads(d)) for d in data), key=lambda i: i.id)


def read_findings(path: str | Path) -> list[Finding]:
    """Findings from Parquet, in id order."""
    data = _read(path, "findings").column("data").to_pylist()
    return sorted((Finding.from_dict(json.loads(d)) for d in data), key=lambda f: f.id)


def load_results(store, out: str | Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Load a job's ``out/incidents`` and ``out/findings`` into ``store``.

    The claims and agreements they refer to must already be in the store (ingest and
    ``agreement add`` first). Returns ``(incidents, findings)`` loaded.
    """
    out = Path(out)
    incidents: Sequence[Incident] = (read_incidents(out / "incidents")
                                     if (out / "incidents").exists() else [])
    findings = read_findings(out / "findings")
    known = {a.id for a in store.agreements()}
    missing = sorted({f.agreement_id for f in findings} - known)
    if missing:
        raise ConfigError(f"{out}: findings refer to agreements not in the store: "
                          f"{', '.join(missing)}. Add them with `truceline agreement add FILE` "
                          "first.")
    try:
        if incidents:
            store.replace_incidents(incidents)
        store.replace_findings(findings)
    except SQLAlchemyError as exc:
        raise StorageError(f"could not load {out} into the store: {exc}. The incidents' "
                           "claims must be in the store: ingest the same files first.") from exc
    return len(incidents), len(findings)
