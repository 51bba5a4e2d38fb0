"""Territory control: what changed hands between two snapshots of a contact line."""

from truceline.territory._change import (
    MIN_PATCH_KM2,
    Patch,
    TerritoryChange,
    change_records,
    compare_snapshots,
    read_snapshot,
    snapshot_date,
)
from truceline.territory._timeline import SnapshotTimeline

__all__ = [
    "MIN_PATCH_KM2",
    "Patch",
    "SnapshotTimeline",
    "TerritoryChange",
    "change_records",
    "compare_snapshots",
    "read_snapshot",
    "snapshot_date",
]
