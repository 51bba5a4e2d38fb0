"""Running a function over shares of one batch in forked worker processes.

The batch is handed over by ``fork`` (copy-on-write), never pickled; only the (small)
results travel back. Where ``fork`` is not available, or one worker is asked for, the
shares run one after another in this process: the results are the same.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

_SHARED: list[Any] = []  # (function, batch) for the forked workers; set just before forking


def _run(part: tuple[int, int]) -> Any:
    func, batch = _SHARED[0]
    return func(batch, part)


def fork_map(func: Callable[[Any, tuple[int, int]], Any], batch: Any, workers: int
             ) -> list[Any]:
    """``[func(batch, (n, workers)) for n in range(workers)]``, in ``workers`` processes."""
    parts = [(n, workers) for n in range(workers)]
    if workers < 2 or "fork" not in mp.get_all_start_methods():
        return [func(batch, p) for p in parts]
    _SHARED[:] = [(func, batch)]
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, parts)
    finally:
        _SHARED.clear()
