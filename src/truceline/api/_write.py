"""Write endpoints: field reports with evidence files, review decisions, party replies,
confidential sources; and the contact line of a date for the map."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from truceline.api._auth import PRIVILEGED, Principal, require
from truceline.api._routes import Who, store_of, visible_finding
from truceline.domain import Place, Source, TimeSpan
from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES
from truceline.errors import ConfigError, NotFoundError
from truceline.storage import _people as people
from truceline.storage import _review as review

router = APIRouter(prefix="/api")


class ReplyIn(BaseModel):
    """A party's reply to a finding."""

    text: str = Field(min_length=1, max_length=20000)


class StatusIn(BaseModel):
    """A review decision."""

    to_status: str
    reason: str = Field(min_length=1, max_length=5000)


class ConfidentialIn(BaseModel):
    """Whether a source's identity is confidential."""

    confidential: bool = True


async def _read_capped(upload: UploadFile, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await upload.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise ConfigError(f"file {upload.filename!r} is larger than the limit of {limit} "
                              "bytes; send a smaller or compressed file")
        chunks.append(chunk)
    return b"".join(chunks)


def _claim_fields(event_type: str | None, target_type: str | None, lon: float | None,
                  lat: float | None, day: str | None, place: str | None) -> dict[str, Any] | None:
    if not event_type:
        return None
    if event_type not in EVENT_TYPES:
        raise ConfigError(f"event_type={event_type!r} is not known; choose one of "
                          f"{', '.join(EVENT_TYPES)}")
    if target_type and target_type not in TARGET_TYPES:
        raise ConfigError(f"target_type={target_type!r} is not known; choose one of "
                          f"{', '.join(TARGET_TYPES)}")
    out: dict[str, Any] = {"event_type": event_type, "target_type": target_type or "unspecified"}
    if (lon is None) != (lat is None):
        raise ConfigError("give both lon and lat (EPSG:4326), or neither")
    if lon is not None:
        try:
            out["place"] = Place(name=place or f"{lat:.4f},{lon:.4f}", lon=lon, lat=lat)
        except ValueError as exc:
            raise ConfigError(f"lon/lat: {exc}") from exc
    if day:
        try:
            d = date.fromisoformat(day)
        except ValueError as exc:
            raise ConfigError(f"date={day!r} is not YYYY-MM-DD") from exc
        out["when"] = TimeSpan.local_days(d, tz=None, as_written=day)
    return out


@router.post("/reports", tags=["reports"], status_code=201)
async def submit_report(
    request: Request, who: Who,
    text: Annotated[str, Form(description="What was seen, where and when.")],
    title: Annotated[str, Form()] = "",
    language: Annotated[str | None, Form()] = None,
    event_type: Annotated[str | None, Form()] = None,
    target_type: Annotated[str | None, Form()] = None,
    lon: Annotated[float | None, Form()] = None,
    lat: Annotated[float | None, Form()] = None,
    date: Annotated[str | None, Form(description="Day of the event, YYYY-MM-DD.")] = None,
    place: Annotated[str | None, Form()] = None,
    files: Annotated[list[UploadFile] | None, File(description="Photos or files.")] = None,
) -> dict[str, Any]:
    """A monitor's field report with photos or files (stored by SHA-256)."""
    require(who, "monitor", "admin", what="submitting a field report")
    store = store_of(request)
    limit = request.app.state.settings.max_upload_bytes
    blobs = [(f.filename or "file", f.content_type or "application/octet-stream",
              await _read_capped(f, limit)) for f in files or []]
    source = Source(id=f"monitor-{who.name}", name=f"Field monitor {who.name}", kind="monitor")
    report, stored = people.submit_field_report(
        store, text=text, source=source, uploaded_by=who.name, files=blobs, title=title,
        language=language, claim=_claim_fields(event_type, target_type, lon, lat, date, place),
        max_bytes=limit)
    return {"ok": True, "report_id": report.id, "files": [f.to_dict() for f in stored]}


def reply_to(request: Request, who: Principal, finding_id: str, text: str) -> dict[str, Any]:
    """Record a liaison's reply to a finding against their party."""
    require(who, "liaison", what="replying to a finding")
    d = visible_finding(request, who, finding_id)
    if d.get("accused") != who.party:
        raise NotFoundError(f"finding {finding_id} is not against party {who.party}; a "
                            "liaison answers findings against their own party")
    ev = review.add_reply(store_of(request), finding_id, actor=who.name, party=who.party or "",
                          text=text)
    return {"ok": True, "event": ev.to_dict()}


@router.post("/findings/{finding_id}/replies", tags=["findings"], status_code=201)
def add_reply(request: Request, who: Who, finding_id: str, body: ReplyIn) -> dict[str, Any]:
    """A party liaison answers a finding against their party (right of reply)."""
    return reply_to(request, who, finding_id, body.text)


def decide(request: Request, who: Principal, finding_id: str, to_status: str,
           reason: str) -> dict[str, Any]:
    """Record an analyst's review decision."""
    require(who, *PRIVILEGED, what="reviewing a finding")
    visible_finding(request, who, finding_id)
    ev = review.set_status(store_of(request), finding_id, to_status=to_status, actor=who.name,
                           reason=reason)
    return {"ok": True, "event": ev.to_dict()}


@router.post("/findings/{finding_id}/status", tags=["findings"])
def set_status(request: Request, who: Who, finding_id: str, body: StatusIn) -> dict[str, Any]:
    """An analyst moves a finding through review (draft → under_review → published)."""
    return decide(request, who, finding_id, body.to_status, body.reason)


@router.put("/sources/{source_id}/confidential", tags=["sources"])
def mark_confidential(request: Request, who: Who, source_id: str, body: ConfidentialIn
                      ) -> dict[str, Any]:
    """Mark a source's identity confidential, or public again (admins only)."""
    require(who, "admin", what="marking a source confidential")
    people.set_confidential(store_of(request), source_id, body.confidential, actor=who.name)
    return {"ok": True, "source_id": source_id, "confidential": body.confidential}


def contact_line_file(folder: Path | None, day: str | None) -> tuple[Path, str] | None:
    """The newest dated snapshot (``…_YYYYMMDD.geojson``) on or before ``day``."""
    if folder is None or not folder.is_dir():
        return None
    want = (day or "9999-99-99").replace("-", "")
    best: tuple[str, Path] | None = None
    for p in folder.glob("*.geojson"):
        stamp = p.stem.rsplit("_", 1)[-1]
        if len(stamp) == 8 and stamp.isdigit() and stamp <= want:
            if best is None or stamp > best[0]:
                best = (stamp, p)
    if best is None:
        return None
    s = best[0]
    return best[1], f"{s[:4]}-{s[4:6]}-{s[6:]}"


_LINE_CACHE: dict[Path, dict[str, Any]] = {}


@router.get("/contact-line", tags=["agreements"])
def contact_line(request: Request, date: str | None = None) -> dict[str, Any]:
    """The contact line of a date (boundary of the controlled area), if a folder of
    snapshots is configured; an empty FeatureCollection otherwise."""
    found = contact_line_file(request.app.state.settings.contact_lines, date)
    if found is None:
        return {"type": "FeatureCollection", "features": [], "snapshot": None}
    path, snapshot = found
    if path not in _LINE_CACHE:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read contact-line snapshot {path}: {exc}") from exc
        geoms = [shapely.from_geojson(json.dumps(f["geometry"]))
                 for f in data.get("features", []) if f.get("geometry")]
        line = shapely.simplify(shapely.union_all(geoms).boundary, 0.005)
        _LINE_CACHE[path] = {"type": "Feature", "geometry": json.loads(shapely.to_geojson(line)),
                             "properties": {"snapshot": snapshot, "file": path.name}}
    return {"type": "FeatureCollection", "features": [_LINE_CACHE[path]], "snapshot": snapshot}
