"""The bot on PostgreSQL end to end: `python -m bot run` with DATABASE_URL, against the
loopback fake Bot API. A forwarded article is queued, parsed by the bot's parser process,
stored and answered; a second front on the same record waits as a standby without a word to
Telegram; after a SIGKILL of the first it takes over and answers /iran from what the first
stored; when the server ends its lock's connection it stops serving and exits non-zero.
(Skipped with the reason without TEST_DATABASE_URL; `make test` provides one.)"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from bot.front import LOST_EXIT_CODE
from storage.postgres.front_lock import FRONT_LOCK
from tests.backends import database_of
from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    forwarded_from_channel,
    refused_calls,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """A fresh record on the PostgreSQL server (a schema of its own)."""
    manager = database_of("postgresql", tmp_path)
    loop = asyncio.new_event_loop()
    try:
        database = loop.run_until_complete(manager.__aenter__())
        yield str(database)
        loop.run_until_complete(manager.__aexit__(None, None, None))
    finally:
        loop.close()


def test_one_front_serves_a_standby_takes_over_and_a_lost_lock_stops_the_front(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], url: str
) -> None:
    first = bot_process(env={"DATABASE_URL": url})
    fake.send_text(
        ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )
    digest = first.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    assert "Dmitry Peskov" in digest["text"]
    assert not first.database_path.exists()  # nothing went to the SQLite file

    before_standby = fake.last_call_seq()
    second = bot_process(env={"DATABASE_URL": url}, wait=False, beside_another=True)
    fake.wait_until(lambda: "standby:" in second.log(), 30, "the standby's log line")
    time.sleep(2)  # two of its lock retries: a standby that spoke to Telegram would show it
    assert second.running
    assert next(line for line in second.log().splitlines() if "standby:" in line).endswith(
        "another front holds this record's front lock; this one waits and takes over when "
        "that front stops"
    )
    assert "getUpdates" not in second.log() and "getMe" not in second.log()
    assert not [c for c in fake.calls(since=before_standby) if c["method"] != "getUpdates"]
    assert refused_calls(fake) == []  # no 409: one poller all along

    first.kill()  # SIGKILL: the server drops the lock with the connection
    killed_at, since = time.monotonic(), fake.last_call_seq()
    second.wait_ready(since, timeout=60)
    serving = time.monotonic() - killed_at
    fake.send_text(ADMIN_ID, "/iran")
    iran = second.wait_for_sent(ADMIN_ID, lambda r: "Iran —" in (r["text"] or ""), 15)
    answered = time.monotonic() - killed_at
    print(
        f"\ntakeover: polling {serving:.1f} s after the SIGKILL, /iran answered at {answered:.1f} s"
    )
    # The statement stored by the first front is on record for the second.
    assert "against: Dmitry Peskov" in iran["text"]
    assert "any possible military strike on Iran" in iran["text"]

    with psycopg.connect(url, autocommit=True) as admin:
        holders = admin.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s::bigint::oid AND database = ("
            "SELECT oid FROM pg_database WHERE datname = current_database())",
            (FRONT_LOCK,),
        ).fetchall()
        assert len(holders) == 1
        terminated_at = time.monotonic()
        admin.execute("SELECT pg_terminate_backend(%s)", holders[0])
    assert second.process is not None
    returncode = second.process.wait(timeout=30)
    stopped = time.monotonic() - terminated_at
    print(f"lock connection ended: the front exited {stopped:.1f} s later")
    assert returncode == LOST_EXIT_CODE
    lost = [line for line in second.log().splitlines() if "lost the front lock" in line]
    assert len(lost) == 1 and " ERROR " in lost[0]
    assert refused_calls(fake) == []
