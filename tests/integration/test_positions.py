"""Positions built over several articles: who stands where, repeats, and changes of line."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.format import render_speaker_views, render_topic_view
from services import Services
from services.ingest import ArticleSource, ingest_article
from services.topics import speaker_views, topic_view
from tests.integration.conftest import ADMIN_ID, OfflineBot

AGAINST_1 = (
    "BERLIN — German Foreign Minister Anna Berg said on Monday that new sanctions against "
    "Iran are a dangerous mistake. She warned that the measures would destabilize the region."
)
AGAINST_2 = (
    "Anna Berg, Germany's foreign minister, said on Tuesday that Iran's nuclear programme "
    "threatens regional security and must be condemned."
)
IN_FAVOUR = (
    "Berg said on Friday that Germany welcomes the new talks with Iran and strongly supports "
    "the deal."
)
REPEAT_ELSEWHERE = (
    "From our correspondent. German Foreign Minister Anna Berg said on Monday that new "
    "sanctions against Iran are a dangerous mistake."
)


async def ingest_all(services: Services, *texts: str) -> None:
    for number, text in enumerate(texts):
        await ingest_article(services, text, ArticleSource(name=f"Outlet {number}"))


async def test_position_builds_over_articles_and_a_reversal_is_an_event(
    services: Services,
) -> None:
    await ingest_all(services, AGAINST_1, AGAINST_2)
    before = await topic_view(services, "iran")
    assert before is not None
    assert [(p.speaker, p.stance, p.statements) for p in before.positions] == [
        ("Anna Berg", "negative", 3)
    ]
    assert before.changes == ()

    await ingest_all(services, IN_FAVOUR)
    after = await topic_view(services, "iran")
    assert after is not None
    assert after.positions[0].statements == 4  # "Berg" alone is the same speaker
    assert [(c.speaker, c.previous, c.current) for c in after.changes] == [
        ("Anna Berg", "negative", "positive")
    ]
    text = "\n".join(render_topic_view(after))
    assert "Anna Berg" in text and "opposes — 4 statements" in text
    assert "changed line: opposes → supports" in text


async def test_a_change_of_line_alerts_the_topics_subscribers_in_the_same_store(
    services: Services,
) -> None:
    subscriber = 4242
    await services.db.chats.subscribe(subscriber, "iran", "2026-11-25T00:00:00+00:00")
    await ingest_all(services, AGAINST_1, AGAINST_2)
    before = {row.kind for row in await services.db.alerts.due_alerts(datetime.now(UTC), 100)}
    assert "position_change" not in before
    await ingest_all(services, IN_FAVOUR)
    changes = [
        row
        for row in await services.db.alerts.due_alerts(datetime.now(UTC), 100)
        if row.kind == "position_change"
    ]
    assert [(r.chat_id, r.topics) for r in changes] == [(subscriber, ("iran",))]
    payload = changes[0].payload
    assert (payload["speaker"], payload["previous"], payload["current"]) == (
        "Anna Berg",
        "negative",
        "positive",
    )


async def test_same_quote_from_another_outlet_is_one_statement_with_two_sources(
    services: Services,
) -> None:
    await ingest_all(services, AGAINST_1, REPEAT_ELSEWHERE)
    view = await topic_view(services, "iran")
    assert view is not None and view.total == 2  # not 3: the repeat is the same statement
    repeated = [row for row in view.statements if "dangerous mistake" in row.text]
    assert len(repeated) == 1 and repeated[0].sources == 2
    assert "reported by 2 sources" in "\n".join(render_topic_view(view))


async def test_who_resolves_spellings_and_lists_positions(services: Services) -> None:
    await ingest_all(services, AGAINST_1, AGAINST_2)
    for query in ("Anna Berg", "berg", "Ana Berg"):
        views = await speaker_views(services, query)
        assert [v.speaker.name for v in views] == ["Anna Berg"], query
    topics = {t.slug: t for t in services.resources.topics}
    text = "\n".join(render_speaker_views(await speaker_views(services, "Berg"), topics))
    assert "Iran: opposes — 3 statements" in text
    assert await speaker_views(services, "Nobody Atall") == []


async def test_merge_joins_two_speakers_and_sticks_for_later_articles(
    offline_bot: OfflineBot,
) -> None:
    services = offline_bot.services
    await ingest_all(services, AGAINST_1, "A. Berg said that Iran must stop enrichment now.")
    assert (await services.db.counts())["speakers"] == 2
    await offline_bot.send(ADMIN_ID, "/merge Anna Berg | A. Berg")
    assert "Merged" in offline_bot.request.texts(ADMIN_ID)[-1]
    assert (await services.db.counts())["speakers"] == 1
    await ingest_all(services, "A. Berg said that Iran must allow inspectors in.")
    assert (await services.db.counts())["speakers"] == 1
    await offline_bot.send(ADMIN_ID, "/merge only one name")
    assert offline_bot.request.texts(ADMIN_ID)[-1].startswith("Usage: /merge")


async def test_who_in_chat_shows_positions_then_the_timeline(offline_bot: OfflineBot) -> None:
    await ingest_all(offline_bot.services, AGAINST_1, AGAINST_2)
    await offline_bot.send(ADMIN_ID, "/who Berg")
    answer = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "Anna Berg" in answer and "opposes — 3 statements" in answer
    month = f"{datetime.now(UTC):%b %Y}"
    assert month in answer.split("opposes — 3 statements", 1)[1]


async def test_who_without_a_name_gets_usage(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, "/who")
    assert offline_bot.request.texts(ADMIN_ID)[-1].startswith("Usage: /who NAME")
