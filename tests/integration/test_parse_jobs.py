"""The parse-job queue on a real database (SQLite and PostgreSQL): recorded parts, atomic
claims, leases, finished jobs without text, and /forget_me."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.backend import open_store
from storage.jobs import NewPart
from storage.ports import Store

WHEN = "2026-01-05T10:00:00+00:00"
T0 = 1_800_000_000.0


def part(message_id: int, text: str, user_id: int = 42) -> NewPart:
    return NewPart(
        chat_id=user_id,
        message_id=message_id,
        user_id=user_id,
        text=text,
        source='{"name": "Reuters"}',
        created_at=WHEN,
        update_id=message_id,
    )


@pytest.fixture
def db(store: Store) -> Store:
    return store


async def test_parts_join_in_order_and_a_redelivered_message_is_recorded_once(
    db: Store,
) -> None:
    job = await db.jobs.open_job(part(1, "First half."))
    assert job is not None
    assert await db.jobs.add_part(job, part(2, "Second half."))
    assert await db.jobs.add_part(job, part(2, "Second half."))  # the same update again
    assert await db.jobs.open_job(part(1, "First half.")) is None
    recorded = await db.jobs.job(job)
    assert recorded is not None
    assert (recorded.state, recorded.text) == ("receiving", "First half.\nSecond half.")


async def test_a_receiving_job_is_not_claimed_and_a_claimed_job_takes_no_more_parts(
    db: Store,
) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None
    assert await db.jobs.claim(T0, 60) is None
    assert await db.jobs.mark_ready(job)
    claimed = await db.jobs.claim(T0, 60)
    assert claimed is not None and claimed.id == job
    assert (claimed.state, claimed.attempts, claimed.lease_until) == ("running", 1, T0 + 60)
    assert not await db.jobs.add_part(job, part(2, "Late part."))


async def test_a_job_is_claimed_once_across_two_connections(database: str | Path) -> None:
    first, second = await open_store(database), await open_store(database)
    try:
        for number in range(1, 21):
            job = await first.jobs.open_job(part(number, f"Article {number}."))
            assert job is not None and await first.jobs.mark_ready(job)
        claims = await asyncio.gather(
            *(store.jobs.claim(T0, 60) for store in (first, second) for _ in range(15))
        )
        ids = [c.id for c in claims if c is not None]
        assert sorted(ids) == list(range(1, 21))  # every job once, none twice
    finally:
        await first.close()
        await second.close()


async def test_an_expired_lease_is_claimed_again_and_a_live_one_is_not(db: Store) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None and await db.jobs.mark_ready(job)
    assert await db.jobs.claim(T0, 60) is not None
    assert await db.jobs.claim(T0 + 59, 60) is None
    again = await db.jobs.claim(T0 + 61, 60)
    assert again is not None and (again.id, again.attempts, again.text) == (job, 2, "Text.")


async def test_a_job_that_keeps_stopping_the_parser_fails(db: Store) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None and await db.jobs.mark_ready(job)
    for attempt in range(3):
        assert await db.jobs.claim(T0 + 100 * attempt, 60, max_attempts=3) is not None
    assert await db.jobs.claim(T0 + 1000, 60, max_attempts=3) is None
    failed = await db.jobs.job(job)
    assert failed is not None and (failed.state, failed.text) == ("failed", None)
    assert failed.error and "3 times" in failed.error


async def test_a_finished_job_keeps_no_article_text(db: Store) -> None:
    job = await db.jobs.open_job(part(1, "Secret first part."))
    assert job is not None and await db.jobs.add_part(job, part(2, "Secret second part."))
    await db.jobs.mark_ready(job)
    await db.jobs.claim(T0, 60)
    assert await db.jobs.finish(job, 7, b"digest")
    assert not await db.jobs.finish(job, 8, None)  # once
    done = await db.jobs.job(job)
    assert done is not None and (done.state, done.article_id, done.text) == ("done", 7, None)
    assert [j.id for j in await db.jobs.unreplied()] == [job]
    await db.jobs.mark_replied(job)
    assert await db.jobs.unreplied() == []
    rows = await db.executor.fetchall("SELECT text, result FROM parse_jobs")
    assert [(r["text"], r["result"]) for r in rows] == [(None, None), (None, None)]


async def test_a_failed_job_keeps_no_article_text(db: Store) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None
    assert await db.jobs.fail(job, "not English")
    failed = await db.jobs.job(job)
    assert failed is not None and (failed.state, failed.text, failed.error) == (
        "failed",
        None,
        "not English",
    )


async def test_forget_me_deletes_the_users_unparsed_articles(db: Store) -> None:
    mine = await db.jobs.open_job(part(1, "My article.", user_id=42))
    theirs = await db.jobs.open_job(part(2, "Their article.", user_id=43))
    assert mine is not None and theirs is not None
    await db.jobs.add_part(mine, part(3, "My second part.", user_id=42))
    await db.jobs.mark_ready(mine)
    await db.deletion.forget_user(42)
    assert await db.jobs.job(mine) is None
    assert [j.id for j in await db.jobs.unreplied()] == [theirs]
    rows = await db.executor.fetchall("SELECT text FROM parse_jobs")
    assert [r["text"] for r in rows] == ["Their article."]


async def test_a_job_whose_parser_died_is_released_at_once_until_it_has_tried_enough(
    db: Store,
) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None and await db.jobs.mark_ready(job)
    await db.jobs.claim(T0, 60)
    assert await db.jobs.release(job, max_attempts=2) == 1
    again = await db.jobs.claim(T0 + 1, 60)  # long before the lease would have expired
    assert again is not None and again.attempts == 2
    assert await db.jobs.release(job, max_attempts=2) == 0
    failed = await db.jobs.job(job)
    assert failed is not None and (failed.state, failed.text) == ("failed", None)


async def test_a_live_parsers_renewed_lease_keeps_its_job(db: Store) -> None:
    job = await db.jobs.open_job(part(1, "Text."))
    assert job is not None and await db.jobs.mark_ready(job)
    assert await db.jobs.claim(T0, 10) is not None
    assert await db.jobs.renew(job, T0 + 20)  # the heartbeat, before the lease ran out
    assert await db.jobs.claim(T0 + 15, 10) is None
    again = await db.jobs.claim(T0 + 21, 10)  # it stopped renewing: taken again
    assert again is not None and again.attempts == 2
    assert await db.jobs.finish(job, 1, None)
    assert not await db.jobs.renew(job, T0 + 40)  # a finished job is nobody's lease


async def test_a_fetched_page_waits_on_its_job_and_goes_with_the_text(db: Store) -> None:
    link = NewPart(
        chat_id=42,
        message_id=1,
        user_id=42,
        text="",
        source="{}",
        created_at=WHEN,
        update_id=1,
        kind="link",
        input='{"url": "https://example.org/a"}',
    )
    job = await db.jobs.open_job(link)
    assert job is not None
    assert await db.jobs.claim(T0, 10) is None  # nothing to parse before the page is here
    assert await db.jobs.attach(job, b"<html>page</html>", '{"final_url": "https://e.org/a"}')
    assert not await db.jobs.attach(job, b"again", "{}")  # pending already
    claimed = await db.jobs.claim(T0, 10)
    assert claimed is not None and (claimed.kind, claimed.payload) == (
        "link",
        b"<html>page</html>",
    )
    assert claimed.input == '{"final_url": "https://e.org/a"}'
    assert await db.jobs.finish(job, 3, None)
    rows = await db.executor.fetchall("SELECT text, payload FROM parse_jobs")
    assert [(r["text"], r["payload"]) for r in rows] == [(None, None)]


async def test_answered_jobs_past_the_retention_are_deleted_with_their_parts(
    db: Store,
) -> None:
    old = NewPart(42, 1, 42, "Old.", "{}", "2026-01-01T09:00:00+00:00", update_id=1)
    old_part = NewPart(42, 2, 42, "Old, part two.", "{}", "2026-01-01T09:00:01+00:00", 2)
    unanswered = NewPart(42, 3, 42, "Unanswered.", "{}", "2026-01-01T09:00:02+00:00", 3)
    recent = NewPart(42, 4, 42, "Recent.", "{}", "2026-01-05T09:00:00+00:00", 4)
    first = await db.jobs.open_job(old)
    assert first is not None and await db.jobs.add_part(first, old_part)
    waiting, new = await db.jobs.open_job(unanswered), await db.jobs.open_job(recent)
    assert waiting is not None and new is not None
    for job in (first, new):
        await db.jobs.fail(job, "not an article")
        await db.jobs.mark_replied(job)
    assert await db.jobs.prune("2026-01-03T00:00:00+00:00") == 1
    rows = await db.executor.fetchall("SELECT id FROM parse_jobs ORDER BY id")
    assert [r["id"] for r in rows] == [waiting, new]  # the old job's part went with it
    assert await db.jobs.prune("2026-01-03T00:00:00+00:00") == 0


async def test_the_awaited_jobs_still_unfinished_are_read_in_one_query(db: Store) -> None:
    done, waiting = await db.jobs.open_job(part(1, "A.")), await db.jobs.open_job(part(2, "B."))
    assert done is not None and waiting is not None
    await db.jobs.fail(done, "not an article")
    assert await db.jobs.unfinished([done, waiting, 999]) == {waiting}  # 999: gone
    assert await db.jobs.unfinished([]) == set()
