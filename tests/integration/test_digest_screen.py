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
    'Kremlin spokesman Dmitry Peskov said Russia was watching closely. "Cooperation with '
    'Venezuela remains a priority for us," Peskov added. Peskov also said that sanctions '
    "were illegal.\n"
)
GAZA = (
    "UNITED NATIONS, July 22 (Reuters) - U.N. Secretary-General Antonio Guterres said on "
    "Tuesday that famine had taken hold in parts of Gaza and called for an immediate "
    "ceasefire.\n\n"
    '"Famine is not looming. It is here," Guterres told the Security Council. He said aid '
    "convoys were being blocked at the Rafah crossing and that humanitarian workers were being "
    "killed.\n\n"
    "Israel's ambassador to the U.N., Danny Danon, rejected the accusation, saying Israel "
    'allowed hundreds of trucks into Gaza every week. "Hamas steals the aid," Danon said. He '
    "said Israel would continue its military operations until all hostages were returned.\n\n"
    "Hamas official Basem Naim said the group was ready for a ceasefire deal. U.S. Ambassador "
    "Dorothy Shea said Washington supported a ceasefire linked to the release of hostages. "
    '"The quickest way to end this is for Hamas to release the hostages," Shea said.\n'
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
    # pasted, with no date of its own: the day it came, said as such
    assert re.fullmatch(r"received \d{1,2} \w{3} \d{4} · 19 statements", lines[1])
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
    assert re.match(r"1\. [\w ]+ — (for|against) ", statements[0]), statements  # a side first
    peskov = [s for s in statements if "Peskov" in s]
    assert "Dmitry Peskov" in peskov[0]  # full name first
    assert all("Dmitry" not in s and "Peskov" in s for s in peskov[1:]) and peskov[1:], statements
    assert screen_lines(digest) <= 15


async def test_a_speaker_with_two_lines_is_quoted_in_their_own_words_in_one(
    offline_bot: OfflineBot,
) -> None:
    digest, _ = await digest_of(offline_bot, GAZA)
    lines = html_to_plain(digest).split("\n")
    statements = [line for line in lines if NUMBERED.match(line)]
    guterres = [s for s in statements if "Guterres" in s]
    assert any("Famine is not looming. It is here" in s for s in guterres), statements
    assert len(guterres) <= 2 and screen_lines(digest) <= 15


async def test_a_government_is_named_whole_again_a_person_by_surname(
    offline_bot: OfflineBot,
) -> None:
    """A digest names a person again by surname, as a story does; "Chinese government"
    named again is still the Chinese government, never "government"."""
    article = (
        "BEIJING, June 3 (Wire) - Beijing said on Tuesday that it firmly opposed the new "
        "tariffs on Chinese steel. U.S. Trade Representative Jamieson Greer said Washington "
        'would not back down. "The duties stay," Greer told reporters. Beijing said it would '
        "take necessary measures to protect its companies.\n"
    )
    digest, _ = await digest_of(offline_bot, article)
    named = re.findall(r"^\d+\. (?:The )?<b>([^<]+)</b>", digest, re.MULTILINE)
    assert named.count("Chinese government") == 2, digest
    assert "Jamieson Greer" in named and "Greer" in named, digest
    assert "government" not in named, digest
    assert "The <b>Chinese government</b> said it would take" in digest  # written out
