"""The bot's commands as data: a name, what it does, its arguments, who may run it.

One table feeds the handlers (`handlers/commands.py` binds each name to its callback), /help
and the menus Telegram shows (both read the bound table from the application's data), and the
names a topic may not take (`RESERVED_COMMANDS`, checked when the taxonomy is loaded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extraction import Topic


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str
    usage: str = ""  # shown after the name in /help, e.g. " TOPIC"
    admin: bool = False  # only ADMIN_USER_IDS may run it
    section: str = "reading"  # where /help lists it: one of HELP_SECTIONS, or "" (its intro)
    help_with: str = ""  # /help shows it on the line of this other command


# /help's sections, in order: (key, heading). Admin commands go under "admin".
HELP_SECTIONS: tuple[tuple[str, str], ...] = (
    ("reading", "Reading the record"),
    ("following", "Following topics"),
    ("settings", "Your settings and articles"),
    ("admin", "Admin"),
)

BUILT_IN: tuple[CommandSpec, ...] = (
    CommandSpec("start", "what this bot does", section=""),
    CommandSpec("help", "this list", section=""),
    CommandSpec("subscribe", "get alerts on a topic", " TOPIC", section="following"),
    CommandSpec("unsubscribe", "stop them", " TOPIC", section="following", help_with="subscribe"),
    CommandSpec("subscriptions", "your topics", section="following", help_with="subscribe"),
    CommandSpec(
        "follow", "get alerts on what a speaker says, any topic", " NAME", section="following"
    ),
    CommandSpec("unfollow", "stop them", " NAME", section="following", help_with="follow"),
    CommandSpec("following", "the speakers you follow", section="following", help_with="follow"),
    CommandSpec("mute", "pause alerts, for a while or until /unmute", " [2h]", section="settings"),
    CommandSpec("unmute", "alerts on again", section="settings", help_with="mute"),
    CommandSpec(
        "quiet", "quiet hours: alerts held, then one summary", " 23-7 | off", section="settings"
    ),
    CommandSpec(
        "timezone",
        "your time zone for quiet hours, digests",
        " Area/City",
        section="settings",
    ),
    CommandSpec(
        "digest",
        "a daily digest, or a topic now",
        " daily HH:MM|off|TOPIC",
        section="following",
    ),
    CommandSpec("who", "a speaker's sides on each target, over time", " NAME [TOPIC]"),
    CommandSpec("compare", "two speakers' sides, target by target", " A | B [TOPIC]"),
    CommandSpec("merge", "join two speakers the bot kept apart", " A | B", admin=True),
    CommandSpec(
        "search", "find statements: words, speaker:, topic:, side:, target:, since:", " WORDS"
    ),
    CommandSpec("chart", "a chart of a topic or a speaker over time", " TOPIC | who NAME"),
    CommandSpec("sources", "watched channels; admins pause or resume them"),
    CommandSpec("record", "record the article you reply to (in groups)", section=""),
    CommandSpec("delete", "delete the article of the digest you reply to", section="settings"),
    CommandSpec("forget_me", "delete every article you sent", " yes", section="settings"),
    CommandSpec("invite", "make a one-time invite link", admin=True),
    CommandSpec("allow", "let a user in by id", " USER_ID", admin=True),
    CommandSpec("revoke", "remove a member", " USER_ID", admin=True, help_with="allow"),
    CommandSpec("members", "who may use the bot", admin=True, help_with="allow"),
    CommandSpec("export", "the record as a CSV file: all, or a topic", " [TOPIC]"),
    CommandSpec("keep", "keep the replied-to article if its sender leaves", admin=True),
)

# A topic slug is a command too (/iran), so it may not take a built-in command's name.
RESERVED_COMMANDS = frozenset(command.name for command in BUILT_IN)


def topic_command(topic: Topic) -> CommandSpec:
    return CommandSpec(
        topic.slug, f"{topic.emoji} who said what on {topic.name}".strip(), section="topics"
    )


def command_specs(topics: Iterable[Topic]) -> list[CommandSpec]:
    """The built-in commands, then one per topic, in the order /help lists them."""
    return [*BUILT_IN, *(topic_command(t) for t in topics)]
