"""One running bot per record: an OS lock on `<database>.lock`, held for the process's life.

Two bots on one database would both poll Telegram (stealing each other's updates) and both
drain the outbox. `python -m bot run` takes an exclusive `fcntl.flock` on a file beside the
database before anything else; a second one finds it taken and stops with one line. The
kernel drops the lock when the process ends however it ends (SIGKILL, OOM), so a restart
after a crash starts at once: nothing stale to clean up. The file itself stays, empty,
owner-only (0600).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another process holds the record's lock; str(exc) is the one line to print."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def hold_instance_lock(database: Path) -> int:
    """Take the record's lock for the rest of the process; returns its file descriptor
    (kept open: closing it would release the lock). Raises AlreadyRunning if it is held."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(
            f"another bot is already running on {database} (it holds {path.name}); stop it first"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    return fd
