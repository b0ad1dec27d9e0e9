"""Small real-layout PDFs for the tests, written with pypdf from lines of text.

Each page is a list of lines set top-down in Helvetica the way a word processor sets a
press release: a bigger headline, justified body lines broken mid-word with a hyphen, a
blank line between paragraphs, and a page footer. Curly quotes go through WinAnsiEncoding,
as in real documents.
"""

from __future__ import annotations

import io
import textwrap

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

PAGE = (612, 792)  # US Letter, in points
LEADING = 14
TITLE_SIZE = 16
BODY_SIZE = 11


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _text(size: int, x: int, y: int, line: str) -> bytes:
    return b"BT /F1 %d Tf 1 0 0 1 %d %d Tm (%s) Tj ET" % (size, x, y, _escape(line))


def _content(lines: list[str], title: bool, header: str | None, footer: str | None) -> bytes:
    """One text object per line, each placed absolutely, as many writers emit them."""
    out = [_text(8, 72, PAGE[1] - 40, header)] if header else []
    y = PAGE[1] - 72
    for number, line in enumerate(lines):
        if not line:
            y -= LEADING  # the gap between paragraphs
            continue
        big = title and number == 0
        out.append(_text(TITLE_SIZE if big else BODY_SIZE, 72, y, line))
        y -= LEADING + (6 if big else 0)
    if footer:
        out.append(_text(9, 290, 40, footer))
    return b"\n".join(out)


def make_pdf(
    pages: list[list[str]],
    *,
    title: bool = True,
    header: str | None = None,
    footers: bool = True,
    password: str | None = None,
) -> bytes:
    """`pages` of lines ("" for a paragraph gap); the first line of the first page set as
    a headline when `title`; `header` at the top of every page; "Page N of M" at the foot."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    for number, lines in enumerate(pages, start=1):
        page = writer.add_blank_page(*PAGE)
        footer = f"Page {number} of {len(pages)}" if footers else None
        stream = DecodedStreamObject()
        stream.set_data(_content(lines, title and number == 1, header, footer))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref}),
                NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
            }
        )
        page[NameObject("/Rotate")] = NumberObject(0)
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def set_lines(paragraphs: list[str], width: int = 78) -> list[str]:
    """Paragraphs set as a typesetter would: wrapped at `width` characters, a long word
    at the start of a line broken with a hyphen at the end of the one before, and a blank
    line between paragraphs."""
    lines: list[str] = []
    for paragraph in paragraphs:
        wrapped = textwrap.wrap(paragraph, width, break_on_hyphens=False)
        for i in range(len(wrapped) - 1):
            head, _, rest = wrapped[i + 1].partition(" ")
            cut = len(head) // 2
            if head.isalpha() and len(head) >= 8 and len(wrapped[i]) + cut + 2 <= width + 4:
                wrapped[i] += f" {head[:cut]}-"
                wrapped[i + 1] = f"{head[cut:]} {rest}".strip()
        lines += [*wrapped, ""]
    return lines[:-1]
