"""Alerts end to end: the bot as a subprocess against the fake Bot API, with faults injected.

Each scenario is one promise of the outbox: one alert per subscriber and story, none for the
wrong topic; everyone served through 429s and 403s; a crash duplicates at most the message
in flight; a second source edits the first alert; quiet hours hold then release; the daily
digest fires on time and again after a restart.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from storage.sqlite import SqliteStore
from tests.alert_articles import CUBA, IRAN, IRAN_OTHER_STORY, IRAN_REWRITE
from tests.e2e.harness import ADMIN_ID, BotProcess, FakeTelegram, Record
from tests.e2e.shifted_zone import NAME as ZONE
from tests.e2e.shifted_zone import install as install_zone
from tests.e2e.shifted_zone import offset_turning_at, tz_path_env

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

READER = 3001
ALERT_ENV = {"ALERT_POLL_SECONDS": "0.2", "ALERT_DIGEST_PERIOD_SECONDS": "4"}
ANALYSIS_TIMEOUT = 45
QUIET_LEAD = 18  # seconds for two articles to be forwarded and analysed in quiet hours
StartBot = Callable[..., BotProcess]


def channel(title: str, message_id: int = 1) -> dict[str, Any]:
    chat = {"id": -1001000000000 - len(title), "type": "channel", "title": title}
    return {"type": "channel", "chat": chat, "message_id": message_id, "date": int(time.time())}


def forward(fake: FakeTelegram, text: str, source: str) -> None:
    """The admin forwards an article from a channel called `source`."""
    fake.send_text(ADMIN_ID, text, forward_origin=channel(source))


def wait_analysed(fake: FakeTelegram, bot: BotProcess, count: int) -> None:
    """The admin's `count`-th article has been answered (so it and its alerts are stored)."""
    fake.wait_until(
        lambda: sum("📰" in t for t in fake.bot_texts(ADMIN_ID)) >= count,
        ANALYSIS_TIMEOUT,
        f"the digest of article {count}",
    )


def alerts_to(fake: FakeTelegram, chat_id: int) -> list[str]:
    """The alert messages in a chat as they read now (edits applied)."""
    return [t for t in fake.bot_texts(chat_id) if "New on" in t or "While you were in quiet" in t]


def sends_to(fake: FakeTelegram, chat_id: int, marker: str = "New on") -> list[Record]:
    return [r for r in fake.sent(chat_id, kind="send") if marker in (r.get("text") or "")]


def subscribe(fake: FakeTelegram, chat_id: int, *topics: str) -> None:
    for topic in topics:
        fake.send_text(chat_id, f"/subscribe {topic}")
        fake.wait_until(
            lambda t=topic: any(f"to /{t}" in x for x in fake.bot_texts(chat_id)),
            15,
            f"/subscribe {topic}",
        )


def settle(seconds: float = 1.5) -> None:
    time.sleep(seconds)  # a window in which an unwanted extra message would show up


# Seeded subscribers are not members: a private bot ends strangers' subscriptions at start-up.
SEEDED_ENV = {**ALERT_ENV, "ACCESS": "open"}


def seed_subscribers(path: Path, chat_ids: list[int], topic: str) -> None:
    """Subscriptions written straight into a fresh database, as if each chat had subscribed."""

    async def write() -> None:
        db = await SqliteStore.open(path)
        try:
            for chat_id in chat_ids:
                await db.chats.subscribe(chat_id, topic, datetime.now(UTC).isoformat())
        finally:
            await db.close()

    path.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(write())


def query(bot: BotProcess, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(bot.database_path) as conn:
        return conn.execute(sql).fetchall()


def test_a_subscriber_gets_one_alert_for_an_iran_article_and_none_for_cuba(
    fake: FakeTelegram, bot_process: StartBot
) -> None:
    bot = bot_process(admins=[ADMIN_ID, READER], env=ALERT_ENV)
    subscribe(fake, READER, "iran")
    subscribe(fake, ADMIN_ID, "iran")
    forward(fake, IRAN, "Reuters")
    wait_analysed(fake, bot, 1)
    alert = bot.wait_for_sent(READER, lambda r: "New on" in (r.get("text") or ""), timeout=15)
    assert "Peskov" in alert["text"] and "Reuters" in alert["text"]
    forward(fake, CUBA, "Prensa Latina")
    wait_analysed(fake, bot, 2)
    settle()
    assert len(sends_to(fake, READER)) == 1
    assert sends_to(fake, ADMIN_ID) == []  # not alerted about the article it sent


def test_two_hundred_subscribers_are_all_served_through_429s_and_403s(
    fake: FakeTelegram, bot_process: StartBot, tmp_path: Path
) -> None:
    subscribers = list(range(5001, 5201))
    blocked = subscribers[10:200:20]  # ten users who blocked the bot
    flooded = subscribers[5:200:25]  # eight chats answering 429 twice
    database = tmp_path / "fanout" / "onrecord.sqlite3"
    seed_subscribers(database, subscribers, "iran")
    for chat_id in blocked:
        fake.block(chat_id)
    for chat_id in flooded:
        fake.fail_next(chat_id, n=2, code=429, retry_after=1)
    fake.rate_limits()  # Telegram's own limits: 30 messages a second
    bot = bot_process(env={**SEEDED_ENV, "DATABASE_PATH": str(database)})
    forward(fake, IRAN, "Reuters")
    wait_analysed(fake, bot, 1)  # the alerts are written; ~7 s of sending ahead
    fake.fail_next(None, n=1, code=429, retry_after=1, methods=["sendMessage"])  # global flood
    served = [c for c in subscribers if c not in blocked]
    fake.wait_until(
        lambda: all(sends_to(fake, c) for c in served), 90, "an alert to every subscriber"
    )
    settle()
    assert all(len(sends_to(fake, c)) == 1 for c in served)
    assert not any(sends_to(fake, c) for c in blocked)
    disabled = {
        r[0] for r in query(bot, "SELECT chat_id FROM chat_settings WHERE disabled_at IS NOT NULL")
    }
    assert disabled == set(blocked)
    statuses = dict(query(bot, "SELECT status, count(*) FROM outbox GROUP BY status"))
    assert statuses == {"sent": len(served), "failed": len(blocked)}
    times = sorted(r["time"] for c in served for r in sends_to(fake, c))
    rate = (len(times) - 1) / (times[-1] - times[0])
    print(f"\nfan-out: {len(times)} alerts in {times[-1] - times[0]:.1f}s = {rate:.1f}/s")
    rate_limited = [c for c in fake.violations() if c.get("rate_limited")]
    assert rate_limited == [], "the bot went over Telegram's 30 messages a second"


def test_a_crash_with_a_reply_in_flight_duplicates_at_most_that_message(
    fake: FakeTelegram, bot_process: StartBot, tmp_path: Path
) -> None:
    subscribers = list(range(6001, 6011))
    database = tmp_path / "crash" / "onrecord.sqlite3"
    seed_subscribers(database, subscribers, "iran")
    in_flight = subscribers[3]  # alerts go out in subscription order: the fourth
    fake.hold(n=1, chat_id=in_flight, methods=["sendMessage"])
    bot = bot_process(env={**SEEDED_ENV, "DATABASE_PATH": str(database)})
    forward(fake, IRAN, "Reuters")
    fake.wait_for_held(timeout=ANALYSIS_TIMEOUT)
    fake.wait_until(lambda: fake.held()[0]["processed"], 5, "the held message delivered")
    bot.kill()  # Telegram has the message; the bot never heard back
    fake.release()
    before = {c: len(sends_to(fake, c)) for c in subscribers}
    assert before[in_flight] == 1 and sum(before.values()) == 4, before
    bot.start()
    fake.wait_until(
        lambda: all(sends_to(fake, c) for c in subscribers), 30, "an alert to every subscriber"
    )
    settle()
    per_chat = {c: len(sends_to(fake, c)) for c in subscribers}
    assert per_chat == {c: 2 if c == in_flight else 1 for c in subscribers}, per_chat


def test_the_same_story_from_a_second_source_edits_the_first_alert(
    fake: FakeTelegram, bot_process: StartBot
) -> None:
    bot = bot_process(admins=[ADMIN_ID, READER], env=ALERT_ENV)
    subscribe(fake, READER, "iran")
    forward(fake, IRAN, "Reuters")
    wait_analysed(fake, bot, 1)
    first = bot.wait_for_sent(READER, lambda r: "New on" in (r.get("text") or ""), timeout=15)
    forward(fake, IRAN_REWRITE, "TASS")
    wait_analysed(fake, bot, 2)
    edit = bot.wait_for_sent(READER, lambda r: r["kind"] == "edit", timeout=15)
    assert edit["message_id"] == first["message_id"]
    assert "Also reported by TASS" in edit["text"]
    settle()
    assert len(sends_to(fake, READER)) == 1
    (alert,) = alerts_to(fake, READER)
    assert "Reuters" in alert and "TASS" in alert


def test_quiet_hours_hold_alerts_and_release_one_summary_when_they_end(
    fake: FakeTelegram, bot_process: StartBot, tmp_path: Path
) -> None:
    zones = tmp_path / "zones"
    bot = bot_process(admins=[ADMIN_ID, READER], env={**ALERT_ENV, **tz_path_env(zones)})
    subscribe(fake, READER, "iran", "cuba")
    fake.wait_until(lambda: "parser ready" in bot.log(), ANALYSIS_TIMEOUT, "the parser")
    # The chat's zone turns a minute QUIET_LEAD s from now, when its quiet hours end: time to
    # forward and analyse two articles first, and no wait for the wall clock's next minute.
    turn = datetime.now(UTC) + timedelta(seconds=QUIET_LEAD)
    offset = offset_turning_at(turn)
    install_zone(zones, offset)
    local_turn = turn.astimezone(timezone(timedelta(seconds=offset))) + timedelta(seconds=30)
    end_local = local_turn.replace(second=0, microsecond=0)  # the whole minute nearest `turn`
    end = end_local.astimezone(UTC)
    start_local = end_local - timedelta(hours=1)
    fake.send_text(READER, f"/timezone {ZONE}")
    bot.wait_for_sent(READER, lambda r: f"set to {ZONE}" in (r.get("text") or ""), timeout=15)
    fake.send_text(READER, f"/quiet {start_local:%H:%M}-{end_local:%H:%M}")
    quiet = bot.wait_for_sent(READER, lambda r: "Quiet hours" in (r.get("text") or ""), 15)
    assert f"({ZONE})" in quiet["text"]
    forward(fake, IRAN, "Reuters")
    wait_analysed(fake, bot, 1)  # one at a time, so the two alerts are held in order
    forward(fake, CUBA, "Prensa Latina")
    wait_analysed(fake, bot, 2)
    settle()
    assert datetime.now(UTC) < end, "the articles took too long: quiet hours already over"
    assert alerts_to(fake, READER) == []
    wait = (end - datetime.now(UTC)).total_seconds() + 15
    summary = bot.wait_for_sent(READER, lambda r: "quiet hours" in (r.get("text") or ""), wait)
    assert datetime.fromtimestamp(summary["time"], UTC) >= end
    assert "2 alerts" in summary["text"]
    assert "Peskov" in summary["text"] and "Rodriguez" in summary["text"]
    settle()
    assert len(alerts_to(fake, READER)) == 1
    rows = query(bot, f"SELECT kind, status FROM outbox WHERE chat_id = {READER} ORDER BY id")
    assert rows == [("article", "merged"), ("article", "merged"), ("summary", "sent")]


def test_the_daily_digest_fires_at_its_time_and_again_after_a_restart(
    fake: FakeTelegram, bot_process: StartBot
) -> None:
    bot = bot_process(admins=[ADMIN_ID, READER], env=ALERT_ENV)  # a "day" is 4 s here
    subscribe(fake, READER, "iran")
    fake.send_text(READER, f"/digest daily {datetime.now(UTC):%H:%M}")
    bot.wait_for_sent(READER, lambda r: "daily digest at" in (r.get("text") or ""), timeout=15)
    forward(fake, IRAN, "Reuters")
    wait_analysed(fake, bot, 1)
    first = bot.wait_for_sent(
        READER,
        lambda r: "daily digest" in (r.get("text") or "").lower() and "Peskov" in r["text"],
        timeout=20,
    )
    settle(5)  # another "day" with nothing new: nothing sent
    digests = sends_to(fake, READER, "Your daily digest")
    assert digests == [first]
    assert sends_to(fake, READER) == []  # no instant alert in digest mode
    bot.restart()
    forward(fake, IRAN_OTHER_STORY, "AP")
    wait_analysed(fake, bot, 2)
    second = bot.wait_for_sent(READER, lambda r: "Grossi" in (r.get("text") or ""), timeout=20)
    assert "Your daily digest" in second["text"] and "Peskov" not in second["text"]
