"""Getting the record out: CSV/JSON export of every statement, and online backups.

Shared by `python -m bot export|backup` and `/export`. Export needs only the database, not
the spaCy model, so it starts in a moment.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import io
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from services import backend
from services.context import Services
from storage.models import StatementRow
from storage.ports import Store

# One row per (statement, target it takes a side on), flat, with its topics and its
# article's source and dates; a statement with no side is one row with target and side empty.
# `display` is the statement as screens show it when `text` is not the speaker's own words (a
# noun phrase or reported speech: "condemned the decision", "said the talks had failed"),
# empty (JSON: null) for a quotation.
EXPORT_FIELDS = (
    "statement_id",
    "article_id",
    "speaker",
    "speaker_role",
    "kind",
    "text",
    "display",
    "cue",
    "target",
    "side",
    "confidence",
    "evidence",
    "corrected",
    "topics",
    "source",
    "source_url",
    "published_at",
    "received_at",
)
# Telegram bots may upload files of at most 50 MB.
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024
# Up to this size /export sends a plain .csv, which a phone opens in a tap; above it, gzip.
PLAIN_CSV_LIMIT = 5 * 1024 * 1024
# Spreadsheet apps read a CSV without this mark in the local code page: “quotes” garbled.
UTF8_BOM = "\ufeff"


class ExportTooLarge(ValueError):
    """The compressed export is over the upload limit; str(exc) says what to do instead."""


def _rows(db: Store, topic: str | None) -> AsyncIterator[StatementRow]:
    """Every statement, or only one topic's (`/export iran`)."""
    return db.export.export_rows(topic)


def _values(row: StatementRow) -> Iterator[tuple[object, ...]]:
    """The EXPORT_FIELDS of each of a statement's positions (or of the statement alone, when
    it takes no side), topics joined by ';'."""
    positions = row.positions or (None,)
    for position in positions:
        yield (
            row.id,
            row.article_id,
            row.speaker,
            row.speaker_role,
            row.kind,
            row.text,
            row.display,
            row.cue,
            position.target if position else "",
            position.side if position else "",
            round(position.confidence, 2) if position else "",
            position.evidence if position else "",
            int(position.corrected) if position else "",
            ";".join(row.topics),
            row.source,
            row.source_url,
            row.published_at,
            row.received_at,
        )


def _records(row: StatementRow) -> Iterator[dict[str, object]]:
    for values in _values(row):
        record = dict(zip(EXPORT_FIELDS, values, strict=True))
        record["topics"] = list(row.topics)
        if not row.positions:
            record.update(target=None, side=None, confidence=None, evidence=None, corrected=None)
        else:
            record["corrected"] = bool(record["corrected"])
        yield record


async def write_csv(db: Store, out: TextIO, topic: str | None = None) -> int:
    """All statements (or one topic's) as CSV, one row per (statement, target), topics
    joined by ';'; returns the number of statements."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    count = 0
    async for row in _rows(db, topic):
        writer.writerows(_values(row))
        count += 1
    return count


async def write_json(db: Store, out: TextIO, topic: str | None = None) -> int:
    """All statements (or one topic's) as one JSON array of objects, one per (statement,
    target) like the CSV (topics as a list); returns the number of statements."""
    out.write("[")
    count = written = 0
    async for row in _rows(db, topic):
        for record in _records(row):
            out.write(",\n" if written else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
            written += 1
        count += 1
    out.write("\n]\n" if written else "]\n")
    return count


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    extension: str  # ".csv", or ".csv.gz" above PLAIN_CSV_LIMIT
    count: int  # statements

    @property
    def compressed(self) -> bool:
        return self.extension.endswith(".gz")


async def csv_file(services: Services, topic: str | None = None) -> ExportFile:
    """The CSV export as a file to send on Telegram: plain UTF-8 (with the byte-order mark
    spreadsheet apps look for) up to PLAIN_CSV_LIMIT, gzip-compressed above it.

    Raises `ExportTooLarge` above Telegram's upload limit instead of failing half-way
    through an upload.
    """
    text = io.StringIO()
    text.write(UTF8_BOM)
    count = await write_csv(services.db, text, topic)
    data = text.getvalue().encode("utf-8")
    if len(data) <= min(PLAIN_CSV_LIMIT, TELEGRAM_UPLOAD_LIMIT):
        return ExportFile(data, ".csv", count)
    data = await asyncio.to_thread(gzip.compress, data)
    if len(data) > TELEGRAM_UPLOAD_LIMIT:
        raise ExportTooLarge(
            f"The export is {len(data) / 1e6:.1f} MB compressed, over Telegram's upload "
            f"limit of {TELEGRAM_UPLOAD_LIMIT / 1e6:.0f} MB. An admin can run "
            "`python -m bot export --format csv` on the server instead."
        )
    return ExportFile(data, ".csv.gz", count)


async def backup(source: Path, target: Path) -> None:
    """Copy the live database to `target` while the bot keeps writing."""
    await backend.backup(source, target)
