"""Sides on targets built over several articles: who is on which side, repeats, changes of
line per (speaker, target), and how /iran, /who and the digest say it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from handlers.format_positions import render_speaker_views, render_topic_view
from services import Services
from services.ingest import ArticleSource, ingest_article
from services.topics import speaker_views, topic_view
from tests.integration.conftest import ADMIN_ID, OfflineBot

STRIKES = "iran.military_action"
AGAINST_1 = (
    "BERLIN — German Foreign Minister Anna Berg warned on Monday that any military strike on "
    "Iran would seriously destabilize the region."
)
AGAINST_2 = (
    "Anna Berg, Germany's foreign minister, said on Tuesday that strikes on Iran would be a "
    "dangerous mistake."
)
# "she", not "Germany": a speaker whose country the article does not give, saying what
# Germany backs, reports Germany's side; saying what she backs, gives her own.
IN_FAVOUR = "Berg said on Friday that she now backs the strikes on Iran."
IN_FAVOUR_AGAIN = (
    "Anna Berg said on Saturday that she now supports military strikes on Iran's nuclear sites."
)
NO_SIDE = "Anna Berg said on Monday that talks with Iran will resume in Vienna next week."
REPEAT_ELSEWHERE = "From our correspondent. " + AGAINST_1.removeprefix("BERLIN — ")


async def ingest_all(services: Services, *texts: str) -> None:
    for number, text in enumerate(texts):
        await ingest_article(services, text, ArticleSource(name=f"Outlet {number}"))


def sides_of(view: object) -> list[tuple[str, str, tuple[tuple[str, int], ...]]]:
    return [(t.slug, s.side, s.speakers) for t in view.targets for s in t.sides]  # type: ignore[attr-defined]


async def test_sides_build_over_articles_and_a_reversal_is_one_change(
    services: Services,
) -> None:
    await ingest_all(services, AGAINST_1, AGAINST_2, NO_SIDE)
    before = await topic_view(services, "iran")
    assert before is not None and before.total == 3
    assert sides_of(before) == [(STRIKES, "against", (("Anna Berg", 2),))]
    assert before.changes == ()

    await ingest_all(services, IN_FAVOUR)
    after = await topic_view(services, "iran")
    assert after is not None
    assert sides_of(after) == [
        (STRIKES, "against", (("Anna Berg", 2),)),  # "Berg" alone is the same speaker
        (STRIKES, "for", (("Anna Berg", 1),)),
    ]
    assert [(c.speaker, c.target, c.previous, c.current) for c in after.changes] == [
        ("Anna Berg", STRIKES, "against", "for")
    ]
    text = "\n".join(render_topic_view(after))
    assert re.search(
        r"🎯 <b>Military strikes on Iran</b> — against: Anna Berg \(2\) /show_\d+ · "
        r"for: Anna Berg \(1\) /show_\d+",
        text,
    ), text
    assert "changed line on military strikes on Iran: against → <b>for</b>" in text
    # no side, no label; reported speech in the reporter's words, not in quote marks
    assert "<b>Anna Berg</b> said on Monday that talks with Iran" in text
    older = await topic_view(services, "iran", page=1)  # the first page holds two
    assert older is not None
    assert "seriously destabilize" in "\n".join(render_topic_view(older))  # the oldest

    # A second statement in the new line is not a second change.
    await ingest_all(services, IN_FAVOUR_AGAIN)
    again = await topic_view(services, "iran")
    assert again is not None and len(again.changes) == 1


async def test_the_strongest_quote_of_a_side_is_one_tap_away(services: Services) -> None:
    await ingest_all(services, AGAINST_1, IN_FAVOUR)
    view = await topic_view(services, "iran")
    assert view is not None
    [target] = view.targets
    by_side = {s.side: s.strongest for s in target.sides}
    shown = {row.id: row for row in view.statements}
    assert "backs the strikes" in shown[by_side["for"]].text  # type: ignore[index]
    assert "destabilize" in shown[by_side["against"]].text  # type: ignore[index]


async def test_no_change_without_an_established_line(services: Services) -> None:
    await ingest_all(services, AGAINST_1, NO_SIDE, IN_FAVOUR)
    view = await topic_view(services, "iran")
    assert view is not None and view.changes == ()
    assert (await services.db.positions.changes_of_line(speaker_id=1)) == []


async def test_a_topic_without_sides_says_so_in_one_line(services: Services) -> None:
    await ingest_all(services, NO_SIDE)
    view = await topic_view(services, "iran")
    assert view is not None and view.targets == ()
    lines = render_topic_view(view)[0].split("\n")
    assert lines[2] == "No named speaker's side on record yet."
    assert lines[3] == "" and lines[4].startswith("<b>Latest statements</b>")


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
    assert (payload["speaker"], payload["target"], payload["previous"], payload["current"]) == (
        "Anna Berg",
        STRIKES,
        "against",
        "for",
    )


async def test_same_quote_from_another_outlet_is_one_statement_counted_once(
    services: Services,
) -> None:
    await ingest_all(services, AGAINST_1, REPEAT_ELSEWHERE)
    view = await topic_view(services, "iran")
    assert view is not None and view.total == 1  # the repeat is the same statement
    assert view.statements[0].sources == 2
    assert sides_of(view) == [(STRIKES, "against", (("Anna Berg", 1),))]
    assert "reported by 2 sources" in "\n".join(render_topic_view(view))


async def test_who_resolves_spellings_and_lists_sides_over_time(services: Services) -> None:
    await ingest_all(services, AGAINST_1, AGAINST_2, IN_FAVOUR)
    for query in ("Anna Berg", "berg", "Ana Berg"):
        views = await speaker_views(services, query)
        assert [v.speaker.name for v in views] == ["Anna Berg"], query
    text = "\n".join(render_speaker_views(await speaker_views(services, "Berg")))
    today = f"{datetime.now(UTC).day} {datetime.now(UTC):%b %Y}"
    lines = text.split("\n")
    assert lines[0] == "🗣 <b>Anna Berg</b> — German Foreign Minister · 3 statements"
    assert re.fullmatch(
        rf"• for military strikes on Iran — 1 statement, latest {today} /show_\d+", lines[1]
    ), lines[1]
    assert lines[2] == f"    earlier against: 2 statements, latest {today}"
    assert lines[3] == f"    🔄 changed line {today}: against → <b>for</b>"
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


async def test_who_in_chat_shows_sides_then_the_timeline(offline_bot: OfflineBot) -> None:
    await ingest_all(offline_bot.services, AGAINST_1, AGAINST_2, NO_SIDE)
    await offline_bot.send(ADMIN_ID, "/who Berg")
    answer = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "• against military strikes on Iran — 2 statements" in answer
    month = f"{datetime.now(UTC):%b %Y}"
    assert month in answer.split("2 statements", 1)[1]


async def test_who_of_a_speaker_without_sides_says_so(offline_bot: OfflineBot) -> None:
    await ingest_all(offline_bot.services, NO_SIDE)
    await offline_bot.send(ADMIN_ID, "/who Berg")
    assert "No sides on record yet." in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_the_digest_says_the_side_with_its_target_or_nothing(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, AGAINST_1)
    digest = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "\n🗣 <b>Anna Berg</b>, German Foreign Minister\n" in digest  # the one speaker
    assert "\n1. against military strikes on Iran: warned on Monday that any military" in digest
    await offline_bot.send(ADMIN_ID, NO_SIDE)
    digest = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "\n🗣 <b>Anna Berg</b>" in digest
    assert "\n1. said on Monday that talks with Iran will resume" in digest
    assert "supports" not in digest and "opposes" not in digest


async def test_who_without_a_name_gets_usage(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, "/who")
    assert offline_bot.request.texts(ADMIN_ID)[-1].startswith("Usage: /who NAME")


async def test_a_pasted_article_is_dated_by_its_dateline(offline_bot: OfflineBot) -> None:
    dated = "TEHRAN, March 3 (Wire) - " + AGAINST_1
    await offline_bot.send(ADMIN_ID, dated)
    assert "3 Mar " in offline_bot.request.texts(ADMIN_ID)[-1]  # the digest's date line
    await offline_bot.send(ADMIN_ID, "/iran")
    view = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "3 Mar " in view and "Anna Berg" in view
