"""Who may use the bot: admins (from settings), members (allowed or invited), strangers.

Invite tokens are random, single-use and expiring; only their SHA-256 is stored, so a leaked
database or backup can't be used to join. The check for every update lives in one place
(`handlers/access.py`); this module is the policy it asks.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from services.context import Services
from services.ingest import now_iso
from storage.team_models import ApprovedChat, Member

Role = Literal["admin", "member", "stranger"]
INVITE_TTL = timedelta(hours=24)
# token_urlsafe(18) gives 24 characters; deep-link payloads allow [A-Za-z0-9_-], up to 64.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class NotAllowed(PermissionError):
    """The action needs more rights than the user has; str(exc) is the reply."""


@dataclass(frozen=True)
class Invite:
    token: str
    expires_at: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_admin(services: Services, user_id: int | None) -> bool:
    return user_id is not None and user_id in services.settings.admin_user_ids


async def role_of(services: Services, user_id: int | None) -> Role:
    if user_id is None:
        return "stranger"
    if is_admin(services, user_id):
        return "admin"
    if services.settings.access == "open" or await services.db.access.is_member(user_id):
        return "member"
    return "stranger"


async def create_invite(services: Services, admin_id: int, ttl: timedelta = INVITE_TTL) -> Invite:
    token = secrets.token_urlsafe(18)
    now = datetime.now(UTC).replace(microsecond=0)
    expires = (now + ttl).isoformat()
    await services.db.access.prune_invites(now.isoformat())
    await services.db.access.add_invite(hash_token(token), admin_id, now.isoformat(), expires)
    return Invite(token=token, expires_at=expires)


RedeemStatus = Literal["ok", "already", "used", "expired", "unknown"]


async def redeem_invite(
    services: Services, token: str, user_id: int, name: str | None = None
) -> RedeemStatus:
    """Make `user_id` a member if `token` is a valid, unused, unexpired invite."""
    if await role_of(services, user_id) != "stranger":
        return "already"
    if not _TOKEN.fullmatch(token):
        return "unknown"
    now = now_iso()
    status, admin_id = await services.db.access.use_invite(hash_token(token), user_id, now)
    if status != "ok" or admin_id is None:
        return status  # type: ignore[return-value]
    await services.db.access.add_member(user_id, admin_id, "invite", name, now)
    return "ok"


async def allow(services: Services, admin_id: int, user_id: int, name: str | None = None) -> bool:
    """True if `user_id` is new; admins are always in and need no row."""
    if is_admin(services, user_id):
        return False
    return await services.db.access.add_member(user_id, admin_id, "allow", name, now_iso())


async def revoke(services: Services, user_id: int) -> bool:
    if is_admin(services, user_id):
        raise NotAllowed(
            "That user is an admin (ADMIN_USER_IDS in the settings); remove them there."
        )
    return await services.db.access.remove_member(user_id)


async def end_strangers_alerts(services: Services) -> int:
    """In private mode, nobody outside the team keeps alerts (e.g. after ACCESS=open)."""
    if services.settings.access == "open":
        return 0
    return await services.db.access.end_strangers_alerts(services.settings.admin_user_ids)


async def members(services: Services) -> list[Member]:
    return await services.db.access.members()


async def approved_chats(services: Services) -> list[ApprovedChat]:
    return await services.db.access.approved_chats()


async def chat_allowed(services: Services, chat_id: int) -> bool:
    """Groups and channels: only those a member added the bot to (any, with ACCESS=open)."""
    return services.settings.access == "open" or await services.db.access.is_approved_chat(chat_id)


async def approve_chat(
    services: Services, chat_id: int, kind: str, title: str | None, added_by: int
) -> None:
    await services.db.access.approve_chat(chat_id, kind, title, added_by, now_iso())


async def follow_migration(services: Services, old_id: int, new_id: int) -> bool:
    """True if `new_id` is now approved because `old_id` (the group it was) had been."""
    return await services.db.access.move_approved_chat(old_id, new_id)


async def forget_chat(services: Services, chat_id: int) -> bool:
    return await services.db.access.forget_chat(chat_id)
