"""/search: the user's words and filters, parsed into a query on the archive.

Words stay words here: storage builds its own full-text query from them (on SQLite, every
word a quoted FTS5 string, so nothing a user types is ever an operator). Words in double
quotes stay one phrase, and a trailing `*` on a word is a prefix search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extraction import Resources
from services.context import Services
from services.positions import find_speaker
from storage.models import SearchFilters, SearchHit

PAGE_SIZE = 5
MAX_TERMS = 12
MAX_TERM_CHARS = 80
_FILTER = re.compile(r'(?<!\S)(speaker|topic|since|side|target):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
SIDES = ("for", "against")
TARGETS_LISTED = 6  # an unknown target: this many of the known ones in the reply
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w")


class SearchError(ValueError):
    """The query can't be run as written; str(exc) is the reply."""


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...]  # words and phrases as typed, a prefix marked by a trailing *
    speaker: str | None = None
    topic: str | None = None
    since: str | None = None  # YYYY-MM-DD
    side: str | None = None  # for | against
    target: str | None = None  # a target's slug: iran.military_action

    @property
    def empty(self) -> bool:
        return not (
            self.terms or self.speaker or self.topic or self.since or self.side or self.target
        )


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    total: int
    hits: tuple[SearchHit, ...]
    page: int
    pages: int
    note: str | None = None  # why there is nothing, when a filter matched nothing

    @property
    def first_number(self) -> int:
        return self.page * PAGE_SIZE + 1


def parse_since(value: str) -> str:
    """2026-11-01, or 2026-11 for the first of the month."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date.fromisoformat(value + "-01").isoformat()
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise SearchError("since: needs a date like 2026-11-01.") from None


def parse_query(text: str) -> SearchQuery:
    """`/search` arguments → words and filters; raises `SearchError` for a bad filter."""
    found: dict[str, str] = {}
    for match in _FILTER.finditer(text):
        found[match.group(1).lower()] = (match.group(2) or match.group(3) or "").strip()
    rest = _FILTER.sub(" ", text)
    terms: list[str] = []
    for match in _TOKEN.finditer(rest):
        phrase, word = match.group(1), match.group(2)
        term = (phrase if phrase is not None else word or "").strip()[:MAX_TERM_CHARS]
        if _WORD.search(term):
            terms.append(term)
    since = parse_since(found["since"]) if found.get("since") else None
    side = (found.get("side") or "").lower() or None
    if side is not None and side not in SIDES:
        raise SearchError("side: is for or against, e.g. side:against.")
    return SearchQuery(
        terms=tuple(terms[:MAX_TERMS]),
        speaker=(found.get("speaker") or "")[:MAX_TERM_CHARS] or None,
        topic=(found.get("topic") or "").lower().lstrip("/#")[:MAX_TERM_CHARS] or None,
        since=since,
        side=side,
        target=(found.get("target") or "").lower() or None,
    )


def unknown_target(resources: Resources, typed: str) -> SearchError:
    """The reply to a target that isn't one: a few real ones, those of its topic first."""
    slugs = [g.slug for t in resources.topics for g in t.targets]
    topic = typed.split(".", 1)[0]
    close = [s for s in slugs if s.split(".", 1)[0] == topic or topic in s]
    shown = list(dict.fromkeys([*close, *slugs]))[:TARGETS_LISTED]
    return SearchError(f"No target called {typed!r}. Targets include: {', '.join(shown)}.")


async def search(services: Services, query: SearchQuery, page: int = 0) -> SearchResult:
    if query.topic and services.resources.topic(query.topic) is None:
        slugs = ", ".join(t.slug for t in services.resources.topics)
        raise SearchError(f"No topic called {query.topic!r}. Topics: {slugs}.")
    if query.target and services.resources.target(query.target) is None:
        raise unknown_target(services.resources, query.target)
    speaker_ids = None
    if query.speaker:
        speaker_ids = tuple(await find_speaker(services.db, query.speaker))
        if not speaker_ids:
            return SearchResult(query, 0, (), 0, 1, note=f"No speaker {query.speaker!r} on record.")
    filters = SearchFilters(
        words=query.terms,
        speaker_ids=speaker_ids,
        topic=query.topic,
        since=query.since,
        side=query.side,
        target=query.target,
    )
    page = max(page, 0)
    total, hits = await services.db.statements.search_archive(filters, PAGE_SIZE, page * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if page >= pages:  # an old button after the archive changed
        page = pages - 1
        total, hits = await services.db.statements.search_archive(
            filters, PAGE_SIZE, page * PAGE_SIZE
        )
    return SearchResult(query, total, tuple(hits), page, pages)
