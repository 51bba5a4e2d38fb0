"""Reporting stage: findings → artifacts (GeoJSON, CSV rows, HTML summary)."""

from truceline.reporting._exports import (
    SUMMARY_COLUMNS,
    finding_geometry,
    finding_row,
    findings_geojson,
    summarise,
)
from truceline.reporting._explain import explain_lines
from truceline.reporting._html import summary_html

__all__ = [
    "SUMMARY_COLUMNS",
    "explain_lines",
    "finding_geometry",
    "finding_row",
    "findings_geojson",
    "summarise",
    "summary_html",
]
