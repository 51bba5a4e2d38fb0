"""Zone source files: path resolution, GeoJSON reading and coordinate sanity rules.

Paths are relative to the agreement's folder; ``data:`` paths resolve against the data
folder (``data_dir`` argument, else the ``TRUCELINE_DATA`` environment variable).
Parsed files are cached in-process by the SHA-256 of their bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

DATA_PREFIX = "data:"
DATA_FIX = ("set TRUCELINE_DATA to the folder holding frontline/ and boundaries/, "
            "or pass --data-dir (data_dir= in Python)")


class ZoneFileError(ValueError):
    """A zone's file cannot be used; carries the message and the fix."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class Layer:
    """A parsed GeoJSON file: one (geometry, properties) pair per feature."""

    path: Path
    sha256: str
    features: tuple[tuple[BaseGeometry, dict[str, Any]], ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Bounding box of all features (lon/lat)."""
        return tuple(shapely.total_bounds([g for g, _ in self.features]))  # type: ignore


def resolve(text: str, base_dir: Path, data_dir: Path | str | None) -> Path:
    """Resolve a zone path; raise :class:`ZoneFileError` if it cannot be found.

    Examples
    --------
    >>> resolve("data:x.geojson", Path("."), Path("/nonexistent"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    truceline.agreements._files.ZoneFileError: 'data:x.geojson' resolves to ... which does not exist
    """
    if text.startswith(DATA_PREFIX):
        root = data_dir or os.environ.get("TRUCELINE_DATA")
        if not root:
            raise ZoneFileError(f"{text!r} needs a data folder, but none is set", DATA_FIX)
        path = Path(root) / text[len(DATA_PREFIX):]
        if not path.is_file():
            raise ZoneFileError(f"{text!r} resolves to {path}, which does not exist",
                                f"check the name, or {DATA_FIX}")
        return path
    path = Path(text) if Path(text).is_absolute() else base_dir / text
    if not path.is_file():
        raise ZoneFileError(f"zone file {text!r} does not exist (looked for {path})",
                            "fix the path; relative paths start from the agreement's folder")
    return path


_CACHE: dict[str, Layer] = {}


def read_layer(path: Path) -> Layer:
    """Parse a GeoJSON file (FeatureCollection, Feature or bare geometry), cached by hash."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest in _CACHE:
        return _CACHE[digest]
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ZoneFileError(f"{path.name} is not JSON ({exc})",
                            "give a GeoJSON file (RFC 7946)") from None
    if not isinstance(doc, dict) or "type" not in doc:
        raise ZoneFileError(f"{path.name} is not GeoJSON (no 'type' member)",
                            "give a GeoJSON FeatureCollection, Feature or geometry")
    if doc["type"] == "FeatureCollection":
        items = [(f.get("geometry"), f.get("properties") or {})
                 for f in doc.get("features") or [] if isinstance(f, dict)]
    elif doc["type"] == "Feature":
        items = [(doc.get("geometry"), doc.get("properties") or {})]
    else:
        items = [(doc, {})]
    features = []
    for i, (geometry, props) in enumerate(items):
        if geometry is None:
            continue
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            raise ZoneFileError(f"{path.name} feature {i} has an invalid geometry ({exc})",
                                "fix the geometry (a ring needs 4+ positions and must "
                                "close); check it in a GIS") from None
        features.append((geom, props))
    layer = Layer(path=path, sha256=digest, features=tuple(features))
    _CACHE[digest] = layer
    return layer


def check_range(geom: BaseGeometry, name: str) -> None:
    """Refuse coordinates outside lon [-180, 180] / lat [-90, 90], naming a swap if likely.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> check_range(box(100, 48, 101, 49), "z.geojson")
    >>> try:
    ...     check_range(box(48, 100, 49, 101), "z.geojson")
    ... except ZoneFileError as exc:
    ...     print(exc.fix)
    swap every coordinate pair to longitude, latitude (RFC 7946 order)
    """
    minx, miny, maxx, maxy = geom.bounds
    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        return
    if minx >= -90 and maxx <= 90 and miny >= -180 and maxy <= 180:
        raise ZoneFileError(
            f"{name}: coordinates are in latitude, longitude order "
            f"(y up to {max(abs(miny), abs(maxy))} is not a latitude)",
            "swap every coordinate pair to longitude, latitude (RFC 7946 order)")
    raise ZoneFileError(f"{name}: coordinates out of range for lon/lat (bounds "
                        f"{tuple(round(v, 3) for v in geom.bounds)})",
                        "reproject the file to EPSG:4326 (lon/lat degrees)")


def looks_swapped(bounds: tuple[float, ...], reference: tuple[float, ...]) -> bool:
    """True when ``bounds`` miss ``reference`` but the swapped bounds hit it.

    Examples
    --------
    >>> ukraine = (22.0, 44.0, 41.0, 53.0)
    >>> looks_swapped((49.9, 36.1, 50.1, 36.4), ukraine)
    True
    >>> looks_swapped((36.1, 49.9, 36.4, 50.1), ukraine)
    False
    """
    def hits(b: tuple[float, ...]) -> bool:
        return b[0] <= reference[2] and b[2] >= reference[0] and \
            b[1] <= reference[3] and b[3] >= reference[1]

    swapped = (bounds[1], bounds[0], bounds[3], bounds[2])
    return not hits(bounds) and hits(swapped)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Valid polygonal part of ``geom`` (``make_valid``; lines and points dropped)."""
    geom = shapely.make_valid(geom)
    parts = shapely.get_parts(geom)
    polys = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    return shapely.union_all(polys) if polys else shapely.Polygon()
