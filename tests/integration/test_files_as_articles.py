"""A file is an article like any pasted text: the same checks, the same cleaning, and no
content that can freeze the parser (the red team's `Peskov said` + 20,000 `=` in a .txt)."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest

from extraction import Extractor
from extraction.tokenizer_input import MAX_RUN
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.wayskit import document_message, ways_bot
from tests.unit.test_tokenizer_input import TokenizerSpy

__all__ = ["ways_bot"]  # the fixture, imported for pytest

INVISIBLE = "\u202e\u2066\u200b\ufeff"


def articles(bot: OfflineBot) -> list[dict[str, Any]]:
    with sqlite3.connect(bot.services.settings.database_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]


async def send_file(bot: OfflineBot, name: str, data: bytes) -> str:
    await bot.app.process_update(document_message(bot.app.bot, bot.request, name, data))
    return bot.request.texts(ADMIN_ID)[-1]


async def test_a_file_of_punctuation_is_answered_at_once(
    ways_bot: OfflineBot, extractor: Extractor, capsys: pytest.CaptureFixture[str]
) -> None:
    spy = TokenizerSpy(extractor.nlp.tokenizer)
    extractor.nlp.tokenizer = spy  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        reply = await send_file(ways_bot, "equals.txt", b"Peskov said " + b"=" * 20_000)
        elapsed = time.perf_counter() - started
    finally:
        extractor.nlp.tokenizer = spy.tokenizer  # type: ignore[assignment]
    with capsys.disabled():
        print(f"\n  .txt of 'Peskov said ' + 20,000 '=': answered in {elapsed:.2f} s", end=" ")
    assert spy.longest <= MAX_RUN
    assert "no statement attributed" in reply


async def test_a_file_over_the_length_limit_is_refused_like_a_message(ways_bot) -> None:
    reply = await send_file(ways_bot, "hashes.txt", b"Peskov said " + b"#" * 200_000)
    assert "the limit is 200,000" in reply and "Nothing was stored" in reply
    assert articles(ways_bot) == []


async def test_a_file_that_is_not_an_article_gets_the_hint_and_is_not_stored(ways_bot) -> None:
    reply = await send_file(ways_bot, "note.txt", b"see you at lunch")
    assert "Forward me a news article" in reply and "Nothing was stored" in reply
    assert articles(ways_bot) == []


async def test_a_file_in_another_language_is_refused(ways_bot) -> None:
    text = "Пресс-секретарь Кремля Дмитрий Песков заявил во вторник, что удар по Ирану " * 3
    reply = await send_file(ways_bot, "ru.txt", text.encode())
    assert "Only English is analysed" in reply
    assert articles(ways_bot) == []


async def test_bidi_and_zero_width_characters_never_reach_the_record_or_the_digest(
    ways_bot, seed_text: str
) -> None:
    dirty = seed_text.replace("Peskov", f"Pes{INVISIBLE}kov").replace(" Iran", f" {INVISIBLE}Iran")
    reply = await send_file(ways_bot, "briefing.txt", dirty.encode())
    assert "Dmitry Peskov" in reply
    [article] = articles(ways_bot)
    with sqlite3.connect(ways_bot.services.settings.database_path) as conn:
        stored = [r[0] for r in conn.execute("SELECT text FROM statements")]
        stored += [r[0] for r in conn.execute("SELECT name FROM speakers")]
    for text in [article["text"], *stored, *ways_bot.request.texts(ADMIN_ID)]:
        assert not any(c in text for c in INVISIBLE), text
