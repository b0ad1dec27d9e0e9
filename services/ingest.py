"""Ingesting an article: check it, analyse it off the event loop, store it once."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from extraction import Analysis, Speaker, Statement
from services.article_alerts import story_of, write_alerts
from services.context import Services
from services.datelines import dateline_date
from services.headline import headline
from services.language import looks_english
from services.positions import link_to_record
from services.speakers import new_speaker
from services.text_safety import clean_text
from storage import NewArticle, NewStatement, StoredArticle
from storage.errors import WriteConflict
from storage.models import StatementPosition

log = logging.getLogger(__name__)

# Times an article is stored before a crossing writer's conflict fails its job: a deadlock
# between two articles' transactions resolves on the next attempt all but always.
STORE_ATTEMPTS = 5


class ArticleRejected(ValueError):
    """The text can't be analysed; str(exc) is the one-line reason shown to the user."""


@dataclass(frozen=True)
class ArticleSource:
    """Where an article came from: all optional, filled from what Telegram or the CLI knows."""

    name: str | None = None
    url: str | None = None
    sender_id: int | None = None
    chat_id: int | None = None
    published_at: str | None = None  # the page's own date (its metadata)
    # When a forwarded or channel post was posted: the article's date only when its text
    # gives none (a wire story reposted a day later still happened on its dateline's day).
    posted_at: str | None = None


@dataclass(frozen=True)
class IngestResult:
    analysis: Analysis
    stored: StoredArticle
    # The record's id of each of analysis.statements, in the same order (None: not on
    # record). A text already on record gets them from `services.corrections.as_on_record`.
    statement_ids: tuple[int | None, ...] = ()
    published_at: str | None = None  # the article's own date, when it gives one
    headline: str = ""  # its title or first sentence, without a dateline or banner

    @property
    def duplicate(self) -> bool:
        return not self.stored.created

    def stored_id(self, statement: Statement) -> int | None:
        """The id on record of `statement`, one of `analysis.statements`."""
        for candidate, statement_id in zip(
            self.analysis.statements, self.statement_ids, strict=False
        ):
            if candidate is statement:
                return statement_id
        return None


def article_hash(text: str) -> str:
    """Dedupe key: the same words in the same order, whatever the whitespace and case."""
    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def check_article(text: str, max_chars: int) -> str:
    """The cleaned text, or `ArticleRejected` with the reason."""
    text = clean_text(text)
    if not text:
        raise ArticleRejected("The message has no text to analyse.")
    if len(text) > max_chars:
        raise ArticleRejected(
            f"The text is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Send the article itself, without comments or archives around it."
        )
    if not looks_english(text):
        raise ArticleRejected(
            "Only English is analysed: this text looks like another language, so nothing "
            "was stored."
        )
    return text


def _new_statement(statement: Statement, speakers: dict[str, Speaker]) -> NewStatement:
    speaker = None
    if statement.speaker:
        known = speakers.get(statement.speaker)
        if known is None:
            known = Speaker(name=statement.speaker, role=statement.speaker_role)
        if known.kind != "unresolved":
            speaker = new_speaker(known)
    return NewStatement(
        speaker=speaker,
        speaker_text=statement.speaker,
        kind=statement.kind,
        text=statement.text,
        span=statement.span,
        cue=statement.cue,
        score=statement.score,
        display=statement.display,
        topics=statement.topics,
        positions=tuple(
            StatementPosition(p.target, p.side, p.confidence, p.evidence)
            for p in statement.positions
        ),
    )


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


async def ingest_article(
    services: Services, text: str, source: ArticleSource | None = None
) -> IngestResult:
    """Analyse and store `text`; the same text sent again is analysed but stored once."""
    text = check_article(text, services.settings.max_article_chars)
    analysis = await services.run_nlp(services.extractor.analyze, text)
    return await store_analysis(services, analysis, source or ArticleSource())


async def ingest_many(
    services: Services,
    texts_with_sources: Sequence[tuple[str, ArticleSource]],
    batch_size: int = 16,
) -> AsyncIterator[IngestResult | ArticleRejected]:
    """`ingest_article` for many texts, one result (or rejection) per input, in order.

    The texts go through `nlp.pipe` a batch at a time (in the nlp worker, off the event
    loop), which parses several times faster than one `nlp(text)` call per article, and the
    next batch is parsed while this one is stored: storing is many short SQLite round trips
    that leave the parser's core free (bench/ingest_throughput.py). Each article is stored in
    input order, so a repeat within a batch is linked to the statement stored just before it
    exactly as it would be one article at a time.
    """

    def parse(
        batch: Sequence[tuple[str, ArticleSource]],
    ) -> tuple[list[str | ArticleRejected], asyncio.Future[list[Analysis]]]:
        checked: list[str | ArticleRejected] = []
        for text, _ in batch:
            try:
                checked.append(check_article(text, services.settings.max_article_chars))
            except ArticleRejected as exc:
                checked.append(exc)
        good = [t for t in checked if isinstance(t, str)]
        analyses = asyncio.ensure_future(
            services.run_nlp(lambda: list(services.extractor.analyze_many(good, batch_size)))
        )
        return checked, analyses

    batches = [
        texts_with_sources[first : first + batch_size]
        for first in range(0, len(texts_with_sources), batch_size)
    ]
    upcoming = parse(batches[0]) if batches else None
    try:
        for number, batch in enumerate(batches):
            assert upcoming is not None
            checked, parsing = upcoming
            upcoming = parse(batches[number + 1]) if number + 1 < len(batches) else None
            analyses = iter(await parsing)
            for item, (_, source) in zip(checked, batch, strict=True):
                if isinstance(item, ArticleRejected):
                    yield item
                else:
                    try:
                        yield await store_analysis(services, next(analyses), source)
                    except ArticleRejected as exc:
                        yield exc
    finally:
        if upcoming is not None:
            upcoming[1].cancel()


NOT_NEWS = (
    "I found no statement attributed to a named or described source, so nothing was stored. "
    "I keep the record of who said what in the news: forward an article with quotes or "
    "reported speech."
)


def is_news(analysis: Analysis) -> bool:
    """Worth recording: at least one statement someone (named or described) made. A recipe's
    "Never rush the eggs" with no source, or a chat, is not."""
    return any(statement.speaker for statement in analysis.statements)


async def _store(
    services: Services, article: NewArticle, parsed: list[NewStatement]
) -> StoredArticle:
    """One attempt at storing: the statements linked to the record as it is now, then the
    article, its statements and its subscribers' alerts in one transaction (stored means
    alerted)."""
    statements = await link_to_record(services.db, parsed)
    now = datetime.now(UTC)
    story = await story_of(services, article, statements, now)
    async with services.db.articles.storing(article, statements, story) as draft:
        if draft.stored.created:
            await write_alerts(draft, article, statements, now)
    return draft.stored


async def _store_retrying(
    services: Services, article: NewArticle, parsed: list[NewStatement]
) -> StoredArticle:
    """`_store`, again from the start when another writer's transaction crossed it (on
    PostgreSQL, parser workers store at once), after a short random pause that keeps the
    two from crossing again."""
    for attempt in range(1, STORE_ATTEMPTS):
        try:
            return await _store(services, article, parsed)
        except WriteConflict as exc:
            log.info("storing crossed another writer's (%s); trying again", exc)
            await asyncio.sleep(random.uniform(0.02, 0.1) * attempt)
    return await _store(services, article, parsed)


async def store_analysis(
    services: Services, analysis: Analysis, source: ArticleSource
) -> IngestResult:
    """Store an analysed article with its alerts; `ArticleRejected` (nothing stored) when it
    is not news."""
    analysis = analysis.on_record()
    if not is_news(analysis):
        raise ArticleRejected(NOT_NEWS)
    received = datetime.now(UTC)
    article = NewArticle(
        sha256=article_hash(analysis.text),
        text=analysis.text,
        gist=analysis.gist,
        source=source.name,
        source_url=source.url,
        sender_id=source.sender_id,
        chat_id=source.chat_id,
        received_at=received.replace(microsecond=0).isoformat(),
        # what the page says, else the article's own dateline, else when its post was posted
        published_at=source.published_at
        or dateline_date(analysis.text, received.date())
        or source.posted_at,
    )
    speakers = {s.name: s for s in analysis.speakers}
    parsed = [_new_statement(s, speakers) for s in analysis.statements]
    stored = await _store_retrying(services, article, parsed)
    # A new article's statements are stored in order, one id each (a repeat's is the id of
    # the statement it repeats); a known text's are matched to the record later.
    ids = stored.statement_ids if stored.created else ()
    return IngestResult(
        analysis=analysis,
        stored=stored,
        statement_ids=ids,
        published_at=article.published_at,
        headline=headline(analysis.text),
    )
