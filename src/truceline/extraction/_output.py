"""The output contract of ``truceline extract``: one plain-JSON object per claim or report."""

from __future__ import annotations

from typing import Any

from truceline.extraction._merge import claim_days
from truceline.extraction._model import ExtractionResult

CLAIM_KEYS = ("report", "kind", "date", "date_end", "place", "event_type", "target_type",
              "weapon", "quantity", "count", "alleging_party", "accused_party", "stance",
              "evidence", "confidence")
"""Keys of every claim record, in order."""


def records(result: ExtractionResult) -> list[dict[str, Any]]:
    """The result as contract records: per report, its ``report`` record then its claims."""
    out: list[dict[str, Any]] = []
    for q in result.quality:
        out.append({"report": q.name, "kind": "report", "language": q.language,
                    "published": q.published.isoformat() if q.published else None,
                    "mt_fragments": list(q.mt_fragments), "quality_flags": list(q.flags)})
        for c in (c for c in result.claims if c.report_id == q.report_id):
            first, last = claim_days(c)
            p = c.place
            qty = dict(c.quantities).get("count")
            out.append({
                "report": q.name, "kind": "incident",
                "date": first.isoformat() if first else None,
                "date_end": last.isoformat() if last else None,
                "place": None if p is None else {
                    "name": p.name, "as_written": p.as_written, "lat": p.lat, "lon": p.lon,
                    "admin1": p.admin1, "country": p.country, "precision": p.precision},
                "event_type": c.event_type, "target_type": c.target_type, "weapon": c.weapon,
                "quantity": int(qty) if qty is not None else None, "count": None,
                "alleging_party": c.alleged_by, "accused_party": c.actor, "stance": c.stance,
                "evidence": c.evidence, "confidence": c.confidence})
        for a in (a for a in result.aggregates if a.report_id == q.report_id):
            out.append({
                "report": q.name, "kind": "aggregate",
                "date": a.period_start.isoformat() if a.period_start else None,
                "date_end": a.period_end.isoformat() if a.period_end else None,
                "place": None, "regions": list(a.regions), "event_type": "violation_unspecified",
                "target_type": "unspecified", "weapon": None, "quantity": None,
                "count": a.count, "alleging_party": a.alleged_by, "accused_party": a.actor,
                "stance": a.stance, "evidence": a.evidence, "confidence": a.confidence})
    return out
