"""Who is using a cache directory, across processes (POSIX ``flock``).

Every open :class:`~parsers.store.cache.Cache` holds an exclusive lock on its own
file under ``users/`` for as long as it is open. Anything that deletes rows
another process might still read (old generations of a re-stored file, a rebuild,
a clear) first takes the directory's mutex (``cache.lock``) and checks that no
other user is alive (:meth:`Users.alone`); a user that died leaves a file nobody
holds, which the check removes. Registration happens under the same mutex, so
nobody starts reading in the middle of such a clean-up.

Without ``fcntl`` (Windows) every other user counts as alive: nothing shared
is ever deleted.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_FILE", "USERS_DIR", "CacheBusy", "Users"]

LOCK_FILE = "cache.lock"
USERS_DIR = "users"
#: How long opening waits for another process's clean-up before giving up.
MUTEX_TIMEOUT = 30.0


class CacheBusy(Exception):
    """Another process held the cache's mutex for longer than we wait."""


def _try_lock(fh: IO[bytes]) -> bool:
    if fcntl is None:
        return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class Users:
    """This process's registration as a user of ``directory``."""

    def __init__(self, directory: Path, timeout: float = MUTEX_TIMEOUT) -> None:
        self.dir = directory
        self.timeout = timeout
        self._own: IO[bytes] | None = None
        self._own_path: Path | None = None

    @contextlib.contextmanager
    def mutex(self, timeout: float | None = None) -> Iterator[None]:
        """The directory-wide mutex (short sections only); :class:`CacheBusy` on timeout."""
        fh = open(self.dir / LOCK_FILE, "ab")  # noqa: SIM115 - held across the yield
        try:
            deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
            while fcntl is not None and not _try_lock(fh):
                if time.monotonic() > deadline:
                    raise CacheBusy(f"{self.dir / LOCK_FILE} is held by another process")
                time.sleep(0.02)
            yield
        finally:
            fh.close()  # releases the lock

    def register(self) -> None:
        """Mark this process as a user (call under :meth:`mutex`)."""
        users = self.dir / USERS_DIR
        users.mkdir(exist_ok=True)
        path = users / f"{os.getpid()}-{secrets.token_hex(4)}"
        fh = open(path, "xb")  # noqa: SIM115 - held until close()
        _try_lock(fh)
        self._own, self._own_path = fh, path

    def others(self) -> int:
        """Live users other than this one (call under :meth:`mutex`); removes dead ones."""
        users = self.dir / USERS_DIR
        try:
            names = os.listdir(users)
        except FileNotFoundError:
            return 0
        alive = 0
        for name in names:
            path = users / name
            if path == self._own_path:
                continue
            try:
                fh = open(path, "rb")  # noqa: SIM115
            except OSError:
                continue
            with fh:
                if _try_lock(fh):
                    with contextlib.suppress(OSError):
                        path.unlink()  # its owner died
                else:
                    alive += 1
        return alive

    def alone(self) -> bool:
        return self.others() == 0

    def close(self) -> None:
        if self._own is not None:
            with contextlib.suppress(OSError):
                assert self._own_path is not None
                self._own_path.unlink()
            self._own.close()
            self._own = self._own_path = None
