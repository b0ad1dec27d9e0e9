"""The hot-row cost on PostgreSQL: several writers storing articles on one busy topic at once.

Every statement stored adds to running totals kept by triggers in the writing transaction:
`topic_counts` (one row per topic) and `target_positions` (one row per target and speaker).
Writers storing statements on the same topic update the same rows, and each waits for the
other's row lock until that transaction commits. This measures what that wait costs: N
writers (each a store with its own connection, as parser workers on several hosts are) store
the same number of articles, once all on one topic and target with the same speakers (every
writer on the same hot rows), once each writer on a topic, target and speakers of its own
(no shared row), in one run. The ratio of the two rates is the cost.

    pg_virtualenv -t env TEST_DATABASE_URL=postgresql:// .venv/bin/python -m bench.pg_hot_rows
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from storage.models import NewArticle, NewSpeaker, NewStatement, StatementPosition
from storage.postgres.store import PgStore
from tests.backends import TEST_DATABASE_URL, fresh_postgres

SPEAKERS = 5


@dataclass(frozen=True)
class HotRowResult:
    writers: int
    articles: int  # in all, every writer's
    shared_seconds: float  # every writer on the same topic, target and speakers
    apart_seconds: float  # each writer on its own

    @property
    def shared_rate(self) -> float:
        return self.articles / self.shared_seconds

    @property
    def apart_rate(self) -> float:
        return self.articles / self.apart_seconds

    @property
    def ratio(self) -> float:
        """Articles a second on the hot rows ÷ apart: 1.0 means the hot rows cost nothing."""
        return self.shared_rate / self.apart_rate


def _article(tag: str, number: int, topic: str, speakers: list[str]) -> tuple:
    text = f"{tag} article {number}: " + " ".join(f"{name} spoke." for name in speakers)
    article = NewArticle(
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        gist=text[:80],
        source=None,
        source_url=None,
        sender_id=None,
        chat_id=None,
        received_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
    statements = [
        NewStatement(
            speaker=NewSpeaker(name=name, name_key=name.lower(), role=None, kind="person"),
            speaker_text=name,
            kind="indirect",
            text=f"{tag} {number}: the strikes on {topic} would destabilise the region ({name})",
            span=(0, len(text)),
            cue="said",
            score=0.9,
            topics=(topic,),
            positions=(StatementPosition(f"{topic}.military_action", "against", 0.97, "x"),),
        )
        for name in speakers
    ]
    return article, statements


async def _write(url: str, tag: str, count: int, topic: str, speakers: list[str]) -> None:
    store = await PgStore.open(url)
    try:
        for number in range(count):
            article, statements = _article(tag, number, topic, speakers)
            async with store.articles.storing(article, statements):
                pass
    finally:
        await store.close()


async def store_concurrently(url: str, writers: int, per_writer: int, shared: bool) -> float:
    """Seconds for `writers` stores at once to store `per_writer` articles each, every
    article with one statement by each of `SPEAKERS` speakers on one topic and its target."""

    def speakers(writer: int) -> list[str]:
        return [f"Speaker {i}" if shared else f"Speaker {writer}-{i}" for i in range(SPEAKERS)]

    jobs = [
        _write(
            url,
            f"{'shared' if shared else 'apart'} writer {writer}",
            per_writer,
            "iran" if shared else f"topic{writer}",
            speakers(writer),
        )
        for writer in range(writers)
    ]
    started = time.perf_counter()
    await asyncio.gather(*jobs)
    return time.perf_counter() - started


async def _once(writers: int, per_writer: int, shared: bool) -> float:
    async with fresh_postgres() as url:
        await (await PgStore.open(url)).close()  # migrated before the clock starts
        return await store_concurrently(url, writers, per_writer, shared)


async def measure(writers: int, per_writer: int, rounds: int = 3) -> HotRowResult:
    """Both cases on fresh schemas of the same server, alternating, each its best of
    `rounds` (the first round also warms the server's caches for both)."""
    apart, shared = [], []
    for _ in range(rounds):
        apart.append(await _once(writers, per_writer, shared=False))
        shared.append(await _once(writers, per_writer, shared=True))
    return HotRowResult(writers, writers * per_writer, min(shared), min(apart))


def report(results: list[HotRowResult]) -> str:
    lines = [
        "| writers | articles | apart: articles/s | one hot topic: articles/s | ratio |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.writers} | {r.articles} | {r.apart_rate:.0f} | {r.shared_rate:.0f}"
            f" | {r.ratio:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="per writer")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=3, help="each case's best of")
    args = parser.parse_args()
    if not TEST_DATABASE_URL:
        raise SystemExit("TEST_DATABASE_URL names no PostgreSQL server (see the docstring)")

    async def run() -> list[HotRowResult]:
        return [await measure(n, args.articles, args.rounds) for n in args.writers]

    print(report(asyncio.run(run())))


if __name__ == "__main__":
    main()
