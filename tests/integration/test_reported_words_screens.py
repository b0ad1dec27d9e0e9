"""A noun-phrase statement reads as the reporter wrote it, unquoted, and two quotes of one
statement as two quotes, alike on the digest, the topic page and search (/who lists
sides, each with its /show_ID, and no statement's words)."""

from __future__ import annotations

from handlers.format import html_to_plain
from services.corrections import correct_speaker
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.test_screens import press
from tests.telegram_html import html_problems

ARTICLE = (
    "Egypt presses Israel over Rafah\n\n"
    "CAIRO, March 3 (Wire) - Egyptian Foreign Minister Sameh Shoukry condemned the Israeli "
    "strike on Rafah & Khan Younis on Tuesday.\n\n"
    '"Gaza needs a ceasefire before Ramadan," Shoukry said at a news conference in Cairo. '
    '"We will keep pressing both sides."'
)
QUOTED = "“Gaza needs a ceasefire before Ramadan” … “We will keep pressing both sides.”"


def _shown(bot: OfflineBot) -> str:
    """The last text the bot sent or drew."""
    calls = [c for c in bot.request.calls if c.method in ("sendMessage", "editMessageText")]
    return str(calls[-1].params["text"])


async def test_every_screen_shows_the_reporters_words_and_the_quotes_apart(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, ARTICLE)
    digest = _shown(offline_bot)
    for command in ("/gaza", "/search Shoukry"):
        await offline_bot.send(ADMIN_ID, command)
        screen = _shown(offline_bot)
        assert "condemned the Israeli strike on Rafah &amp; Khan Younis" in screen, screen
        assert "“the Israeli strike" not in screen, screen
        assert QUOTED in html_to_plain(screen), screen
    assert "condemned the Israeli strike on Rafah &amp; Khan Younis on Tuesday" in digest
    assert "“the Israeli strike" not in digest and QUOTED in html_to_plain(digest), digest


async def test_the_fix_menu_asks_about_the_statement_drawn_as_the_screens_draw_it(
    offline_bot: OfflineBot,
) -> None:
    """The menu shows what the member saw: speaker, sides and the reporter's words for a
    noun phrase (not the stored noun phrase in quotes), every piece escaped."""
    await offline_bot.send(ADMIN_ID, ARTICLE)
    digest = int(offline_bot.request.sent("editMessageText")[-1]["message_id"])
    rows = [r async for r in offline_bot.services.db.export.export_rows()]
    [named] = [r for r in rows if r.display]
    await offline_bot.send(ADMIN_ID, "/search Shoukry")
    found = _shown(offline_bot)

    await press(offline_bot, f"fix:{named.id}", digest)
    menu = _shown(offline_bot)
    question, drawn = menu.split("\n")
    assert question == "What is wrong with this statement?"
    assert drawn == (
        "<b>Sameh Shoukry</b> — against Israel's military operations: condemned the Israeli "
        "strike on Rafah &amp; Khan Younis on Tuesday"
    )
    assert f"· {drawn} /show_{named.id}" in found, found  # as /search drew it
    [quoted] = [r for r in rows if not r.display]
    await press(offline_bot, f"fix:{quoted.id}", digest)
    assert html_to_plain(_shown(offline_bot)).endswith(f"for a ceasefire in Gaza: {QUOTED}")

    await correct_speaker(
        offline_bot.services, named.id, ADMIN_ID, name="Sameh <i>Shoukry</i> & Co"
    )
    await press(offline_bot, f"fix:{named.id}", digest)
    menu = _shown(offline_bot)
    assert menu.startswith(
        "What is wrong with this statement?\n<b>Sameh &lt;i&gt;Shoukry&lt;/i&gt; &amp; Co</b>"
        " — against"
    ), menu
    assert html_problems(menu) == []


async def test_a_one_speaker_digest_puts_a_colon_between_sides_and_the_reporters_words(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, ARTICLE)
    digest = html_to_plain(_shown(offline_bot))
    assert "🗣 Sameh Shoukry" in digest, digest
    assert "against Israel's military operations: condemned the Israeli strike" in digest
