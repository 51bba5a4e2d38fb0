"""Process-level helpers shared by the stages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_gc"]


@contextmanager
def quiet_gc() -> Iterator[None]:
    """No cyclic garbage collection while a step builds millions of acyclic objects
    (parsing a gazetteer, fusing a million claims); the collector's state before is
    restored after, so nesting and a caller's own ``gc.disable()`` are respected."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
