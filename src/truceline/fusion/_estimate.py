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

from truceline.domain import Claim, Incident, Source
from truceline.domain.claim import stable_id
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES
from truceline.fusion._independence import upstream_notes
from truceline.fusion._rules import _most_common
from truceline.fusion._similarity import distance_km

_ASSERTING = frozenset(("allegation", "self_report", "observation"))
_ASCII = json.encoder.encode_basestring_ascii


def _fusion_json(info: dict[str, object]) -> str:
    """``json.dumps(info, sort_keys=True)`` for :func:`_uncertainty`'s dict, written
    directly (ints, floats, ``None`` and a list of two ASCII strings)."""
    parts = []
    for k in sorted(info):
        v = info[k]
        if v is None:
            text = "null"
        elif isinstance(v, list):
            text = "[" + ", ".join(map(_ASCII, v)) + "]"
        else:
            text = repr(v)  # int or finite float, as json writes them
        parts.append(_ASCII(k) + ": " + text)
    return "{" + ", ".join(parts) + "}"


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
        info["place_spread_km"] = round(max(  # a place is 0 km from itself
            0.0 if q is p else distance_km(p.lon, p.lat, q.lon, q.lat)  # type: ignore[attr-defined]
            for q in pts), 2)
        info["place_precision"] = p.precision  # type: ignore[attr-defined]
    return info


Spec = tuple
"""What :func:`incident_spec` computes: ``(id, event_type, target_type, weapon_class,
weapon, when, place, origin, actor, disputed, notes)``; ``when``/``place``/``origin`` are
member positions (or ``None``), so a spec travels cheaply between processes."""


def incident_spec(members: Sequence[Claim], sources: Mapping[str, Source],
                  weakest_link: float | None = None, notes: Sequence[str] = (),
                  cache: dict | None = None) -> Spec:  # type: ignore[type-arg]
    """The best estimates and notes of an incident whose claims (sorted by id) are
    ``members``; see :func:`build_incident`."""
    if len(members) == 1:
        return _single_spec(members[0], sources, weakest_link, notes, cache)
    asserting = [k for k, c in enumerate(members) if c.stance in _ASSERTING] or list(
        range(len(members)))
    chosen = [members[k] for k in asserting]
    event_type = (_most_common((c.event_type for c in chosen), skip=UNSPECIFIC_EVENT_TYPES)
                  or _most_common(c.event_type for c in chosen) or "attack_unspecified")
    target = _most_common((c.target_type for c in chosen), skip=("unspecified",))
    # the most precise place with a point, else any place (first of equals: stable)
    where = [k for k in asserting if members[k].place is not None
             and members[k].place.has_point]  # type: ignore[union-attr]
    where = where or [k for k in asserting if members[k].place is not None]
    place = min(where, key=lambda k: (members[k].place.precision,  # type: ignore[union-attr]
                                      members[k].place.name),  # type: ignore[union-attr]
                default=None)
    # the narrowest span is the most precise statement; ties broken by start time
    when = min([k for k in asserting if members[k].when is not None],
               key=lambda k: (members[k].when.end - members[k].when.start,  # type: ignore[union-attr]
                              members[k].when.start),  # type: ignore[union-attr]
               default=None)
    # where the fire came from, when a source says: the most precise origin given
    origin = min([k for k in asserting if members[k].origin is not None
                  and members[k].origin.has_point],  # type: ignore[union-attr]
                 key=lambda k: (members[k].origin.precision,  # type: ignore[union-attr]
                                members[k].origin.name),  # type: ignore[union-attr]
                 default=None)
    inc_place = members[place].place if place is not None else None
    fusion_note = "fusion " + _fusion_json(_uncertainty(members, inc_place, weakest_link))
    return (stable_id("i", incident_key(members)), event_type, target or "unspecified",
            _most_common(c.weapon_class for c in chosen), _most_common(c.weapon for c in chosen),
            when, place, origin, _most_common(c.actor for c in chosen),
            any(c.stance == "denial" for c in members),
            (fusion_note, *upstream_notes(members, sources, cache), *notes))


def _single_spec(c: Claim, sources: Mapping[str, Source], weakest_link: float | None,
                 notes: Sequence[str], cache: dict | None) -> Spec:  # type: ignore[type-arg]
    """:func:`incident_spec` of a one-claim incident (the same rules, short-circuited)."""
    et = c.event_type
    event_type = (et if et and et not in UNSPECIFIC_EVENT_TYPES else None) or et or (
        "attack_unspecified")
    target = c.target_type if c.target_type and c.target_type != "unspecified" else None
    origin = 0 if c.origin is not None and c.origin.has_point else None
    fusion_note = "fusion " + _fusion_json(_uncertainty((c,), c.place, weakest_link))
    return (stable_id("i", incident_key((c,))), event_type, target or "unspecified",
            c.weapon_class or None, c.weapon or None, 0 if c.when is not None else None,
            0 if c.place is not None else None, origin, c.actor or None,
            c.stance == "denial", (fusion_note, *upstream_notes((c,), sources, cache), *notes))


def assemble(members: Sequence[Claim], spec: Spec, sources: Mapping[str, Source]
             ) -> Incident:
    """The :class:`Incident` of ``members`` (sorted by id) and their ``spec``."""
    (iid, event_type, target, weapon_class, weapon, when, place, origin, actor, disputed,
     notes) = spec
    src_ids = sorted({c.source_id for c in members})
    return Incident(
        id=iid, claims=tuple(members),
        sources=tuple(sources[i] for i in src_ids if i in sources),
        event_type=event_type, target_type=target, weapon_class=weapon_class, weapon=weapon,
        when=members[when].when if when is not None else None,
        place=members[place].place if place is not None else None,
        origin=members[origin].origin if origin is not None else None,
        actor=actor, disputed=disputed, notes=notes)


def build_incident(claims: Sequence[Claim], sources: Mapping[str, Source],
                   weakest_link: float | None = None, notes: Sequence[str] = (),
                   cache: dict | None = None) -> Incident:  # type: ignore[type-arg]
    """One incident from its claims (sorted by id), with best estimates and notes.

    ``cache`` (a dict kept over one run with one registry) remembers upstream keys.
    """
    members = sorted(claims, key=lambda c: c.id) if len(claims) > 1 else list(claims)
    return assemble(members, incident_spec(members, sources, weakest_link, notes, cache),
                    sources)
