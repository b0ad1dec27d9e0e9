"""Alerts on real SQLite and the sender against the offline request: written with the article,
delivered once, retried, held, grouped, disabled — never lost."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import ExtBot

from bot.sender import AlertSender
from services import Services
from services.alert_settings import set_daily_digest, unmute
from services.alerts import FOREVER
from services.ingest import ArticleSource, ingest_article
from services.subscriptions import subscribe
from storage import NewArticle, NewStatement
from storage.alert_models import ArticleAlertContext, NewAlert
from storage.models import StatementPosition
from tests.alert_articles import CUBA, IRAN, IRAN_OTHER_STORY, IRAN_REWRITE
from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.offline import RecordingRequest

SENDER_CHAT = ADMIN_ID
LAMMY = (
    "LONDON — British Foreign Secretary David Lammy said on Monday that Iran must return to "
    "negotiations over its nuclear programme. “Diplomacy is the only way forward with Iran, "
    "and we urge Tehran to engage,” Lammy told parliament."
)
READER, OTHER = 2002, 2003


class Clock:
    """The sender's clock: real time (rows are stamped with it) plus what the test adds."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    @property
    def now(self) -> datetime:
        return self()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sender(
    telegram: tuple[ExtBot[None], RecordingRequest], services: Services, clock: Clock
) -> AlertSender:
    return AlertSender(telegram[0], services, clock)


@pytest.fixture
def request_(telegram: tuple[ExtBot[None], RecordingRequest]) -> RecordingRequest:
    return telegram[1]


async def ingest(services: Services, text: str, source: str = "Reuters") -> int:
    result = await ingest_article(services, text, ArticleSource(name=source, chat_id=SENDER_CHAT))
    return result.stored.id


async def drain(sender: AlertSender, steps: int = 5) -> None:
    for _ in range(steps):
        if not await sender.step():
            return


# -- written with the article -----------------------------------------------------------


async def test_a_subscriber_gets_one_alert_row_and_the_sender_none(services: Services) -> None:
    for chat in (SENDER_CHAT, READER):
        await subscribe(services, chat, "iran")
    article_id = await ingest(services, IRAN)
    rows = await services.db.alerts.alerts()
    assert [(r.chat_id, r.kind, r.article_id, r.status) for r in rows] == [
        (READER, "article", article_id, "pending")
    ]
    assert len(rows[0].payload["statements"]) == 3


async def test_a_cuba_article_alerts_nobody_subscribed_only_to_iran(services: Services) -> None:
    await subscribe(services, READER, "iran")
    await subscribe(services, OTHER, "cuba")
    await ingest(services, CUBA)
    assert [r.chat_id for r in await services.db.alerts.alerts()] == [OTHER]


async def test_the_same_text_again_alerts_nobody_again(services: Services) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN)
    await ingest(services, IRAN)
    assert len(await services.db.alerts.alerts()) == 1


async def test_a_failure_while_writing_alerts_leaves_neither_article_nor_alerts(
    services: Services,
) -> None:
    await subscribe(services, READER, "iran")
    statement = NewStatement(
        speaker=None,
        speaker_text=None,
        kind="direct",
        text="We will respond to any strike on Iran",
        span=(0, 10),
        cue="said",
        score=1.0,
        topics=("iran",),
        positions=(StatementPosition("iran.military_action", "against", 0.9, "respond to"),),
    )
    article = NewArticle("f" * 64, "text", "gist", "Reuters", None, None, None, "2026-01-01")

    def broken_plan(context: ArticleAlertContext) -> list[NewAlert]:
        good = NewAlert(READER, "article", context.article_id, ("iran",), {"statements": []})
        return [good, NewAlert(OTHER, "not-a-kind")]  # fails after the first row is written

    with pytest.raises(ValueError, match="unknown alert kind"):
        async with services.db.articles.storing(article, [statement]) as draft:
            await draft.enqueue(broken_plan(await draft.alert_context()), datetime.now(UTC))
    counts = await services.db.counts()
    assert counts["articles"] == 0 and counts["statements"] == 0
    assert await services.db.alerts.outbox_counts() == {}


# -- delivery ---------------------------------------------------------------------------


async def test_sent_only_after_telegram_accepted_with_its_message_id(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN)
    await drain(sender)
    (row,) = await services.db.alerts.alerts()
    (sent,) = request_.sent()
    assert row.status == "sent" and row.message_id == sent["_message_id"]
    assert int(sent["chat_id"]) == READER and sent["parse_mode"] == "HTML"
    assert "Dmitry Peskov" in sent["text"] and "destabilize" in sent["text"]
    assert "/iran" in sent["text"]


async def test_an_alert_is_headed_by_the_story_not_a_channel_banner_or_dateline(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(
        services,
        "🔴⚡️ BREAKING | IRAN 🇮🇷\n\nMOSCOW, March 3 (Wire) - " + IRAN.removeprefix("MOSCOW — "),
    )
    await drain(sender)
    (sent,) = request_.sent()
    text = str(sent["text"])
    assert "BREAKING" not in text and "MOSCOW" not in text and "(Wire)" not in text, text
    headline = next(line for line in text.split("\n") if line.startswith("📰"))
    assert headline.startswith("📰 <b>Kremlin spokesman Dmitry Peskov said"), text


async def test_an_alerts_statements_are_cut_to_a_few_lines_each_with_its_show_command(
    services: Services, sender: AlertSender, request_: RecordingRequest, seed_text: str
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, seed_text)
    await drain(sender)
    (sent,) = request_.sent()
    bullets = [line for line in str(sent["text"]).split("\n") if line.startswith("• ")]
    assert bullets and all(re.search(r"” /show_\d+$", line) for line in bullets), bullets
    quotes = [line[line.index("“") : line.rindex("”") + 1] for line in bullets]
    assert max(len(q) for q in quotes) <= 142 and any(q.endswith("…”") for q in quotes), quotes


async def test_retry_after_waits_for_that_chat_and_drops_nothing(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    for chat in (READER, OTHER):
        await subscribe(services, chat, "iran")
    request_.fail(READER, 429, retry_after=30)
    await ingest(services, IRAN)
    await drain(sender)
    assert [int(p["chat_id"]) for p in request_.sent()] == [OTHER]
    waiting = (await services.db.alerts.alerts(READER))[0]
    assert waiting.status == "pending" and waiting.due_at >= clock.now + timedelta(seconds=29)
    clock.advance(seconds=31)
    await drain(sender)
    assert sorted(int(p["chat_id"]) for p in request_.sent()) == [READER, OTHER]
    assert await services.db.alerts.outbox_counts() == {"sent": 2}


async def test_a_global_flood_wait_pauses_the_whole_sender(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    for chat in (READER, OTHER, 2004):
        await subscribe(services, chat, "iran")
    request_.fail(None, 429, count=2, retry_after=10)
    await ingest(services, IRAN)
    await sender.step()
    assert request_.sent() == []
    assert [c.error for c in request_.calls if c.method == "sendMessage"] == [429, 429]
    assert not await sender.step()  # paused: the third chat waits too
    clock.advance(seconds=11)
    await drain(sender)
    assert await services.db.alerts.outbox_counts() == {"sent": 3}


async def test_forbidden_disables_the_chat_until_it_subscribes_again(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    for chat in (READER, OTHER):
        await subscribe(services, chat, "iran")
    request_.fail(READER, 403)
    await ingest(services, IRAN)
    await drain(sender)
    settings = await services.db.chats.chat_settings(READER)
    assert settings.disabled_at is not None and "blocked" in (settings.disabled_reason or "")
    assert (await services.db.alerts.alerts(READER))[0].status == "failed"
    await ingest(services, CUBA.replace("Cuba", "Iran"))
    assert len(await services.db.alerts.alerts(READER)) == 1  # nothing new for a disabled chat
    await subscribe(services, READER, "iran")
    assert (await services.db.chats.chat_settings(READER)).disabled_at is None
    assert await services.db.chats.subscriptions(READER) == ["iran"]


async def test_a_bad_request_is_recorded_and_the_queue_goes_on(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    for chat in (READER, OTHER):
        await subscribe(services, chat, "iran")
    request_.fail(READER, 400)
    await ingest(services, IRAN)
    await drain(sender)
    failed, sent = await services.db.alerts.alerts(READER), await services.db.alerts.alerts(OTHER)
    assert failed[0].status == "failed" and "BadRequest" in (failed[0].error or "")
    assert sent[0].status == "sent"


async def test_network_errors_are_retried_with_backoff(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    request_.fail(READER, 502, description="Bad Gateway")
    await ingest(services, IRAN)
    await drain(sender)
    (row,) = await services.db.alerts.alerts()
    assert row.status == "pending" and row.attempts == 1 and "Bad Gateway" in (row.error or "")
    clock.advance(seconds=2)
    await drain(sender)
    assert (await services.db.alerts.alerts())[0].status == "sent"


# -- grouping ---------------------------------------------------------------------------


async def test_another_source_edits_the_first_alert_instead_of_a_new_message(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN, source="Reuters")
    await drain(sender)
    await ingest(services, IRAN_REWRITE, source="TASS")
    await drain(sender)
    assert len(request_.sent()) == 1
    (edit,) = request_.sent("editMessageText")
    assert int(edit["message_id"]) == request_.sent()[0]["_message_id"]
    (text,) = request_.texts(READER)
    assert "Also reported by" in text and "TASS" in text


async def test_a_report_arriving_before_the_first_alert_went_out_is_folded_into_it(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN, source="Reuters")
    await ingest(services, IRAN_REWRITE, source="TASS")
    await drain(sender)
    assert request_.sent("editMessageText") == []
    (sent,) = request_.sent()
    assert "TASS" in sent["text"]
    assert await services.db.alerts.outbox_counts() == {"sent": 1, "merged": 1}


# -- quiet hours, mute, digests ---------------------------------------------------------


async def test_quiet_hours_hold_alerts_and_release_one_summary(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await subscribe(services, READER, "cuba")
    tomorrow = (clock.now + timedelta(days=1)).date()
    clock.set(datetime.combine(tomorrow, datetime.min.time(), UTC) + timedelta(hours=23.5))
    await services.db.chats.set_timezone(READER, "Europe/Berlin")
    await services.db.chats.set_quiet_hours(READER, 23 * 60, 7 * 60)
    await ingest(services, IRAN)
    await ingest(services, CUBA)
    await drain(sender)
    assert request_.sent() == []
    assert await services.db.alerts.outbox_counts() == {"held": 2}
    clock.advance(hours=6, minutes=59)  # 06:29 UTC = 07:29 in Berlin
    await drain(sender)
    (summary,) = request_.sent()
    assert "quiet hours" in summary["text"] and "2 alerts" in summary["text"]
    assert "Peskov" in summary["text"] and "Rodriguez" in summary["text"]
    assert await services.db.alerts.outbox_counts() == {"merged": 2, "sent": 1}


async def test_switching_quiet_hours_off_releases_what_they_held(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await subscribe(services, READER, "cuba")
    await services.db.chats.set_quiet_hours(READER, 0, 23 * 60 + 59)  # quiet all day
    clock.set(datetime.combine(clock.now.date() + timedelta(days=1), datetime.min.time(), UTC))
    clock.advance(hours=12)
    await ingest(services, IRAN)
    await ingest(services, CUBA)
    await drain(sender)
    assert await services.db.alerts.outbox_counts() == {"held": 2}
    await services.db.chats.set_quiet_hours(READER, None, None)
    assert await services.db.delivery.release_held_now(READER, clock.now) == 2
    await drain(sender)
    (summary,) = request_.sent()
    assert "2 alerts" in summary["text"]


async def test_chats_refused_again_wait_alone_without_pausing_the_sender(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    for chat in (READER, OTHER, 2004):
        await subscribe(services, chat, "iran")
    request_.fail(READER, 429, count=2, retry_after=1)
    request_.fail(2004, 429, count=2, retry_after=1)
    await ingest(services, IRAN)
    await drain(sender)  # READER refused, OTHER served, 2004 refused: two separate waits
    assert [int(p["chat_id"]) for p in request_.sent()] == [OTHER]
    clock.advance(seconds=1.5)
    await sender.step()  # both refused again, one after the other: still their own waits
    assert [c.error for c in request_.calls if c.method == "sendMessage"][-2:] == [429, 429]
    assert sender.floods.paused_until is None
    clock.advance(seconds=1.5)
    await drain(sender)
    assert await services.db.alerts.outbox_counts() == {"sent": 3}


async def test_a_mute_holds_alerts_and_its_end_brings_one_summary(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await subscribe(services, READER, "cuba")
    await services.db.chats.set_muted_until(READER, clock.now + timedelta(hours=2))
    await ingest(services, IRAN)
    await ingest(services, CUBA)
    await drain(sender)
    assert request_.sent() == []
    assert [(r.status, r.error) for r in await services.db.alerts.alerts(READER)] == [
        ("held", "muted"),
        ("held", "muted"),
    ]
    clock.advance(hours=2, seconds=1)
    await drain(sender)
    (summary,) = request_.sent()
    lines = summary["text"].split("\n")
    assert lines[0] == "🔕 <b>While alerts were muted</b> — 2 alerts"
    assert lines[1] == "🇮🇷 Iran: 1 · 🇨🇺 Cuba: 1"
    assert "Peskov" in summary["text"] and "Rodriguez" in summary["text"]
    assert lines[-1] == "/cuba /iran"
    assert await services.db.alerts.outbox_counts() == {"merged": 2, "sent": 1}


async def test_unmute_releases_what_the_mute_held_as_one_summary(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await subscribe(services, READER, "cuba")
    await services.db.chats.set_muted_until(READER, FOREVER)
    await ingest(services, IRAN)
    await ingest(services, CUBA)
    await ingest(services, IRAN_OTHER_STORY)
    await drain(sender)
    assert request_.sent() == []
    assert await unmute(services, READER, clock.now) == (True, 3)
    await drain(sender)
    (summary,) = request_.sent()
    assert summary["text"].startswith("🔕 <b>While alerts were muted</b> — 3 alerts\n")
    assert "🇮🇷 Iran: 2 · 🇨🇺 Cuba: 1" in summary["text"]
    assert "Grossi" in summary["text"]
    await ingest(services, LAMMY)
    await drain(sender)
    assert len(request_.sent()) == 2  # unmuted: the next alert comes as it arrives
    assert request_.sent()[-1]["text"].startswith("🔔 New on 🇮🇷 Iran")
    assert "Lammy" in request_.sent()[-1]["text"]


async def test_a_daily_digest_is_written_only_when_something_is_new(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, CUBA)  # before the digest was switched on: not in it
    await services.db.chats.set_digest(READER, 8 * 60, clock.now)
    assert await services.db.chats.plan_daily_digest(READER, clock.now) is None
    await ingest(services, IRAN)
    await drain(sender)
    assert request_.sent() == []  # digest mode: no instant alert
    assert await services.db.chats.plan_daily_digest(READER, clock.now) is not None
    await drain(sender)
    (digest,) = request_.sent()
    assert "daily digest" in digest["text"] and "Peskov" in digest["text"]
    assert "Rodriguez" not in digest["text"]
    assert await services.db.chats.plan_daily_digest(READER, clock.now) is None


async def test_the_sender_delivers_a_daily_digest_at_its_time_once(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    """No timer in the bot: the sender's own steps plan the digest when it is due."""
    await subscribe(services, READER, "iran")
    settings = await set_daily_digest(services, READER, 8 * 60, clock.now)
    assert settings.digest_next_due is not None
    await ingest(services, IRAN)
    clock.set(settings.digest_next_due - timedelta(seconds=1))
    await drain(sender)
    assert request_.sent() == []  # not yet due, and no instant alert in digest mode
    clock.set(settings.digest_next_due)
    await drain(sender)
    (digest,) = request_.sent()
    assert "daily digest" in digest["text"] and "Peskov" in digest["text"]
    clock.advance(hours=1)
    await drain(sender)
    assert len(request_.sent()) == 1  # planned once
    later = (await services.db.chats.chat_settings(READER)).digest_next_due
    assert later == settings.digest_next_due + timedelta(days=1)


async def test_the_daily_digest_leaves_out_what_was_already_alerted(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await services.db.chats.set_digest(READER, 8 * 60, clock.now)
    await services.db.chats.set_digest(READER, None, clock.now)  # instant alerts for a while
    await ingest(services, IRAN)
    await drain(sender)
    (alert,) = request_.sent()
    assert "Peskov" in alert["text"]
    await services.db.chats.set_digest(READER, 8 * 60, clock.now)  # and the digest again
    await ingest(services, IRAN_OTHER_STORY)
    await drain(sender)
    assert len(request_.sent()) == 1  # digest mode: Grossi waits for the digest
    assert await services.db.chats.plan_daily_digest(READER, clock.now) is not None
    await drain(sender)
    digest = request_.sent()[-1]["text"]
    assert "daily digest" in digest and "Grossi" in digest
    assert "Peskov" not in digest and "3 statements" in digest  # the alert had him already


async def test_a_position_change_is_one_storage_call_and_its_own_alert(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    for chat in (READER, OTHER):
        await subscribe(services, chat, "iran")
    written = await services.db.alerts.enqueue_topic_alert(
        "iran",
        {
            "speaker": "Dmitry Peskov",
            "target": "iran.nuclear_deal",
            "previous": "against",
            "current": "for",
            "statement": "We welcome the talks",
        },
        datetime.now(UTC),
        exclude_chat=OTHER,
    )
    assert written == 1
    await drain(sender)
    (sent,) = request_.sent()
    assert sent["text"].startswith(
        "🔄 <b>Dmitry Peskov</b> changed line on a nuclear deal with Iran: against → <b>for</b>"
    )
    assert "We welcome the talks" in sent["text"] and "supports" not in sent["text"]


# -- commands ---------------------------------------------------------------------------


async def test_alert_commands_answer_bad_arguments_with_a_usage_line(
    offline_bot: OfflineBot,
) -> None:
    for command in ("/mute soon", "/quiet 25-7", "/timezone Mars/Olympus", "/digest weekly"):
        await offline_bot.send(ADMIN_ID, command)
        assert "Usage: /" + command.split()[0][1:] in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_alert_commands_store_the_chats_settings(offline_bot: OfflineBot) -> None:
    db = offline_bot.services.db
    await offline_bot.send(ADMIN_ID, "/timezone Europe/Berlin")
    await offline_bot.send(ADMIN_ID, "/quiet 23-7")
    await offline_bot.send(ADMIN_ID, "/mute 2h")
    settings = await db.chats.chat_settings(ADMIN_ID)
    assert settings.timezone == "Europe/Berlin"
    assert (settings.quiet_start, settings.quiet_end) == (23 * 60, 7 * 60)
    assert settings.muted_until is not None
    await offline_bot.send(ADMIN_ID, "/unmute")
    await offline_bot.send(ADMIN_ID, "/digest daily 08:00")
    settings = await db.chats.chat_settings(ADMIN_ID)
    assert settings.muted_until is None and settings.digest_at == 8 * 60
    # The next digest is due at 08:00 in Berlin, in the record, where any sender plans it.
    due = settings.digest_next_due
    assert due is not None and due.astimezone(ZoneInfo("Europe/Berlin")).hour == 8
    await offline_bot.send(ADMIN_ID, "/timezone America/New_York")
    due = (await db.chats.chat_settings(ADMIN_ID)).digest_next_due
    assert due is not None and due.astimezone(ZoneInfo("America/New_York")).hour == 8
    await offline_bot.send(ADMIN_ID, "/digest off")
    settings = await db.chats.chat_settings(ADMIN_ID)
    assert settings.digest_at is None and settings.digest_next_due is None


async def test_digest_topic_shows_whats_new_since_the_last_one(offline_bot: OfflineBot) -> None:
    services = offline_bot.services
    await ingest(services, IRAN)
    await offline_bot.send(ADMIN_ID, "/digest iran")
    first = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "Digest" in first and "Peskov" in first
    await offline_bot.send(ADMIN_ID, "/digest iran")
    assert "Nothing new on /iran" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_a_report_stored_while_the_first_alert_is_on_its_way_still_edits_it(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    """The first alert's text was built before the second report existed, though it was
    marked sent after: the second source must still reach the chat, as an edit."""
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN, source="Reuters")
    send = request_.do_request
    during: list[int] = []

    async def second_report_arrives_mid_send(url: str, method: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if url.endswith("/sendMessage") and not during:
            during.append(await ingest(services, IRAN_REWRITE, source="TASS"))
        return await send(url, method, *args, **kwargs)

    request_.do_request = second_report_arrives_mid_send  # type: ignore[method-assign]
    await drain(sender)
    assert during, "the second report was not stored during the send"
    (first,) = request_.sent()
    assert "TASS" not in first["text"]
    (edit,) = request_.sent("editMessageText")
    assert int(edit["message_id"]) == first["_message_id"] and "TASS" in edit["text"]
    assert await services.db.alerts.outbox_counts() == {"sent": 2}


async def test_a_report_the_first_alert_listed_is_merged_into_that_alert(
    services: Services, sender: AlertSender, request_: RecordingRequest
) -> None:
    await subscribe(services, READER, "iran")
    await ingest(services, IRAN, source="Reuters")
    await ingest(services, IRAN_REWRITE, source="TASS")
    await drain(sender)
    first, second = await services.db.alerts.alerts(READER)
    assert (first.status, second.status) == ("sent", "merged")
    assert second.merged_into == first.id and second.error is None
    assert "TASS" in request_.sent()[0]["text"]


async def test_a_report_waits_while_the_alert_it_edits_is_held_and_goes_out_in_it(
    services: Services, sender: AlertSender, request_: RecordingRequest, clock: Clock
) -> None:
    await subscribe(services, READER, "iran")
    await services.db.chats.set_quiet_hours(READER, 0, 24 * 60 - 1)  # quiet all day
    await ingest(services, IRAN, source="Reuters")
    await drain(sender)
    await services.db.chats.set_quiet_hours(READER, None, None)
    first_id = (await services.db.alerts.alerts(READER))[0].id
    await ingest(services, IRAN_REWRITE, source="TASS")
    await drain(sender)  # the report waits: the alert it would edit is not out yet
    assert request_.sent() == [] and request_.sent("editMessageText") == []
    await services.db.delivery.release_held_now(READER, clock.now)
    clock.advance(seconds=5)
    await drain(sender)
    (sent,) = request_.sent()
    assert "TASS" in sent["text"] and request_.sent("editMessageText") == []
    clock.advance(seconds=5)
    await drain(sender)
    assert request_.sent("editMessageText") == []
    statuses = [(r.id == first_id, r.status) for r in await services.db.alerts.alerts(READER)]
    assert statuses == [(True, "sent"), (False, "merged")]
