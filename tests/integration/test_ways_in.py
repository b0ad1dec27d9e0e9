"""Links, files and channels as ways in: through the offline bot, real SQLite, loopback pages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from handlers.links import FETCHER_KEY
from services.fetch import Fetcher, FetchPolicy
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.pageserver import PAGES, page_server
from tests.integration.test_fetch import stub_resolver
from tests.integration.wayskit import (
    document_message,
    ways_bot,
)

__all__ = ["ways_bot"]  # the fixture, imported for pytest


@pytest.fixture
def pages() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    with page_server() as (base, requests):
        yield base, requests


def use_loopback(bot: OfflineBot) -> None:
    """Let the bot fetch from the test page server, as `news.example`."""
    bot.app.bot_data[FETCHER_KEY] = Fetcher(
        policy=FetchPolicy(allow_address=lambda ip: ip.is_loopback, timeout=5.0),
        resolver=stub_resolver({"news.example": ["127.0.0.1"]}),
    )


def articles(bot: OfflineBot) -> list[dict[str, Any]]:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]


def news_url(base: str, path: str) -> str:
    return base.replace("127.0.0.1", "news.example") + path


async def test_a_link_is_fetched_and_its_article_recorded_with_the_url(ways_bot, pages) -> None:
    base, _ = pages
    use_loopback(ways_bot)
    url = news_url(base, "/pages/kremlin-iran.html")
    await ways_bot.send(ADMIN_ID, url)
    digest = ways_bot.request.texts(ADMIN_ID)[-1]
    assert "Kremlin warns a strike on Iran" in digest
    assert "Dmitry Peskov" in digest and "World Wire" in digest.split("\n")[1]
    [article] = articles(ways_bot)
    assert article["source_url"] == url
    assert article["source"] == "World Wire"
    assert article["published_at"] == "2026-11-20"
    assert "truthseeker99" not in article["text"] and "Cheap flights" not in article["text"]


async def test_a_forwarded_headline_with_a_link_keeps_the_channel_as_source(
    ways_bot, pages
) -> None:
    base, _ = pages
    use_loopback(ways_bot)
    url = news_url(base, "/redirect/2/pages/kremlin-iran.html")
    origin = {
        "type": "channel",
        "chat": {"id": -100777, "type": "channel", "title": "Newsroom Feed"},
        "message_id": 55,
        "date": 1_795_000_000,
    }
    await ways_bot.send(
        ADMIN_ID,
        f"Kremlin: a strike on Iran would destabilize the region {url}",
        forward_origin=origin,
    )
    [article] = articles(ways_bot)
    assert article["source"] == "Newsroom Feed"
    assert article["source_url"] == news_url(base, "/pages/kremlin-iran.html")


async def test_a_page_in_windows_1252_built_of_divs_is_read_right(ways_bot, pages) -> None:
    base, _ = pages
    use_loopback(ways_bot)
    await ways_bot.send(ADMIN_ID, news_url(base, "/bare/eu-summit-divs.html"))
    [article] = articles(ways_bot)
    assert "Viktor Orbán" in article["text"] and "“We cannot accept" in article["text"]
    for noise in ("cookies", "Most read", "Reader42", "Imprint"):
        assert noise not in article["text"]
    assert article["published_at"] == "2026-11-18"
    assert "Orbán" in ways_bot.request.texts(ADMIN_ID)[-1]


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/gone", "answered 410"), ("/pages/no-article.html", "couldn't find an article")],
)
async def test_a_page_that_fails_gets_a_reason_and_nothing_is_stored(
    ways_bot, pages, path: str, reason: str
) -> None:
    base, _ = pages
    use_loopback(ways_bot)
    await ways_bot.send(ADMIN_ID, news_url(base, path))
    reply = ways_bot.request.texts(ADMIN_ID)[-1]
    assert reason in reply and "Nothing was stored" in reply
    # what to do instead: the text itself, pasted or as a file
    assert "copy its text and paste it here" in reply and ".pdf" in reply
    assert articles(ways_bot) == []


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("https://t.me/tass_agency/9", False),
        ("t.me/tass_agency/9", True),  # Telegram marks the bare address as a link
        ("https://telegram.me/s/worldwire/120", False),
        ("Peskov on Iran https://T.me/worldwire/121", False),
    ],
)
async def test_a_telegram_post_link_is_not_fetched_and_the_reply_asks_for_the_post(
    ways_bot, pages, text: str, entity: bool
) -> None:
    _, requests = pages
    use_loopback(ways_bot)
    entities = [{"type": "url", "offset": 0, "length": len(text)}] if entity else []
    sent_before = len(ways_bot.request.texts(ADMIN_ID))
    await ways_bot.send(ADMIN_ID, text, entities=entities)
    replies = ways_bot.request.texts(ADMIN_ID)[sent_before:]
    assert len(replies) == 1  # no "Fetching the page…" first
    assert "Forward the post itself" in replies[0] and "Nothing was stored" in replies[0]
    assert requests == [] and articles(ways_bot) == []


async def test_production_fetcher_refuses_a_loopback_link_without_requesting_it(
    ways_bot, pages
) -> None:
    base, requests = pages
    await ways_bot.send(ADMIN_ID, base + "/pages/kremlin-iran.html")
    reply = ways_bot.request.texts(ADMIN_ID)[-1]
    assert "private or local network" in reply and "Nothing was stored" in reply
    assert requests == [] and articles(ways_bot) == []


async def test_a_txt_file_is_read_as_an_article(ways_bot, seed_text: str) -> None:
    update = document_message(
        ways_bot.app.bot, ways_bot.request, "briefing.txt", seed_text.encode()
    )
    await ways_bot.app.process_update(update)
    assert "Dmitry Peskov" in ways_bot.request.texts(ADMIN_ID)[-1]
    assert len(articles(ways_bot)) == 1


async def test_a_markdown_file_loses_its_markup(ways_bot) -> None:
    text = (
        "# Kremlin on Iran\n\n**MOSCOW** — Kremlin spokesman [Dmitry Peskov](https://x.example) "
        "said on Monday that any military strike on Iran would seriously destabilize the region."
    )
    update = document_message(ways_bot.app.bot, ways_bot.request, "note.md", text.encode())
    await ways_bot.app.process_update(update)
    [article] = articles(ways_bot)
    assert "**" not in article["text"] and "](" not in article["text"]
    assert article["text"].startswith("Kremlin on Iran")


async def test_an_html_file_is_read_without_its_page_furniture(ways_bot) -> None:
    data = (PAGES / "kremlin-iran.html").read_bytes()
    update = document_message(ways_bot.app.bot, ways_bot.request, "story.html", data)
    await ways_bot.app.process_update(update)
    [article] = articles(ways_bot)
    assert "Peskov" in article["text"] and "truthseeker99" not in article["text"]


async def test_an_oversized_file_is_refused_before_download(ways_bot) -> None:
    update = document_message(
        ways_bot.app.bot, ways_bot.request, "big.txt", b"x", file_size=5_000_000
    )
    await ways_bot.app.process_update(update)
    assert "larger than 1 MB" in ways_bot.request.texts(ADMIN_ID)[-1]
    assert ways_bot.request.sent("getFile") == [] and articles(ways_bot) == []


async def test_a_binary_file_named_txt_is_refused(ways_bot) -> None:
    update = document_message(ways_bot.app.bot, ways_bot.request, "x.txt", b"\x00\x01\x02" * 100)
    await ways_bot.app.process_update(update)
    assert "not text" in ways_bot.request.texts(ADMIN_ID)[-1]
    assert articles(ways_bot) == []


@pytest.mark.parametrize(
    ("origin", "name", "url"),
    [
        (
            {
                "type": "channel",
                "chat": {"id": -100, "type": "channel", "title": "TASS", "username": "tass_agency"},
                "message_id": 9,
            },
            "TASS",
            "https://t.me/tass_agency/9",
        ),
        (
            {
                "type": "user",
                "sender_user": {"id": 5, "is_bot": False, "first_name": "Ann", "last_name": "Lee"},
            },
            "Ann Lee",
            None,
        ),
        ({"type": "hidden_user", "sender_user_name": "Press Desk"}, "Press Desk", None),
        (
            {
                "type": "chat",
                "sender_chat": {"id": -200, "type": "supergroup", "title": "Newsroom"},
            },
            "Newsroom",
            None,
        ),
    ],
)
async def test_a_forward_keeps_its_origin_as_the_source(
    ways_bot, origin: dict[str, Any], name: str, url: str | None
) -> None:
    text = (
        "MOSCOW — Kremlin spokesman Dmitry Peskov said on Monday that any military strike "
        "on Iran would seriously destabilize the region, and Russia opposes it."
    )
    await ways_bot.send(ADMIN_ID, text, forward_origin={"date": 1_795_000_000, **origin})
    [article] = articles(ways_bot)
    assert (article["source"], article["source_url"]) == (name, url)
    assert article["published_at"].startswith("2026-11-18")


FORWARD_ORIGIN = {
    "type": "channel",
    "chat": {"id": -100777, "type": "channel", "title": "Newsroom Feed"},
    "message_id": 56,
    "date": 1_795_000_000,  # 18 Nov 2026
}


async def test_a_forwarded_wire_story_is_dated_by_its_dateline_not_by_the_forward(
    ways_bot,
) -> None:
    text = (
        "VIENNA/TEHRAN, March 3, 2026 (Wire) - Iran's foreign minister Abbas Araghchi said on "
        "Tuesday that talks with the agency would resume, and Iran opposes any strike."
    )
    await ways_bot.send(ADMIN_ID, text, forward_origin=FORWARD_ORIGIN)
    [article] = articles(ways_bot)
    assert article["published_at"] == "2026-03-03"
    digest = ways_bot.request.texts(ADMIN_ID)[-1]
    first, second = digest.split("\n")[:2]
    assert "VIENNA" not in first and "Araghchi said" in first
    assert second.startswith("3 Mar 2026 · Newsroom Feed")


async def test_who_dates_a_side_by_the_day_it_was_said(ways_bot, seed_text: str) -> None:
    dated = seed_text.replace("MOSCOW — ", "MOSCOW, March 3, 2026 (Wire) - ", 1)
    assert dated != seed_text
    await ways_bot.send(ADMIN_ID, dated, forward_origin=FORWARD_ORIGIN)
    await ways_bot.send(ADMIN_ID, "/who Peskov")
    who = ways_bot.request.texts(ADMIN_ID)[-1]
    assert "against military strikes on Iran — 2 statements, latest 3 Mar 2026" in who, who
    assert "Mar 2026: " in who and "Nov 2026" not in who
