"""Bounds for hostile-input tests: a wall-clock timeout and a memory ceiling."""

from __future__ import annotations

import resource
import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager


class Hang(AssertionError):
    """The code under test ran past its time limit."""


@contextmanager
def bounded(seconds: float = 10.0, max_mb: float = 256.0, *, trace: bool = True
            ) -> Iterator[None]:
    """Fail if the block runs longer than ``seconds`` or allocates over ``max_mb`` at peak.

    ``trace=True`` measures Python allocations with tracemalloc (exact, but slow on big
    inputs); ``trace=False`` measures how far the block raised the process's peak resident
    size (``ru_maxrss``), a lower bound that costs nothing.
    """

    def _alarm(_sig: int, _frame: object) -> None:
        raise Hang(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = trace and not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    if trace:
        tracemalloc.reset_peak()
    try:
        yield
        if trace:
            _, peak = tracemalloc.get_traced_memory()
        else:
            peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) * 1024
        assert peak < max_mb * 2**20, f"peak memory {peak / 2**20:.0f} MB > {max_mb} MB"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if started:
            tracemalloc.stop()
