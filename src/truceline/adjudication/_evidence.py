"""The evidence test: how strongly do independent sources support the incident?

- ``confirmed``: a monitor's observation, or the accused side's own report of its act;
- ``corroborated``: at least two independent sources, at least one not from the alleging side;
- ``alleged``: otherwise (one side's word only).

Sources are independent when they trace back to different upstream statements: fusion
writes each incident's independence groups as ``upstream {"key": …, "claims": […]}`` notes
(docs/methodology/fusion.md), and claims of one group (outlets quoting the same ministry
post, a republished wire story) count once. Claims no note names count as their own
source. Denials do not lower the verdict; they are shown beside it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from truceline._typing import Verdict
from truceline.domain import Evidence, Incident, Source

_ASSERTING = {"allegation", "observation", "self_report"}


def _source(incident: Incident, source_id: str) -> Source:
    return incident.source(source_id) or Source(id=source_id, name=source_id)


def independence_keys(incident: Incident) -> dict[str, str]:
    """``{claim id: upstream key}``: claims with one key count as one independent source."""
    out = {c.id: f"source:{c.source_id}" for c in incident.claims}
    for note in incident.notes:
        if note.startswith("upstream {"):
            data = json.loads(note[len("upstream "):])
            for cid in data.get("claims", ()):
                if cid in out:
                    out[cid] = str(data["key"])
    return out


def evidence_of(incident: Incident, origins: Mapping[str, str] | None = None
                ) -> tuple[Evidence, ...]:
    """Every claim of the incident as shown to a reader."""
    origins = origins or {}
    out = []
    for c in incident.claims:
        src = _source(incident, c.source_id)
        out.append(Evidence(
            claim_id=c.id, report_id=c.report_id, source_id=src.id, source_name=src.name,
            source_kind=src.kind, source_party=src.party, stance=c.stance,
            alleged_by=c.alleged_by or src.party, actor=c.actor, quote=c.evidence,
            origin=origins.get(c.report_id, "")))
    return tuple(out)


def grade_evidence(incident: Incident) -> tuple[Verdict, list[str]]:
    """The evidence verdict for an incident whose other tests all passed, with reasons."""
    reasons: list[str] = []
    asserting = [c for c in incident.claims if c.stance in _ASSERTING]
    for c in incident.claims:
        src = _source(incident, c.source_id)
        if c.stance == "observation" and src.kind == "monitor":
            return "confirmed", [f"Observed by the monitor {src.name}."]
        if c.stance == "self_report" and incident.actor and (
                (c.alleged_by or src.party) == incident.actor):
            return "confirmed", [f"{incident.actor} reported the act itself ({src.name})."]
    keys = independence_keys(incident)
    groups: dict[str, list[str]] = {}
    for c in asserting:
        name = _source(incident, c.source_id).name
        if name not in groups.setdefault(keys[c.id], []):
            groups[keys[c.id]].append(name)
    independent = sorted(groups)
    alleging = sorted({c.alleged_by or _source(incident, c.source_id).party or "neutral"
                       for c in asserting})
    names = "; ".join(" = ".join(groups[k]) for k in independent)
    relayed = [k for k in independent if len(groups[k]) > 1]
    if len(independent) >= 2 and (len(alleging) >= 2 or alleging == ["neutral"]):
        reasons.append(f"{len(independent)} independent sources ({names}), not all from one "
                       "side.")
        verdict: Verdict = "corroborated"
    else:
        side = alleging[0] if alleging else "unknown"
        who = "a neutral source" if side == "neutral" else f"{side}'s side"
        reasons.append(f"Only {who} supports it ({names or 'no asserting source'}).")
        verdict = "alleged"
    for k in relayed:
        reasons.append(f"{' and '.join(groups[k])} trace back to one statement ({k}): "
                       "counted once.")
    for c in incident.claims:
        if c.stance == "denial":
            src = _source(incident, c.source_id)
            reasons.append(f"Denied by {c.alleged_by or src.party or src.name} ({src.name}).")
    return verdict, reasons
