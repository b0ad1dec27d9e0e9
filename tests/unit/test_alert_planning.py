"""Alert planning as pure functions: who gets what, and when (quiet hours, mute, digests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.alerts import (
    FOREVER,
    BadArgument,
    find_story,
    in_quiet_hours,
    parse_clock,
    parse_duration,
    parse_quiet,
    parse_timezone,
    plan_article_alerts,
    quiet_end_after,
    route,
    similarity,
)
from services.digest import missed_digest, next_digest_at
from storage.alert_models import (
    AlertRecipient,
    ArticleAlertContext,
    ChatSettings,
    Said,
    StoryCandidate,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def context(recipients: list[AlertRecipient], sender: int | None = 1) -> ArticleAlertContext:
    return ArticleAlertContext(
        article_id=7,
        sender_chat_id=sender,
        story_id=7,
        statement_topics={10: ("iran",), 11: ("cuba",), 12: ("iran", "russia")},
        recipients=recipients,
    )


# -- who gets what ----------------------------------------------------------------------


def test_each_subscriber_gets_one_alert_with_its_topics_statements() -> None:
    alerts = plan_article_alerts(
        context([AlertRecipient(2, ("iran",), None), AlertRecipient(3, ("cuba", "russia"), None)])
    )
    assert [(a.chat_id, a.payload["statements"]) for a in alerts] == [(2, [10, 12]), (3, [11, 12])]
    assert all(a.kind == "article" and a.article_id == 7 for a in alerts)


def test_the_chat_that_sent_the_article_is_not_alerted_about_it() -> None:
    alerts = plan_article_alerts(context([AlertRecipient(1, ("iran",), None)], sender=1))
    assert alerts == []


def test_disabled_chats_and_chats_without_matching_statements_get_nothing() -> None:
    alerts = plan_article_alerts(
        context(
            [AlertRecipient(2, ("iran",), None, disabled=True), AlertRecipient(3, ("china",), None)]
        )
    )
    assert alerts == []


def test_another_report_of_a_story_edits_the_chats_first_alert() -> None:
    (alert,) = plan_article_alerts(context([AlertRecipient(2, ("iran",), 99)]))
    assert alert.edit_of == 99


# -- stories ----------------------------------------------------------------------------

PESKOV = (
    "Moscow is deeply concerned about the strikes on Iranian nuclear facilities, which could "
    "destabilize the whole region"
)


PESKOV_KEYS = ("dmitry peskov", "peskov")


def said(text: str, *keys: str) -> tuple[Said, ...]:
    return (Said(text, keys or PESKOV_KEYS),)


def test_a_rewrite_quoting_the_same_statements_is_the_same_story() -> None:
    rewrite = (
        "the strikes on Iranian nuclear facilities could destabilize the whole region, "
        "Moscow is deeply concerned"
    )
    assert similarity(PESKOV, rewrite) >= 85
    candidates = [
        StoryCandidate(
            3,
            3,
            "TASS",
            "Cuba talks",
            said("Havana welcomes the new trade agreement with Moscow today", "miguel diaz canel"),
        ),
        StoryCandidate(2, 1, "Reuters", "Kremlin on Iran", said(PESKOV)),
    ]
    story = find_story("Peskov on Iran", said(rewrite, "peskov"), candidates, 85)
    assert story is not None and story.story_id == 1


def test_the_same_words_from_another_speaker_are_another_story() -> None:
    """One story is the same speaker saying the same thing: two officials reading out the
    same line are two alerts, not one edited alert."""
    lavrov = said(PESKOV + ".", "sergei lavrov", "lavrov")
    earlier = [StoryCandidate(2, 1, "Reuters", "Kremlin on Iran", said(PESKOV))]
    assert similarity(PESKOV, PESKOV + ".") >= 85
    assert find_story("Kremlin on Iran", lavrov, earlier, 85) is None
    # an unnamed source is not a named speaker either, and two unnamed ones differ by name
    assert find_story("Iran", (Said(PESKOV, (), "a senior official"),), earlier, 85) is None
    official = [StoryCandidate(2, 1, "AP", "Iran", (Said(PESKOV, (), "A senior  official"),))]
    assert find_story("Iran", (Said(PESKOV, (), "a senior official"),), official, 85)
    assert find_story("Iran", (Said(PESKOV, (), "a diplomat"),), official, 85) is None


def test_a_shared_speaker_among_others_is_enough() -> None:
    both = (Said("Washington will not accept any new settlements there", ("marco rubio",)),)
    earlier = [StoryCandidate(2, 1, "Reuters", "Iran", both + said(PESKOV))]
    assert find_story("Iran", said(PESKOV, "peskov"), earlier, 85) is not None


def test_different_stories_and_short_texts_do_not_match() -> None:
    assert (
        similarity(PESKOV, "Havana welcomes the new trade agreement signed with Moscow on Monday")
        < 85
    )
    assert similarity("Iran", "Iran") == 0.0
    assert find_story("Kremlin", said(PESKOV), [], 85) is None


# -- quiet hours, mute, digest mode -----------------------------------------------------


@pytest.mark.parametrize(
    ("minute", "start", "end", "quiet"),
    [
        (23 * 60, 23 * 60, 7 * 60, True),  # across midnight: the start is inside
        (2 * 60, 23 * 60, 7 * 60, True),
        (7 * 60, 23 * 60, 7 * 60, False),  # the end is outside
        (12 * 60, 23 * 60, 7 * 60, False),
        (13 * 60, 12 * 60, 14 * 60, True),  # same day
        (14 * 60, 12 * 60, 14 * 60, False),
        (3 * 60, None, None, False),
    ],
)
def test_quiet_hours_may_run_across_midnight(
    minute: int, start: int | None, end: int | None, quiet: bool
) -> None:
    assert in_quiet_hours(minute, start, end) is quiet


def test_quiet_hours_are_in_the_chats_time_zone() -> None:
    berlin = ChatSettings(1, timezone="Europe/Berlin", quiet_start=23 * 60, quiet_end=7 * 60)
    at_2330_berlin = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # CET = UTC+1
    decision = route("article", berlin, at_2330_berlin)
    assert decision.action == "hold"
    assert decision.until == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 07:00 Berlin
    assert route("article", berlin, datetime(2026, 11, 25, 21, 30, tzinfo=UTC)).action == "send"
    utc = ChatSettings(1, quiet_start=23 * 60, quiet_end=7 * 60)
    assert route("article", utc, at_2330_berlin).action == "send"  # 22:30 UTC


def test_quiet_end_after_midnight_is_the_same_night() -> None:
    settings = ChatSettings(1, timezone="America/New_York", quiet_start=22 * 60, quiet_end=6 * 60)
    at_1am = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 01:00 EST
    assert quiet_end_after(settings, at_1am) == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def test_quiet_end_across_a_dst_change_uses_the_new_offset() -> None:
    settings = ChatSettings(1, timezone="Europe/Berlin", quiet_start=23 * 60, quiet_end=7 * 60)
    night_before_dst_ends = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # 00:00 CEST, 25 Oct
    assert quiet_end_after(settings, night_before_dst_ends) == datetime(
        2026, 10, 25, 6, 0, tzinfo=UTC
    )  # 07:00 CET


def test_a_mute_holds_alerts_until_it_ends() -> None:
    muted = ChatSettings(1, muted_until=NOW + timedelta(hours=2))
    held = route("article", muted, NOW)
    assert (held.action, held.until, held.reason) == ("hold", NOW + timedelta(hours=2), "muted")
    assert route("article", muted, NOW + timedelta(hours=2)).action == "send"
    forever = ChatSettings(1, muted_until=FOREVER)
    later = route("position_change", forever, NOW + timedelta(days=3000))
    assert (later.action, later.until) == ("hold", FOREVER)


def test_a_mute_skips_a_digest_and_digest_mode_still_folds_alerts_in() -> None:
    muted = ChatSettings(1, muted_until=FOREVER, digest_at=8 * 60)
    assert route("digest", muted, NOW).action == "skip"
    assert route("article", muted, NOW).reason == "in the daily digest"


def test_edits_go_out_even_when_muted_or_quiet() -> None:
    quiet = ChatSettings(1, quiet_start=0, quiet_end=23 * 60 + 59, muted_until=FOREVER)
    assert route("article", quiet, NOW, is_edit=True).action == "send"


def test_digest_mode_folds_instant_alerts_into_the_digest() -> None:
    digest = ChatSettings(1, digest_at=8 * 60, quiet_start=0, quiet_end=23 * 60 + 59)
    assert route("article", digest, NOW).reason == "in the daily digest"
    assert route("digest", digest, NOW).action == "send"  # even in quiet hours: its own time
    assert route("article", ChatSettings(1, disabled_at=NOW), NOW).action == "skip"


def test_next_digest_is_the_local_time_then_every_period() -> None:
    berlin = ChatSettings(1, timezone="Europe/Berlin", digest_at=8 * 60)
    day = 86400
    assert next_digest_at(berlin, NOW, day) == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    early = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
    assert next_digest_at(berlin, early, day) == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert next_digest_at(berlin, NOW, 60) == datetime(2026, 11, 25, 12, 1, tzinfo=UTC)
    assert next_digest_at(berlin, early, 60) == datetime(2026, 11, 25, 5, 1, tzinfo=UTC)


def test_a_daily_digest_keeps_the_wall_clock_time_when_dst_ends() -> None:
    # Berlin leaves CEST (UTC+2) for CET (UTC+1) on 25 October 2026: 08:00 moves an hour
    # later in UTC, where 24 hours on from Saturday's would be 07:00 on the wall.
    berlin = ChatSettings(1, timezone="Europe/Berlin", digest_at=8 * 60)
    saturday = datetime(2026, 10, 24, 6, 0, tzinfo=UTC)  # 08:00 CEST, the digest's moment
    assert next_digest_at(berlin, saturday, 86400) == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)


def test_a_digest_time_passed_while_down_is_caught_up() -> None:
    settings = ChatSettings(1, digest_at=8 * 60, digest_ran_at=NOW - timedelta(days=1, hours=5))
    assert missed_digest(settings, NOW, 86400)  # ran yesterday 07:00, today's 08:00 missed
    ran_today = ChatSettings(1, digest_at=8 * 60, digest_ran_at=NOW.replace(hour=8))
    assert not missed_digest(ran_today, NOW, 86400)


# -- arguments --------------------------------------------------------------------------


def test_durations_clock_times_quiet_ranges_and_time_zones_parse() -> None:
    assert parse_duration("2h") == timedelta(hours=2)
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_clock("7") == 420 and parse_clock("23:05") == 1385
    assert parse_quiet("23-7") == (1380, 420)
    assert parse_quiet("22:30-06:45") == (1350, 405)
    assert parse_timezone("Europe/Berlin") == "Europe/Berlin"


@pytest.mark.parametrize("text", ["", "2", "h", "2x", "-1h", "0m", "2h foo", "9999d"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(BadArgument):
        parse_duration(text)


@pytest.mark.parametrize("text", ["24", "7:60", "7-7", "23", "a-b", "1-2-3"])
def test_bad_quiet_hours_are_refused(text: str) -> None:
    with pytest.raises(BadArgument):
        parse_quiet(text)


@pytest.mark.parametrize("text", ["Mars/Olympus", "../etc/passwd", "/etc/localtime", ""])
def test_unknown_time_zones_are_refused(text: str) -> None:
    with pytest.raises(BadArgument):
        parse_timezone(text)


def test_a_chat_following_the_speaker_and_the_topic_gets_one_alert() -> None:
    followed = ArticleAlertContext(
        article_id=7,
        sender_chat_id=1,
        story_id=7,
        statement_topics={10: ("iran",), 11: ("cuba",)},
        recipients=[AlertRecipient(2, ("iran",), None, speakers=(5,))],
        speakers={10: "Dmitry Peskov", 11: "Dmitry Peskov", 13: "Dmitry Peskov"},
        speaker_ids={10: 5, 11: 5, 13: 5},
    )
    (alert,) = plan_article_alerts(followed)
    assert alert.chat_id == 2 and alert.topics == ("iran",)
    assert alert.payload == {"statements": [10, 11, 13], "followed": ["Dmitry Peskov"]}
