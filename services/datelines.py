"""The date an article gives itself: "TEHRAN, Dec 2 (Wire) -", "March 3, 2026", "2 December".

A pasted article carries no metadata, but wire copy opens with a dateline; without it,
statements said in March would be dated the day the bot received them. Only the opening of
the text is read (the dateline, or a date in the first lines), and a date without a year is
the latest such day not after the day the article was received.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![-\w])\.?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
# "Dec 2", "December 2, 2026" or "2 December 2026", as a whole phrase.
_MONTH2, _YEAR2 = _MONTH.replace("month", "month2"), _YEAR.replace("year", "year2")
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?!\d){_YEAR}"
    rf"|(?P<day2>\d{{1,2}})\s+{_MONTH2}{_YEAR2})\b",
    re.IGNORECASE,
)
OPENING_CHARS = 400


def dateline_date(text: str, received: date) -> str | None:
    """The article's own date as YYYY-MM-DD, read from its opening, or None."""
    found = _DATE.search(text[:OPENING_CHARS])
    if found is None:
        return None
    month = MONTHS[(found["month"] or found["month2"]).lower()]
    day = int(found["day"] or found["day2"])
    year_text = found["year"] or found["year2"]
    try:
        if year_text:
            return date(int(year_text), month, day).isoformat()
        said = date(received.year, month, day)
        if said > received:
            said = date(received.year - 1, month, day)
    except ValueError:  # "Feb 30", or Feb 29 in the year before a leap year
        return None
    return said.isoformat()
