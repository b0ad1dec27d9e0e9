"""`python -m bot run`: the bot itself, or without a token a demo on the seed article; and
the readable listing of an analysis the CLI prints."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from bot.config import Settings
from bot.instance_lock import hold_instance_lock
from bot.logging_setup import redacted
from extraction import Analysis
from handlers.format import count_of
from services.resources import SEEDS_DIR

SEED_ARTICLE = SEEDS_DIR / "kremlin-peskov-briefing.txt"
log = logging.getLogger("bot.cli")


def print_statements(analysis: Analysis, out: TextIO = sys.stdout) -> None:
    print(f"{analysis.gist}\n{count_of(len(analysis.statements), 'statement')}", file=out)
    for number, st in enumerate(analysis.statements, 1):
        role = f" ({st.speaker_role})" if st.speaker_role else ""
        topics = ", ".join(st.topics) or "-"
        sides = ", ".join(f"{p.side} {p.target} ({p.confidence:.2f})" for p in st.positions) or "-"
        # found but put on no record: a reporter's question, a refusal to comment
        kind = st.kind if st.said else f"{st.kind}, not on record"
        print(
            f"{number:>2}. [{kind}] {st.speaker or '(no source)'}{role} — {st.cue or '-'}: "
            f"{st.text}\n    topics: {topics}; sides: {sides}; score: {st.score:.2f}",
            file=out,
        )


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.token and args.demo_without_token:
        print(
            "No TELEGRAM_BOT_TOKEN set. To run the bot: open Telegram, talk to @BotFather, "
            "send /newbot, then put TELEGRAM_BOT_TOKEN=<token> and ADMIN_USER_IDS=<your id> "
            "in .env (see .env.example) and run `make run` again.\n"
            f"Meanwhile, here is what OnRecord extracts from {SEED_ARTICLE.name}:\n",
            file=sys.stderr,
        )
        return _demo_digest(settings)
    from telegram.error import InvalidToken, TelegramError

    from bot.front import LOST_EXIT_CODE, FrontWatch, take_front
    from bot.serve import run

    token = settings.require_token()
    watch: FrontWatch | None = None
    if settings.database_url is None:
        hold_instance_lock(settings.database_path)  # for the process's life; AlreadyRunning if held
    else:
        watch = take_front(settings.database_url)  # waits as a standby while another front runs
    if not settings.admin_user_ids:
        log.warning("ADMIN_USER_IDS is empty: the bot will refuse everyone")
    try:
        run(settings, watch.watch if watch is not None else None)
    except InvalidToken:
        print(
            "error: Telegram rejected TELEGRAM_BOT_TOKEN (Unauthorized): copy it again from "
            "@BotFather (/mybots → API Token) into .env",
            file=sys.stderr,
        )
        return 2
    except TelegramError as exc:  # e.g. Telegram unreachable at start-up
        reason = redacted(f"{type(exc).__name__}: {exc}", token).splitlines()[0]
        print(f"error: could not start the bot ({reason})", file=sys.stderr)
        return 2
    return LOST_EXIT_CODE if watch is not None and watch.lost else 0


def _demo_digest(settings: Settings) -> int:
    from handlers.format import html_to_plain
    from handlers.format_digest import render_digest
    from services.context import load_extractor
    from services.ingest import IngestResult
    from storage import StoredArticle

    extractor = load_extractor(settings.spacy_model)
    analysis = extractor.analyze(SEED_ARTICLE.read_text(encoding="utf-8"))
    preview = IngestResult(analysis, StoredArticle(0, True, "", None, ()))
    topics = {t.slug: t for t in extractor.resources.topics}
    for message in render_digest(preview, topics):
        print(html_to_plain(message))
    print("\nAll statements:\n")
    print_statements(analysis)
    return 0
