"""Zone membership through a per-zone lon/lat grid: O(1) per point, GEOS only near the edge.

A :class:`ZoneGrid` cuts the zone's bounding box (padded) into square cells of ``cell``
degrees and classifies each cell once:

- **boundary**: a ring segment of the zone passes within a hair of the cell. Points there
  go to GEOS ``contains_xy``, exactly as before.
- **inside / outside**: no part of the edge touches the cell, so every point in it has the
  status of the cell's centre (one ``contains_xy`` per cell, at build time).

For imprecise places (precision 2 or 3: radius 10 or 100 km) the rule "the edge is nearer
than the radius" (``distance(boundary, point) * km_per_deg(lat) < radius``) is settled per
cell and radius with two prepared ``dwithin`` tests at the cell centre, widened by the
cell's half diagonal and by a relative margin far above rounding error: the cell is *far*
(no point in it is near), *near* (every point is), or *open*. Only points of open cells,
and points outside the grid, get the exact per-point rule. Cell answers are cached per
radius, so a zone's cells are tested at most once per process.

Every shortcut is a proof, not an estimate: the answers equal plain ``contains_xy`` and the
exact distance rule point for point (``tests/unit/scale/test_grid.py``).
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import shapely

__all__ = ["PointSet", "ZoneGrid", "exact_near", "membership", "zone_grid"]

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQ = 111.32
CELL_DEG = 0.02
PAD_DEG = 0.25
GRID_MIN_POINTS = 2048
"""Below this many points an uncached zone is tested directly (building costs ~20 ms)."""

_EPS = 1e-6  # cell units: how far past a segment's box cells are still marked boundary
_MARGIN = 1e-7  # relative widening of the cell-level distance tests
_OUTSIDE, _INSIDE, _BOUNDARY = 0, 1, 2
_UNKNOWN, _FAR, _NEAR, _OPEN = 0, 1, 2, 3
_BLOCK = 8  # cells per side of the blocks whose centre settles an edge-free block
_LEVELS = (16, 4, 1)  # block sizes (in cells) tried in turn when deciding cells near/far
_CACHE: dict[bytes, ZoneGrid | None] = {}
_CACHE_MAX = 128


def km_per_deg(lat: np.ndarray) -> np.ndarray:
    """Lower bound of the km in one degree at ``lat``: the smaller of the two lengths."""
    return np.minimum(KM_PER_DEG_LAT, KM_PER_DEG_LON_EQ * np.cos(np.radians(lat)))


def exact_near(boundary: shapely.Geometry, lon: np.ndarray, lat: np.ndarray,
               radius: np.ndarray, kpd: np.ndarray) -> np.ndarray:
    """``distance(boundary, point) * kpd < radius`` for each point, computed exactly.

    Prepared ``dwithin`` tests settle all but a hair-thin band around the limit; that band
    gets the plain distance, so the answer is that of the distance rule itself.
    """
    shapely.prepare(boundary)
    points = shapely.points(lon, lat)
    limit = radius / kpd
    near = shapely.dwithin(boundary, points, limit * (1 - 1e-9))
    rest = np.flatnonzero(~near)
    band = rest[shapely.dwithin(boundary, points[rest], limit[rest] * (1 + 1e-9))]
    if band.size:
        near[band] = shapely.distance(boundary, points[band]) * kpd[band] < radius[band]
    return near


class ZoneGrid:
    """Cell classification of one polygonal zone (see the module docstring).

    Parameters
    ----------
    geometry
        A valid, non-empty Polygon or MultiPolygon (lon/lat degrees).
    cell
        Cell size in degrees.
    pad
        Margin around the zone's bounding box covered by the grid, in degrees.
    """

    def __init__(self, geometry: shapely.Geometry, *, cell: float = CELL_DEG,
                 pad: float = PAD_DEG) -> None:
        self.geometry = geometry
        shapely.prepare(geometry)
        self.boundary = geometry.boundary
        shapely.prepare(self.boundary)
        x0, y0, x1, y1 = geometry.bounds
        self.cell = float(cell)
        self.x0, self.y0 = x0 - pad, y0 - pad
        self.nx = math.ceil((x1 + pad - self.x0) / cell) + 1
        self.ny = math.ceil((y1 + pad - self.y0) / cell) + 1
        self.status = self._statuses(self._marks())
        self._near: dict[float, np.ndarray] = {}

    # -- construction ----------------------------------------------------------------------
    def _marks(self) -> np.ndarray:
        """Cells within ``_EPS`` cells of any ring segment (a superset of those it crosses)."""
        rings = shapely.get_rings(shapely.get_parts(self.geometry))
        rings = shapely.segmentize(rings, self.cell / 2)
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        same = ring[1:] == ring[:-1]
        fx = (xy[:, 0] - self.x0) / self.cell
        fy = (xy[:, 1] - self.y0) / self.cell
        a, b = np.flatnonzero(same), np.flatnonzero(same) + 1
        lox = np.floor(np.minimum(fx[a], fx[b]) - _EPS).astype(np.int64)
        hix = np.floor(np.maximum(fx[a], fx[b]) + _EPS).astype(np.int64)
        loy = np.floor(np.minimum(fy[a], fy[b]) - _EPS).astype(np.int64)
        hiy = np.floor(np.maximum(fy[a], fy[b]) + _EPS).astype(np.int64)
        marked = np.zeros((self.ny, self.nx), bool)
        span = int(max((hix - lox).max(initial=0), (hiy - loy).max(initial=0)))
        for dx in range(span + 1):
            for dy in range(span + 1):
                ok = (lox + dx <= hix) & (loy + dy <= hiy)
                ix = np.clip(lox[ok] + dx, 0, self.nx - 1)
                iy = np.clip(loy[ok] + dy, 0, self.ny - 1)
                marked[iy, ix] = True
        return marked.ravel()

    def _statuses(self, marked: np.ndarray) -> np.ndarray:
        """Inside / outside / boundary per cell; a block of cells free of the edge is one
        connected edge-free region, so one ``contains_xy`` at its centre settles it."""
        b = _BLOCK
        nyb, nxb = -(-self.ny // b), -(-self.nx // b)
        grid = np.ones((nyb * b, nxb * b), bool)
        grid[:self.ny, :self.nx] = marked.reshape(self.ny, self.nx)
        busy = grid.reshape(nyb, b, nxb, b).any(axis=(1, 3))
        by, bx = np.nonzero(~busy)
        inside = shapely.contains_xy(self.geometry, self.x0 + (bx + 0.5) * b * self.cell,
                                     self.y0 + (by + 0.5) * b * self.cell)
        block = np.full((nyb, nxb), _BOUNDARY, np.int8)
        block[by, bx] = np.where(inside, _INSIDE, _OUTSIDE)
        status = np.repeat(np.repeat(block, b, axis=0), b, axis=1)[:self.ny, :self.nx].ravel()
        # Edge-free cells in blocks the edge crosses: one test at each cell's centre.
        free = np.flatnonzero((status == _BOUNDARY) & ~marked)
        cx, cy = self._centres(free)
        status[free] = np.where(shapely.contains_xy(self.geometry, cx, cy), _INSIDE, _OUTSIDE)
        return status

    def _centres(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        iy, ix = np.divmod(cells, self.nx)
        return self.x0 + (ix + 0.5) * self.cell, self.y0 + (iy + 0.5) * self.cell

    # -- queries ---------------------------------------------------------------------------
    def cells(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Flat cell index of each point; -1 outside the grid (or NaN)."""
        fx = (lon - self.x0) / self.cell
        fy = (lat - self.y0) / self.cell
        ok = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        out = np.full(len(fx), -1, np.int64)
        out[ok] = fy[ok].astype(np.int64) * self.nx + fx[ok].astype(np.int64)
        return out

    def contains_xy(self, lon: np.ndarray, lat: np.ndarray,
                    cells: np.ndarray | None = None) -> np.ndarray:
        """Exactly ``shapely.contains_xy(geometry, lon, lat)`` (edge points are outside)."""
        cells = self.cells(lon, lat) if cells is None else cells
        st = np.where(cells >= 0, self.status[np.maximum(cells, 0)], _OUTSIDE)
        out = st == _INSIDE
        edge = np.flatnonzero(st == _BOUNDARY)
        if edge.size:
            out[edge] = shapely.contains_xy(self.geometry, lon[edge], lat[edge])
        return out

    def near_edge(self, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray,
                  kpd: np.ndarray, cells: np.ndarray | None = None) -> np.ndarray:
        """Exactly ``distance(boundary, point) * kpd < radius`` (see :func:`exact_near`)."""
        cells = self.cells(lon, lat) if cells is None else cells
        verdict = np.full(len(lon), _OPEN, np.int8)
        for r in np.unique(radius):
            pick = np.flatnonzero((radius == r) & (cells >= 0))
            if pick.size:
                verdict[pick] = self._cell_near(float(r), cells[pick])
        out = verdict == _NEAR
        todo = np.flatnonzero(verdict == _OPEN)
        if todo.size:
            out[todo] = exact_near(self.boundary, lon[todo], lat[todo], radius[todo], kpd[todo])
        return out

    def _cell_near(self, radius: float, cells: np.ndarray) -> np.ndarray:
        """Far / near / open for each cell at ``radius`` km, testing new cells once."""
        table = self._near.setdefault(radius, np.zeros(self.nx * self.ny, np.int8))
        new = _distinct(cells[table[cells] == _UNKNOWN], self.nx * self.ny)
        if new.size:
            table[new] = self._classify(radius, new)
        return table[cells]

    def _classify(self, radius: float, cells: np.ndarray) -> np.ndarray:
        """Decide distinct cells block by block: blocks of 16 and 4 cells a side first."""
        out = np.full(len(cells), _OPEN, np.int8)
        iy, ix = np.divmod(cells, self.nx)
        todo = np.arange(len(cells))
        for size in _LEVELS:
            if not todo.size:
                break
            nbx = self.nx // size + 1
            key = (iy[todo] // size) * nbx + ix[todo] // size
            if size == 1:
                decided = self._decide(radius, *np.divmod(key, nbx), size)
            else:
                blocks = _distinct(key, (self.ny // size + 1) * nbx)
                lookup = np.zeros((self.ny // size + 1) * nbx, np.int8)
                lookup[blocks] = self._decide(radius, *np.divmod(blocks, nbx), size)
                decided = lookup[key]
            out[todo] = decided
            todo = todo[decided == _OPEN]
        return out

    def _decide(self, radius: float, by: np.ndarray, bx: np.ndarray, size: int
                ) -> np.ndarray:
        """Far / near / open for square blocks of ``size`` cells at ``radius`` km.

        A point of the block is at most the half diagonal from the block's centre, and its
        km per degree lies between those of the block's lowest and highest ``|lat|``.
        """
        side = size * self.cell
        pad = _EPS * self.cell
        lo = self.y0 + by * side - pad
        hi = lo + side + 2 * pad
        abs_lo = np.where((lo <= 0) & (hi >= 0), 0.0, np.minimum(np.abs(lo), np.abs(hi)))
        abs_hi = np.maximum(np.abs(lo), np.abs(hi))
        kpd_max = km_per_deg(abs_lo) * (1 + 1e-9)
        kpd_min = km_per_deg(abs_hi) * (1 - 1e-9)
        half = side * math.sqrt(0.5) * (1 + 1e-6)
        out = np.full(len(by), _OPEN, np.int8)
        usable = kpd_min > 0
        lmin = radius / kpd_max
        lmax = np.where(usable, radius / np.where(usable, kpd_min, 1.0), np.inf)
        centres = shapely.points(self.x0 + (bx + 0.5) * side, self.y0 + (by + 0.5) * side)
        test = np.flatnonzero(usable)
        far = ~shapely.dwithin(self.boundary, centres[test], (lmax[test] + half) * (1 + _MARGIN))
        out[test[far]] = _FAR
        test = test[~far]
        test = test[lmin[test] - half > 0]
        near = shapely.dwithin(self.boundary, centres[test], (lmin[test] - half) * (1 - _MARGIN))
        out[test[near]] = _NEAR
        return out


def _distinct(values: np.ndarray, size: int) -> np.ndarray:
    """The distinct values (sorted) of non-negative integers below ``size``."""
    seen = np.zeros(size, bool)
    seen[values] = True
    return np.flatnonzero(seen)


def zone_grid(geometry: shapely.Geometry, *, build: bool = True) -> ZoneGrid | None:
    """The cached grid of ``geometry`` (keyed by its WKB hash); ``None`` if it has none.

    Only valid, non-empty (Multi)Polygons get a grid. ``build=False`` only looks it up.
    """
    key = hashlib.blake2b(shapely.to_wkb(geometry), digest_size=16).digest()
    if key in _CACHE:
        return _CACHE[key]
    if not build:
        return None
    ok = (shapely.get_type_id(geometry) in (3, 6) and not shapely.is_empty(geometry)
          and bool(shapely.is_valid(geometry)))
    grid = ZoneGrid(geometry) if ok else None
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = grid
    return grid


class PointSet:
    """Points tested against many zones: what does not depend on the zone, computed once.

    ``radius`` is the km radius a point stands for (0 for exact places); NaN ``lon`` means
    no point.
    """

    def __init__(self, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray) -> None:
        self.lon = np.asarray(lon, dtype=float)
        self.lat = np.asarray(lat, dtype=float)
        self.radius = np.asarray(radius, dtype=float)
        self.has = ~np.isnan(self.lon)
        self.count = int(self.has.sum())
        self.fuzzy = np.flatnonzero(self.has & (self.radius > 0))
        self.fuzzy_lon, self.fuzzy_lat = self.lon[self.fuzzy], self.lat[self.fuzzy]
        self.fuzzy_radius = self.radius[self.fuzzy]
        self.kpd = km_per_deg(self.fuzzy_lat)

    def __len__(self) -> int:
        return len(self.lon)

    def membership(self, geometry: shapely.Geometry, *, grid_min: int = GRID_MIN_POINTS
                   ) -> np.ndarray:
        """1 inside, 0 outside, -1 no point or a place of radius > 0 near the edge."""
        out = np.full(len(self), -1, dtype=np.int8)
        if not self.count:
            return out
        grid = zone_grid(geometry, build=self.count >= grid_min)
        if grid is None:
            return self._direct(geometry, out)
        cells = grid.cells(self.lon, self.lat)
        near = np.zeros(len(self), bool)
        if self.fuzzy.size:
            near[self.fuzzy] = grid.near_edge(self.fuzzy_lon, self.fuzzy_lat,
                                              self.fuzzy_radius, self.kpd, cells[self.fuzzy])
        status = np.where(cells >= 0, grid.status[np.maximum(cells, 0)], _OUTSIDE)
        out[self.has] = (status[self.has] == _INSIDE).astype(np.int8)
        edge = np.flatnonzero((status == _BOUNDARY) & self.has & ~near)
        if edge.size:
            out[edge] = shapely.contains_xy(geometry, self.lon[edge], self.lat[edge])
        out[self.fuzzy[near[self.fuzzy]]] = -1
        return out

    def _direct(self, geometry: shapely.Geometry, out: np.ndarray) -> np.ndarray:
        """Plain GEOS: ``contains_xy``, then the distance rule for imprecise places."""
        shapely.prepare(geometry)
        out[self.has] = shapely.contains_xy(geometry, self.lon[self.has], self.lat[self.has])
        if self.fuzzy.size:
            near = exact_near(geometry.boundary, self.fuzzy_lon, self.fuzzy_lat,
                              self.fuzzy_radius, self.kpd)
            out[self.fuzzy[near]] = -1
        return out


def membership(geometry: shapely.Geometry, lon: np.ndarray, lat: np.ndarray,
               radius: np.ndarray, *, grid_min: int = GRID_MIN_POINTS) -> np.ndarray:
    """1 inside, 0 outside, -1 no point (NaN) or a place of radius > 0 near the edge.

    The rule of ``zone_membership``: ``contains_xy``, then -1 where
    ``distance(boundary, point) * km_per_deg(lat) < radius``. With ``grid_min`` or more
    points (or a grid already cached) the zone's grid answers; the result is the same.
    For many zones and the same points, build a :class:`PointSet` once.
    """
    return PointSet(lon, lat, radius).membership(geometry, grid_min=grid_min)
