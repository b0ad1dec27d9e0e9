"""The bot on PostgreSQL end to end: `python -m bot run` with DATABASE_URL, against the
loopback fake Bot API. A forwarded article is queued, parsed by the bot's parser process,
stored and answered; a second front on the same record refuses with one line; after a
SIGKILL a new front takes the lock at once and answers /iran from what the first stored.
(Skipped with the reason without TEST_DATABASE_URL; `make test` provides one.)"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.backends import database_of
from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    REPLY_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    forwarded_from_channel,
    refused_calls,
    settled_replies,
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


def test_a_front_on_postgresql_answers_an_article_and_one_front_runs_at_a_time(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], url: str
) -> None:
    first = bot_process(env={"DATABASE_URL": url})
    fake.send_text(
        ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )
    digest = first.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    assert "Dmitry Peskov" in digest["text"]
    assert not first.database_path.exists()  # nothing went to the SQLite file

    second = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=first.workdir,
        env=first.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    errors = [line for line in second.stderr.splitlines() if not line[:4].isdigit()]
    assert second.returncode != 0 and len(errors) == 1, second.stderr
    assert errors[0].startswith("error: another bot is already running on this PostgreSQL")

    first.kill()  # SIGKILL: the server drops the lock with the connection
    first.start(timeout=REPLY_TIMEOUT * 4)
    fake.send_text(ADMIN_ID, "/iran")
    replies = settled_replies(fake, first, ADMIN_ID, 2)
    iran = [r for r in replies if "Iran" in (r["text"] or "")][-1]
    # The statement stored before the kill is on record after the restart.
    assert "against: Dmitry Peskov" in iran["text"]
    assert "any possible military strike on Iran" in iran["text"]
    assert refused_calls(fake) == []
