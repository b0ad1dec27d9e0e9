"""Turning what users send besides pasted text — links and files — into article text.

A web page is mostly not the article: navigation, ads, related links and reader comments
around it would give the extractor quotes nobody in the news said. trafilatura keeps the
main text (comments excluded) and reads the headline and date from the page's metadata.
It parses with lxml, which is CPU work, so it runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import trafilatura

from services.context import Services
from services.fetch import FetchedPage, Fetcher
from services.ingest import ArticleRejected, ArticleSource, IngestResult, ingest_article
from services.pdf import MAX_PDF_BYTES, pdf_text

URL_PATTERN = re.compile(r"https?://[^\s<>\"“”«»]+", re.IGNORECASE)
# A post is "mostly a link" when, besides one URL, it has at most a headline and a teaser.
MAX_WORDS_BESIDE_LINK = 30
DOCUMENT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MAX_DOCUMENT_BYTES = 1_000_000
MIN_PAGE_WORDS = 25
# A post's link opens Telegram's own preview of it, not an article: the post is forwarded.
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
TELEGRAM_LINK = (
    "That's a link to a Telegram post, and I don't open those as web pages. "
    "Forward the post itself to me instead (tap and hold it, then Forward)."
)
NO_ARTICLE_ON_PAGE = "I couldn't find an article's text on that page."
PASTE_INSTEAD = (
    "If you can open the article, copy its text and paste it here, "
    "or send the page as a file (.txt, .html or .pdf)."
)


class NoArticleOnPage(ArticleRejected):
    """The page loaded, but no article's text was found on it."""


@dataclass(frozen=True)
class PageArticle:
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD as the page states it
    site: str | None


def link_in(text: str, entity_urls: tuple[str, ...] = ()) -> str | None:
    """The one URL of a message that is only a link, or mostly one; else None.

    `entity_urls` are the URLs Telegram marked (url and text_link entities), which also
    catch a headline whose link is hidden behind its words.
    """
    found = (u.rstrip(".,;:!?)]") for u in URL_PATTERN.findall(text))
    urls = list(dict.fromkeys([*entity_urls, *found]))
    if len(urls) != 1:
        return None
    rest = URL_PATTERN.sub(" ", text)
    if len(rest.split()) > MAX_WORDS_BESIDE_LINK:
        return None
    return urls[0]


def is_telegram_link(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    return host.removeprefix("www.") in TELEGRAM_HOSTS or host.endswith(".t.me")


def extract_article(content: bytes | str, url: str | None = None) -> PageArticle | None:
    """The article in an HTML page, without navigation, ads and comments; None if none."""
    document = trafilatura.bare_extraction(
        content,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
    )
    if document is None or isinstance(document, dict):
        return None
    text = (document.text or "").strip()
    if len(text.split()) < MIN_PAGE_WORDS:
        return None
    title = (document.title or "").strip() or None
    if title and not text.startswith(title):
        text = f"{title}\n{text}"  # the digest's gist is the headline
    return PageArticle(text=text, title=title, published=document.date, site=document.sitename)


def page_text(page: FetchedPage) -> bytes | str:
    """Decoded text when the server named a charset; else bytes, so the page's meta decides."""
    if page.charset:
        try:
            return page.content.decode(page.charset, errors="replace")
        except LookupError:
            pass
    return page.content


async def read_page(page: FetchedPage, source: ArticleSource) -> tuple[str, ArticleSource]:
    """The article in a fetched page, and its source with the page's address, site and date.
    `NoArticleOnPage` if the page holds none. Extraction is CPU work: it runs in a thread."""
    if page.content_type == "text/plain":
        decoded = page_text(page)
        text = decoded if isinstance(decoded, str) else decoded.decode("utf-8", "replace")
        article = PageArticle(text, None, None, None)
    else:
        found = await asyncio.to_thread(extract_article, page_text(page), page.final_url)
        if found is None:
            raise NoArticleOnPage(NO_ARTICLE_ON_PAGE)
        article = found
    host = urlsplit(page.final_url).hostname
    source = replace(
        source,
        name=source.name or article.site or host,
        url=page.final_url,
        published_at=source.published_at or article.published,
    )
    return article.text, source


async def ingest_link(
    services: Services, fetcher: Fetcher, url: str, source: ArticleSource
) -> IngestResult:
    """Fetch, extract, then the same pipeline as pasted text, with the page as source (the
    CLI's `fetch`; the bot queues a link as a job instead).

    Raises `FetchError` (can't or mustn't fetch) or `ArticleRejected` (no article in it);
    either way nothing is stored. A Telegram post's link is not fetched.
    """
    if is_telegram_link(url):
        raise ArticleRejected(TELEGRAM_LINK)
    text, source = await read_page(await fetcher.fetch(url), source)
    return await ingest_article(services, text, source)


def is_document_name(file_name: str | None) -> bool:
    return file_name is not None and file_name.lower().endswith(DOCUMENT_EXTENSIONS)


def max_document_bytes(file_name: str) -> int:
    """A PDF carries its fonts and pictures, so it may be larger than a text file."""
    return MAX_PDF_BYTES if file_name.lower().endswith(".pdf") else MAX_DOCUMENT_BYTES


def too_large(file_name: str) -> str:
    return (
        f"The file is larger than {max_document_bytes(file_name) // 1_000_000} MB; "
        "send the article alone."
    )


def document_text(file_name: str, data: bytes) -> str:
    """A forwarded .txt/.md/.html/.pdf file as article text; `ArticleRejected` if it isn't
    one. CPU work (lxml, pypdf): call it in a worker thread."""
    if len(data) > max_document_bytes(file_name):
        raise ArticleRejected(too_large(file_name))
    if file_name.lower().endswith(".pdf"):
        return pdf_text(data)
    if b"\x00" in data[:4096]:
        raise ArticleRejected("That file is not text.")
    if file_name.lower().endswith((".html", ".htm")):
        found = extract_article(data)
        if found is None:
            raise ArticleRejected("I couldn't find an article's text in that HTML file.")
        return found.text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # an older editor's Windows file: curly quotes in cp1252
        text = data.decode("cp1252", errors="replace")
    if file_name.lower().endswith((".md", ".markdown")):
        text = markdown_to_text(text)
    return text


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)|(\*\*|__|`)", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Just enough Markdown undone that quotes and names read as prose."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    return html.unescape(text)
