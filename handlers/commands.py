"""The command table: one list feeds the handlers, /help and `set_my_commands`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import ContextTypes

from extraction import Topic
from handlers.admin import on_allow, on_export, on_invite, on_members, on_revoke, on_start
from handlers.alerts import on_digest, on_mute, on_quiet, on_timezone, on_unmute
from handlers.channels import on_sources
from handlers.charts import on_chart
from handlers.help import on_help
from handlers.records import on_delete, on_forget_me, on_keep, on_record
from handlers.search import on_search
from handlers.speakers import on_merge, on_who
from handlers.subscriptions import on_subscribe, on_subscriptions, on_unsubscribe
from handlers.topics import on_topic_command

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    callback: Callback
    usage: str = ""  # shown after the name in /help, e.g. " TOPIC"
    admin: bool = False  # only ADMIN_USER_IDS may run it


def command_table(topics: tuple[Topic, ...]) -> list[Command]:
    fixed = [
        Command("start", "what this bot does", on_start),
        Command("help", "this list", on_help),
        Command("subscribe", "get alerts on a topic", on_subscribe, " TOPIC"),
        Command("unsubscribe", "stop alerts on a topic", on_unsubscribe, " TOPIC"),
        Command("subscriptions", "your topics", on_subscriptions),
        Command("mute", "pause alerts, for a while or until /unmute", on_mute, " [2h]"),
        Command("unmute", "alerts on again", on_unmute),
        Command("quiet", "quiet hours: alerts held, then one summary", on_quiet, " 23-7 | off"),
        Command("timezone", "your time zone for quiet hours, digests", on_timezone, " Area/City"),
        Command("digest", "a daily digest, or a topic now", on_digest, " daily HH:MM|off|TOPIC"),
        Command("who", "a speaker's positions across topics", on_who, " NAME"),
        Command("merge", "join two speakers the bot kept apart", on_merge, " A | B", admin=True),
        Command("search", "find statements: words, speaker:, topic:, since:", on_search, " WORDS"),
        Command(
            "chart", "a chart of a topic or a speaker over time", on_chart, " TOPIC | who NAME"
        ),
        Command("sources", "watched channels; admins pause or resume them", on_sources),
        Command("record", "record the article you reply to (in groups)", on_record),
        Command("delete", "delete the article of the digest you reply to", on_delete),
        Command("forget_me", "delete every article you sent", on_forget_me, " yes"),
        Command("invite", "make a one-time invite link", on_invite, admin=True),
        Command("allow", "let a user in by id", on_allow, " USER_ID", admin=True),
        Command("revoke", "remove a member", on_revoke, " USER_ID", admin=True),
        Command("members", "who may use the bot", on_members, admin=True),
        Command("export", "statements as CSV: all, or a topic", on_export, " [TOPIC]", admin=True),
        Command("keep", "keep the replied-to article if its sender leaves", on_keep, admin=True),
    ]
    per_topic = [
        Command(t.slug, f"{t.emoji} who said what on {t.name}".strip(), on_topic_command)
        for t in topics
    ]
    return fixed + per_topic


def bot_commands(commands: list[Command]) -> list[BotCommand]:
    return [BotCommand(c.name, c.description[:256]) for c in commands]
