"""Helpers for the links/files/channels/search/chart tests: a request that also serves
files and photos, a bot fixture using it, and raw updates as Telegram sends them."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.request import RequestData

from extraction import Extractor
from tests.integration.conftest import ADMIN_ID, OfflineBot, running_bot
from tests.integration.offline import BOT_USER, RecordingRequest

_ids = itertools.count(500_000)
CHANNEL = {"id": -1001234567890, "type": "channel", "title": "World Wire", "username": "worldwire"}
ADMIN_RIGHTS = {
    key: True
    for key in (
        "can_be_edited",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_post_messages",
        "can_edit_messages",
    )
} | {"is_anonymous": False}


class FileRequest(RecordingRequest):
    """RecordingRequest plus getFile/file downloads and sendPhoto, with uploads kept."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}
        self.uploads: list[bytes] = []

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getFile":
            file_id = params["file_id"]
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}",
            }
        if method in ("sendPhoto", "sendDocument"):
            return {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
            }
        return super()._result(method, params)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            return 200, self.files[url.rsplit("/", 1)[-1]]
        if request_data is not None and request_data.multipart_data:
            for part in request_data.multipart_data.values():
                content = part[1] if isinstance(part, tuple) else part  # (name, bytes, mime)
                self.uploads.append(content if isinstance(content, bytes) else content.read())
        return await super().do_request(url, method, request_data)


@pytest.fixture
async def ways_bot(tmp_path: Path, extractor: Extractor) -> AsyncIterator[OfflineBot]:
    async with running_bot(tmp_path / "ways.sqlite3", extractor, FileRequest()) as bot:
        yield bot


def update_of(bot: Any, **body: Any) -> Update:
    return Update.de_json({"update_id": next(_ids), **body}, bot)


def bot_membership(bot: Any, by: int, status: str, old: str = "left", chat: dict | None = None):
    """The bot's own status in a channel changed, by user `by` (my_chat_member)."""
    member = {"user": BOT_USER, "status": status}
    before = {"user": BOT_USER, "status": old}
    if status == "administrator":
        member |= ADMIN_RIGHTS
    if old == "administrator":
        before |= ADMIN_RIGHTS
    return update_of(
        bot,
        my_chat_member={
            "chat": chat or CHANNEL,
            "from": {"id": by, "is_bot": False, "first_name": "U"},
            "date": int(time.time()),
            "old_chat_member": before,
            "new_chat_member": member,
        },
    )


def channel_post(bot: Any, text: str, message_id: int, edited: bool = False, chat=None):
    post = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat or CHANNEL,
        "sender_chat": chat or CHANNEL,
        "text": text,
    }
    if edited:
        post["edit_date"] = int(time.time())
    return update_of(bot, **{"edited_channel_post" if edited else "channel_post": post})


def document_message(bot: Any, request: FileRequest, name: str, data: bytes, **extra: Any):
    file_id = f"f{next(_ids)}"
    request.files[file_id] = data
    return update_of(
        bot,
        message={
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": ADMIN_ID, "type": "private", "first_name": "T"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "T"},
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": name,
                "file_size": len(data),
                **extra,
            },
        },
    )
