"""Structured intake: tabular event records (CSV, JSON Lines, GeoJSON) → Reports and Claims.

A declarative mapping (YAML; built-ins for ACLED, UCDP GED and the Ukrainian Air Force
missile/drone attack reports) says which column gives each claim field. Bad rows come back
as :class:`Quarantined` with a reason; nothing is dropped silently. See ``docs/intake.md``.
"""

from truceline.intake._mapping import Mapping, list_mappings, load_mapping
from truceline.intake._tabular import Quarantined, Record, detect_mapping, file_encoding, read

__all__ = [
    "Mapping",
    "Quarantined",
    "Record",
    "detect_mapping",
    "file_encoding",
    "list_mappings",
    "load_mapping",
    "read",
]
