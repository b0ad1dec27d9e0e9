"""A time zone whose minute turns when a test wants it to.

Quiet hours and digest times are whole minutes of the chat's own zone, so a test waiting for
quiet hours to end in a real zone waits for the next wall-clock minute: up to a minute and a
half once it has left itself time to send the articles. A zone offset from UTC by seconds (as
the tz database's local mean times were) turns its minute a chosen few seconds from now
instead. It is a real TZif file on the bot's PYTHONTZPATH, chosen with /timezone like any
other zone, so the bot runs unchanged and on the real clock.
"""

from __future__ import annotations

import os
import struct
import zoneinfo
from datetime import datetime
from pathlib import Path

NAME = "Test/Shifted"


def tzif(offset_seconds: int, abbreviation: bytes = b"TST") -> bytes:
    """A TZif (RFC 8536) version 2 file: one local time type, `offset_seconds` east of UTC,
    no transitions, an empty footer."""

    def block() -> bytes:
        counts = (0, 0, 0, 0, 1, len(abbreviation) + 1)  # isut, isstd, leap, time, type, char
        header = b"TZif2" + bytes(15) + struct.pack(">6l", *counts)
        return header + struct.pack(">lbB", offset_seconds, 0, 0) + abbreviation + b"\0"

    return block() + block() + b"\n\n"  # the 32-bit and the 64-bit data, then the footer


def offset_turning_at(moment: datetime) -> int:
    """Seconds east of UTC (0–59) at which the local clock reads a whole minute at `moment`."""
    return -round(moment.timestamp()) % 60


def install(directory: Path, offset_seconds: int) -> None:
    """Write the zone `NAME` under `directory` (the first entry of `tz_path_env`)."""
    path = directory / NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tzif(offset_seconds))


def tz_path_env(directory: Path) -> dict[str, str]:
    """The bot's environment entry putting `directory` before the usual zone directories."""
    return {"PYTHONTZPATH": os.pathsep.join([str(directory), *zoneinfo.TZPATH])}
