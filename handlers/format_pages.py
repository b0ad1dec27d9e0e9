"""Every statement of an article, page by page, each page one phone screen: what "More"
under a digest opens, edited in place with ◀ ▶.

Pages are cut the same way every time from the statements on record (greedily, in article
order, at most `PER_PAGE` statements, `SCREEN_LINES` lines and `PAGE_CHARS` characters), so
a page number in a button always means the same statements until the record changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from handlers.format import count_of, esc, html_to_plain, sides_text, spoken
from handlers.format_digest import SCREEN_LINES, SCREEN_WIDTH, screen_lines

if TYPE_CHECKING:
    from storage import StatementRow

PAGE_CHARS = 700
PER_PAGE = 5  # with ◀ ▶, at most 7 buttons under a page
QUOTE_LINES = 2  # screen lines a statement's head and quote take at most
HEADER_LINES = 1
HEADER_CHARS = 40  # "📋 All 999 statements · page 99 of 99"


def statement_line(number: int, row: StatementRow, labels: Mapping[str, str]) -> str:
    """'3. <b>Dmitry Peskov</b> — against military strikes on Iran: “…”', within
    `QUOTE_LINES` screen lines."""
    who = f"<b>{esc(row.speaker)}</b>" if row.speaker else "<i>unattributed</i>"
    sides = sides_text(row.positions, labels)
    head = f"{who}{' — ' + sides if sides else ''}"
    room = QUOTE_LINES * SCREEN_WIDTH - len(html_to_plain(head)) - 8  # number, ': ', marks
    return f"{number}. " + spoken(head, row.text, row.display, max(room, 30))


def page_header(count: int, page: int, pages: int) -> str:
    where = f" · page {page + 1} of {pages}" if pages > 1 else ""
    return f"📋 <b>All {count_of(count, 'statement')}</b>{where}"


def cut_pages(rows: Sequence[StatementRow], labels: Mapping[str, str]) -> list[range]:
    """The statements (as index ranges into `rows`) on each page."""
    pages: list[range] = []
    start, used_lines, used_chars = 0, HEADER_LINES, HEADER_CHARS
    for index, row in enumerate(rows):
        line = statement_line(index + 1, row, labels)
        lines, chars = screen_lines(line), len(html_to_plain(line)) + 1
        full = index - start >= PER_PAGE
        if index > start and (
            full or used_lines + lines > SCREEN_LINES or used_chars + chars > PAGE_CHARS
        ):
            pages.append(range(start, index))
            start, used_lines, used_chars = index, HEADER_LINES, HEADER_CHARS
        used_lines += lines
        used_chars += chars
    if start < len(rows) or not pages:
        pages.append(range(start, len(rows)))
    return pages


def render_article_page(
    rows: Sequence[StatementRow], page: int, labels: Mapping[str, str]
) -> tuple[str, range, int]:
    """Page `page` (clamped) of an article's statements: the HTML, the statements on it,
    and how many pages there are."""
    pages = cut_pages(rows, labels)
    page = min(max(page, 0), len(pages) - 1)
    shown = pages[page]
    lines = [page_header(len(rows), page, len(pages))]
    lines.extend(statement_line(index + 1, rows[index], labels) for index in shown)
    if not rows:
        lines.append("<i>None of its statements is on record any more.</i>")
    return "\n".join(lines), shown, len(pages)
