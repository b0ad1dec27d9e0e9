"""Updates of every kind, from anyone, in any chat — and a bot built with chosen settings.

`message_update` in offline.py covers private text; the access tests also need groups,
channels, callback queries, edits, photos and `my_chat_member`, built here as Telegram
would send them.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.request import RequestData

from bot.app import build_application
from extraction import Extractor
from tests.integration.conftest import OfflineBot, make_settings
from tests.integration.offline import BOT_USER, RecordingRequest

GROUP_ID = -100555
CHANNEL_ID = -100777
_ids = itertools.count(500_000)


class FileRecordingRequest(RecordingRequest):
    """Also answers sendDocument with a message, and keeps the uploaded files' bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[tuple[str, bytes]] = []

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "sendDocument":
            return {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "document": {"file_id": "f", "file_unique_id": "u"},
            }
        return super()._result(method, params)

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if request_data is not None and request_data.multipart_data:
            for name, part in request_data.multipart_data.items():
                self.files.append(
                    (
                        str(part[0] if isinstance(part, tuple) else name),
                        part[1] if isinstance(part, tuple) else part,
                    )
                )
        return await super().do_request(url, method, request_data, **kwargs)


@contextlib.asynccontextmanager
async def running_bot(
    tmp_path: Path, extractor: Extractor, **settings: Any
) -> AsyncIterator[OfflineBot]:
    """Like the `offline_bot` fixture, with settings overrides (e.g. access="open")."""
    request = FileRecordingRequest()
    app = build_application(
        make_settings(tmp_path / "trust.sqlite3", **settings), extractor, request
    )
    app.bot_data["join_window"] = 0.05
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        try:
            yield OfflineBot(app, request)
        finally:
            assert app.post_shutdown is not None
            await app.post_shutdown(app)


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}


def _chat(chat_id: int, kind: str) -> dict[str, Any]:
    if kind == "private":
        return {"id": chat_id, "type": "private", "first_name": "T"}
    return {"id": chat_id, "type": kind, "title": f"{kind} {chat_id}"}


def raw_message(
    user_id: int | None,
    text: str | None,
    chat_id: int | None = None,
    kind: str = "private",
    **extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": _chat(chat_id if chat_id is not None else (user_id or 0), kind),
        **extra,
    }
    if user_id is not None:
        message["from"] = _user(user_id)
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    return message


def update(bot: Any, **payload: Any) -> Update:
    return Update.de_json({"update_id": next(_ids), **payload}, bot)


def message(
    bot: Any,
    user_id: int,
    text: str | None,
    chat_id: int | None = None,
    kind: str = "private",
    **extra: Any,
) -> Update:
    return update(bot, message=raw_message(user_id, text, chat_id, kind, **extra))


def edited(bot: Any, user_id: int, text: str) -> Update:
    raw = raw_message(user_id, text)
    raw["edit_date"] = int(time.time())
    return update(bot, edited_message=raw)


def photo(bot: Any, user_id: int, caption: str | None = None) -> Update:
    extra: dict[str, Any] = {
        "photo": [{"file_id": "p", "file_unique_id": "pu", "width": 10, "height": 10}]
    }
    if caption is not None:
        extra["caption"] = caption
    return message(bot, user_id, None, **extra)


def document(bot: Any, user_id: int) -> Update:
    return message(bot, user_id, None, document={"file_id": "d", "file_unique_id": "du"})


def channel_post(bot: Any, text: str, chat_id: int = CHANNEL_ID) -> Update:
    return update(bot, channel_post=raw_message(None, text, chat_id, "channel"))


def callback(bot: Any, user_id: int, data: str, on_message: dict[str, Any] | None = None) -> Update:
    on_message = on_message or raw_message(BOT_USER["id"], "digest", chat_id=user_id)
    return update(
        bot,
        callback_query={
            "id": str(next(_ids)),
            "from": _user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": on_message,
        },
    )


def bot_added(
    bot: Any, by_user: int, chat_id: int = GROUP_ID, kind: str = "supergroup", removed: bool = False
) -> Update:
    """`my_chat_member`: the bot was added to (or removed from) a group or channel."""
    me = {**BOT_USER}
    old, new = ("member", "left") if removed else ("left", "member")
    if kind == "channel" and not removed:
        new = "administrator"
    member = {"user": me, "status": new}
    if new == "administrator":
        member.update(
            {
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": False,
                "can_manage_video_chats": False,
                "can_restrict_members": False,
                "can_promote_members": False,
                "can_change_info": False,
                "can_invite_users": False,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        )
    return update(
        bot,
        my_chat_member={
            "chat": _chat(chat_id, kind),
            "from": _user(by_user),
            "date": int(time.time()),
            "old_chat_member": {"user": me, "status": old},
            "new_chat_member": member,
        },
    )
