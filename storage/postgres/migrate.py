"""Numbered SQL migrations for PostgreSQL, applied in order, each in one transaction.

The `schema_version` table holds the version (SQLite keeps it in `PRAGMA user_version`).
PostgreSQL runs DDL inside a transaction, so a failing migration leaves the database exactly
at the previous version. Several processes may start at once (a bot, workers, senders): an
advisory lock lets one migrate while the others wait, then find nothing left to do.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import psycopg

from storage.errors import MigrationError, SchemaTooNewError
from storage.sqlite.migrate import Migration, load_migrations

Connection = psycopg.AsyncConnection[dict[str, Any]]
# Any constant both sides agree on; "OnRecord" in ASCII.
MIGRATION_LOCK = 0x4F6E5265636F7264


def bundled_migrations() -> list[Migration]:
    folder = resources.files("storage.postgres") / "migrations"
    return load_migrations(Path(str(folder)))


async def schema_version(conn: Connection) -> int:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at"
        " timestamptz NOT NULL DEFAULT now())"
    )
    cursor = await conn.execute("SELECT coalesce(max(version), 0) AS version FROM schema_version")
    row = await cursor.fetchone()
    return int(row["version"]) if row else 0


async def migrate(conn: Connection, migrations: list[Migration]) -> int:
    """Bring the database up to the newest migration; return the resulting version.
    `conn` is in autocommit mode, its rows dicts."""
    latest = migrations[-1].version if migrations else 0
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        current = await schema_version(conn)
    if current > latest:
        raise SchemaTooNewError(
            f"the database is at schema version {current}, but this OnRecord only knows "
            f"up to {latest}: upgrade OnRecord (or restore a backup) instead of running an old one"
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        try:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                if await schema_version(conn) >= migration.version:
                    continue  # another process applied it while this one waited
                await conn.execute(migration.sql.encode())
                await conn.execute(
                    "INSERT INTO schema_version (version) VALUES (%s)", (migration.version,)
                )
        except psycopg.Error as exc:
            raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
        current = migration.version
    return current
