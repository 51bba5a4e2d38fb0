"""Values the extraction stage returns besides claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from truceline.domain import AggregateClaim, Claim


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
