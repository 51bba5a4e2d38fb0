"""Contact-line buffers: the line from a control snapshot, grown by metres on one or both sides.

The line is the edge of the snapshot's polygons (the area one party controls). With a
``territory`` outline, only the part of that edge that faces the *other* party's ground
(territory minus snapshot) is kept, so the state border and the coast are not a contact
line. Slivers of "other" ground narrower than ``2 * SLIVER_M`` are ignored first: they are
where the two datasets draw the same border a little differently.

All metric work happens in one local transverse Mercator CRS (:mod:`truceline.geo`);
nothing is simplified. Results are cached in-process by the files' SHA-256 and the
parameters, because buffering a national front line takes a few tenths of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from truceline.geo import local_crs, to_metric, to_wgs84

SLIVER_M = 2_500.0
"""Half the width below which 'other' ground along the snapshot's edge is ignored."""


@dataclass(frozen=True)
class ContactZone:
    """A built contact-line zone: geometry in lon/lat, the line itself, and the CRS used."""

    geometry: BaseGeometry
    line: BaseGeometry
    crs_text: str
    line_km: float


_Line = tuple[BaseGeometry, BaseGeometry | None, BaseGeometry, CRS]
_LINES: dict[tuple[str, str], _Line] = {}
_ZONES: dict[tuple[str, str, float, str], ContactZone] = {}


def _line(controlled: BaseGeometry, territory: BaseGeometry | None,
          key: tuple[str, str]) -> _Line:
    if key in _LINES:
        return _LINES[key]
    crs = local_crs(controlled)
    ctrl_m, _ = to_metric(controlled, crs)
    if territory is None:
        other_m = None
        line_m = ctrl_m.boundary
    else:
        terr_m, _ = to_metric(territory, crs)
        other_m = shapely.make_valid(terr_m.difference(ctrl_m))
        opened = other_m.buffer(-SLIVER_M).buffer(SLIVER_M)
        line_m = ctrl_m.boundary.intersection(opened.buffer(SLIVER_M))
        line_m = shapely.line_merge(line_m) if not line_m.is_empty else line_m
    result = (ctrl_m, other_m, line_m, crs)
    _LINES[key] = result
    return result


def contact_zone(controlled: BaseGeometry, territory: BaseGeometry | None, *,
                 buffer_m: float, side: str, key: tuple[str, str]) -> ContactZone:
    """Buffer the contact line by ``buffer_m`` metres.

    Parameters
    ----------
    controlled
        Polygons of the area the ``controlled_by`` party holds (lon/lat).
    territory
        Country outline (lon/lat), or ``None`` to use the snapshot's whole edge.
    buffer_m
        Distance from the line, in metres, on each side kept.
    side
        ``"both"``, ``"controlled"`` (the snapshot party's side) or ``"other"``.
    key
        Cache key: the SHA-256 of the snapshot and territory files.
    """
    zkey = (*key, float(buffer_m), side)
    if zkey in _ZONES:
        return _ZONES[zkey]
    ctrl_m, other_m, line_m, crs = _line(controlled, territory, key)
    band = line_m.buffer(buffer_m, quad_segs=16)
    if side == "controlled":
        band = band.difference(other_m) if other_m is not None else band.intersection(ctrl_m)
    elif side == "other":
        band = band.intersection(other_m) if other_m is not None else band.difference(ctrl_m)
    geometry = shapely.make_valid(to_wgs84(band, crs))
    zone = ContactZone(geometry=geometry, line=to_wgs84(line_m, crs), crs_text=crs.srs,
                       line_km=line_m.length / 1000)
    _ZONES[zkey] = zone
    return zone

