"""The SQLite store: every area of `storage.ports` on one database file."""

from __future__ import annotations

from pathlib import Path

from storage.sqlite.access import SqliteAccess
from storage.sqlite.alert_rows import Outbox
from storage.sqlite.articles import SqliteArticles
from storage.sqlite.chats import SqliteChats
from storage.sqlite.corrections import SqliteCorrections
from storage.sqlite.deletion import SqliteDeletion
from storage.sqlite.delivery import SqliteDelivery
from storage.sqlite.executor import Executor
from storage.sqlite.export import SqliteExport
from storage.sqlite.follows import SqliteFollows
from storage.sqlite.jobs import SqliteJobs
from storage.sqlite.outbox import SqliteAlerts
from storage.sqlite.pacing import InProcessPacing
from storage.sqlite.positions import SqlitePositions
from storage.sqlite.sources import SqliteSources
from storage.sqlite.speakers import SqliteSpeakers
from storage.sqlite.statements import SqliteStatements


class SqliteStore:
    """`storage.ports.Store` on SQLite. Open with `await SqliteStore.open(path)`, which
    migrates the file; always `await store.close()` (aiosqlite keeps threads)."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        outbox = Outbox()
        self.articles = SqliteArticles(executor, outbox)
        self.statements = SqliteStatements(executor)
        self.speakers = SqliteSpeakers(executor)
        self.positions = SqlitePositions(executor)
        self.access = SqliteAccess(executor)
        self.chats = SqliteChats(executor, outbox)
        self.follows = SqliteFollows(executor)
        self.alerts = SqliteAlerts(executor, outbox)
        self.delivery = SqliteDelivery(executor, outbox)
        self.sources = SqliteSources(executor)
        self.corrections = SqliteCorrections(executor)
        self.deletion = SqliteDeletion(executor)
        self.export = SqliteExport(executor)
        self.jobs = SqliteJobs(executor)
        self.pacing = InProcessPacing()

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        return cls(await Executor.open(path))

    async def close(self) -> None:
        await self.executor.close()

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "speakers", "statements", "subscriptions"):
            row = await self.executor.fetchone(f"SELECT count(*) AS n FROM {table}")
            out[table] = int(row["n"]) if row else 0
        return out
