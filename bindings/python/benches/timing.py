"""Timing shared by the benchmarks: each call timed alone with perf_counter_ns, after a warm-up round,
and the thread's CPU time over all the timed calls."""

from __future__ import annotations

import time
from typing import Any, Callable, List, Sequence, Tuple, TypeVar

_X = TypeVar("_X")
_N = TypeVar("_N", int, float)


def percentile(xs: Sequence[_N], p: float) -> _N:
    """The nearest-rank `p`th percentile of `xs`."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def time_calls(fn: Callable[[_X], Any], items: Sequence[_X], rounds: int) -> Tuple[List[int], int]:
    """Calls `fn` on every item once (warm-up), then `rounds` times timed; returns the wall time of
    each timed call and the thread's CPU time over all of them, in nanoseconds."""
    for x in items:
        fn(x)
    samples: List[int] = []
    clock = time.perf_counter_ns
    cpu0 = time.thread_time_ns()
    for _ in range(rounds):
        for x in items:
            t0 = clock()
            fn(x)
            samples.append(clock() - t0)
    return samples, time.thread_time_ns() - cpu0
