"""/search: the user's words and filters, parsed into a query on the archive.

Words stay words here: storage builds its own full-text query from them (on SQLite, every
word a quoted FTS5 string, so nothing a user types is ever an operator). Words in double
quotes stay one phrase, and a trailing `*` on a word is a prefix search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from rapidfuzz import fuzz, process

from extraction import Resources, Topic
from services.context import Services
from services.positions import find_speaker
from services.speakers import name_key
from services.suggest import nearest_topic, topic_names
from storage.models import SearchFilters, SearchHit, SpeakerRow, search_count_cap

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
    total: int  # matches, or as many as were counted when `more`
    hits: tuple[SearchHit, ...]
    page: int
    pages: int  # pages, or as many as were counted when `more`: there is a next one
    note: str | None = None  # why there is nothing, when a filter matched nothing
    more: bool = False  # more than `total` match (counting stopped at the cap)

    @property
    def first_number(self) -> int:
        return self.page * PAGE_SIZE + 1


_RELATIVE = re.compile(r"(\d{1,4})\s*(d|days?|w|weeks?)")
_NAMED_DAYS = {"today": 0, "yesterday": 1, "week": 7, "month": 30, "year": 365}
# "what did Peskov say about Venezuela", "what has Lavrov said on sanctions?"
_QUESTION = re.compile(
    r"^\s*(?:what|how)\s+(?:did|does|do|has|have|had)\s+(?P<who>.+?)\s+"
    r"(?:say|said|think|thought|tell|told|claim|claimed)"
    r"(?:\s+(?:about|on|of|regarding|concerning)\s+(?P<what>.+?))?\s*\??\s*$",
    re.IGNORECASE,
)
TYPO_PREFIX = 3  # a misspelled word is looked for among words beginning with its first letters
_FILLER = {"the", "a", "an", "of", "on", "in", "about", "and", "to"}


def parse_since(value: str, today: date | None = None) -> str:
    """2026-11-01, 2026-11 for the first of the month, or a day counted back from `today`:
    today, yesterday, 7d, 2w (also week, month, year)."""
    today = today or datetime.now(UTC).date()
    folded = value.strip().lower()
    relative = _RELATIVE.fullmatch(folded)
    if relative:
        days = int(relative.group(1)) * (7 if relative.group(2).startswith("w") else 1)
        return (today - timedelta(days=min(days, 36_500))).isoformat()
    if folded in _NAMED_DAYS:
        return (today - timedelta(days=_NAMED_DAYS[folded])).isoformat()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date.fromisoformat(value + "-01").isoformat()
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise SearchError("since: needs a date like 2026-11-01, or yesterday, 7d, 2w.") from None


def read_question(text: str, topics: Iterable[Topic] = ()) -> str:
    """'what did Peskov say about Venezuela' → 'speaker:"Peskov" topic:venezuela'; the
    text as it was when it is not such a question."""
    question = _QUESTION.match(text)
    if question is None or _FILTER.search(text):
        return text
    who = question.group("who").strip().replace('"', "")
    what = (question.group("what") or "").strip()
    topic = topic_names(topics).get(what.lower().removeprefix("the ").strip("#/")) if what else None
    rest = (
        f"topic:{topic}" if topic else " ".join(w for w in what.split() if w.lower() not in _FILLER)
    )
    return f'speaker:"{who}" {rest}'.strip()


def parse_query(text: str, topics: Iterable[Topic] = (), today: date | None = None) -> SearchQuery:
    """`/search` arguments → words and filters; raises `SearchError` for a bad filter. A
    question ("what did Peskov say about Venezuela") is read as speaker and topic."""
    text = read_question(text, topics)
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
    since = parse_since(found["since"], today) if found.get("since") else None
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
        guess = nearest_topic(query.topic, services.resources.topics)
        if guess is not None:
            raise SearchError(f"No topic called {query.topic!r}. Did you mean topic:{guess}?")
        slugs = ", ".join(t.slug for t in services.resources.topics)
        raise SearchError(f"No topic called {query.topic!r}. Topics: {slugs}.")
    if query.target and services.resources.target(query.target) is None:
        raise unknown_target(services.resources, query.target)
    speaker_ids: tuple[int, ...] | None = None
    named = await speaker_named(services, query)
    if named is not None:  # "Zelenskiy": the speaker's own statements, under any spelling
        query = replace(query, terms=(), speaker=named.name)
        speaker_ids = (named.id,)
    elif query.speaker:
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
    if not total and query.terms:
        guess = await nearest_filter(services, query.terms)
        note = f"Nothing on record matches. Did you mean {guess}?" if guess else None
        return SearchResult(query, 0, (), 0, 1, note=note)
    if page and page * PAGE_SIZE >= total:  # an old button after the archive changed
        page = max(1, -(-total // PAGE_SIZE)) - 1
        total, hits = await services.db.statements.search_archive(
            filters, PAGE_SIZE, page * PAGE_SIZE
        )
    cap = search_count_cap(PAGE_SIZE, page * PAGE_SIZE)
    more = total > cap
    total = min(total, cap)
    pages = max(1, -(-total // PAGE_SIZE)) + more
    return SearchResult(query, total, tuple(hits), page, pages, more=more)


async def speaker_named(services: Services, query: SearchQuery) -> SpeakerRow | None:
    """The speaker a search's words name whole, as a name or an alias on record ("Zelenskiy",
    "Peskov"), when nothing else narrows it: people typing a name want what that person said,
    not every statement that mentions them."""
    if query.speaker or not query.terms or any(t.endswith("*") for t in query.terms):
        return None
    found = await services.db.speakers.speakers_matching([name_key(" ".join(query.terms))])
    if len(found) != 1:
        return None
    speaker = found[0]
    return speaker if speaker.statements else None


async def nearest_filter(services: Services, terms: Iterable[str]) -> str | None:
    """For a search that found nothing: a word that is nearly a topic or a speaker on record,
    as the filter that finds them ('topic:venezuela', 'speaker:"Dmitry Peskov"')."""
    names = {name_key(alias): alias for _, alias in await services.db.speakers.all_speaker_names()}
    for term in terms:
        word = term.rstrip("*")
        if len(word) < 4:
            continue
        topic = nearest_topic(word, services.resources.topics)
        if topic is not None:
            return f"topic:{topic}"
        found = process.extractOne(name_key(word), list(names), scorer=fuzz.ratio, score_cutoff=80)
        if found is not None:
            return f'speaker:"{names[found[0]]}"'
        spelled = await nearest_word(services, word)
        if spelled is not None:
            return spelled
    return None


async def nearest_word(services: Services, word: str) -> str | None:
    """The word on record nearest to a misspelled one ("negotations" → "negotiations"),
    among those that begin as it does."""
    typed = word.casefold()
    if not typed.isalpha():
        return None
    candidates = await services.db.statements.words_starting(typed[:TYPO_PREFIX])
    candidates = [c for c in candidates if c != typed]
    found = process.extractOne(typed, candidates, scorer=fuzz.ratio, score_cutoff=80)
    return str(found[0]) if found is not None else None
