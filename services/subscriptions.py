"""Subscribing chats to topics."""

from __future__ import annotations

from services.context import Services
from services.ingest import now_iso


class UnknownTopic(ValueError):
    """The topic slug is not in the taxonomy."""


def _check(services: Services, slug: str) -> str:
    slug = slug.strip().lstrip("/").lower()
    if services.resources.topic(slug) is None:
        raise UnknownTopic(slug)
    return slug


async def subscribe(services: Services, chat_id: int, slug: str) -> bool:
    slug = _check(services, slug)
    await services.db.chats.enable_chat(chat_id)  # a chat that blocked the bot and came back
    return await services.db.chats.subscribe(chat_id, slug, now_iso())


async def unsubscribe(services: Services, chat_id: int, slug: str) -> bool:
    return await services.db.chats.unsubscribe(chat_id, _check(services, slug))


async def subscriptions(services: Services, chat_id: int) -> list[str]:
    return await services.db.chats.subscriptions(chat_id)
