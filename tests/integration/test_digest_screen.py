"""An article's digest fits one phone screen: a headline, date and source, key statements
spread over the speakers, those with a side first."""

from __future__ import annotations

import json
import re

from handlers.format import html_to_plain
from handlers.format_digest import SCREEN_WIDTH, screen_lines
from tests.integration.conftest import ADMIN_ID, OfflineBot

BANNERED = (
    "🔴⚡️ BREAKING | VENEZUELA 🇻🇪\n\n"
    "CARACAS, March 3 (Wire) - Venezuelan President Nicolas Maduro said on Tuesday that a "
    'U.S. naval blockade would be an act of war. "We will defend our waters," Maduro told '
    "supporters. U.S. Secretary of State Marco Rubio said the pressure on Caracas would "
    "continue. Russian Foreign Minister Sergei Lavrov said Moscow stood with Venezuela. "
    "Kremlin spokesman Dmitry Peskov said Russia was watching closely. Peskov added that "
    "cooperation with Venezuela remained a priority. Peskov also said that sanctions were "
    "illegal.\n"
)
NUMBERED = re.compile(r"^\d+\. ", re.MULTILINE)


async def digest_of(bot: OfflineBot, text: str) -> tuple[str, int]:
    """The digest the user sees, and how many fix buttons are under it."""
    await bot.send(ADMIN_ID, text)
    edit = bot.request.sent("editMessageText")[-1]
    markup = edit.get("reply_markup")
    markup = json.loads(markup) if isinstance(markup, str) else markup
    rows = markup["inline_keyboard"] if markup else []
    buttons = sum(b["text"].startswith("✏️ ") for row in rows for b in row)
    return bot.request.texts(ADMIN_ID)[-1], buttons


async def test_the_seed_digest_fits_one_phone_screen(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    digest, buttons = await digest_of(offline_bot, seed_text)
    plain = html_to_plain(digest)
    assert screen_lines(digest, SCREEN_WIDTH) <= 15, plain
    assert len(plain) <= 700
    lines = plain.split("\n")
    assert lines[0].startswith("📰 Kremlin spokesman Dmitry Peskov said")  # no "MOSCOW —"
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4} · 19 statements", lines[1])
    assert lines[2] == "🗣 Dmitry Peskov, Kremlin spokesman"
    statements = [line for line in lines if NUMBERED.match(line)]
    assert len(statements) == 5 == buttons
    with_side = [" against " in s or ". for " in s for s in statements]
    assert with_side == sorted(with_side, reverse=True)  # those with a side first
    assert lines[-1].startswith("/") and "/iran" in lines[-1]


async def test_a_digest_skips_banner_and_dateline_and_spreads_over_speakers(
    offline_bot: OfflineBot,
) -> None:
    digest, buttons = await digest_of(offline_bot, BANNERED)
    plain = html_to_plain(digest)
    lines = plain.split("\n")
    assert lines[0] == ("📰 Venezuelan President Nicolas Maduro said on Tuesday that a U.S. naval…")
    assert "BREAKING" not in plain and "CARACAS" not in plain
    statements = [line for line in lines if NUMBERED.match(line)]
    assert len(statements) == buttons >= 4
    speakers = [re.sub(r"^\d+\. ", "", s).split(" — ")[0].split(":")[0] for s in statements]
    surnames = [name.split()[-1] for name in speakers]
    assert len(set(surnames)) >= 3
    assert max(surnames.count(name) for name in surnames) <= 2
    assert statements[0].startswith("1. Dmitry Peskov — for ")  # a side first, full name first
    assert statements[1].startswith("2. Peskov — ")  # the surname after
    assert screen_lines(digest) <= 15
