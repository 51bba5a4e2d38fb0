"""Read endpoints: reports, claims, incidents, findings, agreements, sources, audit log."""

from __future__ import annotations

import json
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse

from truceline.api import _queries as qy
from truceline.api._auth import PRIVILEGED, Principal, current, require
from truceline.api._views import (
    claim_view,
    finding_view,
    incident_feature,
    incident_view,
    source_view,
)
from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES, VERDICTS
from truceline.errors import NotFoundError
from truceline.storage import Store
from truceline.storage import _people as people
from truceline.storage import _review as review
from truceline.storage import _schema as s

router = APIRouter(prefix="/api")
Who = Annotated[Principal, Depends(current)]
STAFF = ("admin", "analyst", "monitor")


def store_of(request: Request) -> Store:
    """The app's store."""
    return request.app.state.store  # type: ignore[no-any-return]


def confidential(request: Request) -> frozenset[str]:
    """Confidential source ids (read once per request)."""
    return people.confidential_sources(store_of(request))


def filters(
    since: Annotated[str | None, Query(description="Only what ends after this date/time "
                                       "(YYYY-MM-DD or ISO 8601, UTC).")] = None,
    until: Annotated[str | None, Query(description="Only what starts before this.")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat "
                                      "(EPSG:4326).")] = None,
    agreement: Annotated[str | None, Query(description="Agreement id.")] = None,
    verdict: Annotated[str | None, Query(description=f"One of {', '.join(VERDICTS)}.")] = None,
    party: Annotated[str | None, Query(description="Party code (accused or actor).")] = None,
    event_type: Annotated[str | None, Query(description=f"One of {', '.join(EVENT_TYPES)}.")
                          ] = None,
    target_type: Annotated[str | None, Query(description=f"One of {', '.join(TARGET_TYPES)}.")
                           ] = None,
    status: Annotated[str | None, Query(description="Review status of findings.")] = None,
    include_not_applicable: bool = False,
) -> qy.Filters:
    """The shared filters, checked."""
    from truceline.errors import ConfigError

    for name, value, allowed in (("verdict", verdict, VERDICTS),
                                 ("event_type", event_type, EVENT_TYPES),
                                 ("target_type", target_type, TARGET_TYPES),
                                 ("status", status, review.STATUSES)):
        if value and value not in allowed:
            raise ConfigError(f"{name}={value!r} is not known; choose one of "
                              f"{', '.join(allowed)}")
    return qy.Filters(since=qy.iso_bound(since, "since"), until=qy.iso_bound(until, "until"),
                      bbox=qy.parse_bbox(bbox), agreement=agreement, verdict=verdict,
                      party=party, event_type=event_type, target_type=target_type,
                      status=status, include_not_applicable=include_not_applicable)


Flt = Annotated[qy.Filters, Depends(filters)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


def page(request: Request, total: int, items: list[Any], limit: int, offset: int,
         *, geojson: bool = False) -> dict[str, Any]:
    """The page envelope: totals and ``next``/``prev`` links."""
    nxt = (str(request.url.include_query_params(offset=offset + limit))
           if offset + limit < total else None)
    prev = (str(request.url.include_query_params(offset=max(0, offset - limit)))
            if offset > 0 else None)
    meta = {"total": total, "limit": limit, "offset": offset, "next": nxt, "prev": prev}
    if geojson:
        return {"type": "FeatureCollection", "features": items, **meta}
    return {"ok": True, **meta, "items": items}


@router.get("/health", tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    """Liveness, version and row counts."""
    from truceline._version import __version__

    return {"ok": True, "version": __version__, "counts": store_of(request).counts()}


@router.get("/me", tags=["meta"])
def me(who: Who) -> dict[str, Any]:
    """The caller's role (``public`` without a token)."""
    return {"ok": True, "role": who.role, "name": who.name, "party": who.party}


@router.get("/findings", tags=["findings"])
def findings(request: Request, who: Who, flt: Flt, limit: Limit = 100, offset: Offset = 0,
             format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json"
             ) -> dict[str, Any]:
    """Findings the caller may see, filtered; ``format=geojson`` for a FeatureCollection."""
    total, rows = qy.list_findings(store_of(request), who, flt, limit, offset)
    conf = confidential(request)
    rows = [finding_view(r, who, conf) for r in rows]
    if format == "geojson":
        feats = [{"type": "Feature", "id": r["id"],
                  "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}
                  if r.get("lon") is not None else None, "properties": r} for r in rows]
        return page(request, total, feats, limit, offset, geojson=True)
    return page(request, total, rows, limit, offset)


def visible_finding(request: Request, who: Principal, finding_id: str) -> dict[str, Any]:
    """One finding if the caller may see it (404 otherwise, so drafts do not leak)."""
    f = s.findings.c
    from sqlalchemy import select

    with store_of(request).engine.connect() as conn:
        row = conn.execute(select(f.data, f.status).where(
            f.id == finding_id, qy.visible_findings(who))).mappings().first()
    if row is None:
        raise NotFoundError(f"no finding {finding_id!r} visible to role {who.role}")
    return finding_view(json.loads(row["data"]) | {"status": row["status"]}, who,
                        confidential(request))


@router.get("/findings/{finding_id}", tags=["findings"])
def finding(request: Request, who: Who, finding_id: str) -> dict[str, Any]:
    """One finding with its review history and party replies."""
    d = visible_finding(request, who, finding_id)
    events = [e.to_dict() for e in review.finding_events(store_of(request), finding_id)]
    # Hashes to check the finding against its evidence: each visible report's SHA-256 (the
    # evidence's report_id) and the SHA-256 of every file uploaded with it.
    reports = sorted({e["report_id"] for e in d.get("evidence", []) if e.get("report_id")})
    integrity = {"reports": reports,
                 "evidence_files": people.evidence_hashes(store_of(request), reports)}
    return {"ok": True, "finding": d, "events": events, "integrity": integrity}


@router.get("/incidents", tags=["incidents"])
def incidents(request: Request, who: Who, flt: Flt, limit: Limit = 100, offset: Offset = 0
              ) -> dict[str, Any]:
    """Incidents as a GeoJSON FeatureCollection (lon/lat points), with totals and links."""
    total, rows = qy.list_incidents(store_of(request), who, flt, limit, offset)
    conf = confidential(request)
    feats = [incident_feature(incident_view(r, who, conf)) for r in rows]
    return page(request, total, feats, limit, offset, geojson=True)


def visible_incident(request: Request, who: Principal, incident_id: str) -> dict[str, Any]:
    """One incident (as a view) if the caller may see it."""
    from sqlalchemy import select

    q = qy.incident_select(who, qy.Filters()).where(s.incidents.c.id == incident_id)
    with store_of(request).engine.connect() as conn:
        row = conn.execute(select(q.subquery().c.data)).first()
    if row is None:
        raise NotFoundError(f"no incident {incident_id!r} visible to role {who.role}")
    d = json.loads(row[0])
    d["findings"] = qy.incident_verdicts(store_of(request), who, [incident_id]).get(
        incident_id, [])
    return incident_view(d, who, confidential(request))


@router.get("/incidents/{incident_id}", tags=["incidents"])
def incident(request: Request, who: Who, incident_id: str) -> dict[str, Any]:
    """One incident as a GeoJSON Feature, with every claim and the visible findings."""
    return incident_feature(visible_incident(request, who, incident_id))


@router.get("/map", tags=["incidents"])
def map_view(request: Request, who: Who, flt: Flt) -> dict[str, Any]:
    """Incidents in a viewport as points coloured by verdict, or grid clusters when many."""
    return qy.map_points(store_of(request), who, flt, request.app.state.settings.max_map_points)


@router.get("/claims", tags=["claims"])
def claims(request: Request, who: Who, flt: Flt, limit: Limit = 100, offset: Offset = 0,
           stance: str | None = None, report_id: str | None = None) -> dict[str, Any]:
    """Claims (staff only)."""
    require(who, *STAFF, what="listing claims")
    total, rows = qy.list_claims(store_of(request), flt, stance=stance, report_id=report_id,
                                 limit=limit, offset=offset)
    conf = confidential(request)
    return page(request, total, [claim_view(r, who, conf) for r in rows], limit, offset)


@router.get("/reports", tags=["reports"])
def reports(request: Request, who: Who, flt: Flt, limit: Limit = 100, offset: Offset = 0,
            source_id: str | None = None, language: str | None = None) -> dict[str, Any]:
    """Reports' metadata (staff only; confidential sources only for admins and analysts)."""
    require(who, *STAFF, what="listing reports")
    total, rows = qy.list_reports(store_of(request), flt, source_id=source_id,
                                  language=language, limit=limit, offset=offset)
    conf = confidential(request)
    if not who.sees_confidential:
        # origin and title may name the source too (``field:<monitor>``, ``file:row``)
        rows = [r | {"source_id": source_view({"id": r["source_id"], "name": ""}, who,
                                              conf)["id"]}
                | ({"origin": "confidential", "title": ""} if r["source_id"] in conf else {})
                for r in rows]
    return page(request, total, rows, limit, offset)


@router.get("/reports/{report_id}", tags=["reports"])
def report(request: Request, who: Who, report_id: str) -> dict[str, Any]:
    """One report verbatim, with its evidence files (staff only)."""
    require(who, *STAFF, what="reading a report")
    store = store_of(request)
    r = store.report(report_id)
    if r.source_id in confidential(request) and not who.sees_confidential:
        raise NotFoundError(f"no report {report_id!r} visible to role {who.role}")
    files = [f.to_dict() for f in people.evidence_files(store, report_id=r.id)]
    return {"ok": True, "id": r.id, "source_id": r.source_id, "media_type": r.media_type,
            "origin": r.origin, "received_at": r.received_at.isoformat(),
            "published_at": r.published_at.isoformat() if r.published_at else None,
            "language": r.language, "title": r.title, "text": r.text, "files": files}


@router.get("/evidence/{sha256}", tags=["reports"], response_class=FileResponse)
def evidence(request: Request, who: Who, sha256: str) -> FileResponse:
    """An evidence file by SHA-256 (staff only)."""
    require(who, *STAFF, what="downloading evidence")
    ev, path = people.evidence_file(store_of(request), sha256)
    return FileResponse(path, media_type=ev.media_type, filename=ev.filename)


@router.get("/agreements", tags=["agreements"])
def agreements(request: Request) -> dict[str, Any]:
    """Every agreement: parties, windows, clauses (zones via the zones endpoint)."""
    from truceline.storage._codec import agreement_to_dict

    items = [agreement_to_dict(a) | {"zones": [z.id for z in a.zones]}
             for a in store_of(request).agreements()]
    return {"ok": True, "total": len(items), "items": items}


@router.get("/agreements/{agreement_id}", tags=["agreements"])
def agreement(request: Request, agreement_id: str) -> dict[str, Any]:
    """One agreement."""
    from truceline.storage._codec import agreement_to_dict

    a = store_of(request).agreement(agreement_id)
    return {"ok": True, "agreement": agreement_to_dict(a) | {"zones": [z.id for z in a.zones]}}


@router.get("/agreements/{agreement_id}/zones", tags=["agreements"])
def zones(request: Request, agreement_id: str) -> dict[str, Any]:
    """An agreement's zones as GeoJSON (EPSG:4326, lon/lat)."""
    a = store_of(request).agreement(agreement_id)
    feats = [{"type": "Feature", "id": z.id,
              "geometry": json.loads(shapely.to_geojson(z.geometry)),
              "properties": {"id": z.id, "kind": z.kind, "name": z.name,
                             "description": z.description}} for z in a.zones]
    return {"type": "FeatureCollection", "features": feats}


@router.get("/sources", tags=["sources"])
def sources(request: Request, who: Who) -> dict[str, Any]:
    """Every source (confidential identities redacted unless admin or analyst)."""
    conf = confidential(request)
    items = [source_view(x.to_dict(), who, conf)
             for x in store_of(request).sources().values()]
    items.sort(key=lambda x: x["id"])
    return {"ok": True, "total": len(items), "items": items}


@router.get("/audit", tags=["audit"])
def audit(request: Request, who: Who, limit: Limit = 100, offset: Offset = 0,
          action: str | None = None, actor: str | None = None,
          object: str | None = None) -> dict[str, Any]:
    """The hash-chained audit log (admins and analysts)."""
    require(who, *PRIVILEGED, what="reading the audit log")
    total, rows = qy.list_audit(store_of(request), action=action, actor=actor, obj=object,
                                limit=limit, offset=offset)
    return page(request, total, rows, limit, offset)


@router.get("/audit/verify", tags=["audit"])
def audit_verify(request: Request, who: Who) -> dict[str, Any]:
    """Re-compute the audit chain."""
    require(who, *PRIVILEGED, what="verifying the audit log")
    ok, n, message = store_of(request).verify_audit()
    return {"ok": ok, "entries": n, "message": message}


@router.get("/stats/daily", tags=["findings"])
def stats_daily(request: Request, who: Who, flt: Flt) -> dict[str, Any]:
    """Findings per day and verdict (the caller's visible findings)."""
    return {"ok": True, "items": qy.daily_counts(store_of(request), who, flt)}


@router.get("/review-queue", tags=["findings"])
def review_queue(request: Request, who: Who, limit: Limit = 100, offset: Offset = 0
                 ) -> dict[str, Any]:
    """Draft and under-review findings, strongest verdict first (admins and analysts)."""
    require(who, *PRIVILEGED, what="the review queue")
    total, rows = qy.review_queue(store_of(request), limit, offset)
    return page(request, total, rows, limit, offset)


@router.get("/users", tags=["people"])
def list_users(request: Request, who: Who) -> dict[str, Any]:
    """Every user (admins only)."""
    require(who, "admin", what="listing users")
    items = [u.to_dict() for u in people.users(store_of(request))]
    return {"ok": True, "total": len(items), "items": items}
