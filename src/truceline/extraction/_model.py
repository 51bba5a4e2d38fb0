"""Values the extraction stage returns besides claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from truceline.domain import Claim


@dataclass(frozen=True, kw_only=True)
class AggregateClaim:
    """A count without one place: "4,900 violations since the truce began".

    ``period_start``/``period_end`` are the days the count covers as the text gives them
    (``None`` when not given); ``regions`` the regions named; ``count`` ``None`` when the
    text gives only a direction of change.
    """

    report_id: str
    count: int | None
    description: str
    period_start: date | None = None
    period_end: date | None = None
    regions: tuple[str, ...] = ()
    alleged_by: str | None = None
    actor: str | None = None
    stance: str = "allegation"
    evidence: str = ""
    confidence: float = 0.6


@dataclass(frozen=True, kw_only=True)
class ReportQuality:
    """What extraction noticed about one report."""

    report_id: str
    name: str
    language: str | None
    published: date | None
    reference: date | None
    flags: tuple[str, ...] = ()
    mt_fragments: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ExtractionResult:
    """Claims, aggregate claims and per-report quality, with each claim's report name."""

    claims: tuple[Claim, ...]
    aggregates: tuple[AggregateClaim, ...]
    quality: tuple[ReportQuality, ...]
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
