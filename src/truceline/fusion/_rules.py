"""Best-estimate rule shared by fusion: the most common value, ties broken alphabetically.
A fixed, documented rule, so results do not depend on input order.
(Declared grouping by ``incident_ref`` is a hard link inside :func:`truceline.fusion.fuse`.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def _most_common(values: Iterable[str | None], *, skip: Iterable[str] = ()) -> str | None:
    vals = [v for v in values if v and v not in skip]
    if len(vals) < 2:
        return vals[0] if vals else None
    counts = Counter(vals)
    # Highest count first, then alphabetical: deterministic.
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]

