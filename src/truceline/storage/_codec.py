"""JSON forms of agreements for the store (zones go to their own table as WKB)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from truceline.domain import Agreement, Clause, Party, Reading, Window


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """Everything of an agreement but its zone geometries."""
    return {
        "id": agreement.id, "title": agreement.title, "source": agreement.source,
        "description": agreement.description, "schema_version": agreement.schema_version,
        "origin": agreement.origin, "sha256": agreement.sha256,
        "parties": [{"code": p.code, "name": p.name} for p in agreement.parties],
        "windows": [
            {
                "id": w.id, "start": _dt(w.start), "end": _dt(w.end), "tz": w.tz, "note": w.note,
                "start_readings": [{"party": r.party, "at": _dt(r.at), "note": r.note}
                                   for r in w.start_readings],
                "end_readings": [{"party": r.party, "at": _dt(r.at), "note": r.note}
                                 for r in w.end_readings],
            }
            for w in agreement.windows
        ],
        "clauses": [
            {
                "id": c.id, "title": c.title, "text": c.text,
                "event_types": list(c.event_types), "target_types": list(c.target_types),
                "weapon_classes": list(c.weapon_classes), "parties": list(c.parties),
                "zone": c.zone, "windows": list(c.windows), "zone_rule": c.zone_rule,
                "target_zone": c.target_zone,
            }
            for c in agreement.clauses
        ],
    }


def _readings(items: list[dict[str, Any]]) -> tuple[Reading, ...]:
    return tuple(Reading(party=r["party"], at=_parse_dt(r["at"]), note=r.get("note", ""))  # type: ignore[arg-type]
                 for r in items)


def agreement_from_dict(data: dict[str, Any], zones: tuple[Any, ...]) -> Agreement:
    """Inverse of :func:`agreement_to_dict`, given the zones."""
    return Agreement(
        id=data["id"], title=data["title"], source=data.get("source", ""),
        description=data.get("description", ""), schema_version=data.get("schema_version", 1),
        origin=data.get("origin", ""), sha256=data.get("sha256", ""),
        parties=tuple(Party(**p) for p in data["parties"]),
        windows=tuple(
            Window(id=w["id"], start=_parse_dt(w["start"]), end=_parse_dt(w["end"]), tz=w["tz"],
                   note=w.get("note", ""), start_readings=_readings(w.get("start_readings", [])),
                   end_readings=_readings(w.get("end_readings", [])))
            for w in data["windows"]
        ),
        clauses=tuple(
            Clause(id=c["id"], title=c.get("title", ""), text=c.get("text", ""),
                   event_types=tuple(c["event_types"]), target_types=tuple(c["target_types"]),
                   weapon_classes=tuple(c["weapon_classes"]), parties=tuple(c["parties"]),
                   zone=c.get("zone"), windows=tuple(c.get("windows", ())),
                   zone_rule=c.get("zone_rule", "in"), target_zone=c.get("target_zone"))
            for c in data["clauses"]
        ),
        zones=zones,
    )
