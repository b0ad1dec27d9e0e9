"""Getting the record out: CSV/JSON export of every statement, and online backups.

Shared by `python -m bot export|backup` and the admin's `/export`. Export needs only the
database, not the spaCy model, so it starts in a moment.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TextIO

from services import backend
from services.context import Services
from storage.models import StatementRow
from storage.ports import Store

# One statement as exported: flat, with its topics and its article's source and dates.
EXPORT_FIELDS = (
    "statement_id",
    "article_id",
    "speaker",
    "speaker_role",
    "kind",
    "text",
    "cue",
    "stance",
    "topics",
    "source",
    "source_url",
    "published_at",
    "received_at",
)
# Telegram bots may upload files of at most 50 MB.
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024


class ExportTooLarge(ValueError):
    """The compressed export is over the upload limit; str(exc) says what to do instead."""


def _rows(db: Store, topic: str | None) -> AsyncIterator[StatementRow]:
    """Every statement, or only one topic's (`/export iran`)."""
    return db.export.export_rows(topic)


def _values(row: StatementRow) -> tuple[object, ...]:
    """The EXPORT_FIELDS of a statement, topics joined by ';'."""
    return (
        row.id,
        row.article_id,
        row.speaker,
        row.speaker_role,
        row.kind,
        row.text,
        row.cue,
        row.stance,
        ";".join(row.topics),
        row.source,
        row.source_url,
        row.published_at,
        row.received_at,
    )


def _record(row: StatementRow) -> dict[str, object]:
    record = dict(zip(EXPORT_FIELDS, _values(row), strict=True))
    record["topics"] = list(row.topics)
    return record


async def write_csv(db: Store, out: TextIO, topic: str | None = None) -> int:
    """All statements (or one topic's) as CSV, topics joined by ';'; returns the row count."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    count = 0
    async for row in _rows(db, topic):
        writer.writerow(_values(row))
        count += 1
    return count


async def write_json(db: Store, out: TextIO, topic: str | None = None) -> int:
    """All statements (or one topic's) as one JSON array of objects (topics as a list)."""
    out.write("[")
    count = 0
    async for row in _rows(db, topic):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(_record(row), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


async def csv_gz(
    services: Services, limit: int | None = None, topic: str | None = None
) -> tuple[bytes, int]:
    """The CSV export gzip-compressed, for sending as a Telegram document.

    Raises `ExportTooLarge` above `limit` (Telegram's upload limit) instead of failing
    half-way through an upload.
    """
    limit = TELEGRAM_UPLOAD_LIMIT if limit is None else limit
    text = io.StringIO()
    count = await write_csv(services.db, text, topic)
    data = await asyncio.to_thread(gzip.compress, text.getvalue().encode("utf-8"))
    if len(data) > limit:
        raise ExportTooLarge(
            f"The export is {len(data) / 1e6:.1f} MB compressed, over Telegram's upload "
            f"limit of {limit / 1e6:.0f} MB. Run `python -m bot export --format csv` on the "
            "server instead."
        )
    return data, count


async def backup(source: Path, target: Path) -> None:
    """Copy the live database to `target` while the bot keeps writing."""
    await backend.backup(source, target)
