"""Territory-control snapshots over time: the snapshot in force on a given day."""

from __future__ import annotations

import bisect
from datetime import date
from functools import lru_cache
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from truceline.errors import IntakeError
from truceline.territory._change import read_snapshot, snapshot_date

__all__ = ["SnapshotTimeline"]


class SnapshotTimeline:
    """The snapshots of a folder (or one file), by the date in their names.

    Calling it with a day gives the geometry of the latest snapshot on or before that day
    (``None`` before the first one); each file is read once, when first asked for. A
    single file answers every day. Used to settle homonyms by the contact line of the
    event's date (``truceline extract --frontline DIR``).

    Raises
    ------
    IntakeError
        When the path holds no GeoJSON snapshot whose name carries a date (``…_YYYYMMDD``).
    """

    def __init__(self, path: str | Path) -> None:
        p = Path(path)
        if p.is_file():
            self.files: list[tuple[date, Path]] = [(snapshot_date(p) or date.min, p)]
        else:
            found = [(snapshot_date(f), f) for f in sorted(p.glob("*.geojson"))]
            self.files = sorted((d, f) for d, f in found if d is not None)
        if not self.files:
            raise IntakeError(f"{p}: no territory-control snapshot found. Give a GeoJSON "
                              "file, or a folder of files named …_YYYYMMDD.geojson "
                              "(e.g. deepstatemap_data_20250418.geojson)")
        self._days = [d for d, _ in self.files]
        self._read = lru_cache(maxsize=8)(read_snapshot)

    def __call__(self, on: date) -> BaseGeometry | None:
        p = self.path_on(on)
        return self._read(p) if p is not None else None

    def path_on(self, on: date) -> Path | None:
        """The file in force on ``on`` (``None`` before the first)."""
        if len(self.files) == 1:
            return self.files[0][1]
        k = bisect.bisect_right(self._days, on) - 1
        return self.files[k][1] if k >= 0 else None
