"""Moving up: `python -m bot migrate-to URL` copies a SQLite record into PostgreSQL, counts
every table on both sides, adds only what is missing when run again, and the copy answers
as the file does (a real file, a real server; skipped with the reason without one)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services import open_services
from services.backend import open_store
from services.ingest import ArticleSource, ingest_article
from storage.alert_models import NewAlert
from storage.models import SearchFilters
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

    # The copy answers as the file does: topic pages, sides, search, speakers.
    original, copy = await open_store(path), await open_store(url)
    try:
        for topic in ("iran", "ukraine", "russia"):
            assert await copy.statements.statements_for_topic(
                topic, 50
            ) == await original.statements.statements_for_topic(topic, 50)
            assert await copy.statements.count_for_topic(topic) == (
                await original.statements.count_for_topic(topic)
            )
        targets = ["iran.military_action", "cuba.us_pressure", "ukraine.peace_talks"]
        assert await copy.positions.sides_on_targets(targets) == (
            await original.positions.sides_on_targets(targets)
        )
        assert await copy.positions.positions_of_speaker(1) == (
            await original.positions.positions_of_speaker(1)
        )
        query = SearchFilters(words=("destabilize",), topic="iran")
        found = [await db.statements.search_archive(query, 10) for db in (original, copy)]
        assert found[0][0] == found[1][0] == 2
        assert [h.statement for h in found[0][1]] == [h.statement for h in found[1][1]]
    finally:
        await original.close()
        await copy.close()

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
