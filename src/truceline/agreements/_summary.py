"""A plain, JSON-ready summary of a loaded agreement (what ``agreement show`` prints)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from truceline.domain import Agreement
from truceline.geo import area_km2


def _times(at: datetime | None) -> dict[str, str] | None:
    if at is None:
        return None
    return {"utc": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ"),
            "local": at.isoformat(timespec="minutes")}


def describe_agreement(agreement: Agreement) -> dict[str, Any]:
    """Summarise ``agreement``: parties, windows (UTC and local), zones (km²), clauses.

    Examples
    --------
    >>> from truceline.domain import Clause, Party, Window
    >>> a = Agreement(id="a", title="A", parties=(Party(code="UA"),), windows=(
    ...     Window(id="w", start=None, end=None, tz="UTC"),), clauses=(Clause(id="c"),))
    >>> describe_agreement(a)["windows"][0]["start"] is None
    True
    """
    return {
        "id": agreement.id,
        "title": agreement.title,
        "source": agreement.source,
        "origin": agreement.origin,
        "sha256": agreement.sha256,
        "parties": [{"code": p.code, "name": p.name} for p in agreement.parties],
        "windows": [{
            "id": w.id, "timezone": w.tz, "start": _times(w.start), "end": _times(w.end),
            "disputed": w.disputed,
            "readings": [{"edge": edge, "party": r.party, **(_times(r.at) or {}),
                          "note": r.note}
                         for edge, rs in (("start", w.start_readings),
                                          ("end", w.end_readings)) for r in rs],
        } for w in agreement.windows],
        "zones": [{"id": z.id, "name": z.name, "kind": z.kind,
                   "area_km2": round(area_km2(z.geometry), 1),
                   "bounds": [round(v, 4) for v in z.geometry.bounds],
                   "description": z.description} for z in agreement.zones],
        "clauses": [{"id": c.id, "title": c.title, "text": c.text,
                     "event_types": list(c.event_types), "target_types": list(c.target_types),
                     "weapon_classes": list(c.weapon_classes), "parties": list(c.parties),
                     "zone": c.zone, "windows": list(c.windows) or ["(all)"]}
                    for c in agreement.clauses],
    }
