"""Kill trials: the bot killed with SIGKILL at the four moments where a crash used to lose an
article or an alert, then started again — nothing lost, duplicates at most the messages in
flight at the kill.

1. in the join window (the article recorded, its two seconds not yet over);
2. while a long article is being analysed (its parser dies with the bot);
3. during an alert fan-out, with a second article waiting behind it;
4. during a story edit (a second outlet's report of a story already alerted).

`make test` runs each trial once; `make soak` runs each `KILL_TRIALS` times (10).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable

import pytest

from tests.alert_articles import CUBA, IRAN, IRAN_REWRITE
from tests.e2e.harness import ADMIN_ID, SEED_ARTICLE, BotProcess, FakeTelegram, Record
from tests.telegram_split import long_paste, split_like_telegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

TRIALS = int(os.environ.get("KILL_TRIALS", "1"))
READER = 3001
ENV = {"ALERT_POLL_SECONDS": "0.2", "ALERT_DIGEST_PERIOD_SECONDS": "4"}
TIMEOUT = 60
StartBot = Callable[..., BotProcess]


def count(bot: BotProcess, sql: str) -> int:
    with sqlite3.connect(bot.database_path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def digests(fake: FakeTelegram) -> list[str]:
    return [t for t in fake.bot_texts(ADMIN_ID) if t.startswith("📰")]


def alert_sends(fake: FakeTelegram, chat_id: int) -> list[Record]:
    return [r for r in fake.sent(chat_id, kind="send") if "New on" in (r.get("text") or "")]


def forward(fake: FakeTelegram, text: str, source: str) -> None:
    chat = {"id": -1001000000000 - len(source), "type": "channel", "title": source}
    origin = {"type": "channel", "chat": chat, "message_id": 1, "date": int(time.time())}
    fake.send_text(ADMIN_ID, text, forward_origin=origin)


def wait(condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def settle() -> None:
    time.sleep(1.5)  # room for a duplicate, which must not come


def restart(fake: FakeTelegram, bot: BotProcess) -> None:
    bot.kill()
    fake.release()  # whatever was held reaches Telegram; the killed bot never hears back
    bot.start()


def join_window(fake: FakeTelegram, bot_process: StartBot) -> None:
    bot = bot_process(env=ENV)
    fake.send_text(ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"))
    wait(lambda: count(bot, "SELECT count(*) FROM parse_jobs") == 1, "the article recorded")
    restart(fake, bot)  # well inside the two-second join window
    wait(lambda: digests(fake), "the digest after the restart")
    settle()
    assert len(digests(fake)) == 1, bot.log_tail()
    assert count(bot, "SELECT count(*) FROM articles") == 1


def analysis(fake: FakeTelegram, bot_process: StartBot) -> None:
    bot = bot_process(env=ENV)
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    for part in split_like_telegram(long_paste(seed.splitlines(), 18_000)):  # one article
        fake.send_text(ADMIN_ID, part)
    wait(
        lambda: count(bot, "SELECT count(*) FROM parse_jobs WHERE state = 'running'") == 1,
        "a parser analysing the article",
    )
    restart(fake, bot)
    wait(lambda: digests(fake), "the digest after the restart")
    settle()
    assert len(digests(fake)) == 1, bot.log_tail()
    assert count(bot, "SELECT count(*) FROM articles") == 1


def fan_out(fake: FakeTelegram, bot_process: StartBot) -> None:
    readers = [READER + n for n in range(6)]
    bot = bot_process(admins=[ADMIN_ID, *readers], env=ENV)
    for reader in readers:
        fake.send_text(reader, "/subscribe iran")
        wait(lambda r=reader: any("/iran" in t for t in fake.bot_texts(r)), "/subscribe")
    in_flight = readers[2]
    fake.hold(n=1, chat_id=in_flight, methods=["sendMessage"])  # delivered, never confirmed
    forward(fake, IRAN, "Reuters")
    wait(lambda: fake.held(), "the fan-out under way")
    forward(fake, CUBA, "AP")  # a second article behind it
    wait(lambda: count(bot, "SELECT count(*) FROM parse_jobs") == 2, "the second article")
    restart(fake, bot)
    wait(lambda: all(alert_sends(fake, r) for r in readers), "an alert to every reader")
    wait(lambda: len(digests(fake)) >= 2, "both digests")
    settle()
    per_reader = {r: len(alert_sends(fake, r)) for r in readers}
    assert all(n == 1 for r, n in per_reader.items() if r != in_flight), per_reader
    assert per_reader[in_flight] in (1, 2), per_reader  # the message in flight, at most twice
    assert count(bot, "SELECT count(*) FROM articles") == 2
    assert len(digests(fake)) <= 3  # a digest in flight at the kill may come twice


def story_edit(fake: FakeTelegram, bot_process: StartBot) -> None:
    bot = bot_process(admins=[ADMIN_ID, READER], env=ENV)
    fake.send_text(READER, "/subscribe iran")
    wait(lambda: any("/iran" in t for t in fake.bot_texts(READER)), "/subscribe")
    forward(fake, IRAN, "Reuters")
    wait(lambda: alert_sends(fake, READER), "the first alert")
    fake.hold(n=1, chat_id=READER, methods=["editMessageText"], mode="before")
    forward(fake, IRAN_REWRITE, "TASS")
    wait(lambda: fake.held(), "the story edit under way")
    restart(fake, bot)
    wait(
        lambda: any("TASS" in t and "Reuters" in t for t in fake.bot_texts(READER)),
        "the alert edited to name both outlets",
    )
    settle()
    assert len(alert_sends(fake, READER)) == 1, bot.log_tail()
    assert count(bot, "SELECT count(*) FROM articles") == 2


TRIAL_KINDS = {
    "join window": join_window,
    "analysis": analysis,
    "fan-out": fan_out,
    "story edit": story_edit,
}


@pytest.mark.parametrize("round_", range(TRIALS))
@pytest.mark.parametrize("kind", list(TRIAL_KINDS))
def test_a_kill_loses_nothing(
    kind: str, round_: int, fake: FakeTelegram, bot_process: StartBot
) -> None:
    TRIAL_KINDS[kind](fake, bot_process)
