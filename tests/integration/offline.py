"""Driving python-telegram-bot without a network: a `BaseRequest` that records every call.

PTB ships no offline request class. This one answers each Bot API method with a plausible
result and keeps the calls, so handler tests can assert exactly what the bot sent.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "OnRecord",
    "username": "OnRecordTestBot",
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    error: int | None = None  # the HTTP status of an injected failure


@dataclass
class Fault:
    """The next `count` sends/edits to `chat_id` (None: any chat) fail like Telegram would."""

    chat_id: int | None
    code: int  # 429 (RetryAfter), 403 (Forbidden), 400 (BadRequest), 502 (NetworkError)
    count: int = 1
    retry_after: int = 1
    description: str = ""


FAULT_DESCRIPTIONS = {
    429: "Too Many Requests: retry after {retry_after}",
    403: "Forbidden: bot was blocked by the user",
    400: "Bad Request: message text is empty",
    502: "Bad Gateway",
}
FAILING_METHODS = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")


class RecordingRequest(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._message_ids = itertools.count(1000)
        self.faults: list[Fault] = []

    def fail(
        self,
        chat_id: int | None,
        code: int,
        count: int = 1,
        retry_after: int = 1,
        description: str = "",
    ) -> None:
        """Make the next `count` sends/edits to `chat_id` fail with `code` (429/403/400/502)."""
        self.faults.append(Fault(chat_id, code, count, retry_after, description))

    def _fault_for(self, method: str, params: dict[str, Any]) -> Fault | None:
        if method not in FAILING_METHODS:
            return None
        chat_id = int(params.get("chat_id", 0))
        for fault in self.faults:
            if fault.count > 0 and fault.chat_id in (None, chat_id):
                fault.count -= 1
                return fault
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of the accepted calls of `method` (injected failures left out)."""
        return [c.params for c in self.calls if c.method == method and c.error is None]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """What a user would see last in each message: sends, with edits applied."""
        by_id: dict[int, str] = {}
        for call in self.calls:
            if chat_id is not None and int(call.params.get("chat_id", 0)) != chat_id:
                continue
            if call.error is not None:
                continue
            if call.method == "sendMessage":
                by_id[call.params["_message_id"]] = call.params["text"]
            elif call.method == "editMessageText":
                by_id[int(call.params["message_id"])] = call.params["text"]
        return list(by_id.values())

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText"):
            message_id = params.get("message_id") or next(self._message_ids)
            params["_message_id"] = int(message_id)
            return {
                "message_id": int(message_id),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "getMyCommands":
            return []
        return True

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
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        fault = self._fault_for(api_method, params)
        self.calls.append(Call(api_method, params, fault.code if fault else None))
        if fault is not None:
            description = fault.description or FAULT_DESCRIPTIONS[fault.code]
            error: dict[str, Any] = {
                "ok": False,
                "error_code": fault.code,
                "description": description.format(retry_after=fault.retry_after),
            }
            if fault.code == 429:
                error["parameters"] = {"retry_after": fault.retry_after}
            return fault.code, json.dumps(error).encode()
        body = {"ok": True, "result": self._result(api_method, params)}
        return 200, json.dumps(body).encode()


_update_ids = itertools.count(1)


def message_update(
    bot: Any, user_id: int, text: str, chat_id: int | None = None, **extra: Any
) -> Update:
    """A private-chat text message from `user_id`, as Telegram would deliver it."""
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    data = {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id or user_id, "type": "private", "first_name": "T"},
            "from": {"id": user_id, "is_bot": False, "first_name": "T"},
            "text": text,
            "entities": entities,
            **extra,
        },
    }
    return Update.de_json(data, bot)
