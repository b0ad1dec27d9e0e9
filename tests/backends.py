"""The databases tests run on: a SQLite file always, and PostgreSQL when TEST_DATABASE_URL
names a server (`make test` starts a throwaway one with `pg_virtualenv` where PostgreSQL is
installed). Each PostgreSQL test gets a schema of its own, created empty and dropped after,
so tests never see each other's rows and need no database of their own."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

BACKENDS = ("sqlite", "postgresql")
# What a constraint refuses with, on each engine.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.IntegrityError)
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# The engine of the tests that drive the whole bot (services, handlers): SQLite unless set.
TEST_BOT_BACKEND = os.environ.get("TEST_BOT_BACKEND", "sqlite")
NO_POSTGRES = (
    "PostgreSQL tests need TEST_DATABASE_URL (e.g. `pg_virtualenv -t env "
    "TEST_DATABASE_URL=postgresql:// …`; `make test` does this when PostgreSQL is installed)"
)


def values(row: Any) -> tuple[Any, ...]:
    """A row's values in column order, from a `sqlite3.Row` or a PostgreSQL dict row."""
    return tuple(row[key] for key in row.keys())  # noqa: SIM118 - a sqlite3.Row iterates values


def with_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema`."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-c search_path={schema}')}"


@contextlib.asynccontextmanager
async def fresh_postgres() -> AsyncIterator[str]:
    """A postgresql:// URL on an empty schema of its own, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    async with await psycopg.AsyncConnection.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_schema(TEST_DATABASE_URL, schema)
    finally:
        async with await psycopg.AsyncConnection.connect(
            TEST_DATABASE_URL, autocommit=True
        ) as conn:
            await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextlib.asynccontextmanager
async def database_of(backend: str, tmp_path: Path) -> AsyncIterator[str | Path]:
    """What DATABASE_PATH or DATABASE_URL would say for a fresh database on `backend`."""
    if backend == "sqlite":
        yield tmp_path / "onrecord.sqlite3"
        return
    if not TEST_DATABASE_URL:
        if os.environ.get("TEST_REQUIRE_POSTGRES"):  # CI (.ci/run): never skipped there
            pytest.fail(NO_POSTGRES)
        pytest.skip(NO_POSTGRES)
    async with fresh_postgres() as url:
        yield url
