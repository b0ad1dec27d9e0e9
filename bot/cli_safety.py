"""`python -m bot backup PATH`, `export --format csv|json [--output FILE]`, `forget USER_ID`,
`migrate-to postgresql://…`.

Neither loads the spaCy model: they start in a moment and can run beside the bot. Export
opens the database through the migration runner, so an OnRecord older than the database
refuses it with `SchemaTooNewError` (a clear one-line error) instead of misreading it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.config import Settings
from handlers.format import count_of
from storage.errors import CopyRefused


def add_safety_commands(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup", help="copy DATABASE_PATH to PATH, consistently, even while the bot runs"
    )
    backup.add_argument("path", metavar="PATH", help="the new file (must not exist)")
    export = sub.add_parser(
        "export",
        help="print every statement with speaker, topics, sides on targets, source and date",
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    forget = sub.add_parser(
        "forget", help="delete what USER_ID sent (except kept articles), as /forget_me does"
    )
    forget.add_argument("user_id", type=int, metavar="USER_ID")
    export.add_argument("--topic", metavar="SLUG", help="only the statements on one topic")
    move = sub.add_parser(
        "migrate-to",
        help="copy the record at DATABASE_PATH into PostgreSQL (safe to run again)",
    )
    move.add_argument("url", metavar="URL", help="postgresql://USER:PASSWORD@HOST:PORT/DATABASE")


async def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from services.export import backup

    if settings.database_url is not None:
        print(
            "error: backup copies the SQLite file at DATABASE_PATH; with DATABASE_URL set, "
            "back up the PostgreSQL database with pg_dump (docs/scaling.md)",
            file=sys.stderr,
        )
        return 2
    target = Path(args.path)
    try:
        await backup(settings.database_path, target)
    except (FileNotFoundError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"backed up {settings.database_path} to {target}")
    return 0


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    from services.backend import open_store
    from services.export import write_csv, write_json

    if settings.database_url is None and not settings.database_path.is_file():
        print(f"error: no database at {settings.database_path}", file=sys.stderr)
        return 2
    if args.topic:
        from services.resources import load_resources

        if load_resources().topic(args.topic) is None:
            print(f"error: no topic called {args.topic!r}", file=sys.stderr)
            return 2
    db = await open_store(settings.database)
    try:
        with contextlib.ExitStack() as stack:
            out = (
                stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                if args.output
                else sys.stdout
            )
            write = write_csv if args.format == "csv" else write_json
            try:
                count = await write(db, out, args.topic)
            except BrokenPipeError:  # `export | head`: the reader has what it wanted
                return 0
    finally:
        await db.close()
    print(f"exported {count_of(count, 'statement')}", file=sys.stderr)
    return 0


async def _forget(args: argparse.Namespace, settings: Settings) -> int:
    """An admin's way to honour a deletion request for someone who can't use /forget_me
    (revoked, or never a member of this deployment)."""
    from services.backend import open_store

    if settings.database_url is None and not settings.database_path.is_file():
        print(f"error: no database at {settings.database_path}", file=sys.stderr)
        return 2
    db = await open_store(settings.database)
    try:
        forgotten = await db.deletion.forget_user(args.user_id)
    finally:
        await db.close()
    kept = f"; {forgotten.kept} kept by an admin stay" if forgotten.kept else ""
    print(
        f"user {args.user_id}: deleted {forgotten.articles} article(s) and "
        f"{forgotten.subscriptions} subscription(s){kept}"
    )
    return 0


async def _migrate_to(args: argparse.Namespace, settings: Settings) -> int:
    """Moving up to PostgreSQL: every table copied with its ids, then counted on both sides;
    a second run adds only what is missing (docs/scaling.md)."""
    from services.backend import is_postgres, migrate_to

    if not is_postgres(args.url):
        print("error: migrate-to takes a postgresql:// URL", file=sys.stderr)
        return 2
    if not settings.database_path.is_file():
        print(f"error: no database at {settings.database_path}", file=sys.stderr)
        return 2
    try:
        copied = await migrate_to(settings.database_path, args.url)
    except CopyRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    differ = [(table, ours, theirs) for table, ours, theirs in copied if ours != theirs]
    rows = sum(ours for _, ours, _ in copied)
    for table, ours, theirs in differ:
        print(f"error: {table}: {ours} rows in SQLite, {theirs} in PostgreSQL", file=sys.stderr)
    if differ:
        return 1
    print(
        f"copied {settings.database_path} into PostgreSQL: {count_of(rows, 'row')} in "
        f"{len(copied)} tables, every count verified"
    )
    return 0


SAFETY_COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]] = {
    "backup": _backup,
    "export": _export,
    "forget": _forget,
    "migrate-to": _migrate_to,
}
