"""Loading the data files (topic taxonomy, actors, lexicons) into `extraction.Resources`."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from extraction import Actor, Resources, Target, Topic
from services.commands import RESERVED_COMMANDS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
LEXICON_DIR = Path(__file__).resolve().parent.parent / "extraction" / "lexicons"

SLUG_RE = re.compile(r"[a-z0-9_]{1,32}")


class ResourceError(ValueError):
    """A data file is malformed; the message names the file and, where known, the line."""


def _line_of(source: str, needle: str) -> int:
    for number, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return number
    return 0


_TABLE_RE = re.compile(r"^\s*\[")
_TOPIC_HEADER_RE = re.compile(r"^\s*\[\[\s*topic\s*\]\]\s*(#.*)?$")
_TARGET_HEADER_RE = re.compile(r"^\s*\[\[\s*topic\.target\s*\]\]\s*(#.*)?$")
_TOML_LINE_RE = re.compile(r"line (\d+)")
_TOPIC_TEXT_KEYS = ("name", "emoji", "description")
_TOPIC_LIST_KEYS = ("terms", "lemmas", "context_terms", "exclude")
_TOPIC_FLAGS = ("theme", "needs_company")
_TOPIC_KEYS = frozenset({"slug", "target", *_TOPIC_FLAGS, *_TOPIC_TEXT_KEYS, *_TOPIC_LIST_KEYS})
_TARGET_KEYS = frozenset(
    {"slug", "label", "for", "signals", "opposites", "also", "yields_to", "party", "aimed"}
)


def _topic_blocks(source: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each `[[topic]]` block as (header line, [(line number, line), ...]), for error messages.

    tomllib keeps no positions, so the lines are found again in the source; `[[topic]]`
    blocks appear in the same order as the parsed entries.
    """
    blocks: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] | None = None
    for number, line in enumerate(source.splitlines(), 1):
        if _TOPIC_HEADER_RE.match(line):
            current = []
            blocks.append((number, current))
        elif _TARGET_HEADER_RE.match(line):
            continue  # a target's lines belong to its topic's block
        elif _TABLE_RE.match(line) and not line.lstrip().startswith(('["', "['")):
            current = None
        elif current is not None:
            current.append((number, line))
    return blocks


def load_topics(path: Path) -> tuple[Topic, ...]:
    """Read and check the taxonomy; every error names the file and the line.

    Checked: TOML syntax, slugs ([a-z0-9_]{1,32}, not a built-in command, not twice), a
    non-empty `terms` list, list-of-string fields, text fields, and unknown keys (a typo such
    as `term = [...]` would otherwise silently leave a topic without signal words).
    """
    source = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE_RE.search(str(exc))
        line = found.group(1) if found else "?"
        raise ResourceError(f"{path.name}, line {line}: TOML syntax error: {exc}") from exc
    entries = data.get("topic", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ResourceError(
            f"{path.name}, line {_line_of(source, 'topic')}: `topic` must be [[topic]] tables"
        )
    for key in data:
        if key != "topic":
            raise ResourceError(
                f"{path.name}, line {_line_of(source, key)}: unknown top-level key {key!r}"
            )
    blocks = _topic_blocks(source)
    if len(blocks) != len(entries):  # inline tables or unusual spelling: fall back to search
        blocks = []
    topics: list[Topic] = []
    first_line: dict[str, int] = {}
    for index, entry in enumerate(entries):
        header, lines = blocks[index] if blocks else (0, [])

        def line_of(key: str | None, *, _header: int = header, _lines: list = lines) -> int:
            """The line of `key` in this block, else the block's [[topic]] line (0: unknown)."""
            if key is not None:
                key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
                for number, line in _lines:
                    if key_re.match(line):
                        return number
            return _header

        def where(key: str | None = None) -> str:
            return f"{path.name}, line {line_of(key) or '?'}"

        for key in entry:
            if key not in _TOPIC_KEYS:
                allowed = ", ".join(sorted(_TOPIC_KEYS))
                raise ResourceError(f"{where(key)}: unknown key {key!r} (allowed: {allowed})")
        slug = entry.get("slug")
        if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
            raise ResourceError(
                f"{where('slug')}: topic slug {slug!r} must match [a-z0-9_]{{1,32}}"
            )
        if slug in RESERVED_COMMANDS:
            raise ResourceError(
                f"{where('slug')}: topic slug {slug!r} collides with the built-in /{slug} command"
            )
        if slug in first_line:
            raise ResourceError(
                f"{where('slug')}: topic slug {slug!r} is defined twice"
                f" (first at line {first_line[slug] or '?'})"
            )
        first_line[slug] = line_of("slug")
        for key in _TOPIC_TEXT_KEYS:
            if key in entry and not isinstance(entry[key], str):
                raise ResourceError(f"{where(key)}: topic {slug!r}: {key} must be a string")
        for flag in _TOPIC_FLAGS:
            if not isinstance(entry.get(flag, False), bool):
                raise ResourceError(f"{where(flag)}: topic {slug!r}: {flag} must be true or false")
        lists: dict[str, tuple[str, ...]] = {}
        for key in _TOPIC_LIST_KEYS:
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise ResourceError(
                    f"{where(key)}: topic {slug!r}: {key} must be a list of non-empty strings"
                )
            lists[key] = tuple(v.strip() for v in value)
        if not lists["terms"]:
            raise ResourceError(f"{where('terms')}: topic {slug!r} needs a non-empty list of terms")
        topics.append(
            Topic(
                slug=slug,
                name=entry.get("name", slug),
                emoji=entry.get("emoji", ""),
                terms=lists["terms"],
                description=entry.get("description", ""),
                lemmas=lists["lemmas"],
                context_terms=lists["context_terms"],
                exclude=lists["exclude"],
                theme=entry.get("theme", False),
                needs_company=entry.get("needs_company", False),
                targets=_targets(entry.get("target", []), slug, where("target")),
            )
        )
    return tuple(topics)


def _targets(entries: Any, topic: str, where: str) -> tuple[Target, ...]:
    """A topic's `[[topic.target]]` tables: slug `<topic>.<name>`, label, `for`, signals."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ResourceError(f"{where}: topic {topic!r}: targets must be [[topic.target]] tables")
    targets = []
    for entry in entries:
        slug = entry.get("slug")
        if not isinstance(slug, str) or not re.fullmatch(rf"{topic}\.[a-z0-9_]{{1,40}}", slug):
            raise ResourceError(
                f"{where}: target slug {slug!r} must be {topic!r}, a dot and [a-z0-9_]"
            )
        unknown = set(entry) - _TARGET_KEYS
        if unknown:
            raise ResourceError(f"{where}: target {slug!r}: unknown keys {sorted(unknown)}")
        for key in ("label", "for"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ResourceError(f"{where}: target {slug!r} needs a text {key!r}")
        signals = entry.get("signals")
        if (
            not isinstance(signals, list)
            or not signals
            or not all(isinstance(s, str) and s.strip() for s in signals)
        ):
            raise ResourceError(f"{where}: target {slug!r} needs a non-empty list of signals")
        opposites = entry.get("opposites", [])
        if not isinstance(opposites, list) or not set(opposites) <= set(signals):
            raise ResourceError(
                f"{where}: target {slug!r}: opposites must be a list of its own signals"
            )
        lists = {}
        for key in ("also", "yields_to"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
                raise ResourceError(f"{where}: target {slug!r}: {key} must be a list of slugs")
            lists[key] = tuple(value)
        for flag in ("party", "aimed"):
            if not isinstance(entry.get(flag, False), bool):
                raise ResourceError(f"{where}: target {slug!r}: {flag} must be true or false")
        targets.append(
            Target(
                slug,
                entry["label"],
                entry["for"],
                tuple(s.strip() for s in signals),
                opposites=tuple(s.strip() for s in opposites),
                also=lists["also"],
                yields_to=lists["yields_to"],
                party=entry.get("party", False),
                aimed=entry.get("aimed", False),
            )
        )
    return tuple(targets)


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
    """The TOML lexicons by name, and the trained position model (JSON) if shipped."""
    tables: dict[str, Any] = {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.toml"))
    }
    for path in sorted(directory.glob("*.json")):
        tables[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return tables


def load_resources(seeds_dir: Path = SEEDS_DIR, lexicon_dir: Path = LEXICON_DIR) -> Resources:
    return Resources(
        topics=load_topics(seeds_dir / "topics.toml"),
        actors=load_actors(seeds_dir / "actors.toml"),
        lexicons=load_lexicons(lexicon_dir),
    )
