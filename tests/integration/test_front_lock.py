"""The front lock on PostgreSQL: a standby takes it as soon as the holder's session ends, and
the holder learns when the server ended its session (a restart, `pg_terminate_backend`).
(Skipped with the reason without TEST_DATABASE_URL; `make test` provides one.)"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from storage.postgres.front_lock import hold_front_lock, still_held, wait_for_front_lock
from tests.backends import database_of


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


def test_a_standby_takes_the_lock_once_the_holders_session_ends(url: str) -> None:
    first = hold_front_lock(url)
    assert first is not None and still_held(first)
    standbys: list[float] = []
    taken: list[psycopg.Connection] = []
    waiter = threading.Thread(
        target=lambda: taken.append(
            wait_for_front_lock(url, 0.1, lambda: standbys.append(time.monotonic()))
        )
    )
    waiter.start()
    time.sleep(0.5)
    assert len(standbys) == 1 and not taken  # told once, and still waiting
    released = time.monotonic()
    first.close()
    waiter.join(timeout=5)
    assert taken and still_held(taken[0])
    assert time.monotonic() - released < 1.0
    taken[0].close()


def test_a_standby_whose_connection_the_server_ended_asks_on_a_new_one(url: str) -> None:
    first = hold_front_lock(url)
    assert first is not None
    pids: list[int] = []
    taken: list[psycopg.Connection] = []

    def standby() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            pids.extend(
                row[0]
                for row in admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid NOT IN (pg_backend_pid(), %s)",
                    (first.info.backend_pid,),
                )
            )

    waiter = threading.Thread(target=lambda: taken.append(wait_for_front_lock(url, 0.2, standby)))
    waiter.start()
    time.sleep(0.3)
    assert len(pids) == 1
    with psycopg.connect(url, autocommit=True) as admin:
        for pid in pids:  # the standby's connection
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.5)
    assert not taken
    first.close()
    waiter.join(timeout=5)
    assert taken and still_held(taken[0]) and taken[0].info.backend_pid not in pids
    taken[0].close()


def test_the_holder_learns_that_the_server_ended_its_session(url: str) -> None:
    held = hold_front_lock(url)
    assert held is not None and still_held(held)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (held.info.backend_pid,))
    assert not still_held(held)
    again = hold_front_lock(url)  # the server freed it with the session
    assert again is not None
    again.close()
    held.close()


def test_an_unlocked_session_is_not_taken_for_the_holder(url: str) -> None:
    held = hold_front_lock(url)
    assert held is not None
    held.execute("SELECT pg_advisory_unlock_all()")
    assert not still_held(held)
    held.close()
