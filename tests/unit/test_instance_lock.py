"""The record's lock (bot/instance_lock.py): one holder at a time, owner-only, released with
its holder. The two-process behaviour is in tests/e2e/test_one_instance_e2e.py."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.instance_lock import AlreadyRunning, hold_instance_lock, lock_path


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    database = tmp_path / "data" / "onrecord.sqlite3"
    fd = hold_instance_lock(database)
    path = lock_path(database)
    assert path == tmp_path / "data" / "onrecord.sqlite3.lock"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(AlreadyRunning, match="another bot is already running on"):
        hold_instance_lock(database)
    os.close(fd)  # what the kernel does when the holder dies
    os.close(hold_instance_lock(database))


def test_another_database_has_its_own_lock(tmp_path: Path) -> None:
    first = hold_instance_lock(tmp_path / "a.sqlite3")
    second = hold_instance_lock(tmp_path / "b.sqlite3")
    os.close(first)
    os.close(second)
