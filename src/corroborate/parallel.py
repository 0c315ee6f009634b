"""Map a function over items in worker processes, in order, or in-process.

The local path's only concurrency: stages stay plain functions, and this
module decides whether to run them in a pool. Workers are forked, so they
inherit the imported modules; results must be picklable.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def worker_count(requested: int) -> int:
    """``requested`` workers, or one per CPU when 0."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def pmap(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    chunksize: int = 16,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[R]:
    """``map(func, items)`` over ``workers`` processes (in-process when 1), in order.

    Items are consumed lazily, so a streaming input stays streaming.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        yield from pool.imap(func, items, chunksize=chunksize)
