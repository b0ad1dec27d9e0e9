"""Corrections, deletion, /forget_me, /export and the global error handler, driven offline."""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.logging_setup import LOG_FORMAT, RedactTokenFilter
from extraction import Extractor
from handlers.corrections import PROMPT
from services.topics import topic_view
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.offline import BOT_USER
from tests.integration.trustkit import (
    GROUP_ID,
    bot_added,
    callback,
    message,
    raw_message,
    running_bot,
)

MEMBER_ID = 2002
OTHER_MEMBER_ID = 2003


def markup_of(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    return json.loads(markup) if isinstance(markup, str) else markup


def last_digest(bot: OfflineBot, chat_id: int) -> tuple[int, dict[str, Any] | None]:
    """(message id, keyboard) of the last digest the bot showed in `chat_id`."""
    for call in reversed(bot.request.calls):
        params = call.params
        if int(params.get("chat_id", 0)) != chat_id or not str(params.get("text", "")).startswith(
            "📰 "
        ):
            continue
        return int(params.get("message_id") or params["_message_id"]), markup_of(params)
    raise AssertionError("no digest sent")


def bot_message(chat_id: int, message_id: int, text: str = "digest") -> dict[str, Any]:
    raw = raw_message(BOT_USER["id"], text, chat_id=chat_id)
    raw["from"] = BOT_USER
    raw["message_id"] = message_id
    return raw


async def press(bot: OfflineBot, user_id: int, data: str, on_message: int) -> None:
    await bot.app.process_update(
        callback(bot.app.bot, user_id, data, bot_message(user_id, on_message))
    )


async def reply_to_digest(bot: OfflineBot, user_id: int, text: str, digest_id: int) -> None:
    await bot.app.process_update(
        message(bot.app.bot, user_id, text, reply_to_message=bot_message(user_id, digest_id))
    )


def last_edit(bot: OfflineBot) -> str:
    return str(bot.request.sent("editMessageText")[-1]["text"])


def edits_since(bot: OfflineBot, count: int) -> list[str]:
    """The texts of the edits after the first `count` (a fix edits its menu into the ✅ and
    redraws the digest that shows the statement)."""
    return [str(p["text"]) for p in bot.request.sent("editMessageText")[count:]]


async def iran_statement(bot: OfflineBot) -> int:
    rows = [r async for r in bot.services.db.export.export_rows()]
    return next(r.id for r in rows if "destabilize" in r.text)


async def test_digest_carries_fix_buttons_for_its_numbered_statements(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    _, keyboard = last_digest(offline_bot, ADMIN_ID)
    assert keyboard is not None
    *fixes, [more] = keyboard["inline_keyboard"]
    buttons = [b for row in fixes for b in row]
    assert [b["text"] for b in buttons] == [f"✏️ {n}" for n in range(1, len(buttons) + 1)]
    stored = {r.id async for r in offline_bot.services.db.export.export_rows()}
    assert {int(b["callback_data"].split(":")[1]) for b in buttons} <= stored
    assert more["text"] == f"More ({len(stored) - len(buttons)})"


def buttons_of_last_edit(bot: OfflineBot) -> dict[str, str]:
    """Text → callback data of the buttons the bot's last edit showed."""
    markup = markup_of(bot.request.sent("editMessageText")[-1]) or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def test_side_fix_sets_and_removes_a_side_and_keeps_the_original(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    services = offline_bot.services
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, _ = last_digest(offline_bot, ADMIN_ID)
    statement_id = await iran_statement(offline_bot)
    strike = "iran.military_action"

    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}", digest_id)
    assert "What is wrong with" in offline_bot.request.texts(ADMIN_ID)[-1]
    menu = markup_of(offline_bot.request.sent()[-1]) or {}
    assert [row[0]["text"] for row in menu["inline_keyboard"]] == [
        "Wrong speaker",
        "Wrong side",
        "Not a statement",
    ]
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:ps", digest_id)
    targets = buttons_of_last_edit(offline_bot)
    assert targets["Military strikes on Iran: against"] == f"fix:{statement_id}:ps:{strike}"
    assert "A nuclear deal with Iran: no side" in targets  # every target of its topics
    assert all(len(data.encode()) <= 64 for data in targets.values())
    await press(offline_bot, ADMIN_ID, targets["Military strikes on Iran: against"], digest_id)
    sides = buttons_of_last_edit(offline_bot)
    assert list(sides) == ["for", "✓ against", "no side"]

    before = len(offline_bot.request.sent("editMessageText"))
    await press(offline_bot, ADMIN_ID, sides["for"], digest_id)
    done, *redrawn = edits_since(offline_bot, before)
    assert "Side on military strikes on Iran set to <i>for</i>" in done
    assert any("for military strikes on Iran" in text for text in redrawn), redrawn
    view = await topic_view(services, "iran")
    assert view is not None
    row = next(r for r in view.statements if r.id == statement_id)
    assert [(p.target, p.side, p.corrected) for p in row.positions] == [(strike, "for", True)]
    # The fixed side counts in the totals: Peskov is now on both sides of the target.
    [target] = view.targets
    assert {(s.side, s.speakers) for s in target.sides} == {
        ("for", (("Dmitry Peskov", 1),)),
        ("against", (("Dmitry Peskov", 1),)),
    }
    [(_, kind, corrected)] = await services.db.corrections.corrections_for_article(1)
    assert (kind, corrected) == ("position", f"{strike}:for")
    original = await services.db.executor.fetchone("SELECT original FROM corrections")
    assert original is not None
    [extracted] = json.loads(original["original"])["positions"]
    assert (extracted["side"], extracted["corrected"]) == ("against", False)

    before = len(offline_bot.request.sent("editMessageText"))
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:ps:{strike}:none", digest_id)
    assert "set to <i>no side</i>" in edits_since(offline_bot, before)[0]
    fixed = await services.db.corrections.statement_to_fix(statement_id)
    assert fixed is not None and fixed.positions == ()
    [target] = (await topic_view(services, "iran")).targets  # type: ignore[union-attr]
    assert [(s.side, s.speakers) for s in target.sides] == [("against", (("Dmitry Peskov", 1),))]

    # A button from before the change to sides says so instead of doing anything.
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:st:positive", digest_id)
    assert "out of date" in last_edit(offline_bot)


async def test_speaker_fix_by_button_and_by_typed_name(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, _ = last_digest(offline_bot, ADMIN_ID)
    statement_id = await iran_statement(offline_bot)

    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:type", digest_id)
    prompt = offline_bot.request.texts(ADMIN_ID)[-1]
    assert prompt == PROMPT.format(id=statement_id)
    prompt_message = bot_message(ADMIN_ID, 99_999, prompt)
    await offline_bot.app.process_update(
        message(
            offline_bot.app.bot, ADMIN_ID, "Sergei <b>Lavrov</b>", reply_to_message=prompt_message
        )
    )
    assert (
        "Speaker corrected to <b>Sergei &lt;b&gt;Lavrov&lt;/b&gt;</b>"
        in (offline_bot.request.texts(ADMIN_ID)[-1])
    )
    view = await topic_view(offline_bot.services, "iran")
    assert view is not None
    assert (
        next(r for r in view.statements if r.id == statement_id).speaker == "Sergei <b>Lavrov</b>"
    )
    assert (await offline_bot.services.db.counts())["articles"] == 1  # not taken as an article
    # Who is on which side (running totals kept by triggers) follows the correction too.
    [target] = view.targets
    assert "Sergei <b>Lavrov</b>" in {name for s in target.sides for name, _ in s.speakers}

    # Back to a speaker of the article, by button.
    speakers = await offline_bot.services.db.speakers.article_speakers(
        (await offline_bot.services.db.corrections.statement_to_fix(statement_id)).article_id
    )
    peskov = next(sid for sid, name in speakers if name == "Dmitry Peskov")
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:sp", digest_id)
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:sp:{peskov}", digest_id)
    fixed = await offline_bot.services.db.corrections.statement_to_fix(statement_id)
    assert fixed is not None and fixed.speaker == "Dmitry Peskov"


async def test_not_a_statement_removes_it_from_views_and_keeps_the_original(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, _ = last_digest(offline_bot, ADMIN_ID)
    statement_id = await iran_statement(offline_bot)
    article_id = (
        await offline_bot.services.db.corrections.statement_to_fix(statement_id)
    ).article_id
    before = await topic_view(offline_bot.services, "iran")
    assert before is not None
    before_total = before.total
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:no", digest_id)
    view = await topic_view(offline_bot.services, "iran")
    assert view is not None and statement_id not in {r.id for r in view.statements}
    assert view.total == before_total - 1
    [(sid, kind, _)] = await offline_bot.services.db.corrections.corrections_for_article(article_id)
    assert (sid, kind) == (statement_id, "not_statement")
    # A second press on a stale button is answered, not crashed on.
    await press(offline_bot, ADMIN_ID, f"fix:{statement_id}:no", digest_id)
    answers = offline_bot.request.sent("answerCallbackQuery")
    assert "no longer on record" in answers[-1].get("text", "")


async def test_delete_by_its_sender_or_an_admin_only(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    tg = offline_bot.app.bot
    for member in (MEMBER_ID, OTHER_MEMBER_ID):
        await offline_bot.send(ADMIN_ID, f"/allow {member}")
    await offline_bot.app.process_update(bot_added(tg, MEMBER_ID))

    async def in_group(user_id: int, text: str, reply_to: dict[str, Any]) -> str:
        await offline_bot.app.process_update(
            message(
                tg, user_id, text, chat_id=GROUP_ID, kind="supergroup", reply_to_message=reply_to
            )
        )
        return offline_bot.request.texts(GROUP_ID)[-1]

    article = raw_message(MEMBER_ID, seed_text, chat_id=GROUP_ID, kind="supergroup")
    await in_group(MEMBER_ID, "/record", article)
    digest_id, _ = last_digest(offline_bot, GROUP_ID)
    digest = bot_message(GROUP_ID, digest_id)

    assert "Only the person who sent" in await in_group(OTHER_MEMBER_ID, "/delete", digest)
    assert (await offline_bot.services.db.counts())["articles"] == 1
    assert "Deleted the article" in await in_group(MEMBER_ID, "/delete", digest)
    counts = await offline_bot.services.db.counts()
    assert counts["articles"] == 0 and counts["statements"] == 0
    assert "Usage: reply /delete" in await in_group(MEMBER_ID, "/delete", digest)

    await in_group(OTHER_MEMBER_ID, "/record", article)
    digest = bot_message(GROUP_ID, last_digest(offline_bot, GROUP_ID)[0])
    assert "Deleted the article" in await in_group(ADMIN_ID, "/delete", digest)
    assert (await offline_bot.services.db.counts())["articles"] == 0


async def test_forget_me_removes_what_the_user_sent_except_what_an_admin_kept(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    await offline_bot.send(MEMBER_ID, seed_text)
    kept_digest, _ = last_digest(offline_bot, MEMBER_ID)
    second = (
        "The foreign minister said on Friday that the new sanctions on Iran would stay in "
        "place until the talks in Geneva produced a verifiable agreement on enrichment."
    )
    await offline_bot.send(MEMBER_ID, second)
    await offline_bot.send(MEMBER_ID, "/subscribe iran")
    await offline_bot.send(ADMIN_ID, seed_text)  # the admin's own copy is a duplicate: same row
    kept = await offline_bot.services.db.articles.article_for_digest(MEMBER_ID, kept_digest)
    assert kept is not None
    from services.corrections import keep_article

    assert await keep_article(offline_bot.services, kept, ADMIN_ID)

    await offline_bot.send(MEMBER_ID, "/forget_me yes")
    reply = offline_bot.request.texts(MEMBER_ID)[-1]
    assert "deleted 1 article" in reply and "1 subscription" in reply and "kept" in reply
    assert (await offline_bot.services.db.counts())["articles"] == 1
    assert await offline_bot.services.db.chats.subscriptions(MEMBER_ID) == []


async def test_keep_is_admin_only_and_replied_to_a_digest(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, _ = last_digest(offline_bot, ADMIN_ID)
    await reply_to_digest(offline_bot, ADMIN_ID, "/keep", digest_id)
    assert "Kept" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_export_sends_a_plain_csv_a_phone_opens(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    async with running_bot(tmp_path, extractor) as bot:
        await bot.send(ADMIN_ID, seed_text)
        await bot.send(ADMIN_ID, "/export")
        [sent] = bot.request.sent("sendDocument")
        assert "statements" in sent["caption"] and "opens in any spreadsheet app" in sent["caption"]
        files = bot.request.files  # type: ignore[attr-defined]
    [(name, data)] = [(n, c) for n, c in files if str(n).startswith("onrecord-")]
    assert name.endswith(".csv")
    # UTF-8 with the byte-order mark spreadsheet apps look for, so “quotes” are not garbled
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and {"statement_id", "speaker", "topics", "target", "side", "source"} <= set(
        rows[0]
    )
    assert any(
        (r["speaker"], r["target"], r["side"])
        == ("Dmitry Peskov", "iran.military_action", "against")
        and "iran" in r["topics"]
        for r in rows
    )
    assert any("“" in r["text"] for r in rows)


async def test_an_export_over_5_mb_is_sent_gzip_compressed(
    tmp_path: Path, extractor: Extractor, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import services.export

    monkeypatch.setattr(services.export, "PLAIN_CSV_LIMIT", 200)
    async with running_bot(tmp_path, extractor) as bot:
        await bot.send(ADMIN_ID, seed_text)
        await bot.send(ADMIN_ID, "/export")
        [sent] = bot.request.sent("sendDocument")
        assert "gzip-compressed" in sent["caption"]
        files = bot.request.files  # type: ignore[attr-defined]
    [(name, data)] = [(n, c) for n, c in files if str(n).startswith("onrecord-")]
    assert name.endswith(".csv.gz")
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8-sig"))))
    assert any(r["speaker"] == "Dmitry Peskov" for r in rows)


async def test_export_above_the_upload_limit_is_refused_with_a_message(
    offline_bot: OfflineBot, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import services.export

    monkeypatch.setattr(services.export, "TELEGRAM_UPLOAD_LIMIT", 100)
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/export")
    assert offline_bot.request.sent("sendDocument") == []
    assert "over Telegram's upload limit" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_a_handler_error_is_logged_with_the_update_id_only_and_the_bot_goes_on(
    offline_bot: OfflineBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = offline_bot.services.settings.token
    assert token
    secret_sentence = "The ambassador said the confidential memo was never sent to Brussels."

    def explode(text: str) -> None:
        raise RuntimeError(f"request to https://api.telegram.org/bot{token}/x failed")

    monkeypatch.setattr(offline_bot.services.extractor, "analyze", explode)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactTokenFilter(token))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        update = message(offline_bot.app.bot, ADMIN_ID, secret_sentence)
        await offline_bot.app.process_update(update)
    finally:
        root.removeHandler(handler)
    logged = stream.getvalue()
    assert f"update {update.update_id}" in logged
    assert "RuntimeError" in logged
    assert token not in logged and token.split(":")[1] not in logged
    assert "confidential memo" not in logged
    replies = offline_bot.request.texts(ADMIN_ID)
    assert "Something went wrong" in replies[-1] and len(replies[-1].splitlines()) == 1

    monkeypatch.undo()
    await offline_bot.send(ADMIN_ID, "/china")
    assert "Nothing on record yet" in offline_bot.request.texts(ADMIN_ID)[-1]


def test_export_rows_follow_the_documented_fields() -> None:
    from services.export import EXPORT_FIELDS

    assert {
        "speaker",
        "speaker_role",
        "topics",
        "target",
        "side",
        "confidence",
        "evidence",
        "corrected",
        "source",
        "source_url",
        "published_at",
        "received_at",
        "text",
        "display",
        "kind",
    } <= set(EXPORT_FIELDS)


async def test_deleting_one_report_keeps_a_quote_another_article_also_carried(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    await offline_bot.send(MEMBER_ID, seed_text)
    first = {r.id async for r in offline_bot.services.db.export.export_rows()}
    await offline_bot.send(ADMIN_ID, "From our Moscow desk, a second report.\n" + seed_text)
    assert (await offline_bot.services.db.counts())["articles"] == 2
    _, keyboard = last_digest(offline_bot, ADMIN_ID)
    assert keyboard is not None  # the repeated quotes still have their fix buttons

    await offline_bot.send(MEMBER_ID, "/forget_me yes")
    assert (await offline_bot.services.db.counts())["articles"] == 1
    left = [r async for r in offline_bot.services.db.export.export_rows()]
    assert {r.id for r in left} & first, "the shared quotes went with the first report"
    assert any("destabilize" in r.text for r in left)
    view = await topic_view(offline_bot.services, "iran")
    assert view is not None and view.total >= 1


async def test_the_same_article_again_shows_the_corrected_record(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, keyboard = last_digest(offline_bot, ADMIN_ID)
    assert keyboard is not None
    first, second = (
        int(b["callback_data"].split(":")[1]) for b in keyboard["inline_keyboard"][0][:2]
    )
    await press(offline_bot, ADMIN_ID, f"fix:{first}:type", digest_id)
    await offline_bot.app.process_update(
        message(
            offline_bot.app.bot,
            ADMIN_ID,
            "Maria Zakharova",
            reply_to_message=bot_message(ADMIN_ID, 99_998, PROMPT.format(id=first)),
        )
    )
    await press(offline_bot, ADMIN_ID, f"fix:{second}:no", digest_id)
    removed = (await offline_bot.services.db.corrections.corrections_for_article(1))[-1]
    assert removed[:2] == (second, "not_statement")

    await offline_bot.send(ADMIN_ID, seed_text)
    again = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "Already on record" in again
    line = next(x for x in again.splitlines() if x.startswith("1. "))
    assert "Maria Zakharova" in line, again
    _, keyboard = last_digest(offline_bot, ADMIN_ID)
    assert keyboard is not None
    shown = {int(b["callback_data"].split(":")[1]) for b in keyboard["inline_keyboard"][0]}
    assert first in shown and second not in shown


async def test_forged_or_stale_fix_buttons_get_an_answer_not_an_error(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest_id, _ = last_digest(offline_bot, ADMIN_ID)
    statement_id = await iran_statement(offline_bot)
    for data in (
        "fix:",
        "fix:abc",
        "fix:999999",
        f"fix:{statement_id}:sp:peskov",
        f"fix:{statement_id}:sp:999999",
        f"fix:{statement_id}:st:angry",
        f"fix:{statement_id}:zz",
    ):
        await press(offline_bot, ADMIN_ID, data, digest_id)
    assert not any("Something went wrong" in t for t in offline_bot.request.texts(ADMIN_ID))
    row = await offline_bot.services.db.corrections.statement_to_fix(statement_id)
    assert row is not None and row.speaker == "Dmitry Peskov"
