"""Best estimates of an incident from its claims, with their uncertainty.

- event type: most common specific type among asserting claims (ties alphabetical);
- target, weapon, actor: most common value among asserting claims;
- time: the narrowest span (the most precise statement); uncertainty: the range every
  claim's span covers (``time_range``);
- place: the most precise place with coordinates; uncertainty: the farthest any other
  claim's point lies from it (``place_spread_km``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from truceline.domain import Claim, Incident, Source, stable_id
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES
from truceline.fusion._similarity import distance_km

from ._independence import upstream_notes
from ._rules import _best_place, _best_when, _most_common

_ASSERTING = ("allegation", "self_report", "observation")


def incident_key(claims: Sequence[Claim]) -> str:
    """The key an incident's id is made from: its smallest ``incident_ref``, else its
    smallest claim id (so a declared incident keeps the id fusion v1 gave it)."""
    refs = sorted(f"ref:{c.incident_ref}" for c in claims if c.incident_ref)
    return refs[0] if refs else min(f"claim:{c.id}" for c in claims)


def _uncertainty(claims: Sequence[Claim], inc_place: object, link: float | None
                 ) -> dict[str, object]:
    spans = [c.when for c in claims if c.when is not None]
    info: dict[str, object] = {"claims": len(claims), "weakest_link": link}
    if spans:
        info["time_range"] = [min(s.start for s in spans).isoformat(),
                              max(s.end for s in spans).isoformat()]
    p = inc_place
    pts = [c.place for c in claims if c.place is not None and c.place.has_point]
    if p is not None and getattr(p, "has_point", False) and pts:
        info["place_spread_km"] = round(max(
            distance_km(p.lon, p.lat, q.lon, q.lat) for q in pts), 2)  # type: ignore[attr-defined]
        info["place_precision"] = p.precision  # type: ignore[attr-defined]
    return info


def build_incident(claims: Sequence[Claim], sources: Mapping[str, Source],
                   weakest_link: float | None = None, notes: Sequence[str] = ()) -> Incident:
    """One incident from its claims (sorted by id), with best estimates and notes."""
    members = sorted(claims, key=lambda c: c.id)
    asserting = [c for c in members if c.stance in _ASSERTING] or members
    event_type = (_most_common((c.event_type for c in asserting), skip=UNSPECIFIC_EVENT_TYPES)
                  or _most_common(c.event_type for c in asserting) or "attack_unspecified")
    target = _most_common((c.target_type for c in asserting), skip=("unspecified",))
    place = _best_place(asserting)
    src_ids = sorted({c.source_id for c in members})
    fusion_note = "fusion " + json.dumps(_uncertainty(members, place, weakest_link),
                                         sort_keys=True)
    return Incident(
        id=stable_id("i", incident_key(members)),
        claims=tuple(members),
        sources=tuple(sources[i] for i in src_ids if i in sources),
        event_type=event_type,
        target_type=target or "unspecified",
        weapon_class=_most_common(c.weapon_class for c in asserting),
        weapon=_most_common(c.weapon for c in asserting),
        when=_best_when(asserting),
        place=place,
        # Where the fire came from, when a source says: the most precise origin given.
        origin=min((c.origin for c in asserting if c.origin is not None and c.origin.has_point),
                   key=lambda o: (o.precision, o.name), default=None),
        actor=_most_common(c.actor for c in asserting),
        disputed=any(c.stance == "denial" for c in members),
        notes=(fusion_note, *upstream_notes(members, sources), *notes),
    )
