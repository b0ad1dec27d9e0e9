"""Channels as sources: the team adds the bot to a channel, its posts are ingested by themselves.

A channel post has no user behind it, so the user gate can't vouch for it. What vouches is
how the channel got here: a team member made the bot its administrator (the access gate
approves the chat; this module records it as a watched source). A post is ingested only
while its channel is watched and not paused; everything else is dropped without a word —
the bot never writes into a channel.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from services.context import Services
from services.ingest import ArticleSource, now_iso
from storage.team_models import WatchedChannel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelPost:
    chat_id: int
    message_id: int
    title: str | None
    username: str | None
    text: str
    link: str | None  # the post is mostly this link: ingest the page instead of the text
    date: str | None  # ISO 8601


async def is_team_member(services: Services, user_id: int | None) -> bool:
    """The same answer as the access gate's: an admin, an allowed member, or anyone if open."""
    if user_id is None:
        return False
    if services.settings.access == "open" or user_id in services.settings.admin_user_ids:
        return True
    return await services.db.access.is_member(user_id)


def post_url(username: str | None, message_id: int) -> str | None:
    return f"https://t.me/{username}/{message_id}" if username else None


async def watch_channel(
    services: Services, chat_id: int, title: str | None, username: str | None, added_by: int | None
) -> WatchedChannel | None:
    """Record a channel the bot was made administrator of; None if the adder isn't a member."""
    if added_by is None or not await is_team_member(services, added_by):
        return None
    await services.db.sources.watch_channel(
        chat_id, title or str(chat_id), username, added_by, now_iso()
    )
    return await services.db.sources.watched_channel(chat_id)


async def adopt_approved_channel(services: Services, post: ChannelPost) -> WatchedChannel | None:
    """A channel the access gate approved but this module hasn't recorded yet: updates run
    concurrently, so its first post can overtake the 'made admin' update. The approval
    names the member who added the bot, which is all watching needs."""
    approved = next(
        (c for c in await services.db.access.approved_chats() if c.chat_id == post.chat_id), None
    )
    if approved is None or approved.kind != "channel":
        return None
    title = post.title or approved.title
    return await watch_channel(services, post.chat_id, title, post.username, approved.added_by)


async def unwatch_channel(services: Services, chat_id: int) -> bool:
    return await services.db.sources.set_channel_status(chat_id, "removed", now_iso())


async def listed_channels(services: Services) -> list[WatchedChannel]:
    """Watched channels for /sources. A removal the bot never heard of (it was offline for
    longer than Telegram keeps updates) still shows: the access gate no longer approves the
    chat, so it is marked removed here."""
    channels = await services.db.sources.watched_channels()
    if services.settings.access == "open":
        return channels
    kept = []
    for channel in channels:
        if await services.db.access.is_approved_chat(channel.chat_id):
            kept.append(channel)
        else:
            await unwatch_channel(services, channel.chat_id)
    return kept


async def set_paused(services: Services, chat_id: int, paused: bool) -> WatchedChannel | None:
    """Pause or resume; None if no such (non-removed) channel."""
    channel = await services.db.sources.watched_channel(chat_id)
    if channel is None or channel.status == "removed":
        return None
    await services.db.sources.set_channel_status(
        chat_id, "paused" if paused else "active", now_iso()
    )
    return await services.db.sources.watched_channel(chat_id)


async def find_channel(services: Services, ref: str) -> WatchedChannel | None:
    """A watched channel by id (-100…) or @username, as /sources shows them."""
    ref = ref.strip()
    channels = await services.db.sources.watched_channels()
    if re.fullmatch(r"-?[0-9]{1,19}", ref):  # ASCII digits: int("²") raises, "١٢٣" is 123
        return next((c for c in channels if c.chat_id == int(ref)), None)
    name = ref.lstrip("@").casefold()
    return next((c for c in channels if (c.username or "").casefold() == name), None)


async def channel_source(services: Services, post: ChannelPost) -> ArticleSource | None:
    """Where a post of a watched, active channel comes from, before it is queued as a job;
    None (and a log line) for a post that is not recorded."""
    channel = await services.db.sources.watched_channel(post.chat_id)
    if channel is None:
        channel = await adopt_approved_channel(services, post)
    if channel is None or channel.status != "active":
        state = channel.status if channel else "not watched"
        log.info("post %s in channel %s ignored: %s", post.message_id, post.chat_id, state)
        return None
    return ArticleSource(
        name=channel.title,
        url=post_url(channel.username, post.message_id),
        chat_id=post.chat_id,
        posted_at=post.date,
    )


async def settle_channel_post(
    services: Services, chat_id: int, message_id: int, article_id: int
) -> None:
    """Once a post's job is stored: remember which article the post became. An edited post
    replaces the article its first version became, unless that article is someone else's
    too (the same text forwarded by a member) or an admin kept it."""
    previous = await services.db.sources.record_channel_post(chat_id, message_id, article_id)
    if previous is not None and previous != article_id:
        old = await services.db.articles.article_ref(previous)
        if old is not None and old.sender_id is None and old.chat_id == chat_id and not old.kept:
            await services.db.deletion.delete_article(previous)
            log.info("edited post %s replaced article %s", message_id, previous)
