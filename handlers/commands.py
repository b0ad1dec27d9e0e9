"""The command table bound to its handlers: each name of `services.commands` to a callback."""

from __future__ import annotations

from collections.abc import Iterable

from handlers.admin import on_allow, on_invite, on_members, on_revoke, on_start
from handlers.alerts import on_digest, on_mute, on_quiet, on_timezone, on_unmute
from handlers.channels import on_sources
from handlers.charts import on_chart
from handlers.export import on_export
from handlers.follows import on_follow, on_following, on_unfollow
from handlers.help import on_help
from handlers.menu import Callback, Command
from handlers.records import on_delete, on_forget_me, on_keep, on_record
from handlers.search import on_search
from handlers.speakers import on_compare, on_merge, on_who
from handlers.subscriptions import on_subscribe, on_subscriptions, on_unsubscribe
from handlers.topics import on_topic_command
from services.commands import BUILT_IN, command_specs
from services.domain import Topic

CALLBACKS: dict[str, Callback] = {
    "start": on_start,
    "help": on_help,
    "subscribe": on_subscribe,
    "unsubscribe": on_unsubscribe,
    "subscriptions": on_subscriptions,
    "follow": on_follow,
    "unfollow": on_unfollow,
    "following": on_following,
    "mute": on_mute,
    "unmute": on_unmute,
    "quiet": on_quiet,
    "timezone": on_timezone,
    "digest": on_digest,
    "who": on_who,
    "compare": on_compare,
    "merge": on_merge,
    "search": on_search,
    "chart": on_chart,
    "sources": on_sources,
    "record": on_record,
    "delete": on_delete,
    "forget_me": on_forget_me,
    "invite": on_invite,
    "allow": on_allow,
    "revoke": on_revoke,
    "members": on_members,
    "export": on_export,
    "keep": on_keep,
}


def command_table(topics: Iterable[Topic]) -> list[Command]:
    """Every built-in command with its handler, then one command per topic (/iran, …)."""
    unbound = {c.name for c in BUILT_IN} ^ set(CALLBACKS)
    if unbound:
        raise RuntimeError(f"commands without a handler, or handlers without a command: {unbound}")
    return [
        Command(spec, CALLBACKS.get(spec.name, on_topic_command)) for spec in command_specs(topics)
    ]
