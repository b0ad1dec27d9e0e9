"""Reading the archive back: /search, the /who timeline, /chart and the per-topic export."""

from __future__ import annotations

import csv
import io
import itertools
import struct
import time
from typing import Any

import pytest

from handlers.format_archive import highlighted, render_search, render_timeline
from services import Services
from services.charts import (
    day_ticks,
    render_chart_png,
    speaker_chart_data,
    topic_chart_data,
    window,
)
from services.ingest import ArticleSource, ingest_article
from services.positions import find_speaker
from services.search import SearchError, parse_query, search
from services.timeline import speaker_timeline
from storage.models import NO_SIDE, SearchFilters, SideCount
from storage.sqlite.search import fts_query
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.pageserver import PAGES
from tests.integration.wayskit import update_of, ways_bot

__all__ = ["ways_bot"]  # the fixture, imported for pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VENEZUELA = (
    "CARACAS — Venezuelan Foreign Minister Yvan Gil said on Tuesday that Venezuela rejects "
    'any military strike threats and will defend its sovereignty. "Venezuela will never '
    'accept a strike on its territory," Gil told reporters in Caracas.'
)


LABELS = {"iran.military_action": "military strikes on Iran"}


async def record(services: Services, text: str, published: str, name: str = "Wire") -> None:
    await ingest_article(services, text, ArticleSource(name=name, published_at=published))


@pytest.fixture
async def archive(services: Services, seed_text: str) -> Services:
    """The seed briefing (October), a page about Iran and a Venezuela story (November)."""
    from services.pages import extract_article

    page = extract_article((PAGES / "kremlin-iran.html").read_bytes())
    assert page is not None
    await record(services, seed_text, "2026-10-06T09:00:00+00:00", "Kremlin pool")
    await record(services, page.text, "2026-11-20", "World Wire")
    await record(services, VENEZUELA, "2026-11-21T12:00:00+00:00", "Caracas Daily")
    return services


# -- query parsing ----------------------------------------------------------------------


def test_filters_are_taken_out_of_the_words() -> None:
    query = parse_query('military strike speaker:peskov topic:Iran since:2026-11 "whole region"')
    assert query.terms == ("military", "strike", "whole region")
    assert (query.speaker, query.topic, query.since) == ("peskov", "iran", "2026-11-01")
    assert parse_query('speaker:"Dmitry Peskov" x').speaker == "Dmitry Peskov"


def test_every_word_is_quoted_so_none_is_an_operator() -> None:
    assert fts_query(("NEAR(", "a-b", 'say "no"', "strik*")) == (
        '"NEAR(" "a-b" "say ""no""" "strik"*'
    )


@pytest.mark.parametrize("bad", ["since:someday", "since:2026-13-01", "since:2026-02-30"])
def test_a_bad_date_is_explained(bad: str) -> None:
    with pytest.raises(SearchError, match="since: needs a date"):
        parse_query(bad)


HOSTILE = [
    '"',
    '""',
    "*",
    "**",
    "-",
    "- -",
    "NEAR(",
    "NEAR(strike iran, 2)",
    "strike OR",
    "AND",
    "NOT strike",
    "text:strike",
    "{text}: strike",
    "^strike",
    "strike)",
    "((",
    "'",
    "\\",
    ":",
    "+",
    "strike* *",
    '"unterminated phrase',
    "drop table statements; --",
    "🙂 💥",
    "а б в",
    "\u0000",
    "strike\u202e",
    "x" * 500,
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_input_never_reaches_fts5_as_syntax(archive: Services, text: str) -> None:
    query = parse_query(text)
    total, hits = await archive.db.statements.search_archive(SearchFilters(words=query.terms))
    assert total >= 0 and len(hits) <= 5


# -- search -----------------------------------------------------------------------------


async def test_search_ranks_highlights_and_filters(archive: Services) -> None:
    result = await search(archive, parse_query("strike"))
    assert result.total >= 3
    assert all("\x02" in hit.snippet for hit in result.hits)
    page = "\n".join(render_search(result, LABELS))
    assert "<b>strike</b>" in page.lower()
    speakers = {hit.statement.speaker for hit in result.hits}
    assert "Yvan Gil" in speakers and "Dmitry Peskov" in speakers

    only_peskov = await search(archive, parse_query("strike speaker:peskov"))
    assert {h.statement.speaker for h in only_peskov.hits} == {"Dmitry Peskov"}
    recent = await search(archive, parse_query("strike since:2026-11-01"))
    assert all(h.said_on >= "2026-11-01" for h in recent.hits)
    assert recent.total < result.total
    venezuela = await search(archive, parse_query("strike topic:venezuela"))
    assert venezuela.hits and "Dmitry Peskov" not in {h.statement.speaker for h in venezuela.hits}


async def test_a_quote_reported_twice_is_one_hit_with_two_sources(
    services: Services, seed_text: str
) -> None:
    await record(services, seed_text, "2026-10-06", "Kremlin pool")
    await record(services, seed_text + "\nMore to follow.", "2026-10-07", "Second outlet")
    result = await search(services, parse_query('"seriously destabilize the region"'))
    assert result.total == 1 and result.hits[0].statement.sources == 2
    assert "reported by 2 sources" in render_search(result, LABELS)[0]


async def test_filters_alone_list_the_newest_first(archive: Services) -> None:
    result = await search(archive, parse_query("speaker:peskov"))
    dates = [hit.said_on for hit in result.hits]
    assert dates == sorted(dates, reverse=True) and result.total > len(result.hits)


async def test_unknown_speaker_or_topic_says_so(archive: Services) -> None:
    nobody = await search(archive, parse_query("strike speaker:zzyzx"))
    assert nobody.total == 0 and "No speaker 'zzyzx'" in render_search(nobody, LABELS)[0]
    with pytest.raises(SearchError, match="No topic called 'atlantis'"):
        await search(archive, parse_query("strike topic:atlantis"))


def test_side_and_target_filters_are_parsed_and_a_bad_side_is_explained() -> None:
    query = parse_query("strike side:Against target:iran.military_action")
    assert (query.terms, query.side, query.target) == (
        ("strike",),
        "against",
        "iran.military_action",
    )
    assert not parse_query("side:for").empty
    with pytest.raises(SearchError, match="side: is for or against"):
        parse_query("side:supports")


async def test_search_by_side_and_target_finds_who_took_it(archive: Services) -> None:
    against = await search(archive, parse_query("side:against target:iran.military_action"))
    assert against.total >= 2  # Peskov's strike warnings, in the briefing and on the page
    assert "Dmitry Peskov" in {h.statement.speaker for h in against.hits}
    assert all(
        ("iran.military_action", "against") in {(p.target, p.side) for p in h.statement.positions}
        for h in against.hits
    )
    page = "\n".join(render_search(against, LABELS))
    assert "side: against · target: iran.military_action" in page
    assert "<b>Dmitry Peskov</b> — against military strikes on Iran: " in page
    assert (await search(archive, parse_query("side:for target:iran.military_action"))).total == 0
    with_words = await search(archive, parse_query("region side:against"))
    assert with_words.total >= 1 and all(
        any(p.side == "against" for p in h.statement.positions) for h in with_words.hits
    )
    any_side = await search(archive, parse_query("target:iran.military_action"))
    assert any_side.total == against.total


async def test_an_unknown_target_lists_real_ones(archive: Services) -> None:
    with pytest.raises(SearchError) as raised:
        await search(archive, parse_query("target:iran.strikes"))
    message = str(raised.value)
    assert message.startswith("No target called 'iran.strikes'. Targets include: ")
    assert "iran.military_action" in message and len(message) < 200


def test_snippet_marks_become_bold_and_the_rest_is_escaped() -> None:
    assert highlighted("a \x02<b>\x03 & c") == "a <b>&lt;b&gt;</b> &amp; c"
    assert highlighted("unbalanced \x02 mark") == "unbalanced  mark"


async def search_command(bot: OfflineBot, text: str) -> str:
    await bot.send(ADMIN_ID, text)
    return bot.request.texts(ADMIN_ID)[-1]


def callback_update(bot: OfflineBot, data: str, message_id: int) -> Any:
    return update_of(
        bot.app.bot,
        callback_query={
            "id": "cb1",
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "T"},
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": ADMIN_ID, "type": "private", "first_name": "T"},
                "text": "…",
            },
        },
    )


async def test_search_command_pages_with_buttons(ways_bot: OfflineBot, seed_text: str) -> None:
    await record(ways_bot.services, seed_text, "2026-10-06")
    answer = await search_command(ways_bot, "/search speaker:peskov")
    assert "page 1 of" in answer and "Dmitry Peskov" in answer
    sent = ways_bot.request.sent()[-1]
    fixes, buttons = sent["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in fixes] == [f"✏️ {n}" for n in range(1, 6)]
    assert [b["text"] for b in buttons] == ["More ▶"]
    await ways_bot.app.process_update(
        callback_update(ways_bot, buttons[0]["callback_data"], sent["_message_id"])
    )
    edited = ways_bot.request.sent("editMessageText")[-1]
    assert "page 2 of" in edited["text"] and edited["text"].count("\n6. ") == 1
    await ways_bot.app.process_update(callback_update(ways_bot, "search:999:1", 1))
    assert "expired" in ways_bot.request.sent("answerCallbackQuery")[-1]["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/search", "Usage: /search"),
        ('/search " * -', "Usage: /search"),
        ("/search strike since:someday", "since: needs a date"),
        ("/search <b>unclosed", "Nothing on record matches"),
    ],
)
async def test_search_command_replies_to_odd_queries(
    ways_bot: OfflineBot, text: str, expected: str
) -> None:
    answer = await search_command(ways_bot, text)
    assert expected in answer
    assert "<b>unclosed" not in answer


# -- timeline ---------------------------------------------------------------------------


async def test_timeline_counts_statements_per_month_per_topic(archive: Services) -> None:
    [peskov_id] = await find_speaker(archive.db, "Peskov")
    timeline = await speaker_timeline(archive, peskov_id, "Dmitry Peskov")
    assert [m.month for m in timeline.months] == ["2026-11", "2026-10"]
    november, october = timeline.months
    assert dict(november.topics).get("iran", 0) >= 1
    assert dict(october.topics).get("iran", 0) >= 1 and october.total > november.total
    assert october.total <= sum(count for _, count in october.topics)
    topics = {t.slug: t for t in archive.resources.topics}
    lines = render_timeline(timeline, topics)
    assert "month by month" in lines[0] and lines[1].startswith("Nov 2026: ")
    assert "Iran" in lines[1] and lines[2].startswith("Oct 2026: ")


async def test_timeline_of_a_silent_speaker_is_empty(archive: Services) -> None:
    timeline = await speaker_timeline(archive, 10_000, "Nobody")
    assert timeline.months == () and render_timeline(timeline, {}) == []


# -- charts -----------------------------------------------------------------------------


def test_chart_window_spans_the_days_on_record_and_at_most_60() -> None:
    def rows(*days: str) -> list[SideCount]:
        return [SideCount(day, NO_SIDE, 1) for day in days]

    assert len(window(rows("2026-09-03", "2026-11-01"), 60)) == 60
    # a day older than the last 60 does not stretch the axis: it starts at the first day
    # with statements inside them
    assert window(rows("2026-01-01", "2026-10-31", "2026-11-01"), 60) == (
        "2026-10-31",
        "2026-11-01",
    )
    assert window(rows("2026-11-01", "2026-11-03"), 60) == (
        "2026-11-01",
        "2026-11-02",
        "2026-11-03",
    )
    assert window(rows("2026-11-03", "2026-11-03"), 60) == ("2026-11-03",)  # one day: one
    assert window(rows("not a date"), 60) == ()


def test_day_labels_are_few_evenly_spaced_and_include_the_latest_day() -> None:
    assert day_ticks(1) == [0] and day_ticks(3) == [0, 1, 2]
    for days in (9, 14, 31, 47, 60):
        ticks = day_ticks(days)
        assert ticks[-1] == days - 1 and 4 <= len(ticks) <= 8
        assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


async def test_topic_chart_is_a_png_of_the_expected_size(archive: Services) -> None:
    data = await topic_chart_data(archive, "iran")
    assert data is not None and data.total >= 3
    # from the first day on record to the last (the Venezuela story may or may not touch Iran)
    assert data.days[0] == "2026-10-06" and data.days[-1] in ("2026-11-20", "2026-11-21")
    assert len(data.days) in (46, 47)
    assert any(label == "Dmitry Peskov" for label, _ in data.bars)
    # Statements are counted by side on Iran's targets: Peskov's strike warnings are against;
    # his readiness to help find a diplomatic solution may count for a deal, nothing more.
    assert sum(data.per_day["against"]) >= 2 and sum(data.per_day["for"]) <= 1
    assert data.total == sum(sum(counts) for counts in data.per_day.values())
    assert "by side" in data.title
    png = render_chart_png(data)
    assert len(png) > 10_000 and png_size(png) == (1000, 750)


async def test_speaker_chart_shows_their_topics(archive: Services) -> None:
    [peskov_id] = await find_speaker(archive.db, "Peskov")
    data = await speaker_chart_data(archive, peskov_id, "Dmitry Peskov")
    assert data.total >= 3 and "Iran" in [label for label, _ in data.bars]
    assert png_size(render_chart_png(data)) == (1000, 750)


async def test_chart_commands(ways_bot: OfflineBot, seed_text: str) -> None:
    await record(ways_bot.services, seed_text, "2026-10-06")
    await ways_bot.send(ADMIN_ID, "/chart iran")
    photo = ways_bot.request.sent("sendPhoto")[-1]
    assert "Iran" in photo["caption"] and "statements" in photo["caption"]
    # one day on record: the chart is of that day, not of two empty weeks before it
    assert photo["caption"].endswith(", 6 Oct 2026") and "–" not in photo["caption"]
    data = await topic_chart_data(ways_bot.services, "iran")
    assert data is not None and data.days == ("2026-10-06",)
    assert png_size(ways_bot.request.uploads[-1]) == (1000, 750)
    await ways_bot.send(ADMIN_ID, "/chart who Dmitry Peskov")
    assert len(ways_bot.request.sent("sendPhoto")) == 2
    for text, expected in [
        ("/chart", "Usage: /chart"),
        ("/chart atlantis", "No topic called"),
        ("/chart who Zzyzx Qwerty", "Nobody called"),
        ("/chart china", "nothing on record yet"),
    ]:
        await ways_bot.send(ADMIN_ID, text)
        assert expected in ways_bot.request.texts(ADMIN_ID)[-1], text
    assert len(ways_bot.request.sent("sendPhoto")) == 2


# -- export -----------------------------------------------------------------------------


async def test_export_for_one_topic_has_only_its_statements(archive: Services) -> None:
    everything = [row async for row in archive.db.export.export_rows()]
    iran = [row async for row in archive.db.export.export_rows("iran", batch=2)]
    assert iran and len(iran) < len(everything)
    assert all("iran" in row.topics for row in iran)
    expected = [r.id for r in everything if "iran" in r.topics]
    assert [row.id for row in iran] == expected


async def test_export_command_with_a_topic_sends_only_that_topic(
    ways_bot: OfflineBot, seed_text: str
) -> None:
    await record(ways_bot.services, seed_text, "2026-10-06")
    await ways_bot.send(ADMIN_ID, "/export iran")
    document = ways_bot.request.sent("sendDocument")[-1]
    assert "statements on iran" in document["caption"]
    rows = list(csv.DictReader(io.StringIO(ways_bot.request.uploads[-1].decode("utf-8-sig"))))
    assert rows and all("iran" in row["topics"].split(";") for row in rows)
    assert f"{len({r['statement_id'] for r in rows})} statements on iran" in document["caption"]
    assert {(r["target"], r["side"]) for r in rows} == {("iran.military_action", "against")}
    await ways_bot.send(ADMIN_ID, "/export atlantis")
    assert "No topic called" in ways_bot.request.texts(ADMIN_ID)[-1]


async def test_a_name_is_found_by_whole_words_only(archive: Services) -> None:
    [peskov_id] = await find_speaker(archive.db, "Peskov")
    assert await find_speaker(archive.db, "Peskow") == [peskov_id]  # a typo in a whole word
    assert await find_speaker(archive.db, "dmitri peskov") == [peskov_id]
    # Letters inside a name are not a name: "it" is in Witkoff, "kov" in Peskov.
    assert await find_speaker(archive.db, "it") == []
    assert await find_speaker(archive.db, "kov") == []
