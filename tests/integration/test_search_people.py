"""Search people can type: relative dates, questions, /show_ID on every hit, no stray "that",
and a near miss that names what the user probably meant."""

from __future__ import annotations

import re
from datetime import date

from extraction import Resources
from services.search import parse_query
from tests.integration.conftest import ADMIN_ID, OfflineBot

TODAY = date(2026, 12, 5)
HIT = re.compile(r"^\d+\. ")


def test_since_takes_days_counted_back() -> None:
    assert parse_query("strike since:yesterday", today=TODAY).since == "2026-12-04"
    assert parse_query("strike since:7d", today=TODAY).since == "2026-11-28"
    assert parse_query("strike since:2w", today=TODAY).since == "2026-11-21"
    assert parse_query("strike since:today", today=TODAY).since == "2026-12-05"
    assert parse_query("strike since:2026-11-01", today=TODAY).since == "2026-11-01"


def test_a_question_is_read_as_speaker_and_topic(resources: Resources) -> None:
    query = parse_query("what did Peskov say about Venezuela", resources.topics)
    assert (query.speaker, query.topic, query.terms) == ("Peskov", "venezuela", ())
    query = parse_query("What has Lavrov said on the nuclear talks?", resources.topics)
    assert (query.speaker, query.topic, query.terms) == ("Lavrov", None, ("nuclear", "talks"))
    assert parse_query("what did he say", resources.topics).speaker == "he"


async def search_reply(bot: OfflineBot, text: str) -> list[str]:
    await bot.send(ADMIN_ID, f"/search {text}")
    return bot.request.texts(ADMIN_ID)[-1].split("\n")


async def test_every_hit_has_its_show_command_and_no_stray_that(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    lines = await search_reply(offline_bot, "destabilize")
    hits = [line for line in lines if HIT.match(line)]
    assert len(hits) == 2
    assert all(re.search(r" /show_\d+$", hit) for hit in hits)
    assert not any(re.search(r": “(<b>)?that\b", hit, re.IGNORECASE) for hit in hits), hits


async def test_a_question_finds_the_speakers_statements_on_the_topic(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    lines = await search_reply(offline_bot, "what did Peskov say about Venezuela")
    assert "speaker: Peskov · topic: venezuela" in lines[0]
    hits = [line for line in lines if HIT.match(line)]
    assert len(hits) == 2 and all("Dmitry Peskov" in hit for hit in hits)
    assert any("Venezuela" in hit for hit in hits)


async def test_a_near_miss_suggests_the_topic_or_speaker(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    assert "Did you mean topic:venezuela?" in "\n".join(
        await search_reply(offline_bot, "venezuella")
    )
    assert 'Did you mean speaker:"Peskov"?' in "\n".join(await search_reply(offline_bot, "Peskof"))
    assert "Did you mean" not in "\n".join(await search_reply(offline_bot, "zzzzqqq"))
    # an ordinary word misspelled: the nearest word on record that begins as it does
    assert "Did you mean negotiations?" in "\n".join(await search_reply(offline_bot, "negotations"))


async def test_a_speakers_name_in_any_spelling_finds_their_own_statements(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    zelensky = (
        "KYIV — Ukrainian President Volodymyr Zelensky said on Tuesday that Ukraine needed "
        "more air defence. “We will not give up our land,” Zelensky told reporters."
    )
    await offline_bot.send(ADMIN_ID, zelensky)
    lines = await search_reply(offline_bot, "Zelenskiy")
    assert "speaker: Volodymyr Zelensky" in lines[0], lines
    hits = [line for line in lines if HIT.match(line)]
    assert hits and all("Volodymyr Zelensky" in hit for hit in hits), hits
    assert not any("Peskov" in hit for hit in hits)
