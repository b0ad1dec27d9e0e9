"""Loading the data files (topic taxonomy, actors, lexicons) into `extraction.Resources`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from extraction import Actor, Resources, Topic

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
LEXICON_DIR = Path(__file__).resolve().parent.parent / "extraction" / "lexicons"

SLUG_RE = re.compile(r"[a-z0-9_]{1,32}")
# Built-in commands a topic slug may not shadow.
RESERVED_COMMANDS = frozenset(
    {
        "start", "help", "search", "who", "subscribe", "unsubscribe", "subscriptions",
        "digest", "mute", "unmute", "quiet", "timezone", "invite", "allow", "revoke",
        "members", "record", "delete", "export", "forget_me", "merge", "chart", "sources",
        "topics", "cancel",
    }
)


class ResourceError(ValueError):
    """A data file is malformed; the message names the file and, where known, the line."""


def _line_of(source: str, needle: str) -> int:
    for number, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return number
    return 0


def load_topics(path: Path) -> tuple[Topic, ...]:
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{path.name}: {exc}") from exc
    topics: list[Topic] = []
    seen: set[str] = set()
    for entry in data.get("topic", []):
        slug = str(entry.get("slug", ""))
        where = f"{path.name}, line {_line_of(source, f'{slug!r}'.replace(chr(39), chr(34)))}"
        if not SLUG_RE.fullmatch(slug):
            raise ResourceError(f"{where}: topic slug {slug!r} must match [a-z0-9_]{{1,32}}")
        if slug in RESERVED_COMMANDS:
            raise ResourceError(f"{where}: topic slug {slug!r} collides with the /{slug} command")
        if slug in seen:
            raise ResourceError(f"{where}: topic slug {slug!r} is defined twice")
        terms = entry.get("terms")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
            raise ResourceError(f"{where}: topic {slug!r} needs a non-empty list of terms")
        seen.add(slug)
        topics.append(
            Topic(
                slug=slug,
                name=str(entry.get("name", slug)),
                emoji=str(entry.get("emoji", "")),
                terms=tuple(terms),
                description=str(entry.get("description", "")),
            )
        )
    return tuple(topics)


def load_actors(path: Path) -> tuple[Actor, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Actor(
            name=str(entry["name"]),
            role=entry.get("role"),
            aliases=tuple(entry.get("aliases", ())),
            kind=str(entry.get("kind", "person")),
        )
        for entry in data.get("actor", [])
    )


def load_lexicons(directory: Path) -> dict[str, Any]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.toml"))
    }


def load_resources(seeds_dir: Path = SEEDS_DIR, lexicon_dir: Path = LEXICON_DIR) -> Resources:
    return Resources(
        topics=load_topics(seeds_dir / "topics.toml"),
        actors=load_actors(seeds_dir / "actors.toml"),
        lexicons=load_lexicons(lexicon_dir),
    )
