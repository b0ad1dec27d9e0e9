"""Numbered SQL migrations applied in order, each in one explicit transaction.

`PRAGMA user_version` is the schema version. Each file is wrapped in BEGIN … COMMIT together
with the user_version bump, so a failing migration leaves the database exactly at the
previous version. (`executescript` would commit an open transaction first, which is why the
runner, not the file, owns the transaction.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

from storage.errors import MigrationError, SchemaTooNewError

MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    folder = resources.files("storage.sqlite") / "migrations"
    return load_migrations(Path(str(folder)))


def load_migrations(folder: Path) -> list[Migration]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.fullmatch(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path.read_text("utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions) or 0 in versions:
        raise MigrationError(f"migration numbers must be unique and start at 0001: {versions}")
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, migrations: list[Migration]) -> int:
    """Bring the database up to the newest migration; return the resulting version."""
    current = await schema_version(conn)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise SchemaTooNewError(
            f"the database is at schema version {current}, but this OnRecord only knows "
            f"up to {latest}: upgrade OnRecord (or restore a backup) instead of running an old one"
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        script = f"BEGIN;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            await conn.executescript(script)
        except Exception as exc:
            if conn.in_transaction:
                await conn.rollback()
            raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
        current = migration.version
    return current
