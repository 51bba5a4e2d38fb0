"""Agreement YAML → :class:`~truceline.domain.Agreement`, collecting every problem."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from truceline.agreements import _zones
from truceline.agreements._files import ZoneFileError, looks_swapped, polygonal
from truceline.agreements._schema import _SCHEMA
from truceline.agreements._validate import Validator, closest
from truceline.agreements._windows import EdgeError, get_zone, parse_local
from truceline.agreements._yaml import Located, join, read_yaml
from truceline.domain import Agreement, Clause, Party, Reading, Window, Zone
from truceline.errors import AgreementReferenceError, AgreementSchemaError, Problem


class _Ctx:
    def __init__(self, file: str, loc: Located) -> None:
        self.file, self.loc = file, loc
        self.schema: list[Problem] = []
        self.ref: list[Problem] = []

    def add(self, path: str, message: str, fix: str, *, ref: bool = False) -> None:
        problem = Problem(file=self.file, line=self.loc.line(path), path=path,
                          message=message, fix=fix)
        (self.ref if ref else self.schema).append(problem)


def _items(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(join(key, i), v) for i, v in enumerate(value) if isinstance(v, dict)]


def _unique(ctx: _Ctx, entries: list[tuple[str, dict[str, Any]]], key: str, what: str
            ) -> None:
    seen: dict[str, str] = {}
    for path, entry in entries:
        value = entry.get(key)
        if isinstance(value, str):
            if value in seen:
                ctx.add(join(path, key), f"duplicate {what} {value!r} (also at line "
                        f"{ctx.loc.line(join(seen[value], key))})", f"give each {what} its "
                        "own id")
            seen.setdefault(value, path)


def _parties(ctx: _Ctx, data: dict[str, Any]) -> tuple[Party, ...]:
    entries = _items(data, "parties")
    _unique(ctx, entries, "code", "party code")
    return tuple(Party(code=e["code"], name=str(e.get("name", "")))
                 for _, e in entries if isinstance(e.get("code"), str))


def _check_party(ctx: _Ctx, path: str, code: Any, codes: tuple[str, ...], role: str) -> bool:
    if not isinstance(code, str) or code in codes:
        return True
    near = closest(code, codes)
    hint = f"; did you mean '{near}'?" if near else ""
    ctx.add(path, f"{role} {code!r} is not a declared party{hint}",
            f"use one of the parties' codes ({', '.join(codes)}) or declare {code!r} under "
            "'parties:'", ref=True)
    return False


def _edge(ctx: _Ctx, path: str, value: Any, tz: Any, codes: tuple[str, ...], latest: bool
          ) -> tuple[datetime | None, tuple[Reading, ...]]:
    if isinstance(value, str):
        try:
            return parse_local(value, tz), ()
        except EdgeError as exc:
            ctx.add(path, f"{path}: {exc.message}", exc.fix)
            return None, ()
    readings: list[Reading] = []
    for i, r in enumerate(value.get("disputed") or [] if isinstance(value, dict) else []):
        rpath = join(join(path, "disputed"), i)
        if not isinstance(r, dict) or not isinstance(r.get("at"), str):
            continue
        ok = _check_party(ctx, join(rpath, "party"), r.get("party"), codes, "reading by")
        try:
            at = parse_local(r["at"], tz)
        except EdgeError as exc:
            ctx.add(join(rpath, "at"), f"{join(rpath, 'at')}: {exc.message}", exc.fix)
            continue
        if ok and isinstance(r.get("party"), str):
            readings.append(Reading(party=r["party"], at=at, note=str(r.get("note", ""))))
    if not readings:
        return None, ()
    pick = max if latest else min
    return pick(r.at for r in readings), tuple(readings)


def _windows(ctx: _Ctx, data: dict[str, Any], codes: tuple[str, ...]) -> tuple[Window, ...]:
    entries = _items(data, "windows")
    _unique(ctx, entries, "id", "window id")
    out = []
    for path, w in entries:
        if not isinstance(w.get("id"), str) or not isinstance(w.get("timezone"), str):
            continue
        try:
            tz = get_zone(w["timezone"])
        except EdgeError as exc:
            ctx.add(join(path, "timezone"), exc.message, exc.fix)
            continue
        start, s_read = _edge(ctx, join(path, "start"), w.get("start"), tz, codes, False)
        end, e_read = (None, ())
        if w.get("end") is not None:
            end, e_read = _edge(ctx, join(path, "end"), w["end"], tz, codes, True)
            if end is None:
                continue
        if start is None:
            continue
        if end is not None and end <= start:
            ctx.add(join(path, "end"), f"window {w['id']!r} ends ({end.isoformat()}) before "
                    f"or when it starts ({start.isoformat()})",
                    "fix the dates: the end is exclusive and must come after the start")
        out.append(Window(id=w["id"], start=start, end=end, tz=tz.key, start_readings=s_read,
                          end_readings=e_read, note=str(w.get("note", ""))))
    return tuple(out)


def _side(ctx: _Ctx, path: str, z: dict[str, Any], codes: tuple[str, ...]) -> str | None:
    side = z.get("side", "both")
    if "contact_line" not in z:
        if "side" in z:
            ctx.add(join(path, "side"), "'side' applies only to contact_line zones",
                    "remove 'side' or make the zone a contact_line zone")
        return "both"
    owner = z["contact_line"].get("controlled_by")
    if side == "both":
        return "both"
    if not _check_party(ctx, join(path, "side"), side, codes, "side"):
        return None
    return "controlled" if side == owner else "other"


def _zone(ctx: _Ctx, path: str, z: dict[str, Any], base: Path, data_dir: Any,
          codes: tuple[str, ...]) -> tuple[BaseGeometry, str, BaseGeometry | None] | None:
    km = z.get("buffer_km") if isinstance(z.get("buffer_km"), int | float) else None
    side = _side(ctx, path, z, codes)
    if "contact_line" in z:
        spec = z["contact_line"]
        if km is None:
            ctx.add(path, f"zone {z['id']!r} needs 'buffer_km' (distance from the line)",
                    "add e.g. 'buffer_km: 15'")
            return None
        if not _check_party(ctx, join(path, "contact_line.controlled_by"),
                            spec.get("controlled_by"), codes, "controlled_by") or side is None:
            return None
        geom, text, _ = _zones.contact(spec, km, side, base, data_dir)
        return geom, text, None
    if "admin_area" in z:
        key = "admin_area.name"
        raw, text, _ = _zones.admin_area(z["admin_area"], base, data_dir)
    elif "points" in z:
        key = "points.file"
        if km is None:
            ctx.add(path, f"zone {z['id']!r} needs 'buffer_km' (the radius around each point)",
                    "add e.g. 'buffer_km: 3'")
            return None
        raw, text = _zones.points_zone(z["points"], base, data_dir)
    else:
        key = "geojson"
        raw, text, _ = _zones.geojson_zone(z["geojson"], base, data_dir)
    geom = polygonal(_zones.grow(raw, km))
    if geom.is_empty:
        kinds = sorted({g.geom_type for g in getattr(raw, "geoms", [raw])}) or ["nothing"]
        ctx.add(join(path, key), f"zone {z['id']!r} has an empty geometry ({text}: "
                f"{', '.join(kinds)})", "give polygons, or add 'buffer_km' to grow lines "
                "and points into an area", ref=True)
        return None
    if km:
        text = f"{text}, grown by {km:g} km"
    return geom, text, raw


def _zones_of(ctx: _Ctx, data: dict[str, Any], base: Path, data_dir: Any,
              codes: tuple[str, ...]) -> tuple[Zone, ...]:
    entries = _items(data, "zones")
    _unique(ctx, entries, "id", "zone id")
    out: list[tuple[str, Zone, BaseGeometry | None]] = []
    for path, z in entries:
        if not isinstance(z.get("id"), str) or sum(k in z for k in (
                "geojson", "admin_area", "contact_line", "points")) != 1:
            continue
        file_key = next(k for k in ("geojson", "admin_area.file", "contact_line.snapshot",
                                    "points.file") if k.split(".")[0] in z)
        try:
            built = _zone(ctx, path, z, base, data_dir, codes)
        except ZoneFileError as exc:
            ctx.add(join(path, file_key), f"zone {z['id']!r}: {exc.message}", exc.fix,
                    ref=True)
            continue
        if built is None:
            continue
        geom, text, raw = built
        if z.get("description"):
            text = f"{z['description']} ({text})"
        kind = next((k for k in ("contact_line", "admin_area", "points") if k in z), "geojson")
        out.append((path, Zone(id=z["id"], kind={"contact_line": "contact_line_buffer"}.get(
                                   kind, kind),
                               geometry=geom, description=text,
                               name=str(z.get("name", ""))), raw))
    _swaps(ctx, data, out)
    return tuple(zone for _, zone, _ in out)


def _swaps(ctx: _Ctx, data: dict[str, Any], built: list[tuple[str, Zone, Any]]) -> None:
    extent = data.get("extent")
    for path, zone, raw in built:
        if raw is None:
            continue
        if isinstance(extent, list) and len(extent) == 4:
            ref = tuple(extent)
        else:
            others = [z.geometry.bounds for p, z, _ in built if p != path]
            if not others:
                continue
            ref = (min(b[0] for b in others), min(b[1] for b in others),
                   max(b[2] for b in others), max(b[3] for b in others))
        if looks_swapped(raw.bounds, ref):
            key = "geojson" if zone.kind == "geojson" else "admin_area.file"
            ctx.add(join(path, key), f"zone {zone.id!r}: coordinates look like latitude, "
                    f"longitude order (bounds {tuple(round(v, 2) for v in raw.bounds)} miss "
                    f"the theatre {ref}, swapped they fall inside it)",
                    "swap every coordinate pair to longitude, latitude (RFC 7946 order)",
                    ref=True)


def _clauses(ctx: _Ctx, data: dict[str, Any], codes: tuple[str, ...],
             zones: set[str], windows: set[str]) -> tuple[Clause, ...]:
    entries = _items(data, "clauses")
    _unique(ctx, entries, "id", "clause id")
    declared_zones = {z["id"] for _, z in _items(data, "zones") if isinstance(z.get("id"), str)}
    declared_windows = {w["id"] for _, w in _items(data, "windows")
                        if isinstance(w.get("id"), str)}
    out = []
    for path, c in entries:
        parties = [p for p in c.get("parties") or [] if isinstance(p, str)]
        for i, p in enumerate(parties):
            _check_party(ctx, join(join(path, "parties"), i), p, codes, "party")
        zone = c.get("zone") if isinstance(c.get("zone"), str) else None
        if zone is not None and zone not in declared_zones:
            near = closest(zone, sorted(declared_zones))
            ctx.add(join(path, "zone"), f"clause {c.get('id')!r} refers to unknown zone "
                    f"{zone!r}" + (f"; did you mean '{near}'?" if near else ""),
                    "use a zone id declared under 'zones:' "
                    f"({', '.join(sorted(declared_zones)) or 'none'})",
                    ref=True)
        wins = [w for w in c.get("windows") or [] if isinstance(w, str)]
        for i, w in enumerate(wins):
            if w not in declared_windows:
                near = closest(w, sorted(declared_windows))
                ctx.add(join(join(path, "windows"), i), f"clause {c.get('id')!r} refers to "
                        f"unknown window {w!r}" + (f"; did you mean '{near}'?" if near else ""),
                        f"use a window id declared under 'windows:' "
                        f"({', '.join(sorted(declared_windows))})", ref=True)
        target_zone = c.get("target_zone") if isinstance(c.get("target_zone"), str) else None
        if target_zone is not None and target_zone not in declared_zones:
            ctx.add(join(path, "target_zone"), f"clause {c.get('id')!r} refers to unknown "
                    f"zone {target_zone!r}", "use a zone id declared under 'zones:' "
                    f"({', '.join(sorted(declared_zones)) or 'none'})", ref=True)
        pro = c.get("prohibits") if isinstance(c.get("prohibits"), dict) else {}
        out.append(Clause(
            id=str(c.get("id")), title=str(c.get("title", "")), text=str(c.get("text", "")),
            event_types=tuple(pro.get("event_types") or ()),
            target_types=tuple(pro.get("target_types") or ()),
            weapon_classes=tuple(pro.get("weapon_classes") or ()),
            parties=tuple(parties), zone=zone, windows=tuple(wins),
            zone_rule=str(c.get("zone_rule", "in")), target_zone=target_zone))
    return tuple(out)


def _read(path: Path, data_dir: Any) -> tuple[Agreement | None, _Ctx]:
    file = str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        ctx = _Ctx(file, Located(data=None))
        ctx.add("", f"agreement file {file} does not exist", "check the path", ref=True)
        return None, ctx
    except (OSError, UnicodeDecodeError) as exc:
        ctx = _Ctx(file, Located(data=None))
        ctx.add("", f"cannot read {file}: {exc}", "save the file as UTF-8 text")
        return None, ctx
    loc = read_yaml(text, file)
    ctx = _Ctx(file, loc)
    ctx.schema.extend(loc.problems)
    if loc.problems:
        return None, ctx
    validator = Validator(_SCHEMA, loc, file)
    validator.check(loc.data, _SCHEMA, "")
    ctx.schema.extend(validator.problems)
    data = loc.data
    if not isinstance(data, dict):
        return None, ctx
    parties = _parties(ctx, data)
    codes = tuple(p.code for p in parties)
    windows = _windows(ctx, data, codes)
    zones = _zones_of(ctx, data, path.parent, data_dir, codes)
    clauses = _clauses(ctx, data, codes, {z.id for z in zones}, {w.id for w in windows})
    if ctx.schema or ctx.ref:
        return None, ctx
    agreement = Agreement(
        id=data["id"], title=str(data["title"]), parties=parties, windows=windows,
        clauses=clauses, zones=zones, source=str(data.get("source", "")),
        description=str(data.get("description", "")), schema_version=data["schema_version"],
        origin=file, sha256=hashlib.sha256(raw).hexdigest(), extra={"document": data})
    return agreement, ctx


def check_agreement(path: str | Path, *, data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the agreement file at ``path`` ([] when it is fine).

    Examples
    --------
    >>> check_agreement("no/such/file.yaml")[0].message
    'agreement file no/such/file.yaml does not exist'
    """
    _, ctx = _read(Path(path), data_dir)
    return sorted(ctx.schema + ctx.ref, key=lambda p: (p.line or 0, p.path))


def load_agreement(path: str | Path, *, data_dir: str | Path | None = None) -> Agreement:
    """Load and check an agreement file (format v1) into an :class:`Agreement`.

    Raises :class:`AgreementSchemaError` (format mistakes) or
    :class:`AgreementReferenceError` (it points at something missing) carrying *all*
    problems found, each with file, line, key path, message and fix.
    """
    agreement, ctx = _read(Path(path), data_dir)
    if agreement is not None:
        return agreement
    problems = sorted(ctx.schema + ctx.ref, key=lambda p: (p.line or 0, p.path))
    cls = AgreementSchemaError if ctx.schema else AgreementReferenceError
    raise cls(f"agreement {path} has {len(problems)} problem(s)", problems=problems)
