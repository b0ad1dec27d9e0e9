"""The bot scaled out on PostgreSQL, end to end: one front (`python -m bot run`), two parser
workers (`python -m bot worker`) and two alert senders (`python -m bot sender`) as
processes on one record, against the loopback fake Bot API with Telegram's limits switched
on (30 sends a second in all: one more is refused with 429 and logged).

Chats are subscribed in the database, each to one topic; a watched channel posts articles,
each on one of those topics, so every article is an alert to its topic's subscribers (and
nothing is said in the channel, so alerts are all the bot sends). Mid-run one worker and
one sender are killed with SIGKILL, the sender while Telegram holds the answer to the
message it sent (so that message was delivered and never marked sent). Afterwards every
article is stored once, every alert delivered, the duplicates are at most the messages in
flight at the sender's kill (those Telegram accepted and the record had not marked sent),
and no second held more than 30 sends. The counts are printed (`pytest -s` shows them;
docs/scaling.md quotes them).

`make test` runs it small (20 articles, 100 subscribers on 3 topics); `make soak`
(KILL_TRIALS above 1) at full size: 200 articles, 1,000 subscribers on 9 topics. Skipped
with the reason without TEST_DATABASE_URL; `make test` provides one.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from services.backend import open_store
from tests.backends import database_of
from tests.e2e.harness import ADMIN_ID, BotProcess, FakeTelegram, Record

FULL = int(os.environ.get("KILL_TRIALS", "1")) > 1  # `make soak`
ARTICLES, SUBSCRIBERS, TOPIC_COUNT = (200, 1000, 9) if FULL else (20, 100, 3)
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(3600 if FULL else 300)]

# One sentence per topic that the extractor tags with that topic (and no other we subscribe).
TOPICS = {
    "iran": "the strikes on Iranian nuclear facilities could destabilize the whole region",
    "cuba": "the United States embargo against Cuba is the main obstacle to its development",
    "gaza": "a ceasefire in Gaza is needed so that humanitarian aid can reach civilians",
    "ukraine": "Ukraine needs more air defence before any peace talks with Russia",
    "israel": "the Israeli military campaign must respect international law",
    "syria": "the situation in Syria after the fall of Assad remains fragile",
    "nato": "NATO members must raise defence spending to two percent of GDP",
    "china": "new tariffs on Chinese goods will hurt trade between the United States and China",
    "venezuela": "the sanctions against Venezuela and President Maduro must be lifted",
}
SLUGS = list(TOPICS)[:TOPIC_COUNT]
CHANNEL = {"id": -1001000000999, "type": "channel", "title": "Wire Desk", "username": "wiredesk"}
FIRST_CHAT = 800_000
CHATS = list(range(FIRST_CHAT, FIRST_CHAT + SUBSCRIBERS))
ENV = {
    "ACCESS": "open",  # the seeded chats are not members
    "ALERT_POLL_SECONDS": "0.2",
    "ALERT_LEASE_SECONDS": "8",  # a killed sender's claim comes due again after this
    "ALERT_GROUP_SIMILARITY": "100",  # each article an alert of its own, never an edit
    "PARSE_WORKERS": "1",  # the front's own parser process beside the two workers
    "LOG_LEVEL": "INFO",
}
WAIT = 1800 if FULL else 120


def topic_of(n: int) -> str:
    return SLUGS[n % len(SLUGS)]


# Background with nothing said in it, to fill a post to nearly Telegram's 4,096 characters:
# each article then keeps a parser busy for a while, so a worker killed while articles are
# queued is most likely killed mid-article.
BACKGROUND = " ".join(
    f"The committee met for the {n}th time in the old hall, and the members read the minutes "
    "of the last meeting before lunch."
    for n in range(1, 31)
)


def article(n: int) -> str:
    phrase = TOPICS[topic_of(n)]
    return (
        f"LONDON — Foreign Minister Alan Morgan said on Tuesday that {phrase}. “We said in "
        f"briefing {n} that {phrase} and we will say so again,” Morgan told reporters.\n\n"
        f"{BACKGROUND}"
    )


def channel_post(n: int) -> dict[str, Any]:
    return {
        "channel_post": {
            "message_id": 10 + n,
            "date": int(time.time()),
            "chat": CHANNEL,
            "sender_chat": CHANNEL,
            "text": article(n),
        }
    }


async def seed(url: str) -> None:
    """The chats' subscriptions and the watched channel, as the bot would have stored them."""
    store = await open_store(url)
    try:
        now = "2026-01-01T00:00:00+00:00"
        for index, chat in enumerate(CHATS):
            await store.chats.subscribe(chat, SLUGS[index % len(SLUGS)], now)
        await store.sources.watch_channel(
            CHANNEL["id"], CHANNEL["title"], CHANNEL["username"], ADMIN_ID, now
        )
    finally:
        await store.close()


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


class BesideFront:
    """`python -m bot worker|sender` beside the front, with the front's environment."""

    def __init__(self, command: str, front: BotProcess, number: int) -> None:
        self.name = f"{command} {number}"
        self.log_path = front.workdir / f"{command}{number}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", command],
                cwd=front.workdir,
                env=front.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_for(self, line: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while line not in self.log_path.read_text(errors="replace"):
            assert self.process.poll() is None, f"{self.name} exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"{self.name} not ready:\n{self.log()}"
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Counts:
    articles_posted: int = 0
    articles_stored: int = 0
    jobs_taken_over: int = 0
    alerts_due: int = 0
    alerts_delivered: int = 0  # outbox rows marked sent
    alert_messages: int = 0  # alert messages Telegram accepted
    duplicates: int = 0
    in_flight_at_kill: int = 0
    max_in_one_second: int = 0
    refused_for_flooding: int = 0
    alerts_per_second: float = 0.0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"articles posted {self.articles_posted}, stored {self.articles_stored} "
            f"(jobs taken over from the killed worker {self.jobs_taken_over}); alerts due "
            f"{self.alerts_due}, delivered {self.alerts_delivered} "
            f"({self.alert_messages} messages accepted, {self.alerts_per_second:.1f}/s); "
            f"duplicates {self.duplicates}, in flight at the sender's kill "
            f"{self.in_flight_at_kill}; most sends in any second {self.max_in_one_second}, "
            f"refused for flooding {self.refused_for_flooding}; {self.seconds:.0f} s from "
            "the first post to the last alert"
        )


def scalar(url: str, sql: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def per_chat(url: str, sql: str) -> dict[int, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        return {int(chat): int(n) for chat, n in conn.execute(sql).fetchall()}


SENT_BY_CHAT = (
    "SELECT chat_id, count(*) FROM outbox WHERE status = 'sent' AND kind = 'article' "
    "GROUP BY chat_id"
)


def alert_calls(fake: FakeTelegram) -> list[Record]:
    """sendMessage calls to the subscribed chats that Telegram accepted."""
    wanted = set(CHATS)
    return [
        c
        for c in fake.calls("sendMessage")
        if c.get("ok") and int(c["params"].get("chat_id") or 0) in wanted
    ]


def accepted_by_chat(fake: FakeTelegram) -> dict[int, int]:
    counts: dict[int, int] = {}
    for call in alert_calls(fake):
        chat = int(call["params"]["chat_id"])
        counts[chat] = counts.get(chat, 0) + 1
    return counts


def most_in_one_second(moments: list[float]) -> int:
    moments = sorted(moments)
    start, most = 0, 0
    for end, moment in enumerate(moments):
        while moments[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def outbox_states(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT status, kind, left(error, 60), count(*) FROM outbox GROUP BY 1, 2, 3"
        ).fetchall()


def wait(condition: Callable[[], object], what: str, url: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, (
            f"timed out waiting for {what}; the outbox: {outbox_states(url)}"
        )
        time.sleep(0.2)


def in_flight_after_kill(fake: FakeTelegram, url: str) -> int:
    """Alert messages the killed sender had handed to Telegram without marking them sent.

    The live senders mark theirs within moments; the killed one's claim stays "in flight"
    until its lease ends. So, a moment after the kill: the chats with a row still in flight
    that Telegram has more alert messages for than the record marks sent."""
    time.sleep(1.0)
    stuck = per_chat(
        url,
        "SELECT chat_id, count(*) FROM outbox WHERE status = 'pending' AND error = 'in flight' "
        "GROUP BY chat_id",
    )
    sent = per_chat(url, SENT_BY_CHAT)
    # Only those chats' messages: the whole call log would keep the fake busy long enough to
    # bunch the senders' next sends (it stamps each send as it reads it).
    accepted = {chat: len(fake.sent(chat, kind="send")) for chat in stuck}
    return sum(
        min(n, max(0, accepted.get(chat, 0) - sent.get(chat, 0))) for chat, n in stuck.items()
    )


def test_two_workers_and_two_senders_killed_mid_run_lose_nothing(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], url: str
) -> None:
    asyncio.run(seed(url))
    fake.rate_limits()  # Telegram's own: 30 sends a second, 20 a minute in a group
    front = bot_process(env={"DATABASE_URL": url, **ENV})
    others = [BesideFront(command, front, n) for command in ("worker", "sender") for n in (1, 2)]
    workers, senders = others[:2], others[2:]
    try:
        for worker in workers:
            worker.wait_for("parser ready")
        for sender in senders:
            sender.wait_for("alert sender ready")
        subscribers = {slug: CHATS[i :: len(SLUGS)] for i, slug in enumerate(SLUGS)}
        due = sum(len(subscribers[topic_of(n)]) for n in range(ARTICLES))
        begun = time.time()
        for n in range(ARTICLES):
            fake.inject(channel_post(n))

        wait(lambda: scalar(url, "SELECT count(*) FROM articles") >= ARTICLES // 4, "articles", url)
        workers[0].kill()  # mid-run: the rest of the posts are queued or being parsed
        wait(
            lambda: scalar(url, "SELECT count(*) FROM outbox WHERE status = 'sent'") >= due // 3,
            "a third of the alerts",
            url,
        )
        # Each of the three senders (the front's, and the two) mid-send: Telegram has the
        # message, no sender has the answer. The first sender dies so; the others are answered.
        for n in (1, 2, 3):
            fake.hold(n=n, methods=["sendMessage"])
        fake.wait_until(lambda: len(fake.held()) >= 3, 10, "a send held in each sender")
        senders[0].kill()
        fake.release()
        in_flight = in_flight_after_kill(fake, url)

        wait(lambda: scalar(url, "SELECT count(*) FROM articles") >= ARTICLES, "every article", url)
        wait(
            lambda: scalar(url, "SELECT count(*) FROM outbox WHERE status = 'sent'") >= due,
            "every alert",
            url,
        )
        time.sleep(2.0)  # room for a duplicate, which must not come
        calls = alert_calls(fake)
        times = [float(c["time"]) for c in calls]
        sends = [float(c["time"]) for c in fake.calls() if c["method"].startswith("send")]
        accepted, sent = accepted_by_chat(fake), per_chat(url, SENT_BY_CHAT)
        counts = Counts(
            articles_posted=ARTICLES,
            articles_stored=scalar(url, "SELECT count(*) FROM articles"),
            jobs_taken_over=scalar(url, "SELECT count(*) FROM parse_jobs WHERE attempts > 1"),
            alerts_due=scalar(url, "SELECT count(*) FROM outbox"),
            alerts_delivered=scalar(url, "SELECT count(*) FROM outbox WHERE status = 'sent'"),
            alert_messages=len(calls),
            duplicates=sum(max(0, n - sent.get(chat, 0)) for chat, n in accepted.items()),
            in_flight_at_kill=in_flight,
            max_in_one_second=most_in_one_second(sends),
            refused_for_flooding=len([c for c in fake.violations() if c.get("rate_limited")]),
            alerts_per_second=(len(times) - 1) / (max(times) - min(times)),
            seconds=max(times) - begun,
        )
        print(f"scale-out kill test ({'full' if FULL else 'small'} size): {counts}")
        assert counts.articles_stored == ARTICLES
        assert counts.alerts_due == due == counts.alerts_delivered, counts
        assert all(accepted.get(chat, 0) >= n for chat, n in sent.items()), "an alert lost"
        assert counts.duplicates <= counts.in_flight_at_kill, counts
        assert counts.max_in_one_second <= 30 and counts.refused_for_flooding == 0, counts
        assert scalar(url, "SELECT count(*) FROM parse_jobs WHERE state <> 'done'") == 0
    finally:
        for other in others:
            other.stop()
