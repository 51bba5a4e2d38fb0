"""Places and claims: one assertion a report makes about one event."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

from truceline._typing import Stance
from truceline.domain.timespan import TimeSpan


@dataclass(frozen=True, kw_only=True)
class Place:
    """A place as resolved: a point (EPSG:4326, lon/lat order) with its precision.

    ``precision``: 1 settlement or facility, 2 district or "direction", 3 region.
    ``alternatives`` lists other candidates when the name was ambiguous; ``note`` says
    how the choice was made.
    """

    name: str
    lon: float | None = None
    lat: float | None = None
    precision: int = 1
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    as_written: str = ""
    gazetteer_id: str | None = None
    alternatives: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if (self.lon is None) != (self.lat is None):
            raise ValueError(f"place {self.name!r} has only one of lon/lat")
        if self.lon is not None and self.lat is not None:
            if not (math.isfinite(self.lon) and math.isfinite(self.lat)):
                raise ValueError(f"place {self.name!r} has a non-finite coordinate")
            if not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
                raise ValueError(
                    f"place {self.name!r}: lon {self.lon} / lat {self.lat} out of range")
        if self.precision not in (1, 2, 3):
            raise ValueError(f"place precision must be 1, 2 or 3, not {self.precision}")

    @property
    def has_point(self) -> bool:
        """True when the place has coordinates."""
        return self.lon is not None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "name": self.name, "lon": self.lon, "lat": self.lat, "precision": self.precision,
            "admin1": self.admin1, "admin2": self.admin2, "country": self.country,
            "as_written": self.as_written, "gazetteer_id": self.gazetteer_id,
            "alternatives": list(self.alternatives), "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Place:
        """Inverse of :meth:`to_dict`."""
        return cls(**{**d, "alternatives": tuple(d.get("alternatives", ()))})  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One assertion a report makes about one event.

    ``actor`` is the party said to have done it (the accused, per the source);
    ``alleged_by`` the party making the claim (``None`` for a neutral source);
    ``stance`` one of allegation, denial, self_report, observation.
    ``incident_ref`` is a grouping key the input declared (a dataset's event id shared by
    several rows), or ``None``. ``origin`` is where the fire came from, when the source
    says (``place`` is where it landed).
    """

    report_id: str
    source_id: str
    event_type: str
    target_type: str = "unspecified"
    weapon: str | None = None
    weapon_class: str | None = None
    when: TimeSpan | None = None
    place: Place | None = None
    actor: str | None = None
    alleged_by: str | None = None
    stance: Stance = "allegation"
    quantities: tuple[tuple[str, float], ...] = ()
    evidence: str = ""
    confidence: float = 1.0
    incident_ref: str | None = None
    index: int = 0
    origin: Place | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", claim_id(self.report_id, self.index))

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "id": self.id, "report_id": self.report_id, "source_id": self.source_id,
            "event_type": self.event_type, "target_type": self.target_type,
            "weapon": self.weapon, "weapon_class": self.weapon_class,
            "when": self.when.to_dict() if self.when else None,
            "place": self.place.to_dict() if self.place else None,
            "actor": self.actor, "alleged_by": self.alleged_by, "stance": self.stance,
            "quantities": [list(q) for q in self.quantities], "evidence": self.evidence,
            "confidence": self.confidence, "incident_ref": self.incident_ref,
            "index": self.index, "origin": self.origin.to_dict() if self.origin else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Claim:
        """Inverse of :meth:`to_dict`."""
        data = dict(d)
        data["when"] = TimeSpan.from_dict(data["when"]) if data.get("when") else None  # type: ignore[arg-type]
        data["place"] = Place.from_dict(data["place"]) if data.get("place") else None  # type: ignore[arg-type]
        data["origin"] = Place.from_dict(data["origin"]) if data.get("origin") else None  # type: ignore[arg-type]
        data["quantities"] = tuple((str(k), float(v)) for k, v in data.get("quantities", ()))  # type: ignore[union-attr]
        return cls(**data)  # type: ignore[arg-type]


def claim_id(report_id: str, index: int) -> str:
    """Stable id of the ``index``-th claim of a report.

    Examples
    --------
    >>> claim_id("ab" * 32, 0)[:2]
    'c-'
    """
    return "c-" + hashlib.sha256(f"{report_id}:{index}".encode()).hexdigest()[:20]


# ``json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)``, built once
_ID_JSON = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode


def stable_id(prefix: str, *parts: object) -> str:
    """A deterministic id from parts (JSON-encoded, hashed).

    Examples
    --------
    >>> stable_id("i", "a", 1) == stable_id("i", "a", 1)
    True
    """
    raw = _ID_JSON(parts).encode()
    return f"{prefix}-" + hashlib.sha256(raw).hexdigest()[:20]
