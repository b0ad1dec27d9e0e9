"""A PDF press release as article text.

pypdf reads the text page by page in its layout mode, which keeps the gap between two
paragraphs as a blank line. The lines are then joined back into prose the way a reader
sees it: page numbers dropped, a word broken at the end of a line with a hyphen joined
again, the lines of a paragraph joined with spaces, and paragraphs kept apart — at a blank
line, or after a line much shorter than the page's full lines (a headline, a dateline, a
paragraph's last line). Parsing is CPU work: call it in a worker thread.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from services.ingest import ArticleRejected

MAX_PDF_BYTES = 10_000_000
MAX_PDF_PAGES = 40
# A line under this share of the page's full line width ends its paragraph.
SHORT_LINE = 0.6
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_BROKEN_WORD = re.compile(r"([^\W\d_]+)([-\u00ad])$")
_STARTS_LOWER = re.compile(r"^[a-zà-ÿ]")
# A hyphen at a line's end is the word's own after these, and between a vowel and the same
# vowel (de-escalate, re-elect, co-operate); elsewhere it is the typesetter's.
_HYPHENATED_PREFIXES = frozenset({"self", "ex", "non", "well", "all", "cross", "half", "vice"})

log = logging.getLogger(__name__)


class PdfRejected(ArticleRejected):
    """The PDF can't be read as an article; str(exc) says why."""


def pdf_text(data: bytes) -> str:
    """The article in a PDF; `PdfRejected` when it is encrypted, broken or has no text."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        pages = [_page_lines(page) for page in reader.pages[:MAX_PDF_PAGES]]
    except (FileNotDecryptedError, DependencyError) as exc:
        raise PdfRejected(
            "That PDF is password-protected, so I can't read it. "
            "Send it without the password, or paste the article's text."
        ) from exc
    except Exception as exc:  # pypdf meets broken files with many kinds of error
        log.info("unreadable PDF (%s): %s", type(exc).__name__, exc)
        raise PdfRejected(
            "I couldn't read that PDF: the file looks damaged. Paste the article's text instead."
        ) from exc
    text = join_lines(_without_running_lines(pages))
    if not text:
        raise PdfRejected(
            "That PDF has no text in it, only images (a scan?). Paste the article's text instead."
        )
    return text


def _page_lines(page: object) -> list[str]:
    try:
        raw = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # layout mode trips on some fonts; the plain mode has no blank lines
        raw = page.extract_text()  # type: ignore[attr-defined]
    lines = [" ".join(line.split()) for line in (raw or "").splitlines()]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _without_running_lines(pages: list[list[str]]) -> list[str]:
    """The pages' lines in one run, without a running header or footer: a line at the top
    or foot of every page (of two or more)."""
    running: set[str] = set()
    if len(pages) > 1:
        edges = [{*page[:2], *page[-2:]} - {""} for page in pages if page]
        running = set.intersection(*edges) if edges else set()
    lines: list[str] = []
    for page in pages:
        kept = [line for line in page if line not in running]
        while kept and not kept[0]:
            kept.pop(0)
        lines += kept
    return lines


def _own_hyphen(before: str, after: str) -> bool:
    return before in _HYPHENATED_PREFIXES or (before[-1] in "aeiou" and after[0] == before[-1])


def join_lines(lines: list[str]) -> str:
    """Lines as laid out on the page, joined into paragraphs separated by a blank line."""
    full = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif (broken := _BROKEN_WORD.search(current)) and _STARTS_LOWER.match(line):
            keep = broken[2] == "-" and _own_hyphen(broken[1].lower(), line.lower())
            current = (current if keep else current[:-1]) + line  # "Tues-" + "day that…"
        else:
            current = f"{current} {line}"
        if len(line) < SHORT_LINE * full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
