"""Build zone geometry from a zone entry: GeoJSON file, admin area or contact-line buffer."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from truceline.agreements._contact import contact_zone
from truceline.agreements._files import (
    Layer,
    ZoneFileError,
    check_range,
    polygonal,
    read_layer,
    resolve,
)
from truceline.geo import buffer_m

NAME_KEYS = ("name", "name:en", "name:uk", "name:ru")


def _norm(text: str) -> str:
    return re.sub(r"[’ʼ`´']", "'", text).casefold().strip()


def _load(spec: str, base: Path, data_dir: Path | str | None) -> Layer:
    layer = read_layer(resolve(spec, base, data_dir))
    for geom, _ in layer.features:
        check_range(geom, layer.path.name)
    return layer


def admin_area(spec: dict[str, Any], base: Path, data_dir: Path | str | None
               ) -> tuple[BaseGeometry, str, Layer]:
    """Union of the features whose name properties match ``spec['name']``."""
    layer = _load(spec["file"], base, data_dir)
    want = _norm(spec["name"])
    hits = [g for g, props in layer.features
            if any(_norm(str(props.get(k, ""))) == want for k in NAME_KEYS)]
    if not hits:
        names = sorted({str(p[k]) for _, p in layer.features for k in NAME_KEYS if p.get(k)})
        near = difflib.get_close_matches(spec["name"], names, n=5, cutoff=0.5)
        hint = f"; close names: {', '.join(near)}" if near else ""
        raise ZoneFileError(f"no area named {spec['name']!r} in {layer.path.name}{hint}",
                            "use a name from the file's name, name:en, name:uk or name:ru "
                            "properties")
    geom = polygonal(shapely.union_all(hits))
    return geom, f"admin area {spec['name']!r} from {layer.path.name}", layer


def geojson_zone(spec: str, base: Path, data_dir: Path | str | None
                 ) -> tuple[BaseGeometry, str, Layer]:
    """Union of every feature in a GeoJSON file."""
    layer = _load(spec, base, data_dir)
    geom = shapely.union_all([g for g, _ in layer.features]) if layer.features \
        else shapely.Polygon()
    return geom, f"{len(layer.features)} feature(s) from {layer.path.name}", layer


def contact(spec: dict[str, Any], km: float, side: str, base: Path,
            data_dir: Path | str | None) -> tuple[BaseGeometry, str, list[Layer]]:
    """A buffer of ``km`` around the contact line, on ``side`` (both/controlled/other)."""
    snap = _load(spec["snapshot"], base, data_dir)
    territory = _load(spec["territory"], base, data_dir) if spec.get("territory") else None
    ctrl = polygonal(shapely.union_all([g for g, _ in snap.features]))
    if ctrl.is_empty:
        raise ZoneFileError(f"{snap.path.name} has no polygons", "give a snapshot of the "
                            "controlled area as (Multi)Polygon features")
    terr = polygonal(shapely.union_all([g for g, _ in territory.features])) \
        if territory else None
    built = contact_zone(ctrl, terr, buffer_m=km * 1000, side=side,
                         key=(snap.sha256, territory.sha256 if territory else ""))
    date = re.search(r"(20\d\d)(\d\d)(\d\d)", snap.path.name)
    when = f" (snapshot of {date[1]}-{date[2]}-{date[3]})" if date else ""
    who = spec["controlled_by"]
    where = {"both": "on both sides of", "controlled": f"on the {who} side of",
             "other": f"on the side facing {who} of"}[side]
    text = (f"{km:g} km {where} the contact line: the edge of the area {who} controls in "
            f"{snap.path.name}{when}")
    if territory:
        text += (f", where it faces the other party's ground in {territory.path.name} "
                 f"(line {built.line_km:.0f} km)")
    else:
        text += (". WARNING: no territory given, so the snapshot's whole edge (state border "
                 "and coast included) counts as the line")
    text += f"; buffered in {built.crs_text.split(' +ellps')[0]}"
    layers = [snap] + ([territory] if territory else [])
    return built.geometry, text, layers


def grow(geom: BaseGeometry, km: float | None) -> BaseGeometry:
    """Buffer by ``km`` in a local metric CRS (no-op when ``km`` is None)."""
    return buffer_m(geom, km * 1000) if km else geom


def points_zone(spec: dict[str, Any], base: Path, data_dir: Path | str | None
                ) -> tuple[BaseGeometry, str]:
    """Points from a CSV file (optionally filtered by column regexes), as a MultiPoint."""
    import csv

    path = resolve(spec["file"], base, data_dir)
    lon_col, lat_col = spec.get("lon", "longitude"), spec.get("lat", "latitude")
    where = {k: re.compile(v, re.IGNORECASE) for k, v in (spec.get("where") or {}).items()}
    points = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {lon_col, lat_col, *where} - set(reader.fieldnames or ())
            if missing:
                raise ZoneFileError(f"{path.name} has no column(s) {sorted(missing)}",
                                    f"name the columns with 'lon:'/'lat:'; it has "
                                    f"{', '.join(reader.fieldnames or ())}")
            for row in reader:
                if all(p.search(row.get(k) or "") for k, p in where.items()):
                    try:
                        points.append((float(row[lon_col]), float(row[lat_col])))
                    except ValueError:
                        continue
    except OSError as exc:
        raise ZoneFileError(f"cannot read {path}: {exc}", "check the path") from exc
    geom = shapely.MultiPoint(points) if points else shapely.Polygon()
    check_range(geom, path.name)
    filt = f" where {spec['where']}" if spec.get("where") else ""
    return geom, f"{len(points)} point(s) from {path.name}{filt}"
