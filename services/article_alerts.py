"""An article's alerts, written in the article's own transaction: stored means alerted.

Before the transaction, the story is looked up (is this another report of an article of
the last hours?). Inside it, storage hands over what subscribes to what (`ArticleDraft.
alert_context`), the pure planners of `services.alerts` decide, and storage writes what
they decided. Storage never calls back into services.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta

from services.alerts import find_story, plan_article_alerts
from services.context import Services
from storage.alert_models import ArticleAlertContext, NewAlert, Said
from storage.models import NewArticle, NewStatement
from storage.ports import ArticleDraft


def said_by(statement: NewStatement) -> Said:
    """Who said it, by the keys that would find the speaker's row when it is stored."""
    speaker = statement.speaker
    keys = tuple(dict.fromkeys((speaker.name_key, *speaker.match_keys))) if speaker else ()
    return Said(statement.text, keys, statement.speaker_text)


async def story_of(
    services: Services, article: NewArticle, statements: Sequence[NewStatement], now: datetime
) -> int | None:
    """The earlier article of the same story, if this one near-duplicates a recent report."""
    settings = services.settings
    since = now - timedelta(hours=settings.alert_group_window_hours)
    candidates = await services.db.articles.story_candidates(since)
    said = [said_by(s) for s in statements]
    # Off the event loop: one fuzzy comparison per report of the last 48 hours took /iran's
    # p99 from ~25 to ~170 ms during a 30-article burst (bench/burst.py).
    story = await asyncio.to_thread(
        find_story, article.gist, said, candidates, settings.alert_group_similarity
    )
    return story.article_id if story else None


def plan_position_change_alerts(
    context: ArticleAlertContext,
    article: NewArticle,
    statements: Sequence[NewStatement],
    statement_ids: Sequence[int],
) -> list[NewAlert]:
    """A change of line on a target is an alert of its own to every enabled subscriber of
    the target's topic and follower of the speaker, once per chat (not the chat that sent
    the article); the sender renders it."""
    alerts = []
    for statement, statement_id in zip(statements, statement_ids, strict=True):
        if statement.speaker is None:
            continue
        name = context.speakers.get(statement_id, statement.speaker_text)
        for target, (previous, current) in statement.line_changes.items():
            topic = target.split(".", 1)[0]  # a target's slug starts with its topic's
            payload = {
                "speaker": name,
                "target": target,
                "previous": previous,
                "current": current,
                "statement": statement.text,
                "display": statement.display,
                "source": article.source,
            }
            alerts += [
                NewAlert(r.chat_id, "position_change", context.article_id, (topic,), payload)
                for r in context.recipients
                if (topic in r.topics or context.speaker_ids.get(statement_id) in r.speakers)
                and not r.disabled
                and r.chat_id != article.chat_id
            ]
    return alerts


async def write_alerts(
    draft: ArticleDraft,
    article: NewArticle,
    statements: Sequence[NewStatement],
    now: datetime,
) -> None:
    """Inside the article's transaction: its changes of line, then its new statements."""
    context = await draft.alert_context()
    changes = plan_position_change_alerts(context, article, statements, draft.stored.statement_ids)
    if changes:
        await draft.enqueue(changes, datetime.fromisoformat(article.received_at))
    await draft.enqueue(plan_article_alerts(context), now)
