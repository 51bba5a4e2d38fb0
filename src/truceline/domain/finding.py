"""Findings: an incident ruled against one clause, with every test and its reasons."""

from __future__ import annotations

from dataclasses import dataclass

from truceline._typing import TestOutcome, Verdict


@dataclass(frozen=True, kw_only=True)
class Test:
    """One test of a ruling (window, zone, act, party, evidence) and its outcome in words."""

    name: str
    outcome: TestOutcome
    detail: str

    def to_dict(self) -> dict[str, str]:
        """Plain-JSON form."""
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail}


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One claim a finding rests on, as shown to a reader."""

    claim_id: str
    report_id: str
    source_id: str
    source_name: str
    source_kind: str
    source_party: str | None
    stance: str
    alleged_by: str | None
    actor: str | None
    quote: str
    origin: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return dict(self.__dict__)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """Incident × Clause → verdict, with the tests, reasons, evidence and provenance.

    ``reasons`` are plain sentences; ``policies`` the ambiguity policies in force;
    ``agreement_sha256`` the hash of the agreement file ruled on.
    """

    id: str
    incident_id: str
    agreement_id: str
    clause_id: str
    verdict: Verdict
    tests: tuple[Test, ...]
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    credibility: int | None = None
    policies: tuple[tuple[str, str], ...] = ()
    agreement_sha256: str = ""
    truceline_version: str = ""
    status: str = "draft"
    accused: str | None = None
    event_type: str = ""
    target_type: str = ""
    lon: float | None = None
    lat: float | None = None
    start: str | None = None
    end: str | None = None
    place_name: str | None = None
    area: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form (the ``findings.v1`` record)."""
        return {
            "id": self.id, "incident_id": self.incident_id, "agreement_id": self.agreement_id,
            "clause_id": self.clause_id, "verdict": self.verdict,
            "tests": [t.to_dict() for t in self.tests], "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in self.evidence], "credibility": self.credibility,
            "policies": dict(self.policies), "agreement_sha256": self.agreement_sha256,
            "truceline_version": self.truceline_version, "status": self.status,
            "accused": self.accused, "event_type": self.event_type,
            "target_type": self.target_type, "lon": self.lon, "lat": self.lat,
            "start": self.start, "end": self.end, "place_name": self.place_name,
            "area": self.area,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Finding:
        """Inverse of :meth:`to_dict`."""
        data = dict(d)
        data["tests"] = tuple(Test(**t) for t in data["tests"])  # type: ignore[union-attr]
        data["evidence"] = tuple(Evidence(**e) for e in data["evidence"])  # type: ignore[union-attr]
        data["reasons"] = tuple(data["reasons"])  # type: ignore[arg-type]
        data["policies"] = tuple(sorted(dict(data.get("policies") or {}).items()))  # type: ignore[call-overload]
        return cls(**data)  # type: ignore[arg-type]
