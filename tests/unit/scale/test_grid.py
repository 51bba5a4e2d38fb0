"""The zone grid gives exactly plain GEOS answers around real contact-line zones.

Zones are real: DeepState control snapshots buffered along the contact line (±10 km and
±30 km) inside the OSM oblast outline, built with truceline's own ``contact_zone``. Points
are a large random sample clustered along and across the zone edges, plus points placed on
ring vertices, on segment midpoints, on cell corners and cell edges of the grid.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from truceline.adjudication._grid import (
    PointSet,
    ZoneGrid,
    exact_near,
    km_per_deg,
    membership,
    zone_grid,
)
from truceline.agreements._contact import contact_zone

RADIUS = np.array([0.0, 10.0, 100.0, 100.0])  # precision 1, 2, 3 and an unknown precision


def _geojson(path):  # type: ignore[no-untyped-def]
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    return shapely.union_all(shapely.make_valid(
        [shapely.from_geojson(json.dumps(f["geometry"])) for f in feats]))


@pytest.fixture(scope="module")
def zones(shared_data):  # type: ignore[no-untyped-def]
    territory = _geojson(shared_data / "boundaries" / "osm_ua_oblasts.geojson")
    snap = shared_data / "frontline" / "deepstate" / "deepstatemap_data_20250301.geojson"
    controlled = _geojson(snap)
    return [contact_zone(controlled, territory, buffer_m=b, side="both",
                         key=(snap.name, "oblasts")).geometry for b in (10_000.0, 30_000.0)]


def _sample(geometry, n: int, seed: int):  # type: ignore[no-untyped-def]
    """Points near the edge, across the bounding box, on vertices, edges and cell lines."""
    rng = np.random.default_rng(seed)
    ring = shapely.get_coordinates(shapely.get_rings(shapely.get_parts(geometry)))
    pick = ring[rng.integers(0, len(ring), n)]
    near = pick + rng.normal(0, 0.12, (n, 2))
    x0, y0, x1, y1 = geometry.bounds
    box = np.column_stack([rng.uniform(x0 - 1, x1 + 1, n // 4),
                           rng.uniform(y0 - 1, y1 + 1, n // 4)])
    vertices = ring[rng.integers(0, len(ring), 3000)]
    k = rng.integers(0, len(ring) - 1, 3000)
    midpoints = (ring[k] + ring[k + 1]) / 2
    grid = ZoneGrid(geometry)
    ix, iy = rng.integers(0, grid.nx, 3000), rng.integers(0, grid.ny, 3000)
    corners = np.column_stack([grid.x0 + ix * grid.cell, grid.y0 + iy * grid.cell])
    on_lines = np.column_stack([grid.x0 + ix * grid.cell, near[rng.integers(0, n, 3000), 1]])
    xy = np.vstack([near, box, vertices, midpoints, corners, on_lines])
    radius = RADIUS[rng.integers(0, len(RADIUS), len(xy))]
    return xy[:, 0], xy[:, 1], radius


def _reference(geometry, lon, lat, radius):  # type: ignore[no-untyped-def]
    """Plain GEOS: contains_xy for all, then the distance rule for imprecise places."""
    shapely.prepare(geometry)
    out = shapely.contains_xy(geometry, lon, lat).astype(np.int8)
    fuzzy = np.flatnonzero(radius > 0)
    near = exact_near(geometry.boundary, lon[fuzzy], lat[fuzzy], radius[fuzzy],
                      km_per_deg(lat[fuzzy]))
    out[fuzzy[near]] = -1
    return out


def test_grid_equals_plain_geos_on_real_contact_line_zones(zones):
    for z, geometry in enumerate(zones):
        lon, lat, radius = _sample(geometry, 60_000, seed=z)
        got = membership(geometry, lon, lat, radius, grid_min=0)
        want = _reference(geometry, lon, lat, radius)
        assert (got == want).all(), np.flatnonzero(got != want)[:10]
        # Not trivial: every answer occurs, and the grid settles most points without GEOS.
        assert set(np.unique(got)) == {-1, 0, 1}
        grid = zone_grid(geometry, build=False)
        assert grid is not None
        cells = grid.cells(lon, lat)
        assert np.mean(grid.status[cells[cells >= 0]] == 2) < 0.25


def test_grid_contains_equals_contains_xy_on_vertices_edges_and_cell_lines(zones):
    geometry = zones[0]
    grid = zone_grid(geometry)
    assert grid is not None
    lon, lat, _ = _sample(geometry, 20_000, seed=5)
    shapely.prepare(geometry)
    want = shapely.contains_xy(geometry, lon, lat)
    assert (grid.contains_xy(lon, lat) == want).all()
    # Ring vertices lie on the edge: outside, as contains_xy says.
    ring = shapely.get_coordinates(shapely.get_rings(shapely.get_parts(geometry)))[:2000]
    assert not grid.contains_xy(ring[:, 0], ring[:, 1]).any()


def test_near_edge_rule_equals_the_plain_distance_formula(zones):
    """The reference itself: dwithin bands give what distance × km/deg < radius gives."""
    geometry = zones[0]
    lon, lat, radius = _sample(geometry, 2_000, seed=9)
    fuzzy = radius > 0
    lon, lat, radius = lon[fuzzy][:2500], lat[fuzzy][:2500], radius[fuzzy][:2500]
    kpd = km_per_deg(lat)
    deg = shapely.distance(geometry.boundary, shapely.points(lon, lat))
    grid = zone_grid(geometry)
    assert grid is not None
    assert (grid.near_edge(lon, lat, radius, kpd) == (deg * kpd < radius)).all()


def test_point_set_reused_across_zones_and_missing_points(zones):
    lon, lat, radius = _sample(zones[1], 10_000, seed=3)
    lon[::97] = np.nan
    points = PointSet(lon, lat, radius)
    for geometry in zones:
        got = points.membership(geometry, grid_min=0)
        want = _reference(geometry, np.nan_to_num(lon), lat, radius)
        want[np.isnan(lon)] = -1
        assert (got == want).all()
        # Plain GEOS (used below grid_min when no grid is cached) answers the same.
        assert (points._direct(geometry, np.full(len(points), -1, np.int8)) == got).all()


def test_holes_multipolygons_and_invalid_zones():
    ring = Polygon([(30, 45), (34, 45), (34, 49), (30, 49)], [[(31, 46), (33, 46), (32, 48)]])
    multi = shapely.MultiPolygon([ring, Polygon([(35, 45), (36, 45), (35.5, 46)])])
    bowtie = Polygon([(30, 45), (34, 49), (34, 45), (30, 49)])  # invalid: no grid
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(29, 37, 50_000), rng.uniform(44, 50, 50_000)
    lon[:4], lat[:4] = [31, 32, 33, 34], [46, 47, 46, 47]  # hole vertices and an edge point
    radius = RADIUS[rng.integers(0, 4, len(lon))]
    for geometry in (ring, multi, bowtie):
        got = membership(geometry, lon, lat, radius, grid_min=0)
        assert (got == _reference(geometry, lon, lat, radius)).all()
    assert zone_grid(bowtie) is None
    assert zone_grid(multi) is not None
