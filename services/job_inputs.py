"""What a job was received as, and the article a parser reads out of it.

Every way an article arrives is a job: pasted or forwarded text, /record, a link, a file,
a watched channel's post. A job's `input` (JSON) says what the bot must fetch before a
parser can take it (a link's URL, a file's Telegram id and name) and whom to answer (a
channel post answers nobody). The bot fetches — network waits cost its event loop nothing
and run beside other updates, where a parser would sit idle through them — and keeps the
bytes on the job; the parser reads the article out of them (trafilatura on lxml, pypdf:
CPU work, so in the parser's process and under its budget).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from services.article_hint import looks_like_article
from services.context import Services
from services.fetch import FetchedPage
from services.ingest import ArticleRejected, ArticleSource
from services.pages import PASTE_INSTEAD, NoArticleOnPage, document_text, read_page
from storage.jobs import FILE, LINK, TEXT, ParseJob

__all__ = ["FILE", "LINK", "TEXT", "ParseJob"]  # the kinds handlers queue, by name

HINT = (
    "Forward me a news article (or paste its text) and I'll pull out who said what. "
    "Type /help for the commands."
)
NOTHING_STORED = "Nothing was stored."


def input_of(job: ParseJob) -> dict[str, Any]:
    values = json.loads(job.input or "{}")
    return values if isinstance(values, dict) else {}


def link_input(url: str, channel: bool = False) -> str:
    return json.dumps({"url": url, "channel": channel}, sort_keys=True)


def file_input(file_id: str, file_name: str) -> str:
    return json.dumps({"file_id": file_id, "file_name": file_name}, sort_keys=True)


def channel_input() -> str:
    return json.dumps({"channel": True})


def answers_nobody(job: ParseJob) -> bool:
    """A watched channel's post: recorded, never answered (the bot never writes there)."""
    return bool(input_of(job).get("channel"))


def fetched_page(job: ParseJob, page: FetchedPage) -> tuple[bytes, str]:
    """What a link's job keeps of the page the bot fetched: its bytes, and how to read them."""
    values = input_of(job) | {
        "final_url": page.final_url,
        "content_type": page.content_type,
        "charset": page.charset,
    }
    return page.content, json.dumps(values, sort_keys=True)


def tell_failure(job: ParseJob, error: str) -> str:
    """The reason a link or a file was not stored, as its sender reads it."""
    if job.kind in (LINK, FILE) and "nothing was stored" not in error.lower():
        return f"{error}\n{NOTHING_STORED}"
    return error


async def article_of(
    services: Services, job: ParseJob, source: ArticleSource
) -> tuple[str, ArticleSource]:
    """In the parser: the job's article text and its source. `ArticleRejected` with the
    reason its sender is told when a page or file holds no article."""
    values = input_of(job)
    payload = job.payload
    if job.kind == FILE and payload is not None:
        name = str(values.get("file_name") or "file.txt")
        text = await asyncio.to_thread(document_text, name, payload)
        if not looks_like_article(text, services.resources):
            raise ArticleRejected(HINT)
        return text, source
    if job.kind == LINK and payload is not None:
        page = FetchedPage(
            url=str(values.get("url") or ""),
            final_url=str(values.get("final_url") or values.get("url") or ""),
            content=payload,
            content_type=str(values.get("content_type") or "text/html"),
            charset=values.get("charset"),
        )
        try:
            return await read_page(page, source)
        except NoArticleOnPage as exc:
            raise ArticleRejected(f"{exc}\n{NOTHING_STORED}\n{PASTE_INSTEAD}") from exc
    if job.text is None:
        raise ArticleRejected("The message has no text to analyse.")
    return job.text, source
