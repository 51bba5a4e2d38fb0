"""What each role may read: confidential source identities are redacted for everyone but
admins and analysts, everywhere a source is named (findings' evidence, incidents' claims
and sources, the source list)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from truceline.api._auth import Principal

REDACTED_NAME = "Confidential source"


# Keyed, so a guessable id ("field-7") cannot be confirmed by hashing candidates; stable
# for the life of the server process.
_REDACTION_KEY = secrets.token_bytes(32)


def redacted_id(source_id: str) -> str:
    """A stable stand-in for a confidential source id (does not reveal it)."""
    digest = hmac.new(_REDACTION_KEY, source_id.encode(), hashlib.sha256).hexdigest()
    return "confidential-" + digest[:12]


def _hide(p: Principal, source_id: str | None, conf: frozenset[str]) -> bool:
    return bool(source_id) and source_id in conf and not p.sees_confidential


def finding_view(d: dict[str, Any], p: Principal, conf: frozenset[str]) -> dict[str, Any]:
    """A finding record with confidential evidence sources redacted."""
    ev = []
    for e in d.get("evidence", []):
        if _hide(p, e.get("source_id"), conf):
            e = e | {"source_id": redacted_id(e["source_id"]), "source_name": REDACTED_NAME,
                     "report_id": None, "origin": "", "confidential": True}
        ev.append(e)
    return d | {"evidence": ev}


def claim_view(c: dict[str, Any], p: Principal, conf: frozenset[str]) -> dict[str, Any]:
    """A claim with a confidential source redacted."""
    if _hide(p, c.get("source_id"), conf):
        return c | {"source_id": redacted_id(c["source_id"]), "report_id": None,
                    "confidential": True}
    return c


def source_view(src: dict[str, Any], p: Principal, conf: frozenset[str]) -> dict[str, Any]:
    """A source as the principal may see it."""
    out = dict(src) | {"confidential": src["id"] in conf}
    if _hide(p, src["id"], conf):
        out |= {"id": redacted_id(src["id"]), "name": REDACTED_NAME}
    return out


def incident_view(d: dict[str, Any], p: Principal, conf: frozenset[str]) -> dict[str, Any]:
    """An incident with its claims and sources redacted as needed."""
    out = dict(d)
    out["claims"] = [claim_view(c, p, conf) for c in d.get("claims", [])]
    out["sources"] = [source_view(x, p, conf) for x in d.get("sources", [])]
    if not p.sees_confidential and any(c.get("confidential") for c in out["claims"]):
        hidden = {c["report_id"] for c in d.get("claims", []) if c.get("source_id") in conf}
        out["report_ids"] = [r for r in d.get("report_ids", []) if r not in hidden]
    return out


def incident_feature(d: dict[str, Any]) -> dict[str, Any]:
    """An incident as a GeoJSON Feature (lon/lat point, or no geometry)."""
    place = d.get("place") or {}
    geom = ({"type": "Point", "coordinates": [place["lon"], place["lat"]]}
            if place.get("lon") is not None else None)
    return {"type": "Feature", "id": d["id"], "geometry": geom, "properties": d}


def finding_value(d: dict[str, Any]) -> Any:
    """A (possibly redacted) finding record back as a :class:`Finding` value."""
    from truceline.domain import Finding

    ev = [{k: v for k, v in e.items() if k != "confidential"} | {"report_id": e["report_id"]
          or "redacted"} for e in d.get("evidence", [])]
    return Finding.from_dict(d | {"evidence": ev})
