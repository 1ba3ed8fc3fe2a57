"""One crawl per output directory at a time.

Cron starts tonight's run whether or not last night's has finished; two crawls writing
one manifest and one state file would step on each other. The lock is an ``flock`` on
``<out>/.newsarc.lock``: the kernel drops it when the holder exits, however it exits
(kill -9 included), so a crash never leaves a stale lock to clean up by hand.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from crawler.output import OutputError

LOCK_NAME = ".newsarc.lock"


class LockedError(RuntimeError):
    """Another process holds the output directory; the message says which."""


class OutputLock:
    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once or raise :class:`LockedError` (never waits)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(
                f"cannot create the lock file {self.path}: {error.strerror}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"another newsarc crawl is writing to {self.path.parent} ({holder});"
                " this run did nothing. Wait for it to finish, or use another --out."
            ) from None
        self._fd = fd
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with contextlib.suppress(OSError):  # who holds it is a courtesy; the flock is the lock
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
