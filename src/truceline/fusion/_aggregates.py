"""Aggregate claims side by side: each party's headline count next to what incidents support.

"4,900 violations since the truce began" cannot be fused into incidents (it has no one
place); it is shown beside the incidents in the store that fall into the same period and
accuse the same party, with how many of those are well supported (credibility 1–3) and
how many are disputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from truceline.domain import Incident


class Headline(Protocol):
    """What :func:`side_by_side` reads of an aggregate claim (extraction's AggregateClaim)."""

    count: int | None
    description: str
    period_start: date | None
    period_end: date | None
    alleged_by: str | None
    actor: str | None
    evidence: str


@dataclass(frozen=True, kw_only=True)
class HeadlineRow:
    """One headline count and what the incidents in the store support."""

    alleged_by: str | None
    accused: str | None
    claimed: int | None
    period_start: date | None
    period_end: date | None
    incidents: int
    supported: int
    disputed: int
    description: str
    evidence: str

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in self.__dict__.items()}


def _bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    lo = datetime(first.year, first.month, first.day, tzinfo=UTC) if first else None
    hi = (datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
          if last else None)
    return lo, hi


def _in_period(inc: Incident, lo: datetime | None, hi: datetime | None) -> bool:
    if inc.when is None:
        return False
    mid = inc.when.start + (inc.when.end - inc.when.start) / 2
    return (lo is None or mid >= lo) and (hi is None or mid < hi)


def side_by_side(aggregates: Iterable[Headline], incidents: Iterable[Incident], *,
                 start: date | None = None, end: date | None = None) -> list[HeadlineRow]:
    """Each aggregate claim beside the incidents that could make up its count.

    Parameters
    ----------
    aggregates
        Aggregate claims (count, period, alleging and accused party).
    incidents
        Incidents (graded or not); an incident counts when the middle of its time span
        falls in the aggregate's period (or ``start``..``end`` when the aggregate gives
        none) and its actor is the accused party (any actor when none is named).
    start, end
        The truce's days (inclusive); aggregates whose period lies wholly outside are
        left out.

    Returns
    -------
    list of HeadlineRow
        Sorted by alleging party, accused party and claimed count (largest first).
    """
    incs = list(incidents)
    rows = []
    for a in aggregates:
        first, last = a.period_start or start, a.period_end or end
        if (start and last and last < start) or (end and first and first > end):
            continue
        lo, hi = _bounds(first, last)
        hits = [i for i in incs if _in_period(i, lo, hi)
                and (a.actor is None or i.actor == a.actor)]
        rows.append(HeadlineRow(
            alleged_by=a.alleged_by, accused=a.actor, claimed=a.count, period_start=first,
            period_end=last, incidents=len(hits),
            supported=sum(1 for i in hits if i.credibility is not None and i.credibility <= 3),
            disputed=sum(1 for i in hits if i.disputed), description=a.description,
            evidence=a.evidence))
    return sorted(rows, key=lambda r: (r.alleged_by or "", r.accused or "",
                                       -(r.claimed or 0), r.description))
