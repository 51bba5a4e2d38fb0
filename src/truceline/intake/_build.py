"""One raw row + a mapping → a Record (Report and Claims) or the reason it cannot be."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from truceline.domain import Claim, Place, Report, Source, TimeSpan
from truceline.intake._dates import DateProblem, Parsed, check_range, make_span, parse_one, widen
from truceline.intake._formats import RawRow
from truceline.intake._mapping import NO_CLAIM, VOCABS, Mapping
from truceline.intake._spec import Spec

MEDIA_TYPE = "application/json"


class RowProblem(Exception):
    """Why a row is quarantined: a kind, the field, the detail and the fix."""

    def __init__(self, kind: str, field: str | None, detail: str, fix: str):
        super().__init__(kind)
        self.field = field
        self.reason = f"{kind}: {detail}. Fix: {fix}"


@dataclass(frozen=True, kw_only=True)
class Context:
    """What every row of one file shares."""

    mapping: Mapping
    source: Source
    file: str
    encoding: str
    received_at: datetime
    today: date


def _where(spec: Spec) -> str:
    cols = "/".join(spec.columns)
    return f"{spec.path} (column {cols})" if cols else spec.path


def content_of(values: dict[str, str]) -> bytes:
    """The verbatim content of a row: canonical UTF-8 JSON in the file's column order."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=False).encode("utf-8")


def check_text(raw: RawRow, encoding: str) -> None:
    """Refuse NUL bytes and bytes the encoding cannot decode."""
    for col, v in raw.values.items():
        if "\x00" in v:
            raise RowProblem("NUL byte", col, f"column {col!r} holds a NUL (\\x00) byte",
                             "remove the NUL bytes (the file may be binary or UTF-16 "
                             "without a BOM)")
        if any("\udc80" <= ch <= "\udcff" for ch in v):
            raise RowProblem("bad encoding", col, f"column {col!r} holds bytes that are not "
                             f"valid {encoding}",
                             "re-save the file in one encoding, or set `encoding:` in the "
                             "mapping")


def build(raw: RawRow, ctx: Context) -> tuple[Report, tuple[Claim, ...]]:
    """Build the report and claims of one row.

    Raises
    ------
    RowProblem
        When the row cannot be used.
    """
    check_text(raw, ctx.encoding)
    m = ctx.mapping
    row = {k: ("" if v.strip() in m.na_values else v) for k, v in raw.values.items()}
    row.update(raw.virtual)
    published = None
    if m.published_at is not None and (text := m.published_at.raw(row)):
        p = _parse(m.published_at, text, m, ctx)
        published = (p.value if isinstance(p.value, datetime)
                     else datetime(p.value.year, p.value.month, p.value.day, tzinfo=UTC))
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
    title = m.title.evaluate(row) if m.title else None
    source_id = ctx.source.id
    if m.source_column is not None:
        source_id = _str(m.source_column.evaluate(row)) or ""
        if not source_id:
            raise RowProblem("missing value", "source", f"{_where(m.source_column)} is empty",
                             "name the source of every row (an id from the source registry)")
    report = Report(content=content_of(raw.values), source_id=source_id,
                    media_type=MEDIA_TYPE, origin=f"{ctx.file}:{raw.row}",
                    received_at=ctx.received_at, published_at=published,
                    language=m.language, title=str(title or ""))
    fields: dict[str, Any] = {}
    for key, spec in sorted(m.claim.items(), key=lambda kv: kv[0] != "event_type"):
        value = spec.evaluate(row)
        if value is None and spec.required:
            raise RowProblem("missing value", key, f"{_where(spec)} is empty",
                             "fill it in, or give the mapping a `default:`")
        if key == "event_type" and value == NO_CLAIM:
            return report, ()
        if value is not None and key in VOCABS and value not in VOCABS[key]:
            raise RowProblem("not in vocabulary", key, f"{_where(spec)} = {value!r} is not "
                             f"a known {key}", f"use one of {', '.join(VOCABS[key])}, or "
                             "translate it with `map:`/`table:` in the mapping")
        fields[key] = value
    if fields.get("event_type") is None:
        raise RowProblem("missing value", "event_type", f"{_where(m.claim['event_type'])} "
                         "gives no event type", "give the mapping a `default:` such as "
                         "attack_unspecified")
    confidence = _number(m.claim["confidence"], fields["confidence"], "confidence") \
        if fields.get("confidence") is not None else 1.0
    if not 0.0 <= confidence <= 1.0:
        raise RowProblem("bad number", "confidence", f"confidence {confidence} is outside "
                         "0..1", "use a value between 0 and 1")
    quantities = []
    for name, spec in m.quantities.items():
        v = spec.evaluate(row)
        if v is not None:
            quantities.append((name, _number(spec, v, name)))
    claim = Claim(
        report_id=report.id, source_id=source_id, event_type=fields["event_type"],
        target_type=fields.get("target_type") or "unspecified",
        weapon=_str(fields.get("weapon")), weapon_class=_str(fields.get("weapon_class")),
        when=_when(row, ctx), place=_place(row, m), actor=_str(fields.get("actor")),
        alleged_by=_str(fields.get("alleged_by")),
        stance=fields.get("stance") or "allegation", quantities=tuple(quantities),
        evidence=str(fields.get("evidence") or ""), confidence=confidence,
        incident_ref=_str(fields.get("incident_ref")), index=0)
    return report, (claim,)


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _number(spec: Spec, value: Any, name: str) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise RowProblem("bad number", name, f"{_where(spec)} = {value!r} is not a number",
                         "write a plain number such as 12 or 12.5") from None
    if not math.isfinite(f):
        raise RowProblem("bad number", name, f"{_where(spec)} = {value!r} is not finite",
                         "write a finite number, or leave it empty")
    return f


def _parse(spec: Spec, text: str, m: Mapping, ctx: Context) -> Parsed:
    dayfirst = spec.dayfirst if spec.dayfirst is not None else bool(m.dayfirst)
    try:
        if "epoch" in spec.formats:
            at = datetime.fromtimestamp(float(text), tz=UTC)
            p = Parsed(value=at, has_time=True, matched="epoch", raw=text)
        else:
            p = parse_one(text, formats=spec.formats, dayfirst=dayfirst,
                          date_only=spec.date_only)
        check_range(p, today=ctx.today)
    except DateProblem as exc:
        kind = "date out of range" if "before 1990" in str(exc) or "future" in str(exc) \
            else "unparseable date"
        raise RowProblem(kind, spec.path, f"{_where(spec)}: {exc}",
                         "correct the date in the file, or add its format to `formats:` "
                         "in the mapping") from None
    except (ValueError, OverflowError, OSError):
        raise RowProblem("unparseable date", spec.path, f"{_where(spec)} = {text!r} is not "
                         "a Unix timestamp", "write seconds since 1970") from None
    return p


def _when(row: dict[str, str], ctx: Context) -> TimeSpan | None:
    w = ctx.mapping.when
    if w is None:
        return None
    start_text = w.start.raw(row)
    end_text = w.end.raw(row) if w.end else None
    if start_text is None:
        if end_text is None:
            if w.required:
                raise RowProblem("missing value", "when", f"{_where(w.start)} is empty",
                                 "give the event's date, or set `required: false` under "
                                 "`when:`")
            return None
        start_text, end_text = end_text, None
    start = _parse(w.start, start_text, ctx.mapping, ctx)
    end = _parse(w.end, end_text, ctx.mapping, ctx) if w.end and end_text else None
    tz = w.timezone
    if w.timezone_spec is not None and (zone := _str(w.timezone_spec.evaluate(row))):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise RowProblem("unknown time zone", "timezone", f"{_where(w.timezone_spec)} = "
                             f"{zone!r} is not an IANA time zone",
                             "use a name such as Europe/Kyiv or UTC") from None
        tz = zone
    try:
        span = make_span(start, end, tz=tz)
    except DateProblem as exc:
        raise RowProblem("end before start", "when", f"{_where(w.start)}: {exc}",
                         "swap the start and end dates, or correct one of them") from None
    if w.uncertainty is None:
        return span
    value = w.uncertainty.evaluate(row)
    raw = w.uncertainty.raw(row)
    if value is None and raw is not None:
        # a value its map does not know: never read as an exact day
        raise _bad_uncertainty(w.uncertainty, raw)
    try:
        return widen(span, value, tz=tz)
    except ValueError:
        raise _bad_uncertainty(w.uncertainty, value) from None


def _bad_uncertainty(spec: Spec, value: object) -> RowProblem:
    return RowProblem("bad date uncertainty", "when.uncertainty",
                      f"{_where(spec)} gives {value!r}",
                      "map it to a number of days, `week` or `month`")


def _coord(row: dict[str, str], spec: Spec) -> float | None:
    text = spec.raw(row)
    if text is None:
        return None
    try:
        f = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text \
            else float(text)
    except ValueError:
        raise RowProblem("bad coordinate", spec.path, f"{_where(spec)} = {text!r} is not "
                         "a number", "write decimal degrees such as 48.4647") from None
    if not math.isfinite(f):
        raise RowProblem("bad coordinate", spec.path, f"{_where(spec)} = {text!r} is not "
                         "finite", "write decimal degrees, or leave both lon and lat empty")
    return f


def _place(row: dict[str, str], m: Mapping) -> Place | None:
    p = m.place
    if not p:
        return None
    lon = _coord(row, p["lon"]) if "lon" in p else None
    lat = _coord(row, p["lat"]) if "lat" in p else None
    if (lon is None) != (lat is None):
        missing, given = ("lon", "lat") if lon is None else ("lat", "lon")
        raise RowProblem("bad coordinate", missing, f"{_where(p[missing])} is empty or NaN "
                         f"but {given} = {lat if lon is None else lon}",
                         "give both coordinates, or leave both empty for the geocoder")
    if lon is not None and lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        if not -90 <= lat <= 90 and -90 <= lon <= 90 and -180 <= lat <= 180:
            raise RowProblem("lat/lon swapped?", "lat", f"{_where(p['lat'])} = {lat} is "
                             f"outside [-90, 90] but {_where(p['lon'])} = {lon} would fit",
                             "swap the latitude and longitude values (or the `lon:`/`lat:` "
                             "columns in the mapping)")
        raise RowProblem("bad coordinate", "lat", f"lon {lon} / lat {lat} out of range",
                         "lon must be in [-180, 180] and lat in [-90, 90]")
    name = _str(p["name"].evaluate(row)) if "name" in p else None
    if name is None and lon is None:
        return None
    precision = 1
    if "precision" in p and (pv := p["precision"].evaluate(row)) is not None:
        try:
            precision = int(float(pv))
        except ValueError:
            precision = 0
        if precision not in (1, 2, 3):
            raise RowProblem("bad precision", "precision", f"{_where(p['precision'])} gives "
                             f"{pv!r}", "map the file's codes to 1, 2 or 3 with `map:`")
    return Place(
        name=name or "", lon=lon, lat=lat, precision=precision,
        admin1=_str(p["admin1"].evaluate(row)) if "admin1" in p else None,
        admin2=_str(p["admin2"].evaluate(row)) if "admin2" in p else None,
        country=_str(p["country"].evaluate(row)) if "country" in p else None,
        as_written=name or "",
        note=str(p["note"].evaluate(row) or "") if "note" in p else "")
