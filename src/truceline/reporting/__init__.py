"""Reporting stage: findings → artifacts (GeoJSON, CSV rows, HTML summary)."""

from truceline.reporting._daily import (
    DailyReport,
    build_daily_report,
    charts,
    daily_series,
    days_in_force,
    local_day,
    to_html,
    to_markdown,
    to_pdf,
)
from truceline.reporting._explain import explain_lines
from truceline.reporting._exports import (
    SUMMARY_COLUMNS,
    finding_geometry,
    finding_row,
    findings_geojson,
    summarise,
)
from truceline.reporting._health import (
    Alert,
    HealthDay,
    find_alerts,
    health_series,
    send_alerts,
)
from truceline.reporting._html import summary_html

__all__ = [
    "SUMMARY_COLUMNS",
    "Alert",
    "DailyReport",
    "HealthDay",
    "build_daily_report",
    "charts",
    "daily_series",
    "days_in_force",
    "explain_lines",
    "find_alerts",
    "finding_geometry",
    "finding_row",
    "findings_geojson",
    "health_series",
    "local_day",
    "send_alerts",
    "summarise",
    "summary_html",
    "to_html",
    "to_markdown",
    "to_pdf",
]
