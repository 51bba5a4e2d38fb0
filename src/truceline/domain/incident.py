"""Incidents: one real-world event that one or more claims describe."""

from __future__ import annotations

from dataclasses import dataclass

from truceline.domain.claim import Claim, Place
from truceline.domain.report import Source
from truceline.domain.timespan import TimeSpan


@dataclass(frozen=True, kw_only=True)
class Incident:
    """One real-world event, with the claims that describe it and best estimates.

    ``claims`` travel with the incident so that every finding can show its evidence;
    ``sources`` are the sources of those claims (as known to the registry).
    ``credibility`` is a grade 1 (confirmed) to 6 (cannot be judged), or ``None`` until
    graded; ``disputed`` marks an allegation met by a denial.
    """

    id: str
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...] = ()
    event_type: str = "attack_unspecified"
    target_type: str = "unspecified"
    weapon_class: str | None = None
    weapon: str | None = None
    when: TimeSpan | None = None
    place: Place | None = None
    origin: Place | None = None
    actor: str | None = None
    credibility: int | None = None
    disputed: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.claims:
            raise ValueError(f"incident {self.id} has no claims")

    @property
    def claim_ids(self) -> tuple[str, ...]:
        """Ids of the claims, in order."""
        return tuple(c.id for c in self.claims)

    @property
    def report_ids(self) -> tuple[str, ...]:
        """Ids of the reports the claims come from, sorted, without repeats."""
        return tuple(sorted({c.report_id for c in self.claims}))

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if known."""
        return next((s for s in self.sources if s.id == source_id), None)

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "id": self.id,
            "claims": [c.to_dict() for c in self.claims],
            "sources": [s.to_dict() for s in self.sources],
            "event_type": self.event_type, "target_type": self.target_type,
            "weapon_class": self.weapon_class, "weapon": self.weapon,
            "when": self.when.to_dict() if self.when else None,
            "place": self.place.to_dict() if self.place else None,
            "origin": self.origin.to_dict() if self.origin else None,
            "actor": self.actor, "credibility": self.credibility, "disputed": self.disputed,
            "notes": list(self.notes), "report_ids": list(self.report_ids),
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Incident:
        """Inverse of :meth:`to_dict`."""
        data = {k: v for k, v in d.items() if k != "report_ids"}
        data["claims"] = tuple(Claim.from_dict(c) for c in data["claims"])  # type: ignore[union-attr]
        data["sources"] = tuple(Source(**s) for s in data.get("sources", ()))  # type: ignore[union-attr]
        data["when"] = TimeSpan.from_dict(data["when"]) if data.get("when") else None  # type: ignore[arg-type]
        data["place"] = Place.from_dict(data["place"]) if data.get("place") else None  # type: ignore[arg-type]
        data["origin"] = Place.from_dict(data["origin"]) if data.get("origin") else None  # type: ignore[arg-type]
        data["notes"] = tuple(data.get("notes", ()))  # type: ignore[arg-type]
        return cls(**data)  # type: ignore[arg-type]
