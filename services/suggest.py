"""The nearest thing a user may have meant: a command, a topic, a time zone, a word.

Pure functions over the command table, the taxonomy and the tz database, so every reply
that refuses an argument can also say what would have worked ("did you mean /iran?").
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from extraction import Topic

CUTOFF = 70  # rapidfuzz ratio (0-100): below this, a guess is noise


def nearest(typed: str, choices: Iterable[str], cutoff: int = CUTOFF) -> str | None:
    """The choice closest to `typed` (case-folded), or None when none is close enough."""
    folded = typed.strip().casefold()
    options = list(dict.fromkeys(choices))
    if not folded or not options:
        return None
    found = process.extractOne(
        folded, {c: c.casefold() for c in options}, scorer=fuzz.ratio, score_cutoff=cutoff
    )
    return found[2] if found else None


def topic_names(topics: Iterable[Topic]) -> dict[str, str]:
    """Every way a topic may be typed (its slug, its name), folded, to its slug."""
    names: dict[str, str] = {}
    for topic in topics:
        names.setdefault(topic.slug.casefold(), topic.slug)
        names.setdefault(topic.name.casefold(), topic.slug)
    return names


def nearest_topic(typed: str, topics: Iterable[Topic]) -> str | None:
    """'irn' → 'iran'; 'Venezuela' → 'venezuela'; the slug, or None."""
    names = topic_names(topics)
    folded = typed.strip().lstrip("/#").casefold()
    if folded in names:
        return names[folded]
    found = nearest(folded, names)
    return names[found] if found else None


def nearest_command(typed: str, commands: Iterable[str], topics: Iterable[Topic]) -> str | None:
    """The command a mistyped one ('/irn', '/subscibe') most likely meant, without its slash."""
    folded = typed.strip().lstrip("/").casefold()
    names = [c.casefold() for c in commands]
    found = nearest(folded, names)
    if found is not None:
        return found
    return nearest_topic(folded, topics)


@functools.cache
def _zones_by_place() -> dict[str, str]:
    """Each tz database name by its last part, folded, with spaces for underscores
    ('berlin' → 'Europe/Berlin', 'new york' → 'America/New_York')."""
    places: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/")):
            continue
        place = name.rsplit("/", 1)[1].replace("_", " ").casefold()
        places.setdefault(place, name)
    return places


def nearest_timezone(typed: str) -> str | None:
    """'Berlin' → 'Europe/Berlin', 'new york' → 'America/New_York', 'Berln' → 'Europe/Berlin'."""
    folded = " ".join(typed.replace("_", " ").split()).casefold()
    if "/" in folded:
        folded = folded.rsplit("/", 1)[1]
    places = _zones_by_place()
    if folded in places:
        return places[folded]
    found = nearest(folded, places, cutoff=80)
    return places[found] if found else None


def mistyped_trailing_topic(text: str, topics: Iterable[Topic]) -> tuple[str, str] | None:
    """'Peskov irn' → ('Peskov', 'iran'): a last word that is no topic but nearly names one,
    for "did you mean /who Peskov iran?" when the whole text names nobody."""
    words = text.split()
    topics = list(topics)
    if len(words) < 2 or trailing_topic(text, topics)[1] is not None:
        return None
    slug = nearest_topic(words[-1], topics)
    return (" ".join(words[:-1]), slug) if slug is not None else None


def trailing_topic(text: str, topics: Iterable[Topic]) -> tuple[str, str | None]:
    """'Peskov iran' → ('Peskov', 'iran'): a last word that is a topic's slug or one-word
    name (/iran and #iran too) is the topic; the words before it stay. A lone word is never
    taken, so /who Iran still looks for a speaker."""
    words = text.split()
    if len(words) < 2:
        return text.strip(), None
    slug = topic_names(topics).get(words[-1].lstrip("/#").casefold())
    if slug is None:
        return text.strip(), None
    return " ".join(words[:-1]), slug
