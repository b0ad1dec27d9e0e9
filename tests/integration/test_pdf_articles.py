"""A PDF press release sent as a document is read as the article it shows: lines joined
into paragraphs, words broken at a line's end joined again, page furniture left out. A PDF
that can't be read gets a reason, and nothing is stored."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from services.pdf import join_lines, pdf_text
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.wayskit import document_message, ways_bot
from tests.pdfkit import make_pdf, set_lines

__all__ = ["ways_bot"]  # the fixture, imported for pytest

TITLE = "Kremlin: talks on Ukraine must bring concrete results"


def articles(bot: OfflineBot) -> list[dict[str, Any]]:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]


async def send_file(bot: OfflineBot, name: str, data: bytes, **extra: Any) -> str:
    await bot.app.process_update(document_message(bot.app.bot, bot.request, name, data, **extra))
    return bot.request.texts(ADMIN_ID)[-1]


def paragraphs_of(seed_text: str) -> list[str]:
    return [line for line in seed_text.splitlines() if line.strip()]


def two_pages(lines: list[str], near: int = 40) -> list[list[str]]:
    """Split the lines in the middle of a paragraph, as a page break falls."""
    cut = next(i for i in range(near, len(lines)) if lines[i - 1] and lines[i])
    return [lines[:cut], lines[cut:]]


def test_the_layout_helper_breaks_words_across_lines(seed_text: str) -> None:
    lines = set_lines(paragraphs_of(seed_text))
    assert sum(line.endswith("-") for line in lines) >= 3  # the tests below read real breaks


async def test_a_pdf_press_release_is_read_as_the_article(
    ways_bot: OfflineBot, seed_text: str
) -> None:
    paragraphs = paragraphs_of(seed_text)
    pdf = make_pdf(two_pages([TITLE, "", *set_lines(paragraphs)]))
    reply = await send_file(ways_bot, "Press release.PDF", pdf)
    assert "Dmitry Peskov" in reply and TITLE in reply  # the digest, headed by the title
    [article] = articles(ways_bot)
    # Word for word the text as written: hyphens undone, lines joined, one paragraph each
    # (the one the page break falls in, too), no "Page 1 of 2".
    assert article["text"] == "\n\n".join([TITLE, *paragraphs])


async def test_a_running_header_and_the_page_numbers_are_left_out(seed_text: str) -> None:
    paragraphs = paragraphs_of(seed_text)[:4]
    header = "PRESS SERVICE OF THE PRESIDENT · kremlin.example"
    pages = two_pages(set_lines(paragraphs), near=12)
    text = pdf_text(make_pdf(pages, title=False, header=header))
    assert text == "\n\n".join(paragraphs)


def test_lines_become_paragraphs_and_typeset_hyphens_go() -> None:
    lines = [
        "GENEVA — The envoy said on Tues-",
        "day that Russia would keep trying to de-",
        "escalate tensions and wanted a self-",
        "sustaining truce, “whatever it takes.”",
        "The talks resume on Friday.",
        "",
        "A second paragraph.",
    ]
    assert join_lines(lines) == (
        "GENEVA — The envoy said on Tuesday that Russia would keep trying to de-escalate "
        "tensions and wanted a self-sustaining truce, “whatever it takes.” The talks resume "
        "on Friday.\n\nA second paragraph."
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf([["A locked statement by the ministry."]], password="s3cret"), "password"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
        (make_pdf([[]], footers=False), "no text in it"),
    ],
    ids=["encrypted", "broken", "scan"],
)
async def test_an_unreadable_pdf_gets_a_reason_and_nothing_is_stored(
    ways_bot: OfflineBot, data: bytes, reason: str
) -> None:
    reply = await send_file(ways_bot, "release.pdf", data)
    assert reason in reply and "paste the article's text" in reply.lower()
    assert "Nothing was stored" in reply
    assert articles(ways_bot) == []


async def test_a_pdf_with_only_an_owner_password_is_read(seed_text: str) -> None:
    """Many press offices lock printing and copying only: the text opens without a password."""
    paragraphs = paragraphs_of(seed_text)[:2]
    pdf = make_pdf([set_lines(paragraphs)], title=False, password="")
    assert pdf_text(pdf) == "\n\n".join(paragraphs)


async def test_a_pdf_over_its_size_cap_is_refused_before_download(ways_bot: OfflineBot) -> None:
    reply = await send_file(ways_bot, "big.pdf", b"%PDF", file_size=12_000_000)
    assert "larger than 10 MB" in reply and "Nothing was stored" in reply
    assert ways_bot.request.sent("getFile") == [] and articles(ways_bot) == []
    # a PDF a few MB large is not refused for its size
    reply = await send_file(ways_bot, "fonts.pdf", b"%PDF-1.7\n", file_size=3_000_000)
    assert "larger than" not in reply
