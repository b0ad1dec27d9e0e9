"""Kill trials: the bot killed with SIGKILL at the four moments where a crash used to lose an
article or an alert, then started again — nothing lost, duplicates at most the messages in
flight at the kill.

1. in the join window (the article recorded, its two seconds not yet over);
2. while a long article is being analysed (its parser dies with the bot);
3. during an alert fan-out, with a second article waiting behind it;
4. during a story edit (a second outlet's report of a story already alerted).

Each trial counts what it sent and what arrived (`Counts`): an article is lost unless it is
stored and its sender got a digest, an alert is lost unless every subscriber has it (the
story trial: edited to name both outlets), and a duplicate is any digest or alert message
beyond one per article and subscriber. A message was in flight at the kill when Telegram had
accepted it but the database had not recorded it as sent; only those may come twice. Each
trial prints its counts (`pytest -s` shows them). `make test` runs each trial once;
`make soak` runs each `KILL_TRIALS` times (10).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass
class Counts:
    articles: int = 0
    articles_lost: int = 0
    alerts: int = 0
    alerts_lost: int = 0
    duplicates: int = 0
    in_flight: int = 0

    def __str__(self) -> str:
        return (
            f"articles sent {self.articles}, lost {self.articles_lost}; "
            f"alerts due {self.alerts}, lost {self.alerts_lost}; "
            f"duplicates {self.duplicates}, in flight at the kill {self.in_flight}"
        )


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


def arrived(condition: Callable[[], object], timeout: float = TIMEOUT) -> None:
    """Wait for what should come after the restart; what never comes is counted as lost."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def settle() -> None:
    time.sleep(1.5)  # room for a duplicate, which must not come


def answered(bot: BotProcess) -> int:
    """Articles stored and answered with their digest, by the database."""
    return count(
        bot,
        "SELECT count(*) FROM parse_jobs WHERE job_id IS NULL AND replied = 1 "
        "AND article_id IS NOT NULL",
    )


def alerts_sent(bot: BotProcess, chat_id: int) -> int:
    return count(
        bot,
        f"SELECT count(*) FROM outbox WHERE chat_id = {chat_id} AND kind = 'article' "
        "AND status = 'sent' AND edit_of IS NULL",
    )


def restart(fake: FakeTelegram, bot: BotProcess, readers: list[int]) -> int:
    """Kill, let whatever was held reach Telegram (the killed bot never hears back), and
    count the messages in flight: digests and alerts Telegram has that the database does not
    record as sent. Then start again."""
    bot.kill()
    fake.release()
    in_flight = max(0, len(digests(fake)) - answered(bot))
    for reader in readers:
        in_flight += max(0, len(alert_sends(fake, reader)) - alerts_sent(bot, reader))
    bot.start()
    return in_flight


def article_counts(fake: FakeTelegram, bot: BotProcess, sent: int) -> Counts:
    stored, shown = count(bot, "SELECT count(*) FROM articles"), len(digests(fake))
    return Counts(
        articles=sent,
        articles_lost=max(0, sent - min(answered(bot), shown, stored)),
        duplicates=max(0, shown - sent) + max(0, stored - sent),
    )


def join_window(fake: FakeTelegram, bot_process: StartBot) -> Counts:
    bot = bot_process(env=ENV)
    fake.send_text(ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"))
    wait(lambda: count(bot, "SELECT count(*) FROM parse_jobs") == 1, "the article recorded")
    in_flight = restart(fake, bot, [])  # well inside the two-second join window
    arrived(lambda: digests(fake))
    settle()
    counts = article_counts(fake, bot, 1)
    counts.in_flight = in_flight
    return counts


def analysis(fake: FakeTelegram, bot_process: StartBot) -> Counts:
    bot = bot_process(env=ENV)
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    for part in split_like_telegram(long_paste(seed.splitlines(), 18_000)):  # one article
        fake.send_text(ADMIN_ID, part)
    wait(
        lambda: count(bot, "SELECT count(*) FROM parse_jobs WHERE state = 'running'") == 1,
        "a parser analysing the article",
    )
    in_flight = restart(fake, bot, [])
    arrived(lambda: digests(fake))
    settle()
    counts = article_counts(fake, bot, 1)
    counts.in_flight = in_flight
    return counts


def fan_out(fake: FakeTelegram, bot_process: StartBot) -> Counts:
    readers = [READER + n for n in range(6)]
    bot = bot_process(admins=[ADMIN_ID, *readers], env=ENV)
    for reader in readers:
        fake.send_text(reader, "/subscribe iran")
        wait(lambda r=reader: any("/iran" in t for t in fake.bot_texts(r)), "/subscribe")
    fake.hold(n=1, chat_id=readers[2], methods=["sendMessage"])  # delivered, never confirmed
    forward(fake, IRAN, "Reuters")
    wait(lambda: fake.held(), "the fan-out under way")
    forward(fake, CUBA, "AP")  # a second article behind it
    wait(lambda: count(bot, "SELECT count(*) FROM parse_jobs") == 2, "the second article")
    in_flight = restart(fake, bot, readers)
    arrived(lambda: all(alert_sends(fake, r) for r in readers) and len(digests(fake)) >= 2)
    settle()
    counts = article_counts(fake, bot, 2)
    per_reader = [len(alert_sends(fake, r)) for r in readers]
    counts.alerts = len(readers)
    counts.alerts_lost = sum(1 for n in per_reader if n == 0)
    counts.duplicates += sum(max(0, n - 1) for n in per_reader)
    counts.in_flight = in_flight
    return counts


def story_edit(fake: FakeTelegram, bot_process: StartBot) -> Counts:
    bot = bot_process(admins=[ADMIN_ID, READER], env=ENV)
    fake.send_text(READER, "/subscribe iran")
    wait(lambda: any("/iran" in t for t in fake.bot_texts(READER)), "/subscribe")
    forward(fake, IRAN, "Reuters")
    wait(lambda: alert_sends(fake, READER), "the first alert")
    fake.hold(n=1, chat_id=READER, methods=["editMessageText"], mode="before")
    forward(fake, IRAN_REWRITE, "TASS")
    wait(lambda: fake.held(), "the story edit under way")
    in_flight = restart(fake, bot, [READER])

    def both_outlets() -> bool:
        return any("TASS" in t and "Reuters" in t for t in fake.bot_texts(READER))

    arrived(lambda: both_outlets() and len(digests(fake)) >= 2)
    settle()
    counts = article_counts(fake, bot, 2)
    sends = len(alert_sends(fake, READER))
    counts.alerts = 2  # the first outlet's alert, and its edit naming the second
    counts.alerts_lost = (sends == 0) + (not both_outlets())
    counts.duplicates += max(0, sends - 1)
    counts.in_flight = in_flight
    return counts


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
    counts = TRIAL_KINDS[kind](fake, bot_process)
    print(f"kill trial {kind} #{round_ + 1}: {counts}")
    assert counts.articles_lost == 0 and counts.alerts_lost == 0, counts
    assert counts.duplicates <= counts.in_flight, counts
