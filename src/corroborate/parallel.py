"""Map a function over items in worker processes, in order, or in-process.

The local path's only concurrency: stages stay plain functions, and this
module decides whether to run them in a pool. Workers are forked, so they
inherit the imported modules; results must be picklable.

Workers die with their parent: each asks the kernel for SIGKILL when the
process that forked it dies (Linux ``prctl(PR_SET_PDEATHSIG)``), and where
that is not available a daemon thread checks every second that its parent is
still the one that started it. A ``kill -9`` of a run leaves no worker behind.
"""

from __future__ import annotations

import ctypes
import itertools
import ctypes.util
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
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


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL_S = 1.0  # how often the fallback watchdog looks at the parent


def die_with_parent(parent_pid: int) -> None:
    """Make this (child) process end when ``parent_pid`` ends, however it ends."""
    if not _pdeathsig():
        threading.Thread(target=_watch_parent, args=(parent_pid,), name="watch-parent", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)


def _init_worker(parent_pid: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    # a forked worker inherits the parent's signal handlers: `watch`/`fetch` set SIGTERM to "stop after
    # the article in hand", which would make the worker ignore the pool's terminate() and hang it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent_pid)
    if initializer is not None:
        initializer(*initargs)


def pmap(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    chunksize: int = 16,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    batch: int = 0,
) -> Iterator[R]:
    """``map(func, items)`` over ``workers`` processes (in-process when 1), in order.

    Items are consumed lazily, so a streaming input stays streaming. With
    ``batch``, ``func`` takes a list of up to ``batch`` consecutive items and
    returns a list of as many results (vectorised stages pay their fixed cost
    once per batch); the results come out one by one, as without it.
    """
    if batch > 0:
        for results in pmap(func, batches(items, batch), workers=workers, chunksize=1, initializer=initializer, initargs=initargs):
            yield from results
        return
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(os.getpid(), initializer, initargs))
    try:
        yield from pool.imap(func, items, chunksize=chunksize)
    except BaseException:  # an error, or the caller stopped early (GeneratorExit): workers may be mid-task
        pool.terminate()
        pool.join()
        raise
    pool.close()  # all work done: let the workers exit on their own (no SIGTERM race with a worker not yet set up)
    pool.join()


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), consumed lazily."""
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk
