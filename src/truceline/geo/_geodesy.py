"""Geodesic measures on the WGS84 ellipsoid (``pyproj.Geod``), lon/lat in degrees."""

from __future__ import annotations

import math

import shapely
from pyproj import Geod
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")


def geodesic_distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in metres between two lon/lat points.

    Examples
    --------
    >>> round(geodesic_distance_m(30.0, 50.0, 30.0, 51.0))
    111239
    """
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def destination(lon: float, lat: float, azimuth_deg: float, distance_m: float) -> Point:
    """The point ``distance_m`` from (lon, lat) along ``azimuth_deg`` (from north, clockwise).

    Examples
    --------
    >>> p = destination(30.0, 50.0, 0.0, 111239.0)
    >>> round(p.y, 3)
    51.0
    """
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth_deg, distance_m)
    return Point(lon2, lat2)


def azimuth(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Forward azimuth in degrees from the first point to the second."""
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[0])


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of a lon/lat geometry in km² (0 for points and lines).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> 7800 < area_km2(box(30, 50, 31, 51)) < 8000
    True
    """
    if geom.is_empty:
        return 0.0
    geom = shapely.geometry.polygon.orient(geom) if geom.geom_type == "Polygon" else geom
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(float(area)) / 1e6


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km on a sphere of mean Earth radius (lon/lat order).

    Fast and within about 0.5 % of the ellipsoidal distance; use
    :func:`geodesic_distance_m` where metres must be exact.

    Examples
    --------
    >>> round(haversine_km(30.52, 50.45, 36.25, 49.99))
    411
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
