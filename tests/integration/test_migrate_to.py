"""Moving up: `python -m bot migrate-to URL` copies a SQLite record into PostgreSQL, counts
every table on both sides, adds only what is missing when run again, and the copy answers
as the file did (a real file, a real server; skipped with the reason without one)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services import open_services
from services.backend import open_store
from services.ingest import ArticleSource, ingest_article
from storage.alert_models import NewAlert
from tests.backends import database_of
from tests.conftest import SEED_ARTICLE
from tests.integration.conftest import make_settings
from tests.integration.test_cli import run_cli


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


async def test_the_record_moves_up_whole_and_a_second_run_adds_only_the_new(
    tmp_path: Path, url: str, extractor, seed_text: str
) -> None:
    path = tmp_path / "record.sqlite3"
    services = await open_services(make_settings(path), extractor)
    try:
        await ingest_article(services, seed_text, ArticleSource(name="Kremlin pool"))
        await services.db.chats.subscribe(77, "iran", "2026-12-01T00:00:00+00:00")
        await services.db.access.add_member(77, 1001, "allow", "Ann", "2026-12-01T00:00:00+00:00")
        [held, pending] = await services.db.alerts.enqueue_alerts(
            [NewAlert(77, "position_change", None, ("iran",), {"n": n}) for n in (1, 2)],
            datetime.now(UTC),
        )
        summary = await services.db.delivery.summarise_held(77, [], datetime.now(UTC))
        await services.db.delivery.hold_alerts([held], datetime.now(UTC))
        await services.db.delivery.summarise_held(77, [held], datetime.now(UTC))
    finally:
        await services.close()
    env = {"DATABASE_PATH": str(path)}

    first = run_cli("migrate-to", url, env=env)
    assert first.returncode == 0, first.stderr
    assert "every count verified" in first.stdout and "in 23 tables" in first.stdout
    again = run_cli("migrate-to", url, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split(":")[1] == first.stdout.split(":")[1]  # nothing twice

    on_file = run_cli("topic", "iran", env=env)
    on_server = run_cli("topic", "iran", env={**env, "DATABASE_URL": url})
    assert on_server.returncode == 0, on_server.stderr
    assert on_server.stdout == on_file.stdout and "Dmitry Peskov" in on_server.stdout
    searched = [
        run_cli("search", "destabilize", env={**env, **extra}).stdout
        for extra in ({}, {"DATABASE_URL": url})
    ]
    # The same hits in the same order; only the snippet's cut is each engine's own.
    hits = [re.findall(r"^\d+\. .*?(/show_\d+)$", out, re.MULTILINE) for out in searched]
    assert hits[0] == hits[1] and hits[0]
    assert "Peskov" in searched[1] and "\x02" not in searched[1]

    copy = await open_store(url)
    try:
        assert await copy.access.is_member(77)
        assert await copy.chats.subscriptions(77) == ["iran"]
        moved = {a.id: a for a in await copy.alerts.alerts(chat_id=77)}
        assert moved[pending].status == "pending" and moved[held].status == "merged"
        assert moved[held].merged_into not in (None, summary)
        # New rows get ids past the copied ones.
        [fresh] = await copy.alerts.enqueue_alerts(
            [NewAlert(77, "position_change", None, ("iran",), {})], datetime.now(UTC)
        )
        assert fresh > max(moved)
    finally:
        await copy.close()


def test_migrate_to_refuses_what_is_no_postgresql_url_and_a_missing_file(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "none.sqlite3")}
    wrong = run_cli("migrate-to", "mysql://db/record", env=env)
    assert wrong.returncode == 2 and "postgresql:// URL" in wrong.stderr
    missing = run_cli("migrate-to", "postgresql://127.0.0.1:1/x", env=env)
    assert missing.returncode == 2 and "no database at" in missing.stderr
    assert not Path(env["DATABASE_PATH"]).exists()


async def test_a_server_holding_another_record_is_refused_before_anything_is_written(
    tmp_path: Path, url: str
) -> None:
    path = tmp_path / "other.sqlite3"
    mine = await open_store(path)
    theirs = await open_store(url)
    try:
        text = SEED_ARTICLE.read_text(encoding="utf-8")
        from tests.integration.test_storage import article

        await mine.articles.store_article(article(text), [])
        await theirs.articles.store_article(article("a different article"), [])
    finally:
        await mine.close()
        await theirs.close()
    refused = run_cli("migrate-to", url, env={"DATABASE_PATH": str(path)})
    assert refused.returncode == 2 and "already holds another record" in refused.stderr
