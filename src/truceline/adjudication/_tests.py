"""The zone, act and party tests of a ruling.

Zone membership is computed for all incidents at once per zone (``shapely.contains_xy``),
never in a per-incident loop over zones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from truceline._typing import TestOutcome
from truceline.adjudication._grid import membership
from truceline.domain import Clause, Incident, Test, Zone
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES

# How far a place of each precision may be from the point that stands for it (km).
PRECISION_RADIUS_KM = {1: 0.0, 2: 10.0, 3: 100.0}


def zone_membership(zone: Zone, incidents: Sequence[Incident], *, attr: str = "place"
                    ) -> np.ndarray:
    """For each incident: 1 inside, 0 outside, -1 no point or too imprecise to tell.

    ``attr`` is ``place`` (where the act landed) or ``origin`` (where it came from).

    A place of precision 2 or 3 stands for an area of radius 10 or 100 km; when the zone's
    edge is nearer than that (by a lower bound of the geodesic distance), the answer is -1.
    """
    n = len(incidents)
    lons = np.full(n, np.nan)
    lats = np.full(n, np.nan)
    radius = np.zeros(n)
    for i, inc in enumerate(incidents):
        p = getattr(inc, attr)
        if p is not None and p.has_point:
            lons[i], lats[i] = p.lon, p.lat
            radius[i] = PRECISION_RADIUS_KM.get(p.precision, 100.0)
    # The zone's grid (built for large inputs, cached per geometry) gives the same answers
    # as contains_xy and the distance rule point for point; see adjudication/_grid.py.
    return membership(zone.geometry, lons, lats, radius)


def _where(p, label: str, member: int | None, what: str) -> tuple[TestOutcome, str]:  # type: ignore[no-untyped-def]
    if p is None or not p.has_point:
        where = f" '{p.name}'" if p else ""
        return "undecided", f"the {what}{where} has no coordinates, so {label} cannot be tested"
    at = f"{what} {p.name or ''} (lon {p.lon:.4f}, lat {p.lat:.4f}, precision {p.precision})"
    if member == 1:
        return "pass", f"the {at} lies inside {label}"
    if member == 0:
        return "fail", f"the {at} lies outside {label}"
    r = PRECISION_RADIUS_KM.get(p.precision, 100.0)
    return "undecided", (f"the {at} stands for an area of about {r:g} km radius that the edge "
                         f"of {label} crosses")


_RULE_WORDS = {"in": "the act must land in the zone",
               "into": "the act must land in the zone, fired from outside it",
               "from": "the act must be fired from inside the zone",
               "in_from_or_into": "no fire in, from or into the zone"}


def zone_test(clause: Clause, incident: Incident, member: int | None, zone: Zone | None,
              origin_member: int | None = None) -> Test:
    """Turn precomputed memberships (of the place and of the origin) into a test."""
    if clause.zone is None or zone is None:
        return Test(name="zone", outcome="pass", detail="The clause applies everywhere.")
    label = f"zone '{zone.id}'" + (f" ({zone.description})" if zone.description else "")
    rule = clause.zone_rule
    landed = _where(incident.place, label, member, "place")
    came = _where(incident.origin, label, origin_member, "origin of fire")
    if rule == "in":
        outcome, detail = landed
    elif rule == "from":
        outcome, detail = came
    elif rule == "into":
        # Lands inside, fired from outside: an unknown origin cannot settle "from outside".
        outside = {"pass": "fail", "fail": "pass", "undecided": "undecided"}[came[0]]
        outcome = ("fail" if "fail" in (landed[0], outside) else
                   "pass" if (landed[0], outside) == ("pass", "pass") else "undecided")
        detail = f"{landed[1]}; {came[1]}"
    else:  # in_from_or_into
        outcomes = {landed[0], came[0]}
        outcome = ("pass" if "pass" in outcomes else
                   "fail" if outcomes == {"fail"} else "undecided")
        detail = f"{landed[1]}; {came[1]}"
    text = f"Rule '{rule}': {_RULE_WORDS.get(rule, rule)}. {detail[0].upper()}{detail[1:]}."
    return Test(name="zone", outcome=outcome, detail=text)


def _sub(kind: str, value: str | None, allowed: tuple[str, ...], unknown: set[str]
         ) -> tuple[TestOutcome, str]:
    if not allowed:
        return "pass", f"any {kind}"
    if value in allowed:
        return "pass", f"{kind} {value} is prohibited"
    if value is None or value in unknown:
        shown = value or "not stated"
        return "undecided", f"{kind} is {shown}; the clause prohibits {', '.join(allowed)}"
    return "fail", f"{kind} {value} is not among {', '.join(allowed)}"


def act_test(clause: Clause, incident: Incident, *, near_target: Zone | None = None) -> Test:
    """Is the act one the clause prohibits (event type, target type, weapon class)?

    ``near_target`` is the clause's ``target_zone`` when the incident lies inside it: an
    unstated target is then taken to be the clause's protected target.
    """
    target = _sub("target", incident.target_type, clause.target_types, {"unspecified"})
    if target[0] == "undecided" and near_target is not None and incident.target_type in (
            "unspecified", None):
        target = ("pass", f"target not stated, matched by proximity: the place lies within "
                          f"'{near_target.id}' ({near_target.description}), so the protected "
                          f"target ({', '.join(clause.target_types)}) is taken to be hit")
    parts = [
        _sub("event type", incident.event_type, clause.event_types, set(UNSPECIFIC_EVENT_TYPES)),
        target,
        _sub("weapon class", incident.weapon_class, clause.weapon_classes, {"unknown"}),
    ]
    outcomes = {o for o, _ in parts}
    outcome: TestOutcome = ("fail" if "fail" in outcomes else
                            "undecided" if "undecided" in outcomes else "pass")
    text = "; ".join(d for _, d in parts)
    return Test(name="act", outcome=outcome, detail=text[0].upper() + text[1:] + ".")


def party_test(clause: Clause, incident: Incident) -> Test:
    """Is the accused party bound by the clause?"""
    if not clause.parties:
        return Test(name="party", outcome="pass", detail="The clause binds every party.")
    bound = ", ".join(clause.parties)
    if incident.actor is None:
        return Test(name="party", outcome="undecided",
                    detail=f"No report names who did it; the clause binds {bound}.")
    if incident.actor in clause.parties:
        return Test(name="party", outcome="pass",
                    detail=f"{incident.actor} is accused and is bound by the clause ({bound}).")
    return Test(name="party", outcome="fail",
                detail=f"{incident.actor} is accused but the clause binds only {bound}.")
