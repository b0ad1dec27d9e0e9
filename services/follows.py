"""Following speakers: /follow NAME, /following, /unfollow NAME.

A name is resolved the way /who resolves it (`services.positions.find_speaker`): one
speaker is followed at once; several, or none, are answered with what the chat may have
meant, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.context import Services
from services.ingest import now_iso
from services.positions import find_speaker
from services.speakers import name_key
from services.suggest import nearest
from storage import SpeakerRow

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class FollowAnswer:
    """What a /follow or /unfollow came to: `speaker` when one was found (and `changed`
    says whether the chat's follows changed), else the names it may have meant."""

    speaker: SpeakerRow | None = None
    changed: bool = False
    suggestions: tuple[str, ...] = ()


async def _suggest(services: Services, typed: str) -> tuple[str, ...]:
    """The speaker whose name (or alias) on record is nearest to a name that finds nobody."""
    by_key = {name_key(name): i for i, name in await services.db.speakers.all_speaker_names()}
    guess = nearest(name_key(typed), by_key)
    if guess is None:
        return ()
    return tuple(s.name for s in await services.db.speakers.speakers_by_id([by_key[guess]]))


async def follow(services: Services, chat_id: int, typed: str) -> FollowAnswer:
    """Follow the one speaker `typed` names; several or none change nothing."""
    ids = await find_speaker(services.db, typed)
    if not ids:
        return FollowAnswer(suggestions=await _suggest(services, typed))
    speakers = await services.db.speakers.speakers_by_id(ids[:MAX_SUGGESTIONS])
    if len(speakers) != 1:
        ranked = sorted(speakers, key=lambda s: -s.statements)
        return FollowAnswer(suggestions=tuple(s.name for s in ranked))
    speaker = speakers[0]
    await services.db.chats.enable_chat(chat_id)  # a chat that blocked the bot and came back
    changed = await services.db.follows.follow(chat_id, speaker.id, now_iso())
    return FollowAnswer(speaker, changed)


async def unfollow(services: Services, chat_id: int, typed: str) -> FollowAnswer:
    """Stop following the followed speaker `typed` names (suggestions: who the chat follows)."""
    followed = await services.db.follows.followed(chat_id)
    key = name_key(typed)
    matches = [s for s in followed if name_key(s.name) == key]
    if not matches:
        found = set(await find_speaker(services.db, typed))
        matches = [s for s in followed if s.id in found]
    if len(matches) != 1:
        pool = matches or followed
        return FollowAnswer(suggestions=tuple(s.name for s in pool[:MAX_SUGGESTIONS]))
    speaker = matches[0]
    return FollowAnswer(speaker, await services.db.follows.unfollow(chat_id, speaker.id))


async def following(services: Services, chat_id: int) -> list[SpeakerRow]:
    return await services.db.follows.followed(chat_id)
