"""Ingesting an article: check it, analyse it off the event loop, store it once."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from extraction import Analysis, Speaker, Statement
from services.alerts import alert_plan
from services.context import Services
from services.language import looks_english
from services.positions import link_to_record
from services.speakers import new_speaker
from services.text_safety import clean_text
from storage import NewArticle, NewStatement, StoredArticle

REPORTING_HINT = re.compile(
    r"[\"“”«»]|\b(said|says|told|stated|noted|stressed|added|warned|according to|announced)\b",
    re.IGNORECASE,
)
MIN_ARTICLE_WORDS = 12


class ArticleRejected(ValueError):
    """The text can't be analysed; str(exc) is the one-line reason shown to the user."""


@dataclass(frozen=True)
class ArticleSource:
    """Where an article came from: all optional, filled from what Telegram or the CLI knows."""

    name: str | None = None
    url: str | None = None
    sender_id: int | None = None
    chat_id: int | None = None
    published_at: str | None = None


@dataclass(frozen=True)
class IngestResult:
    analysis: Analysis
    stored: StoredArticle

    @property
    def duplicate(self) -> bool:
        return not self.stored.created


def article_hash(text: str) -> str:
    """Dedupe key: the same words in the same order, whatever the whitespace and case."""
    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def looks_like_article(text: str) -> bool:
    """A few words without a quote or reporting verb are chat, not an article."""
    return len(text.split()) >= MIN_ARTICLE_WORDS or bool(REPORTING_HINT.search(text))


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
        stance=statement.stance,
        score=statement.score,
        topic_stances={t: statement.stances.get(t, statement.stance) for t in statement.topics},
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
                    yield await store_analysis(services, next(analyses), source)
    finally:
        if upcoming is not None:
            upcoming[1].cancel()


async def store_analysis(
    services: Services, analysis: Analysis, source: ArticleSource
) -> IngestResult:
    article = NewArticle(
        sha256=article_hash(analysis.text),
        text=analysis.text,
        gist=analysis.gist,
        source=source.name,
        source_url=source.url,
        sender_id=source.sender_id,
        chat_id=source.chat_id,
        received_at=now_iso(),
        published_at=source.published_at,
    )
    speakers = {s.name: s for s in analysis.speakers}
    statements = [_new_statement(s, speakers) for s in analysis.statements]
    statements = await link_to_record(services.db, statements)
    # Subscribers' alerts are written in the article's transaction: stored means alerted.
    alerts = await alert_plan(services, article, statements, datetime.now(UTC))
    stored = await services.db.store_article(article, statements, alerts)
    return IngestResult(analysis=analysis, stored=stored)
