"""Exports of findings: GeoJSON (RFC 7946, lon/lat), CSV rows, summaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from truceline.domain import Finding

FINDINGS_SCHEMA = "truceline.findings.v1"
SUMMARY_COLUMNS = ("id", "agreement_id", "clause_id", "verdict", "accused", "start",
                   "place_name", "event_type", "target_type")


def finding_row(f: Finding) -> dict[str, Any]:
    """The flat columns of a finding, as shown in tables and CSV."""
    return {"id": f.id, "agreement_id": f.agreement_id, "clause_id": f.clause_id,
            "verdict": f.verdict, "status": f.status, "accused": f.accused, "start": f.start,
            "end": f.end, "place_name": f.place_name, "lon": f.lon, "lat": f.lat,
            "event_type": f.event_type, "target_type": f.target_type,
            "reasons": list(f.reasons), "incident_id": f.incident_id}


def finding_geometry(row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point (lon, lat) for a finding row, or ``None``."""
    if row.get("lon") is None or row.get("lat") is None:
        return None
    return {"type": "Point", "coordinates": [row["lon"], row["lat"]]}


def findings_geojson(findings: Sequence[Finding]) -> dict[str, Any]:
    """A FeatureCollection with one feature per finding, properties = the full record.

    Examples
    --------
    >>> findings_geojson([])["type"]
    'FeatureCollection'
    """
    features = []
    for f in findings:
        props = f.to_dict()
        props["schema"] = FINDINGS_SCHEMA
        features.append({"type": "Feature", "id": f.id,
                         "geometry": finding_geometry(props), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def summarise(findings: Sequence[Finding]) -> dict[str, dict[str, Counter[str]]]:
    """Counts per agreement, per accused party, per verdict."""
    out: dict[str, dict[str, Counter[str]]] = {}
    for f in findings:
        out.setdefault(f.agreement_id, {}).setdefault(f.accused or "unknown", Counter())[
            f.verdict] += 1
    return out
