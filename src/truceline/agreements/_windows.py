"""Window edges: local date-times in a named IANA zone, and disputed readings.

A date-time is read as wall-clock time in the window's ``timezone``. An explicit offset
is allowed only when it agrees with that zone at that moment. A wall-clock time that a
daylight-saving change makes ambiguous or non-existent is refused, never guessed.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta
from functools import lru_cache

from truceline.agreements._validate import closest

_DT = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


class EdgeError(ValueError):
    """A window edge cannot be read; carries the message and the fix."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def get_zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone ``name``, or :class:`EdgeError` suggesting the closest name.

    Examples
    --------
    >>> get_zone("Europe/Kyiv").key
    'Europe/Kyiv'
    """
    try:
        if not name or name.startswith("/") or ".." in name:
            raise zoneinfo.ZoneInfoNotFoundError(name)
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        near = closest(name, _zones())
        hint = f"; did you mean '{near}'?" if near else ""
        raise EdgeError(f"unknown time zone {name!r}{hint}",
                        "use an IANA time zone name such as Europe/Kyiv or Europe/Moscow"
                        ) from None


def parse_local(text: str, tz: zoneinfo.ZoneInfo) -> datetime:
    """Read ``text`` as a wall-clock time in ``tz``; return an aware datetime.

    Examples
    --------
    >>> parse_local("2025-04-19T18:00", get_zone("Europe/Moscow")).isoformat()
    '2025-04-19T18:00:00+03:00'
    """
    text = text.strip()
    if not _DT.match(text):
        raise EdgeError(f"{text!r} is not a date-time",
                        "write YYYY-MM-DDTHH:MM (e.g. 2025-04-19T18:00) or YYYY-MM-DD")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise EdgeError(f"{text!r} is not a valid date-time ({exc})",
                        "check the month, day and hour (e.g. 2025-04-19T18:00)") from None
    if parsed.tzinfo is not None:
        local = parsed.astimezone(tz)
        if local.utcoffset() != parsed.utcoffset():
            raise EdgeError(
                f"{text!r} has offset {_fmt(parsed.utcoffset())} but {tz.key} is at "
                f"{_fmt(local.utcoffset())} then",
                f"drop the offset (the time is read in {tz.key}) or fix the timezone")
        return local
    first = parsed.replace(tzinfo=tz, fold=0)
    second = parsed.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        roundtrip = first.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(tz)
        if roundtrip.replace(tzinfo=None) != parsed:
            raise EdgeError(f"{text!r} does not exist in {tz.key} (clocks jump forward)",
                            "pick a time outside the daylight-saving jump, or add an offset")
        raise EdgeError(f"{text!r} happens twice in {tz.key} (clocks go back)",
                        "add the offset you mean, e.g. +03:00 or +02:00")
    return first


def _fmt(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
