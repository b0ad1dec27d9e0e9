"""Command line: `python -m bot run|extract|ingest|topic|…` (also installed as `onrecord`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.cli_archive import ARCHIVE_COMMANDS, add_archive_commands
from bot.cli_run import cmd_run, print_statements
from bot.cli_safety import SAFETY_COMMANDS, add_safety_commands
from bot.config import ConfigError, Settings, load_settings
from bot.instance_lock import AlreadyRunning
from bot.logging_setup import configure_logging
from handlers.format import count_of
from services.errors import STARTUP_ERRORS

log = logging.getLogger("bot.cli")


class InputError(ValueError):
    """One input can't be processed; the message names it. The batch goes on."""


def read_text_input(name: str, max_chars: int) -> str:
    """Text of FILE or '-' (stdin), checked: exists, is text, not empty, not too long."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"{name}: no such file")
        data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return check_text(name, text, max_chars)


def check_text(name: str, text: str, max_chars: int) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty text")
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters, over the limit of {max_chars:,}")
    return text


def jsonl_inputs(lines: Iterable[str], max_chars: int) -> Iterator[tuple[str, str] | InputError]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or "text" not in item or "id" not in item:
                raise InputError(f"stdin line {number}: expected an object with id and text")
            if not isinstance(item["text"], str):
                raise InputError(f"stdin line {number}: text must be a string")
            yield (
                str(item["id"]),
                check_text(f"stdin line {number} (id {item['id']})", item["text"], max_chars),
            )
        except json.JSONDecodeError as exc:
            yield InputError(f"stdin line {number}: invalid JSON ({exc.msg})")
        except InputError as exc:
            yield exc


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    """Statements as they would be stored: the text is cleaned as the bot cleans an article
    (services.text_safety), analysed, and every offset mapped back into the exact input."""
    from services.context import load_extractor
    from services.text_safety import clean_with_offsets, offsets_in_original

    extractor = load_extractor(settings.spacy_model)
    max_chars = min(settings.max_article_chars, extractor.nlp.max_length)
    failures = 0
    if args.jsonl:
        good: list[tuple[str, str]] = []
        for item in jsonl_inputs(sys.stdin, max_chars):
            if isinstance(item, InputError):
                print(f"error: {item}", file=sys.stderr)
                failures += 1
            else:
                good.append(item)
        inputs = [clean_with_offsets(text) for _, text in good]
        analyses = extractor.analyze_many(c.text for c in inputs)
        for (item_id, _), cleaned, analysis in zip(good, inputs, analyses, strict=True):
            found = offsets_in_original(analysis.to_json(), cleaned)
            print(json.dumps({"id": item_id, **found}, ensure_ascii=False))
        return 1 if failures else 0
    for name in args.files or ["-"]:
        try:
            text = read_text_input(name, max_chars)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        article = clean_with_offsets(text)
        analysis = extractor.analyze(article.text)
        if args.json:
            found = offsets_in_original(analysis.to_json(), article)
            print(json.dumps(found, ensure_ascii=False, indent=1))
        else:
            print_statements(analysis)
    return 1 if failures else 0


async def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from services import open_services
    from services.ingest import ArticleRejected, ArticleSource, ingest_many

    services = await open_services(settings)
    failures = 0
    names: list[str] = []
    items: list[tuple[str, ArticleSource]] = []
    for name in args.files:
        try:
            items.append(
                (read_text_input(name, settings.max_article_chars), ArticleSource(Path(name).name))
            )
            names.append(name)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
    try:
        name_of = iter(names)
        async for result in ingest_many(services, items, args.batch_size):
            name = next(name_of)
            if isinstance(result, ArticleRejected):
                print(f"error: {name}: {result}", file=sys.stderr)
                failures += 1
                continue
            state = "already stored" if result.duplicate else "stored"
            print(
                f"{name}: {state} as article {result.stored.id}, "
                f"{count_of(len(result.analysis.statements), 'statement')}"
            )
    finally:
        await services.close()
    return 1 if failures else 0


async def _topic(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.format import html_to_plain
    from handlers.format_positions import render_topic_view
    from services import open_services
    from services.topics import topic_view

    services = await open_services(settings)
    try:
        view = await topic_view(services, args.slug.lstrip("/").lower(), args.page - 1)
        if view is None:
            slugs = ", ".join(t.slug for t in services.resources.topics)
            print(f"error: unknown topic {args.slug!r}; known: {slugs}", file=sys.stderr)
            return 2
        for message in render_topic_view(view):
            print(html_to_plain(message))
    finally:
        await services.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onrecord", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the Telegram bot (long polling)")
    run.add_argument(
        "--demo-without-token",
        action="store_true",
        help="without a token, explain how to get one and show a digest of the seed article",
    )
    sub.add_parser("worker", help="parse queued articles beside the bot (see PARSE_WORKERS)")
    sub.add_parser("sender", help="deliver alerts beside the bot (PostgreSQL, docs/scaling.md)")
    extract = sub.add_parser("extract", help="print the statements found in articles")
    extract.add_argument("files", nargs="*", metavar="FILE", help="text files, or - for stdin")
    mode = extract.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="the JSON schema of DESIGN.md")
    mode.add_argument(
        "--jsonl", action="store_true", help='read {"id","text"} lines on stdin, write results'
    )
    ingest = sub.add_parser("ingest", help="store articles in the database without Telegram")
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument(
        "--batch-size", type=int, default=16, help="articles parsed per nlp.pipe batch"
    )
    topic = sub.add_parser("topic", help="print what /TOPIC would answer")
    topic.add_argument("slug")
    topic.add_argument("--page", type=int, default=1)
    add_safety_commands(sub)
    add_archive_commands(sub)
    return parser


# A bad setting, data file, model or database stops the program with one line, no traceback.
ONE_LINE_ERRORS: tuple[type[Exception], ...] = (ConfigError, AlreadyRunning, *STARTUP_ERRORS)


def main(argv: list[str] | None = None) -> int:
    # Owner-only files: the database and its -wal/-shm, backups, exports, and anything else
    # this process creates hold the team's record (and the member list).
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        webhook_secret = settings.webhook.secret if settings.webhook else ""
        configure_logging(settings.log_level, settings.token, webhook_secret)
        if args.command == "run":
            return cmd_run(args, settings)
        if args.command == "extract":
            return cmd_extract(args, settings)
        if args.command == "worker":
            from bot.worker import run_worker

            return run_worker(settings)
        if args.command == "sender":
            from bot.sender_process import run_sender

            return run_sender(settings)
        if args.command == "ingest":
            return asyncio.run(_ingest(args, settings))
        if args.command in SAFETY_COMMANDS:
            return asyncio.run(SAFETY_COMMANDS[args.command](args, settings))
        if args.command in ARCHIVE_COMMANDS:
            return asyncio.run(ARCHIVE_COMMANDS[args.command](args, settings))
        return asyncio.run(_topic(args, settings))
    except ONE_LINE_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
