"""Claim builders for fusion tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from truceline.domain import Claim, Place, TimeSpan

DAY = TimeSpan.local_days(date(2025, 3, 19), tz="Europe/Moscow")
KAVKAZSKAYA = Place(name="Kavkazskaya", lon=40.667, lat=45.444, admin1="Krasnodar Krai",
                    country="RU")


def located(n: int, *, lon: float = 37.8, lat: float = 48.0, hours: float = 0.0,
            event_type: str = "artillery_shelling", source: str | None = None,
            report: str | None = None, **kw) -> Claim:
    """A claim at a point and a one-hour span ``hours`` after 2025-04-19 00:00 UTC."""
    t = datetime(2025, 4, 19, tzinfo=UTC) + timedelta(hours=hours)
    return Claim(report_id=report or f"r{n}", source_id=source or f"s{n}", index=n,
                 event_type=event_type, when=TimeSpan.instant(t, precision="hour"),
                 place=Place(name=f"p{lon:.3f},{lat:.3f}", lon=lon, lat=lat), **kw)
