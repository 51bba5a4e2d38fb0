"""Dates: explicit formats tried in order, a tolerant dateutil fallback, sane ranges.

A value parsed to a date only (no time of day) becomes the local calendar day(s) in the
mapping's time zone (:meth:`TimeSpan.local_days`); a date with a time becomes an instant
(:meth:`TimeSpan.instant`); a start/end pair becomes the span between them. The format
that matched is recorded in the span's ``flags`` as ``date_format=<format>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser

from truceline.domain import TimeSpan

EARLIEST = date(1990, 1, 1)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# A day written without a zone covers these offsets (as TimeSpan.local_days does).
_WIDEN_BEFORE = timedelta(hours=14)
_WIDEN_AFTER = timedelta(hours=12)


class DateProblem(ValueError):
    """A value that is not a usable date; the message names the value and the fix."""


@dataclass(frozen=True, kw_only=True)
class Parsed:
    """One parsed date value: a date or a datetime, and the format that read it."""

    value: date | datetime
    has_time: bool
    matched: str
    raw: str


def parse_one(raw: str, *, formats: tuple[str, ...], dayfirst: bool, date_only: bool,
              fallback: bool = True) -> Parsed:
    """Parse ``raw`` with ``formats`` in order, then (if allowed) dateutil.

    Raises
    ------
    DateProblem
        When nothing reads the value.
    """
    text = raw.strip()
    for fmt in formats:
        try:
            dt = datetime.strptime(text, fmt)
        except ValueError:
            continue
        has_time = any(d in fmt for d in ("%H", "%I", "%M", "%S")) and not date_only
        return Parsed(value=dt if has_time else dt.date(), has_time=has_time, matched=fmt,
                      raw=raw)
    if fallback:
        try:
            dt = du_parser.parse(text, dayfirst=dayfirst)
        except (ValueError, OverflowError, du_parser.ParserError) as exc:
            raise DateProblem(f"{raw!r} is not a date ({exc})") from None
        has_time = bool(_HAS_TIME.search(text)) and not date_only
        return Parsed(value=dt if has_time else dt.date(), has_time=has_time,
                      matched="dateutil", raw=raw)
    tried = ", ".join(formats) or "(none)"
    raise DateProblem(f"{raw!r} matches none of the formats {tried}")


def _as_date(v: date | datetime) -> date:
    return v.date() if isinstance(v, datetime) else v


def check_range(p: Parsed, *, today: date) -> None:
    """Refuse dates before 1990 or after tomorrow (``today`` + 1 day)."""
    d = _as_date(p.value)
    if d < EARLIEST:
        raise DateProblem(f"{p.raw!r} is before {EARLIEST.isoformat()}, too early to be a "
                          "monitored event (a placeholder or typo?)")
    if d > today + timedelta(days=1):
        raise DateProblem(f"{p.raw!r} is in the future (after {today + timedelta(days=1)})")


def _aware(dt: datetime, tz: str | None) -> tuple[datetime, bool]:
    """Attach the zone to a naive datetime; returns (aware, zone_known)."""
    if dt.tzinfo is not None:
        return dt, True
    if tz is None:
        return dt.replace(tzinfo=UTC), False
    return dt.replace(tzinfo=ZoneInfo(tz)), True


def make_span(start: Parsed, end: Parsed | None, *, tz: str | None) -> TimeSpan:
    """Build the :class:`TimeSpan` for a start (and optional end) value.

    Raises
    ------
    DateProblem
        When the end is before the start.
    """
    flags = tuple(dict.fromkeys(
        f"date_format={p.matched}" for p in (start, end) if p is not None))
    same = end is None or end.raw.strip() == start.raw.strip()
    written = start.raw.strip()
    if not same:
        written += f" / {end.raw.strip()}"  # type: ignore[union-attr]
    if same:
        if not start.has_time:
            span = TimeSpan.local_days(_as_date(start.value), tz=tz, as_written=written)
            return _with_flags(span, flags)
        at, known = _aware(start.value, tz)  # type: ignore[arg-type]
        if known:
            span = TimeSpan.instant(at, as_written=written, tz=tz)
            return _with_flags(span, flags)
        return TimeSpan(start=at - _WIDEN_BEFORE, end=at + _WIDEN_AFTER + timedelta(minutes=1),
                        precision="span", tz=None, as_written=written,
                        flags=("timezone_unknown", *flags))
    if not start.has_time and not end.has_time:
        first, last = _as_date(start.value), _as_date(end.value)
        if last < first:
            raise DateProblem(f"end {end.raw!r} is before start {start.raw!r}")
        return _with_flags(TimeSpan.local_days(first, last, tz=tz, as_written=written), flags)
    s = _edge(start, tz, is_end=False)
    e = _edge(end, tz, is_end=True)
    if e < s:
        raise DateProblem(f"end {end.raw!r} is before start {start.raw!r}")
    extra: tuple[str, ...] = ("timezone_unknown",) if tz is None and not all(
        isinstance(p.value, datetime) and p.value.tzinfo for p in (start, end)) else ()
    if extra:
        s, e = s - _WIDEN_BEFORE, e + _WIDEN_AFTER
    return TimeSpan(start=s.astimezone(UTC), end=e.astimezone(UTC), precision="span", tz=tz,
                    as_written=written, flags=(*extra, *flags))


def _edge(p: Parsed, tz: str | None, *, is_end: bool) -> datetime:
    if p.has_time:
        at, _ = _aware(p.value, tz)  # type: ignore[arg-type]
        return at + timedelta(minutes=1) if is_end else at
    d = _as_date(p.value) + timedelta(days=1 if is_end else 0)
    zone = ZoneInfo(tz) if tz else UTC
    return datetime(d.year, d.month, d.day, tzinfo=zone)


def _with_flags(span: TimeSpan, flags: tuple[str, ...]) -> TimeSpan:
    return TimeSpan(start=span.start, end=span.end, precision=span.precision, tz=span.tz,
                    as_written=span.as_written, flags=(*span.flags, *flags))


def widen(span: TimeSpan, how: object, *, tz: str | None) -> TimeSpan:
    """``span`` widened by a stated uncertainty of its calendar days.

    ``how`` is ``None``, ``0`` or ``"day"`` (unchanged), a number of days either side,
    ``"week"`` (three days either side: the week a mid-week date stands for) or ``"month"``
    (the calendar month of the date: ACLED codes a month-precise event on the 15th). The
    result keeps the zone and says what was done in ``flags`` (``date_uncertainty=…``).

    Raises
    ------
    ValueError
        When ``how`` is none of these.
    """
    text = str(how).strip().lower() if how is not None else ""
    if text in ("", "0", "0.0", "day", "none"):
        return span
    if text == "week":
        days: int | None = 3
    elif text == "month":
        days = None
    else:
        try:
            days = int(float(text))
        except OverflowError:  # "inf"
            days = -1
        if days < 0 or days > 366:
            raise ValueError(f"uncertainty {how!r} is not 0..366 days")
    zone = ZoneInfo(tz) if tz else None
    first = (span.start.astimezone(zone) if zone else span.start + timedelta(hours=14)).date()
    last = ((span.end - timedelta(microseconds=1)).astimezone(zone) if zone else
            span.end - timedelta(hours=12) - timedelta(microseconds=1)).date()
    if days is None:
        lo = first.replace(day=1)
        hi = (lo + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        label = "month"
    else:
        lo, hi, label = first - timedelta(days=days), last + timedelta(days=days), f"±{days}d"
    out = TimeSpan.local_days(lo, hi, tz=tz, as_written=f"{span.as_written} ({label})")
    return TimeSpan(start=out.start, end=out.end, precision="span", tz=out.tz,
                    as_written=out.as_written,
                    flags=(*span.flags, *out.flags, f"date_uncertainty={label}"))
