"""What only PostgreSQL has to get right: its own migrations and schema_version, a server it
cannot reach, and several writers at once — the same article from two workers, the same new
speaker from two articles, one claim per parse job and per alert — on a real server
(TEST_DATABASE_URL; skipped with the reason without one)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from bot.sender import LEASE
from services.backend import open_store
from storage import DatabaseUnavailable, MigrationError, NewArticle, SchemaTooNewError
from storage.alert_models import NewAlert
from storage.models import SearchFilters
from storage.ports import Store
from storage.postgres.executor import connect
from storage.postgres.front_lock import hold_front_lock
from storage.postgres.migrate import bundled_migrations, migrate, schema_version
from storage.sqlite.migrate import load_migrations
from tests.backends import database_of
from tests.integration.test_parse_jobs import T0, part
from tests.integration.test_storage import article, statement


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


@pytest.fixture
async def two(url: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two stores on one database: two processes, as far as PostgreSQL can tell."""
    first, second = await open_store(url), await open_store(url)
    yield first, second
    await second.close()
    await first.close()


async def test_migrations_reach_the_latest_version_with_a_search_index(url: str) -> None:
    await (await open_store(url)).close()
    await (await open_store(url)).close()  # a second start finds nothing to do
    conn = await connect(url)
    try:
        assert await schema_version(conn) == bundled_migrations()[-1].version
        cursor = await conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statements_search'"
            " AND schemaname = current_schema()"
        )
        row = await cursor.fetchone()
        assert row is not None and "gin (search)" in row["indexdef"]
        cursor = await conn.execute("SELECT count(*) AS n FROM schema_version")
        assert (await cursor.fetchone()) == {"n": len(bundled_migrations())}
    finally:
        await conn.close()


async def test_a_failing_migration_leaves_the_previous_version(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_first.sql").write_text("CREATE TABLE a (x integer);")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE b (y integer);\nINSERT INTO nowhere VALUES (1);"
    )
    conn = await connect(url)
    try:
        with pytest.raises(MigrationError, match="0002_broken"):
            await migrate(conn, load_migrations(folder))
        assert await schema_version(conn) == 1
        cursor = await conn.execute("SELECT to_regclass('b') AS b, to_regclass('a') AS a")
        assert await cursor.fetchone() == {"b": None, "a": "a"}  # 0002 rolled back whole
    finally:
        await conn.close()


async def test_a_database_from_a_newer_version_is_refused(url: str) -> None:
    await (await open_store(url)).close()
    conn = await connect(url)
    await conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    await conn.close()
    with pytest.raises(SchemaTooNewError, match="999"):
        await open_store(url)


async def test_a_server_out_of_reach_is_one_line_without_the_password() -> None:
    with pytest.raises(DatabaseUnavailable) as refused:
        await open_store("postgresql://onrecord:s3cret-pw@127.0.0.1:1/record?connect_timeout=2")
    message = str(refused.value)
    assert message.startswith("cannot open PostgreSQL at 127.0.0.1:1/record: ")
    assert "\n" not in message and "s3cret-pw" not in message


async def test_the_same_article_from_two_workers_at_once_is_stored_once(
    two: tuple[Store, Store],
) -> None:
    first, second = two
    texts = [f"Article {n}" for n in range(12)]
    stored = await asyncio.gather(
        *(
            store.articles.store_article(article(text), [statement(f"{text} said", "Ann Lee")])
            for text in texts
            for store in (first, second)
        )
    )
    assert sum(s.created for s in stored) == len(texts)  # each once, the other finds it
    by_text = {}
    for text, s in zip([t for t in texts for _ in (1, 2)], stored, strict=True):
        by_text.setdefault(text, set()).add((s.id, s.statement_ids))
    assert all(len(pairs) == 1 for pairs in by_text.values())
    assert await first.counts() == {
        "articles": 12,
        "speakers": 1,
        "statements": 12,
        "subscriptions": 0,
    }


async def test_the_same_new_speaker_from_two_articles_at_once_is_one_speaker(
    two: tuple[Store, Store],
) -> None:
    first, second = two
    names = ["Kaja Kallas", "Antonio Guterres", "Mark Rutte", "Ursula von der Leyen"]
    await asyncio.gather(
        *(
            store.articles.store_article(
                article(f"{name} in {n}"), [statement(f"{name} said {n}", name, ("ukraine",))]
            )
            for name in names
            for n, store in enumerate((first, second, first, second))
        )
    )
    counts = await second.counts()
    assert (counts["speakers"], counts["statements"]) == (len(names), 4 * len(names))
    assert await first.statements.count_for_topic("ukraine") == 4 * len(names)


async def test_parse_jobs_and_alerts_are_each_claimed_once_by_many_claimants(
    two: tuple[Store, Store],
) -> None:
    first, second = two
    for number in range(1, 31):
        job = await first.jobs.open_job(part(number, f"Article {number}."))
        assert job is not None and await first.jobs.mark_ready(job)
    claims = await asyncio.gather(
        *(store.jobs.claim(T0, 60) for store in (first, second) for _ in range(20))
    )
    assert sorted(c.id for c in claims if c is not None) == list(range(1, 31))

    now = datetime.now(UTC)
    alerts = [NewAlert(7, "position_change", None, ("iran",), {"n": n}) for n in range(25)]
    ids = await first.alerts.enqueue_alerts(alerts, now)
    won = await asyncio.gather(
        *(store.delivery.claim(i, now, LEASE) for i in ids for store in (first, second))
    )
    assert sum(won) == len(ids)
    assert all(a != b for a, b in zip(won[::2], won[1::2], strict=True))  # one of each pair


async def test_search_takes_words_phrases_and_prefixes_never_operators(store_pg: Store) -> None:
    db = store_pg
    await db.articles.store_article(
        article("x"),
        [
            statement("Sanctions on Iran will not work, the minister said", "Ann Lee", ("iran",)),
            statement("Talks on sanctioning oil resumed", "Bo Chan", ("iran",)),
            statement("Nothing about it here", "Ann Lee"),
        ],
    )

    async def texts(*words: str) -> list[str]:
        total, hits = await db.statements.search_archive(SearchFilters(words=words), limit=10)
        assert total == len(hits)
        return sorted(h.statement.text for h in hits)

    assert len(await texts("sanction")) == 2  # word forms, as FTS5's porter stemmer finds
    assert await texts("sanctions", "minister") == [
        "Sanctions on Iran will not work, the minister said"
    ]
    assert await texts("sanctioning oil") == ["Talks on sanctioning oil resumed"]  # a phrase
    assert await texts("oil sanctioning") == []
    assert len(await texts("sanct*")) == 2
    assert await texts("-sanctions") == await texts("sanctions")  # "-" is no operator
    assert await texts('"unbalanced') == []
    assert await texts("iran or talks") == []  # "or" is a word here, not an operator
    _, [hit] = await db.statements.search_archive(SearchFilters(words=("minister",)))
    assert "\x02minister\x03" in hit.snippet


@pytest.fixture
async def store_pg(url: str) -> AsyncIterator[Store]:
    opened = await open_store(url)
    yield opened
    await opened.close()


async def test_the_url_is_what_selects_postgresql(url: str) -> None:
    db = await open_store(url)
    try:
        assert type(db).__name__ == "PgStore"
        assert isinstance(db.executor.reader, psycopg.AsyncConnection)  # type: ignore[attr-defined]
        assert await db.articles.store_article(
            NewArticle("c" * 64, "t", "g", None, None, None, None, "2026-01-01T00:00:00+00:00"),
            [],
        )
    finally:
        await db.close()


async def test_one_front_per_record_on_any_host_until_its_connection_ends(url: str) -> None:
    first = hold_front_lock(url)
    assert first is not None
    try:
        assert hold_front_lock(url) is None  # a second front, here or on another host
        async with database_of("postgresql", Path("unused")) as other_record:
            other = hold_front_lock(str(other_record))  # another schema: another record
            assert other is not None
            other.close()
    finally:
        first.close()  # the process ended: its connection, and the lock, are gone
    again = hold_front_lock(url)
    assert again is not None
    again.close()


async def test_a_dropped_connection_fails_the_request_in_flight_and_the_next_reconnects(
    store_pg: Store, url: str
) -> None:
    db = store_pg
    await db.articles.store_article(article("before"), [statement("Ann said it", "Ann Lee")])
    executor = db.executor  # type: ignore[attr-defined]
    reader = await executor.fetchone("SELECT pg_backend_pid() AS pid")
    async with executor.transaction() as tx:
        writer = await tx.fetchone("SELECT pg_backend_pid() AS pid")
    admin = await connect(url)
    try:  # what a server restart does to this process's two connections
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid",
            ([reader["pid"], writer["pid"]],),
        )
    finally:
        await admin.close()

    with pytest.raises(psycopg.OperationalError):
        await db.counts()
    assert (await db.counts())["articles"] == 1
    with pytest.raises(psycopg.OperationalError):
        await db.articles.store_article(article("during"), [statement("Bo said it", "Bo Chan")])
    stored = await db.articles.store_article(article("after"), [statement("Bo said", "Bo Chan")])
    assert stored.created and (await db.counts())["articles"] == 2  # nothing half-written


async def test_alerts_another_process_writes_wake_a_listening_sender(
    two: tuple[Store, Store], tmp_path: Path
) -> None:
    worker, sender = two
    await sender.alerts.wake_on_new_alerts()
    sender.alerts.outbox_changed.clear()
    await asyncio.sleep(0.3)
    assert not sender.alerts.outbox_changed.is_set()  # nothing written yet
    alert = NewAlert(2002, "position_change", None, ("iran",), {"speaker": "Dmitry Peskov"})
    await worker.alerts.enqueue_alerts([alert], datetime.now(UTC))
    await asyncio.wait_for(sender.alerts.outbox_changed.wait(), 5)  # at once, not at a poll

    # Another record in another schema of the same database does not wake this one.
    async with database_of("postgresql", tmp_path) as elsewhere:
        other = await open_store(elsewhere)
        try:
            sender.alerts.outbox_changed.clear()
            await other.alerts.enqueue_alerts([alert], datetime.now(UTC))
            await asyncio.sleep(0.5)
            assert not sender.alerts.outbox_changed.is_set()
        finally:
            await other.close()
