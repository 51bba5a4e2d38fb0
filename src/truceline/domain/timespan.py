"""Time spans: when something happened, with the precision the source gave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from truceline._typing import TimePrecision

# The widest offsets in use: a local calendar day with no known zone covers these.
_EARLIEST_OFFSET = timedelta(hours=14)
_LATEST_OFFSET = timedelta(hours=12)


@dataclass(frozen=True, kw_only=True)
class TimeSpan:
    """A half-open interval ``[start, end)`` in UTC.

    ``precision`` says what the source gave: an exact minute, an hour, a calendar day, a
    span of days. ``tz`` is the zone the source's local time was read in (``None`` when
    the source gave none, in which case the span was widened to every zone on Earth and
    ``flags`` says so). ``as_written`` keeps the original text.
    """

    start: datetime
    end: datetime
    precision: TimePrecision
    tz: str | None = None
    as_written: str = ""
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("TimeSpan needs time-zone-aware datetimes (UTC)")
        if self.end < self.start:
            raise ValueError(f"TimeSpan ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def instant(cls, at: datetime, *, precision: TimePrecision = "minute", as_written: str = "",
                tz: str | None = None) -> TimeSpan:
        """A point in time, as the minute (or hour) containing it."""
        width = timedelta(hours=1) if precision == "hour" else timedelta(minutes=1)
        start = at.astimezone(UTC)
        return cls(start=start, end=start + width, precision=precision, tz=tz,
                   as_written=as_written)

    @classmethod
    def local_days(cls, first: date, last: date | None = None, *, tz: str | None,
                   as_written: str = "") -> TimeSpan:
        """The local calendar days ``first..last`` (inclusive) in zone ``tz``.

        With ``tz=None`` the span is widened to cover the day in every zone on Earth,
        and the span is flagged ``timezone_unknown``.

        Examples
        --------
        >>> s = TimeSpan.local_days(date(2025, 4, 19), tz="Europe/Moscow")
        >>> s.start.isoformat(), s.end.isoformat()
        ('2025-04-18T21:00:00+00:00', '2025-04-19T21:00:00+00:00')
        """
        last = last or first
        if last < first:
            raise ValueError(f"day span ends ({last}) before it starts ({first})")
        precision: TimePrecision = "day" if first == last else "span"
        if tz is None:
            start = datetime(first.year, first.month, first.day, tzinfo=UTC) - _EARLIEST_OFFSET
            end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
            end += _LATEST_OFFSET
            return cls(start=start, end=end, precision=precision, tz=None,
                       as_written=as_written, flags=("timezone_unknown",))
        zone = ZoneInfo(tz)
        start = datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(UTC)
        nxt = last + timedelta(days=1)
        end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone).astimezone(UTC)
        return cls(start=start, end=end, precision=precision, tz=tz, as_written=as_written)

    @property
    def is_exact(self) -> bool:
        """True when the span is a minute or an hour."""
        return self.precision in ("minute", "hour")

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "tz": self.tz,
            "as_written": self.as_written,
            "flags": list(self.flags),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TimeSpan:
        """Inverse of :meth:`to_dict`."""
        return cls(
            start=datetime.fromisoformat(str(data["start"])),
            end=datetime.fromisoformat(str(data["end"])),
            precision=data["precision"],  # type: ignore[arg-type]
            tz=data.get("tz"),  # type: ignore[arg-type]
            as_written=str(data.get("as_written", "")),
            flags=tuple(data.get("flags", ())),  # type: ignore[arg-type]
        )
