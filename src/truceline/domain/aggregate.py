"""Aggregate claims: counts without one place ("4,900 violations since the truce began")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {k: (v.isoformat() if isinstance(v, date) else
                    list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> AggregateClaim:
        """Inverse of :meth:`to_dict`."""
        data = dict(d)
        for k in ("period_start", "period_end"):
            data[k] = date.fromisoformat(str(data[k])) if data.get(k) else None
        data["regions"] = tuple(data.get("regions") or ())  # type: ignore[arg-type]
        return cls(**data)  # type: ignore[arg-type]
