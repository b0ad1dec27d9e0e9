"""The PostgreSQL store: every area of `storage.ports` on one PostgreSQL database, which
any number of processes on any hosts may share."""

from __future__ import annotations

from storage.postgres.areas import (
    PgAlerts,
    PgArticles,
    PgChats,
    PgCorrections,
    PgDeletion,
    PgDelivery,
    PgExport,
    PgFollows,
    PgSpeakers,
    PgStatements,
)
from storage.postgres.executor import PgExecutor
from storage.postgres.jobs import PgJobs
from storage.postgres.pacing import PgPacing
from storage.sqlite.access import SqliteAccess
from storage.sqlite.alert_rows import Outbox
from storage.sqlite.positions import SqlitePositions
from storage.sqlite.sources import SqliteSources


class PgStore:
    """`storage.ports.Store` on PostgreSQL. Open with `await PgStore.open(url)` (a
    `postgresql://` URL or libpq connection string), which migrates the database; always
    `await store.close()`."""

    def __init__(self, executor: PgExecutor) -> None:
        self.executor = executor
        outbox = Outbox()
        self.articles = PgArticles(executor, outbox)
        self.statements = PgStatements(executor)
        self.speakers = PgSpeakers(executor)
        self.positions = SqlitePositions(executor)
        self.access = SqliteAccess(executor)
        self.chats = PgChats(executor, outbox)
        self.follows = PgFollows(executor)
        self.alerts = PgAlerts(executor, outbox)
        self.delivery = PgDelivery(executor, outbox)
        self.sources = SqliteSources(executor)
        self.corrections = PgCorrections(executor)
        self.deletion = PgDeletion(executor)
        self.export = PgExport(executor)
        self.jobs = PgJobs(executor)
        self.pacing = PgPacing(executor)

    @classmethod
    async def open(cls, url: str) -> PgStore:
        return cls(await PgExecutor.open(url))

    async def close(self) -> None:
        await self.alerts.listener.stop()
        await self.jobs.listener.stop()
        await self.executor.close()

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "speakers", "statements", "subscriptions"):
            row = await self.executor.fetchone(f"SELECT count(*) AS n FROM {table}")
            out[table] = int(row["n"]) if row else 0
        return out
