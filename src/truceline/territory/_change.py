"""Contact-line change between two territory-control snapshots.

A snapshot is the area one party controls on a date (a DeepState file: one MultiPolygon
of Russian-controlled ground). Comparing two snapshots gives the ground that changed hands:
``after − before`` was gained by the controlling party, ``before − after`` by the other.
Areas are computed in a Lambert azimuthal equal-area projection centred on the change
(metres, then km²); ``geodesic_km2`` recomputes each on the ellipsoid as a check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from truceline.domain import Claim, Place, Report, TimeSpan
from truceline.errors import IntakeError

_GEOD = Geod(ellps="WGS84")
# Slivers thinner than this come from redrawn borders, not from fighting.
MIN_PATCH_KM2 = 0.05


@dataclass(frozen=True, kw_only=True)
class Patch:
    """One piece of ground that changed hands."""

    gained_by: str
    area_km2: float
    geodesic_km2: float
    lon: float
    lat: float
    geometry: BaseGeometry


@dataclass(frozen=True, kw_only=True)
class TerritoryChange:
    """What changed hands between two snapshots, per side, with the patches."""

    before: date | None
    after: date | None
    controlled_by: str
    other: str
    patches: tuple[Patch, ...]
    crs: str

    def gained_km2(self, party: str) -> float:
        """Total area gained by ``party`` (km², equal-area projection)."""
        return sum(p.area_km2 for p in self.patches if p.gained_by == party)

    @property
    def net_km2(self) -> float:
        """Net gain of the controlling party (negative: it lost ground)."""
        return self.gained_km2(self.controlled_by) - self.gained_km2(self.other)

    def lines(self) -> list[str]:
        """The change in words."""
        span = f"{self.before} → {self.after}"
        out = [f"Contact line change {span}: {self.controlled_by} gained "
               f"{self.gained_km2(self.controlled_by):.1f} km², {self.other} gained "
               f"{self.gained_km2(self.other):.1f} km² (net {self.net_km2:+.1f} km² for "
               f"{self.controlled_by}; {len(self.patches)} patches ≥ {MIN_PATCH_KM2} km²)"]
        for p in sorted(self.patches, key=lambda p: -p.area_km2)[:10]:
            out.append(f"  {p.gained_by} +{p.area_km2:.2f} km² near lon {p.lon:.3f}, "
                       f"lat {p.lat:.3f}")
        return out


def snapshot_date(path: str | Path) -> date | None:
    """The date in a snapshot's file name (``…_YYYYMMDD.geojson``), if any.

    Examples
    --------
    >>> snapshot_date("deepstatemap_data_20250419.geojson")
    datetime.date(2025, 4, 19)
    """
    m = re.search(r"(20\d\d)(\d\d)(\d\d)", Path(path).name)
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def read_snapshot(path: str | Path) -> BaseGeometry:
    """The union of a GeoJSON snapshot's polygons (lon/lat)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IntakeError(f"cannot read snapshot {path}: {exc}. Give a GeoJSON file of the "
                          "controlled area.") from exc
    feats = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    geoms = [shape(f["geometry"] if "geometry" in f else f) for f in feats or []]
    polys = [g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        raise IntakeError(f"snapshot {path} holds no polygons; give the controlled area as "
                          "(Multi)Polygon features")
    return shapely.make_valid(shapely.union_all(polys))


def _laea(geom: BaseGeometry) -> str:
    c = geom.centroid
    return (f"+proj=laea +lat_0={c.y:.4f} +lon_0={c.x:.4f} +ellps=WGS84 +units=m +no_defs "
            "+type=crs")


def compare_snapshots(before: str | Path, after: str | Path, *, controlled_by: str,
                      other: str) -> TerritoryChange:
    """What changed hands between two snapshots of the area ``controlled_by`` holds."""
    a, b = read_snapshot(before), read_snapshot(after)
    gained = shapely.difference(b, a)
    lost = shapely.difference(a, b)
    union = shapely.union(gained, lost)
    crs = _laea(union if not union.is_empty else b)
    fwd = Transformer.from_crs("EPSG:4326", CRS.from_proj4(crs), always_xy=True)
    patches = []
    for who, geom in ((controlled_by, gained), (other, lost)):
        for part in getattr(geom, "geoms", [geom]):
            if part.is_empty or part.geom_type != "Polygon":
                continue
            metric = shapely.transform(part, lambda xy: _fwd(fwd, xy))
            km2 = metric.area / 1e6
            if km2 < MIN_PATCH_KM2:
                continue
            oriented = shapely.geometry.polygon.orient(part)
            geo_km2 = abs(_GEOD.geometry_area_perimeter(oriented)[0]) / 1e6
            c = part.representative_point()
            patches.append(Patch(gained_by=who, area_km2=km2, geodesic_km2=geo_km2,
                                 lon=c.x, lat=c.y, geometry=part))
    patches.sort(key=lambda p: (p.gained_by, -p.area_km2, p.lon))
    return TerritoryChange(before=snapshot_date(before), after=snapshot_date(after),
                           controlled_by=controlled_by, other=other, patches=tuple(patches),
                           crs=crs)


def _fwd(t: Transformer, xy):  # type: ignore[no-untyped-def]
    import numpy as np

    x, y = t.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def change_records(change: TerritoryChange, *, source_id: str, tz: str = "Europe/Kyiv",
                   received_at: datetime | None = None
                   ) -> list[tuple[Report, tuple[Claim, ...]]]:
    """One report and claim per patch: ground gained is a ``ground_assault`` by the gaining
    party, observed by the snapshots' source, some time between the two snapshot dates."""
    if change.before is None or change.after is None:
        raise IntakeError("snapshot file names carry no dates (…_YYYYMMDD.geojson); the "
                          "change cannot be placed in time")
    when = TimeSpan.local_days(change.before, change.after, tz=tz,
                               as_written=f"between snapshots {change.before} and "
                                          f"{change.after}")
    out = []
    for p in change.patches:
        body = {"kind": "territory_change", "before": str(change.before),
                "after": str(change.after), "gained_by": p.gained_by,
                "area_km2": round(p.area_km2, 4), "wkt": shapely.to_wkt(p.geometry, 6)}
        report = Report(content=json.dumps(body, sort_keys=True).encode(), source_id=source_id,
                        media_type="application/vnd.truceline.territory-change+json",
                        origin=f"snapshots {change.before}..{change.after}",
                        received_at=received_at or datetime.now(UTC),
                        title=f"{p.gained_by} gained {p.area_km2:.2f} km²")
        claim = Claim(report_id=report.id, source_id=source_id, event_type="ground_assault",
                      target_type="military", when=when,
                      place=Place(name=f"{p.area_km2:.2f} km² patch", lon=round(p.lon, 5),
                                  lat=round(p.lat, 5), precision=2,
                                  note="representative point of the patch"),
                      actor=p.gained_by, stance="observation",
                      quantities=(("area_km2", round(p.area_km2, 4)),),
                      evidence=f"{p.gained_by} gained {p.area_km2:.2f} km² between the "
                               f"snapshots of {change.before} and {change.after}")
        out.append((report, (claim,)))
    return out
