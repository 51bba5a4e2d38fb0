"""Shared pure geodesy: the CRS rule, metre buffers, geodesic distances and areas.

Geometries are lon/lat (EPSG:4326). Metres are computed only in a local transverse
Mercator CRS (:func:`local_crs`, :func:`to_metric`) or on the ellipsoid with
``pyproj.Geod`` (:func:`geodesic_distance_m`).
"""

from truceline.geo._crs import WGS84, buffer_m, local_crs, to_metric, to_wgs84
from truceline.geo._geodesy import (
    area_km2,
    azimuth,
    destination,
    geodesic_distance_m,
    haversine_km,
)

__all__ = [
    "WGS84",
    "area_km2",
    "azimuth",
    "buffer_m",
    "destination",
    "geodesic_distance_m",
    "haversine_km",
    "local_crs",
    "to_metric",
    "to_wgs84",
]
