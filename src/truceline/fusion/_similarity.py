"""Claim features and the documented pairwise similarity (docs/methodology/fusion.md).

Only structured fields are compared (event type and family, target, weapon class, place
point/precision/admin area, time span, quantities, accused party), never the wording, so a
claim read from an English text and one read from a Ukrainian text meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from truceline.domain import Claim
from truceline.domain.vocab import EVENT_FAMILIES, UNSPECIFIC_EVENT_TYPES
from truceline.geo import haversine_km

TOLERANCE_KM = {1: 5.0, 2: 12.0, 3: 60.0}
"""Distance a place of each precision may be off; a pair tolerates the sum of both."""
TIME_SLACK_S = 3 * 3600.0
"""Two spans this far apart (seconds) may still be one event (clock and reporting error)."""
MAX_SPAN_S = 7 * 86400.0
"""Claims whose span is wider than this are too vague to fuse by similarity."""
WEIGHTS = {"place": 0.30, "time": 0.25, "family": 0.20, "target": 0.10, "weapon": 0.05,
           "actor": 0.05, "quantity": 0.05}
"""Weights of the component scores; a component with nothing to compare is left out."""
LINK_THRESHOLD = 0.72
"""Pairs scoring at least this are linked into one incident."""
SAME_REPORT_THRESHOLD = 0.95
"""Two claims of one report are one event only when this similar (a repeated mention)."""


@dataclass(slots=True)
class Features:
    """What fusion compares of one claim (precomputed once per claim)."""

    id: str
    report_id: str
    event_type: str
    family: str
    unspecific: bool
    target: str
    weapon: str | None
    actor: str | None
    lon: float
    lat: float
    precision: int
    admin1: str | None
    place_key: str | None
    t0: float
    t1: float
    quantities: dict[str, float]


def features(claim: Claim) -> Features | None:
    """The features of ``claim``, or ``None`` if it cannot be fused by similarity.

    A claim needs a place with coordinates and a time span no wider than
    :data:`MAX_SPAN_S`; others join incidents only by ``incident_ref`` or an analyst's merge.
    """
    p, w = claim.place, claim.when
    if p is None or p.lon is None or p.lat is None or w is None:
        return None
    t0, t1 = w.start.timestamp(), w.end.timestamp()
    if t1 - t0 > MAX_SPAN_S:
        return None
    weapon = claim.weapon_class if claim.weapon_class not in (None, "unknown") else None
    key = p.gazetteer_id or (p.name.casefold().replace("’", "'").replace("ʼ", "'")
                             if p.name else None)
    return Features(
        id=claim.id, report_id=claim.report_id, event_type=claim.event_type,
        family=EVENT_FAMILIES.get(claim.event_type, claim.event_type),
        unspecific=claim.event_type in UNSPECIFIC_EVENT_TYPES,
        target=claim.target_type, weapon=weapon, actor=claim.actor, lon=p.lon, lat=p.lat,
        precision=p.precision, admin1=p.admin1, place_key=key, t0=t0, t1=t1,
        quantities=dict(claim.quantities))


# Great-circle km in lon/lat order (one implementation, in truceline.geo).
distance_km = haversine_km


def place_score(a: Features, b: Features) -> float:
    """1 for the same gazetteer entry; else falls linearly to 0 at the summed tolerance."""
    if a.place_key is not None and a.place_key == b.place_key and (
            a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1):
        return 1.0
    d = distance_km(a.lon, a.lat, b.lon, b.lat)
    tol = TOLERANCE_KM[a.precision] + TOLERANCE_KM[b.precision]
    s = max(0.0, 1.0 - d / tol)
    if s and a.admin1 and b.admin1 and a.admin1 != b.admin1 and d > TOLERANCE_KM[1]:
        s *= 0.5  # different regions: only a border area can be one place
    return s


def time_score(a: Features, b: Features) -> float:
    """1 for overlapping spans up to two days wide, less for vaguer or slightly apart ones."""
    gap = max(a.t0, b.t0) - min(a.t1, b.t1)
    if gap > TIME_SLACK_S:
        return 0.0
    if gap > 0:
        return 1.0 - 0.5 * gap / TIME_SLACK_S
    width = max(a.t1 - a.t0, b.t1 - b.t0)
    return 1.0 if width <= 2.1 * 86400 else 0.7


def family_score(a: Features, b: Features) -> float:
    """Same type 1; same family 0.8; one unspecific 0.6; different families 0.15."""
    if a.event_type == b.event_type:
        return 1.0
    if a.unspecific or b.unspecific:
        return 0.6
    return 0.8 if a.family == b.family else 0.15


def similarity(a: Features, b: Features) -> float:
    """Weighted mean of the component scores; 0 when place or time rule the pair out.

    Examples
    --------
    >>> from datetime import date
    >>> from truceline.domain import Claim, Place, TimeSpan
    >>> day = TimeSpan.local_days(date(2025, 3, 19), tz="Europe/Moscow")
    >>> pl = Place(name="Kavkazskaya", lon=40.67, lat=45.44)
    >>> a = features(Claim(report_id="r1", source_id="s", event_type="drone_strike",
    ...                    when=day, place=pl))
    >>> b = features(Claim(report_id="r2", source_id="t", event_type="attack_unspecified",
    ...                    when=day, place=pl))
    >>> round(similarity(a, b), 2)
    0.91
    """
    place = place_score(a, b)
    if place <= 0.0:
        return 0.0
    when = time_score(a, b)
    if when <= 0.0:
        return 0.0
    total = WEIGHTS["place"] * place + WEIGHTS["time"] * when
    weight = WEIGHTS["place"] + WEIGHTS["time"]
    total += WEIGHTS["family"] * family_score(a, b)
    weight += WEIGHTS["family"]
    if a.target == b.target:
        total += WEIGHTS["target"]
    elif a.target == "unspecified" or b.target == "unspecified":
        total += WEIGHTS["target"] * 0.6
    else:
        total += WEIGHTS["target"] * 0.2
    weight += WEIGHTS["target"]
    if a.weapon and b.weapon:
        total += WEIGHTS["weapon"] * (1.0 if a.weapon == b.weapon else 0.3)
        weight += WEIGHTS["weapon"]
    if a.actor and b.actor:
        total += WEIGHTS["actor"] * (1.0 if a.actor == b.actor else 0.2)
        weight += WEIGHTS["actor"]
    if a.quantities and b.quantities:
        shared = sorted(set(a.quantities) & set(b.quantities))
        if shared:
            ratios = []
            for k in shared:
                x, y = abs(a.quantities[k]), abs(b.quantities[k])
                ratios.append(1.0 if x == y else min(x, y) / max(x, y))
            total += WEIGHTS["quantity"] * sum(ratios) / len(ratios)
            weight += WEIGHTS["quantity"]
    return total / weight
