"""One build at a time per build folder, and readers that never see half of one.

    lock = build_lock(settings.build_dir)
    with lock.hold():                    # reading facts and index: shared with other readers
        facts = ...
        with lock.hold(exclusive=True):  # something is stale: rebuild it, alone
            ...                          # check again first: another process may have just done it

An advisory lock (``flock``) on ``<build folder>/.build.lock``: `kb build` holds it
exclusively for the whole build (facts, then index); a process loading facts and index
holds it shared, and takes it exclusively only to rebuild what it found stale. So a reader
gets the facts and the index of one build — never new facts with an old index half
replaced — and two builds never interleave their files. Waiting is said once on the log.
The lock is released when the process ends, however it ends (the kernel drops it).

A build folder that cannot be written and has no lock file (an index shipped read-only)
is read without a lock: nothing can build there. Not for network file systems whose
``flock`` is not shared between machines.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.errors import KBError

log = logging.getLogger("kb.build")
LOCK_NAME = ".build.lock"
WAIT_S = 1800.0  # a build of a large corpus under load takes minutes, not half an hour


class BuildLock:
    """The lock of one build folder in this process (see ``build_lock``)."""

    def __init__(self, folder: Path, wait_s: float = WAIT_S):
        self.folder, self.wait_s = folder, wait_s
        self._fd: int | None = None
        self._mode: int | None = None  # fcntl.LOCK_SH or LOCK_EX while held
        self._guard = threading.RLock()  # one thread of this process at a time

    @contextmanager
    def hold(self, exclusive: bool = False) -> Iterator[None]:
        """Hold the lock (shared, or ``exclusive``) for the block; nested holds keep the
        stronger one, and an exclusive hold inside a shared one turns back to shared after."""
        wanted = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        with self._guard:
            before = self._mode
            if before == fcntl.LOCK_EX or before == wanted:
                yield
                return
            if self._fd is None and not self._open():
                yield  # an unwritable folder without a lock file: nothing builds here
                return
            self._take(wanted)
            try:
                yield
            finally:
                if before is None:
                    self._release()
                else:
                    self._take(before)

    def _open(self) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            try:
                self._fd = os.open(self.folder / LOCK_NAME, os.O_RDONLY)
            except OSError:
                return False
        return True

    def _take(self, mode: int) -> None:
        """Take the lock in ``mode``. From shared to exclusive the shared lock is let go
        first (two readers each waiting to upgrade would otherwise wait for each other), so
        whoever upgrades must check again what it found stale."""
        assert self._fd is not None  # noqa: S101 — opened by hold()
        if self._mode == fcntl.LOCK_SH and mode == fcntl.LOCK_EX:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._mode = None
        try:
            fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            what = "build" if mode == fcntl.LOCK_EX else "read"
            log.warning("another process is building in %s; waiting for it to finish before this %s …",
                        self.folder, what)
            deadline = time.monotonic() + self.wait_s
            while True:
                time.sleep(0.05)
                try:
                    fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise KBError(f"{self.folder} has been locked by another build for "
                                      f"{self.wait_s / 60:.0f} minutes; is a `kb build` stuck? "
                                      f"(the lock file is {self.folder / LOCK_NAME})") from None
        self._mode = mode

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        self._fd, self._mode = None, None


_LOCKS: dict[Path, BuildLock] = {}
_LOCKS_GUARD = threading.Lock()


def build_lock(folder: Path) -> BuildLock:
    """The lock of ``folder`` (the build folder: facts and index) for this process."""
    key = Path(os.path.abspath(folder))
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = BuildLock(key)
        return lock
