"""Access end to end: the real bot process against the fake Bot API — a stranger in private
and in groups, an invite redeemed, a group added by a member."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.e2e.harness import ADMIN_ID, STRANGER_ID, BotProcess, FakeTelegram, bot_env
from tests.traces import traces_of

TIMEOUT = 30
STRANGERS_GROUP = -4001
TEAM_GROUP = -4002


def bot_added(fake: FakeTelegram, by_user: int, chat_id: int) -> None:
    fake.inject(
        {
            "my_chat_member": {
                "chat": {"id": chat_id, "type": "group", "title": f"Group {chat_id}"},
                "from": {"id": by_user, "is_bot": False, "first_name": f"User{by_user}"},
                "old_chat_member": {
                    "user": {"id": 123456, "is_bot": True, "first_name": "OnRecord"},
                    "status": "left",
                },
                "new_chat_member": {
                    "user": {"id": 123456, "is_bot": True, "first_name": "OnRecord"},
                    "status": "member",
                },
            }
        }
    )


def last_text(
    fake: FakeTelegram, bot: BotProcess, chat_id: int, match: Callable[[str], bool]
) -> str:
    reply = bot.wait_for_sent(chat_id, lambda r: match(r["text"] or ""), TIMEOUT)
    return str(reply["text"])


def test_stranger_group_invite_and_team_group(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()

    # A stranger adds the bot to their group: it leaves.
    bot_added(fake, STRANGER_ID, STRANGERS_GROUP)
    fake.wait_until(
        lambda: any(
            int(c["params"]["chat_id"]) == STRANGERS_GROUP for c in fake.calls("leaveChat")
        ),
        TIMEOUT,
        "the bot leaving the stranger's group",
    )

    # In private, the stranger gets the refusal with their id, and no data.
    fake.send_text(STRANGER_ID, "/iran")
    refusal = last_text(fake, bot, STRANGER_ID, lambda t: "private bot" in t)
    assert str(STRANGER_ID) in refusal

    # The admin makes an invite; the stranger opens it and becomes a member.
    fake.send_text(ADMIN_ID, "/invite")
    invite = last_text(fake, bot, ADMIN_ID, lambda t: "t.me/" in t)
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", invite)
    assert match, invite
    fake.send_text(STRANGER_ID, f"/start {match.group(1)}")
    last_text(fake, bot, STRANGER_ID, lambda t: "Welcome" in t)
    fake.send_text(STRANGER_ID, "/china")
    last_text(fake, bot, STRANGER_ID, lambda t: "Nothing on record yet" in t)

    # Now a member, they add the bot to the team's group, where commands work.
    bot_added(fake, STRANGER_ID, TEAM_GROUP)
    fake.send_text(STRANGER_ID, "/china", chat_id=TEAM_GROUP)
    last_text(fake, bot, TEAM_GROUP, lambda t: "Nothing on record yet" in t)
    assert not any(int(c["params"]["chat_id"]) == TEAM_GROUP for c in fake.calls("leaveChat"))


def test_an_old_bot_refuses_a_newer_database_and_exits_with_one_clear_line(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "onrecord.sqlite3"
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    bot = BotProcess(fake, tmp_path, bot_env(fake, database, (ADMIN_ID,))).start(wait=False)
    assert bot.process is not None
    assert bot.process.wait(timeout=120) == 2
    log = bot.log()
    assert "error: the database is at schema version 999" in log
    assert "upgrade OnRecord" in log and "Traceback" not in log
    assert not fake.calls("getUpdates")  # it never started answering anyone


def test_a_refusal_telegram_rejects_still_stops_the_strangers_update(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], seeded_database: Path
) -> None:
    """Fail closed through the real HTTP stack: each kind of failed refusal (the message was
    deleted, the bot was blocked, a flood wait beyond the retries, a bad gateway) and the
    stranger still sees nothing, changes nothing and leaves no trace of what they wrote."""
    database = Path(str(seeded_database) + ".copy")
    database.write_bytes(seeded_database.read_bytes())
    bot = bot_process(env={"DATABASE_PATH": str(database)})
    bot_added(fake, ADMIN_ID, TEAM_GROUP)
    fake.send_text(ADMIN_ID, "/subscribe iran", chat_id=TEAM_GROUP)
    bot.wait_for_sent(TEAM_GROUP, lambda r: "/iran" in (r["text"] or ""), TIMEOUT)
    failures = {
        400: "Bad Request: message to be replied not found",
        403: "Forbidden: bot was blocked by the user",
        429: None,
        502: None,
    }
    for code, description in failures.items():
        fake.fail_next(None, 20, code, retry_after=1, description=description, enforce=False)
        since = fake.last_call_seq()
        fake.send_text(STRANGER_ID, "/iran")
        fake.send_text(STRANGER_ID, "/who Peskov")
        marker = f"qzv{code}strangertrace"
        fake.send_text(
            STRANGER_ID, f"{code}: Lavrov said the {marker} talks on Syria would resume soon."
        )
        fake.send_text(STRANGER_ID, "/unsubscribe iran", chat_id=TEAM_GROUP)
        fake.send_text(STRANGER_ID, "/mute", chat_id=TEAM_GROUP)
        fake.send_text(STRANGER_ID, f"/subscribe {marker}", chat_id=TEAM_GROUP)
        fake.wait_until(
            lambda since=since: (
                sum(1 for c in fake.calls("sendMessage", since=since) if c.get("ok") is False) >= 6
            ),
            TIMEOUT,
            f"six refusals failing with {code}",
        )
        fake.clear_faults()
        # A refusal retried after the faults were cleared may get through; nothing else may.
        sent = fake.calls("sendMessage", since=since)
        delivered = [c["params"]["text"] for c in sent if c.get("ok")]
        assert all(text.startswith("Sorry, this is a private bot") for text in delivered)
    # No trace of what the stranger wrote, in any table or in the file and its log's bytes.
    for code in failures:
        assert traces_of(database, f"qzv{code}strangertrace") == [], code
    # Nothing stored, nothing changed: the team group still gets its Iran alerts, unmuted.
    fake.send_text(ADMIN_ID, "/subscriptions", chat_id=TEAM_GROUP)
    answer = last_text(fake, bot, TEAM_GROUP, lambda t: "subscriptions" in t)
    assert "/iran" in answer and "mute" not in answer.lower()
    conn = sqlite3.connect(database)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    lavrov = conn.execute("SELECT count(*) FROM speakers WHERE name LIKE '%Lavrov%'").fetchone()
    conn.close()
    assert articles == 1 and lavrov[0] == 0
