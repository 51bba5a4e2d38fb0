"""The zone, act and party tests of a ruling.

Zone membership is computed for all incidents at once per zone (``shapely.contains_xy``),
never in a per-incident loop over zones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from truceline._typing import TestOutcome
from truceline.domain import Clause, Incident, Test, Zone
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES

# How far a place of each precision may be from the point that stands for it (km).
PRECISION_RADIUS_KM = {1: 0.0, 2: 10.0, 3: 100.0}
_KM_PER_DEG_LAT = 110.57
_KM_PER_DEG_LON_EQ = 111.32


def zone_membership(zone: Zone, incidents: Sequence[Incident]) -> np.ndarray:
    """For each incident: 1 inside, 0 outside, -1 no point or too imprecise to tell.

    A place of precision 2 or 3 stands for an area of radius 10 or 100 km; when the zone's
    edge is nearer than that (by a lower bound of the geodesic distance), the answer is -1.
    """
    n = len(incidents)
    lons = np.full(n, np.nan)
    lats = np.full(n, np.nan)
    radius = np.zeros(n)
    for i, inc in enumerate(incidents):
        p = inc.place
        if p is not None and p.has_point:
            lons[i], lats[i] = p.lon, p.lat
            radius[i] = PRECISION_RADIUS_KM.get(p.precision, 100.0)
    has = ~np.isnan(lons)
    out = np.full(n, -1, dtype=np.int8)
    if not has.any():
        return out
    shapely.prepare(zone.geometry)
    inside = shapely.contains_xy(zone.geometry, lons[has], lats[has])
    out[has] = inside.astype(np.int8)
    fuzzy = np.flatnonzero(has & (radius > 0))
    if fuzzy.size:
        boundary = zone.geometry.boundary
        points = shapely.points(lons[fuzzy], lats[fuzzy])
        deg = shapely.distance(boundary, points)
        # Lower bound of the distance in km: the smaller of the two degree lengths.
        km_per_deg = np.minimum(_KM_PER_DEG_LAT,
                                _KM_PER_DEG_LON_EQ * np.cos(np.radians(lats[fuzzy])))
        near = deg * km_per_deg < radius[fuzzy]
        out[fuzzy[near]] = -1
    return out


def zone_test(clause: Clause, incident: Incident, member: int | None, zone: Zone | None) -> Test:
    """Turn a precomputed membership into a test with words."""
    if clause.zone is None or zone is None:
        return Test(name="zone", outcome="pass", detail="The clause applies everywhere.")
    label = f"zone '{zone.id}'" + (f" ({zone.description})" if zone.description else "")
    p = incident.place
    if p is None or not p.has_point:
        where = f" '{p.name}'" if p else ""
        return Test(name="zone", outcome="undecided",
                    detail=f"The place{where} has no coordinates, so {label} cannot be tested.")
    at = f"{p.name or 'the place'} (lon {p.lon:.4f}, lat {p.lat:.4f}, precision {p.precision})"
    if member == 1:
        return Test(name="zone", outcome="pass", detail=f"{at} lies inside {label}.")
    if member == 0:
        return Test(name="zone", outcome="fail", detail=f"{at} lies outside {label}.")
    r = PRECISION_RADIUS_KM.get(p.precision, 100.0)
    return Test(name="zone", outcome="undecided",
                detail=f"{at} stands for an area of about {r:g} km radius that the edge of "
                       f"{label} crosses, so the test cannot be settled.")


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


def act_test(clause: Clause, incident: Incident) -> Test:
    """Is the act one the clause prohibits (event type, target type, weapon class)?"""
    parts = [
        _sub("event type", incident.event_type, clause.event_types, set(UNSPECIFIC_EVENT_TYPES)),
        _sub("target", incident.target_type, clause.target_types, {"unspecified"}),
        _sub("weapon class", incident.weapon_class, clause.weapon_classes, {"unknown"}),
    ]
    outcomes = {o for o, _ in parts}
    outcome: TestOutcome = ("fail" if "fail" in outcomes else
                            "undecided" if "undecided" in outcomes else "pass")
    return Test(name="act", outcome=outcome, detail="; ".join(d for _, d in parts).capitalize()
                + ".")


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
