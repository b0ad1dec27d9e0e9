"""Fixtures for integration tests: a real database (a SQLite file, and a PostgreSQL schema when
TEST_DATABASE_URL is set) and the bot driven offline."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.constants import ParseMode
from telegram.ext import Application, Defaults, ExtBot

from bot.app import build_application
from bot.config import DEFAULT_MODEL, Settings
from extraction import Extractor
from handlers.common import SERVICES_KEY
from services import Services, open_services
from services.backend import open_store
from storage.ports import Store
from tests.backends import BACKENDS, TEST_BOT_BACKEND, database_of
from tests.integration.offline import RecordingRequest, message_update

ADMIN_ID = 1001
STRANGER_ID = 666


def make_settings(database: str | Path, **overrides: object) -> Settings:
    """Settings for a bot on `database`: a SQLite file's path, or a postgresql:// URL."""
    on_postgres = isinstance(database, str)
    values: dict[str, object] = {
        "token": "123456:TEST-secret-token-abcdef",
        "database_path": Path("unused.sqlite3") if on_postgres else database,
        "database_url": database if on_postgres else None,
        "admin_user_ids": frozenset({ADMIN_ID}),
        "spacy_model": DEFAULT_MODEL,
        "log_level": "DEBUG",
        "base_url": None,
        "max_article_chars": 200_000,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str | Path]:
    """A fresh database on each backend: a SQLite file's path, or a postgresql:// URL
    (skipped, with the reason, when no PostgreSQL server is given)."""
    async with database_of(request.param, tmp_path) as database:
        yield database


@pytest.fixture
async def store(database: str | Path) -> AsyncIterator[Store]:
    """The store on `database`, opened (migrated) and closed."""
    opened = await open_store(database)
    yield opened
    await opened.close()


@pytest.fixture
async def bot_database(tmp_path: Path) -> AsyncIterator[str | Path]:
    """The database of the bot-level tests: SQLite, or the engine TEST_BOT_BACKEND names
    (`make test-postgres` runs them all on PostgreSQL; the store's own tests run on both
    engines every time, through `database`)."""
    async with database_of(TEST_BOT_BACKEND, tmp_path) as database:
        yield database


@pytest.fixture
async def services(bot_database: str | Path, extractor: Extractor) -> AsyncIterator[Services]:
    opened = await open_services(make_settings(bot_database), extractor)
    yield opened
    await opened.close()


@dataclass
class OfflineBot:
    app: Application
    request: RecordingRequest

    async def send(self, user_id: int, text: str, **extra: object) -> None:
        await self.app.process_update(message_update(self.app.bot, user_id, text, **extra))

    @property
    def services(self) -> Services:
        return self.app.bot_data[SERVICES_KEY]


@contextlib.asynccontextmanager
async def running_bot(
    database: str | Path, extractor: Extractor, request: RecordingRequest
) -> AsyncIterator[OfflineBot]:
    """The whole application, started as polling would start it, over an offline request."""
    app = build_application(make_settings(database), extractor, request)
    app.bot_data["join_window"] = 0.05
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        yield OfflineBot(app, request)
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


@pytest.fixture
async def offline_bot(bot_database: str | Path, extractor: Extractor) -> AsyncIterator[OfflineBot]:
    async with running_bot(bot_database, extractor, RecordingRequest()) as bot:
        yield bot


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[ExtBot[None], RecordingRequest]]:
    """A bare bot over the recording request, for code that sends without the application
    (the alert sender)."""
    request = RecordingRequest()
    bot: ExtBot[None] = ExtBot(
        "123456:TEST-secret-token-abcdef",
        request=request,
        get_updates_request=request,
        defaults=Defaults(parse_mode=ParseMode.HTML),
    )
    await bot.initialize()
    yield bot, request
    await bot.shutdown()
