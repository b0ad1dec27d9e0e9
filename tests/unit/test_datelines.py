"""An article's own date from its opening (services/datelines.py)."""

from __future__ import annotations

from datetime import date

import pytest

from services.datelines import dateline_date

RECEIVED = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\n\nTEHRAN, Dec 2 (Wire) - Iran warned...", "2026-12-02"),
        ("VIENNA/TEHRAN, March 3 (Wire) - The agency said...", "2026-03-03"),
        ("WASHINGTON, Sept. 14, 2025 — The senator said...", "2025-09-14"),
        ("Published 2 December 2026. The minister said...", "2026-12-02"),
        # no year and later in the year than the day received: last year's
        ("MOSCOW, Dec 24 (Wire) - Peskov said...", "2025-12-24"),
    ],
)
def test_the_opening_date_is_read(text: str, expected: str) -> None:
    assert dateline_date(text, RECEIVED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kremlin spokesman Dmitry Peskov said on Tuesday that talks would resume.",
        "MOSCOW, Feb 30 (Wire) - an impossible day.",
        "x" * 500 + " MOSCOW, Dec 2 (Wire) - too far in to be a dateline.",
        "He spoke for 3 march-like minutes.",
    ],
)
def test_no_date_or_no_real_date_gives_none(text: str) -> None:
    assert dateline_date(text, RECEIVED) is None
