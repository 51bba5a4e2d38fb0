"""Fusion stage: claims → incidents across sources and languages (docs/methodology/fusion.md).

Declared grouping (``incident_ref``) is a hard link; other claims meet by blocking (H3
cell ring × time window) and a similarity over structured fields; analysts' splits and
merges (:class:`Decision`) are respected; independence groups (claims tracing back to one
upstream statement) travel in ``Incident.notes``.
"""

from truceline.fusion._aggregates import HeadlineRow, side_by_side
from truceline.fusion._fuse import Decision, effective_decisions, fuse, fuse_incremental
from truceline.fusion._independence import attribution, read_upstream, upstream_key
from truceline.fusion._similarity import features, similarity

__all__ = [
    "Decision",
    "HeadlineRow",
    "attribution",
    "effective_decisions",
    "features",
    "fuse",
    "fuse_incremental",
    "read_upstream",
    "side_by_side",
    "similarity",
    "upstream_key",
]
