"""/help from the command table, grouped: reading the record, following topics, your
settings and articles, then (for admins only) the admin commands; the topics on one line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from handlers.format import esc
from services.commands import HELP_SECTIONS

if TYPE_CHECKING:
    from handlers.menu import Command

HELP_INTRO = (
    "<b>/help</b> — forward or paste a news article and I reply with its key statements: "
    "who said what, and which side they take (in a group, reply /record to it). "
    "/start says what I do."
)
TOPICS_LINE = "who stands where on it, then the latest statements"


def _line(command: Command, joined: Sequence[Command]) -> str:
    """'/subscribe TOPIC · /unsubscribe TOPIC — get alerts on a topic; stop them'."""
    names = " · ".join(f"/{c.name}{esc(c.usage)}" for c in (command, *joined))
    about = "; ".join(esc(c.description) for c in (command, *joined))
    return f"{names} — {about}"


def render_help(commands: Sequence[Command], admin: bool) -> list[str]:
    shown = [c for c in commands if admin or not c.admin]
    names = {c.name for c in shown}
    lines = [HELP_INTRO]
    for key, heading in HELP_SECTIONS:
        section = [c for c in shown if ("admin" if c.admin else c.spec.section) == key]
        if not section:
            continue
        lines.append(f"<b>{esc(heading)}</b>")
        if key == "reading":
            topics = [c for c in shown if c.spec.section == "topics"]
            if topics:
                lines.append(" ".join(f"/{c.name}" for c in topics) + f" — {TOPICS_LINE}")
        for command in section:
            if command.spec.help_with in names:
                continue  # on its host's line
            joined = [c for c in section if c.spec.help_with == command.name]
            lines.append(_line(command, joined))
    return lines
