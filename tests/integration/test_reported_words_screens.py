"""A noun-phrase statement reads as the reporter wrote it, unquoted, and two quotes of one
statement as two quotes, alike on the digest, the topic page and search (/who lists
sides, each with its /show_ID, and no statement's words)."""

from __future__ import annotations

from handlers.format import html_to_plain
from tests.integration.conftest import ADMIN_ID, OfflineBot

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
