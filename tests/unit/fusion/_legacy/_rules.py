"""Best-estimate rules shared by fusion: the most common value, the narrowest time span,
the most precise place. Fixed, documented rules, so results do not depend on input order.
(Declared grouping by ``incident_ref`` is a hard link inside :func:`truceline.fusion.fuse`.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from truceline.domain import Claim, TimeSpan


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
