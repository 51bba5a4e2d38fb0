"""Fusion v1 (kept as ``fuse_declared`` and for its best-estimate helpers): claims become
incidents only by the grouping their input declared. :func:`truceline.fusion.fuse` keeps
this grouping as a hard link and adds similarity-based fusion.

Claims sharing an ``incident_ref`` (a dataset's event id, or the ``incident`` column of a
hand-made incident file) form one incident; every other claim is an incident of its own.
Best estimates come from the claims by fixed, documented rules, so the result does not
depend on input order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from truceline.domain import Claim, Incident, Source, TimeSpan, stable_id
from truceline.domain.vocab import UNSPECIFIC_EVENT_TYPES

_ASSERTING = ("allegation", "self_report", "observation")


def _key(claim: Claim) -> str:
    return f"ref:{claim.incident_ref}" if claim.incident_ref else f"claim:{claim.id}"


def _most_common(values: Iterable[str | None], *, skip: Iterable[str] = ()) -> str | None:
    skipped = set(skip)
    counts = Counter(v for v in values if v and v not in skipped)
    if not counts:
        return None
    # Highest count first, then alphabetical: deterministic.
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _best_when(claims: list[Claim]) -> TimeSpan | None:
    spans = [c.when for c in claims if c.when is not None]
    if not spans:
        return None
    # The narrowest span is the most precise statement; ties broken by start time.
    return sorted(spans, key=lambda t: (t.end - t.start, t.start))[0]


def _best_place(claims: list[Claim]):  # type: ignore[no-untyped-def]
    places = [c.place for c in claims if c.place is not None and c.place.has_point]
    places = places or [c.place for c in claims if c.place is not None]
    if not places:
        return None
    return sorted(places, key=lambda p: (p.precision, p.name))[0]


def _best_origin(claims: list[Claim]):  # type: ignore[no-untyped-def]
    origins = [c.origin for c in claims if c.origin is not None and c.origin.has_point]
    return sorted(origins, key=lambda p: (p.precision, p.name))[0] if origins else None


def fuse_declared(claims: Iterable[Claim], sources: Mapping[str, Source] | None = None
         ) -> tuple[Incident, ...]:
    """Group claims into incidents by their declared ``incident_ref``.

    Examples
    --------
    >>> from truceline.domain import Claim
    >>> a = Claim(report_id="r1", source_id="s1", event_type="drone_strike", incident_ref="x")
    >>> b = Claim(report_id="r2", source_id="s2", event_type="attack_unspecified",
    ...           incident_ref="x")
    >>> [(len(i.claims), i.event_type) for i in fuse_declared([b, a])]
    [(2, 'drone_strike')]
    """
    sources = sources or {}
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[_key(c)].append(c)
    incidents = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda c: c.id)
        asserting = [c for c in members if c.stance in _ASSERTING] or members
        event_type = (_most_common((c.event_type for c in asserting),
                                   skip=UNSPECIFIC_EVENT_TYPES)
                      or _most_common(c.event_type for c in asserting) or "attack_unspecified")
        target = _most_common((c.target_type for c in asserting), skip=("unspecified",))
        src_ids = sorted({c.source_id for c in members})
        incidents.append(Incident(
            id=stable_id("i", key),
            claims=tuple(members),
            sources=tuple(sources[i] for i in src_ids if i in sources),
            event_type=event_type,
            target_type=target or "unspecified",
            weapon_class=_most_common(c.weapon_class for c in asserting),
            weapon=_most_common(c.weapon for c in asserting),
            when=_best_when(asserting),
            place=_best_place(asserting),
            origin=_best_origin(asserting),
            actor=_most_common(c.actor for c in asserting),
            disputed=any(c.stance == "denial" for c in members),
        ))
    return tuple(incidents)
