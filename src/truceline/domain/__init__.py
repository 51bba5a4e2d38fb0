"""The shared vocabulary: frozen, keyword-only value types with no I/O.

Source, Report, Claim, Place, TimeSpan, Incident, Agreement (Party, Window, Reading,
Zone, Clause) and Finding (Test, Evidence). Stages talk to each other only through these.
"""

from truceline.domain.aggregate import AggregateClaim
from truceline.domain.agreement import Agreement, Clause, Party, Reading, Window, Zone
from truceline.domain.claim import Claim, Place, claim_id, stable_id
from truceline.domain.finding import Evidence, Finding, Test
from truceline.domain.incident import Incident
from truceline.domain.report import Report, Source, sha256_hex
from truceline.domain.timespan import TimeSpan

__all__ = [
    "AggregateClaim",
    "Agreement",
    "Claim",
    "Clause",
    "Evidence",
    "Finding",
    "Incident",
    "Party",
    "Place",
    "Reading",
    "Report",
    "Source",
    "Test",
    "TimeSpan",
    "Window",
    "Zone",
    "claim_id",
    "sha256_hex",
    "stable_id",
]
