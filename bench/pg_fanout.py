"""Figure 6: fan-out on PostgreSQL with two alert senders beside the front.

`python -m bot run` and two `python -m bot sender` processes share one PostgreSQL record
(a fresh schema on the server TEST_DATABASE_URL names; `make bench` starts a throwaway one
with `pg_virtualenv`) and the loopback fake Bot API, with Telegram's limits switched on in
the fake (30 messages a second: one more is refused with 429 and logged). N chats are
subscribed to /iran in the record; the admin forwards one Iran article; three senders (the
front's and the two) deliver its alerts, taking their turns from the record. The rate is
taken from the fake's clock, first to last accepted alert; the busiest second is counted
over every send.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.fanout import FIRST_CHAT, start_fake_server
from services.backend import open_store
from tests.alert_articles import IRAN
from tests.backends import fresh_postgres
from tests.e2e.harness import ADMIN_ID, BotProcess, FakeTelegram, bot_env


@dataclass(frozen=True)
class SharedFanoutResult:
    subscribers: int
    senders: int  # processes sending alerts, the front's included
    delivered: int
    seconds: float  # first to last accepted alert
    most_in_one_second: int  # sends of any kind in the busiest rolling second
    refused_for_flooding: int
    duplicates: int

    @property
    def per_second(self) -> float:
        return (self.delivered - 1) / self.seconds if self.seconds > 0 else 0.0

    @property
    def lost(self) -> int:
        return self.subscribers - self.delivered


def most_in_one_second(moments: list[float]) -> int:
    moments = sorted(moments)
    start, most = 0, 0
    for end, moment in enumerate(moments):
        while moments[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def _seed(url: str, chats: list[int]) -> None:
    store = await open_store(url)
    try:
        for chat in chats:
            await store.chats.subscribe(chat, "iran", "2026-01-01T00:00:00+00:00")
    finally:
        await store.close()


def _accepted(fake: FakeTelegram, wanted: set[int], since: int) -> dict[int, list[float]]:
    accepted: dict[int, list[float]] = {}
    for call in fake.calls("sendMessage", since=since):
        chat = int(call.get("chat_id") or 0)
        if chat in wanted and call.get("ok"):
            accepted.setdefault(chat, []).append(float(call["time"]))
    return accepted


def run_shared_fanout(subscribers: int, timeout: float = 600) -> SharedFanoutResult:
    if not os.environ.get("TEST_DATABASE_URL"):
        raise RuntimeError("figure 6 needs a PostgreSQL server in TEST_DATABASE_URL")
    return asyncio.run(_run(subscribers, timeout))


async def _run(subscribers: int, timeout: float) -> SharedFanoutResult:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + subscribers))
    server, fake = start_fake_server()
    senders: list[subprocess.Popen[bytes]] = []
    bot: BotProcess | None = None
    try:
        async with fresh_postgres() as url:
            await _seed(url, chats)
            with tempfile.TemporaryDirectory(prefix="onrecord-pg-fanout-") as tmp:
                fake.rate_limits()
                extra = {
                    "DATABASE_URL": url,
                    "LOG_LEVEL": "WARNING",
                    "ALERT_POLL_SECONDS": "0.2",
                    "ACCESS": "open",  # the seeded chats are not members
                }
                env = bot_env(fake, Path(tmp) / "unused.sqlite3", extra=extra)
                bot = BotProcess(fake, Path(tmp), env).start()
                for _ in range(2):
                    senders.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "bot", "sender"],
                            cwd=tmp,
                            env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                    )
                await asyncio.sleep(8)  # the senders load the model and open the record
                since = fake.last_call_seq()
                fake.send_text(ADMIN_ID, IRAN)
                wanted = set(chats)
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    await asyncio.sleep(1.0)
                    if len(_accepted(fake, wanted, since)) == len(wanted) or not bot.running:
                        break
                await asyncio.sleep(1.0)  # a window for a duplicate to show up
                accepted = _accepted(fake, wanted, since)
                times = sorted(t for sends in accepted.values() for t in sends)
                sends = [
                    float(c["time"])
                    for c in fake.calls(since=since)
                    if c["method"].startswith("send") and c.get("ok")
                ]
                refused = [c for c in fake.violations() if c.get("rate_limited")]
                return SharedFanoutResult(
                    subscribers=subscribers,
                    senders=1 + len(senders),
                    delivered=len(accepted),
                    seconds=times[-1] - times[0] if len(times) > 1 else 0.0,
                    most_in_one_second=most_in_one_second(sends),
                    refused_for_flooding=len(refused),
                    duplicates=sum(len(s) - 1 for s in accepted.values()),
                )
    finally:
        for sender in senders:
            sender.terminate()
            sender.wait(timeout=20)
        if bot is not None:
            bot.stop()
        fake.close()
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    """`python -m bench.pg_fanout [--subscribers N]` (under `pg_virtualenv`): figure 6 alone."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    f = run_shared_fanout(parser.parse_args().subscribers)
    print(
        f"{f.senders} senders: delivered {f.delivered}/{f.subscribers}, lost {f.lost}, "
        f"duplicates {f.duplicates}, refused for flooding {f.refused_for_flooding}, "
        f"{f.per_second:.1f} alerts/s, most sends in any second {f.most_in_one_second}"
    )


if __name__ == "__main__":
    main()
