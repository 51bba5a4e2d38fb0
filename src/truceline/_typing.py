"""Policy and vocabulary literals shared by every layer."""

from __future__ import annotations

from typing import Literal

OnAmbiguousPlace = Literal["raise", "flag", "best"]
OnMissingTimezone = Literal["raise", "assume_utc", "flag"]
BoundaryRule = Literal["inclusive", "exclusive"]
Stance = Literal["allegation", "denial", "self_report", "observation"]
Verdict = Literal["not_applicable", "possible", "alleged", "corroborated", "confirmed"]
TestOutcome = Literal["pass", "fail", "undecided"]
TimePrecision = Literal["minute", "hour", "day", "span", "unknown"]
Undated = Literal["dateline", "null", "published"]
"""What an event the text gives no date for gets (see :func:`truceline.extraction.extract`)."""
SourceKind = Literal[
    "party_official",
    "party_affiliated_media",
    "independent_media",
    "international_media",
    "monitor",
    "ngo",
    "social",
    "dataset",
    "unknown",
]
