"""What the bot fetches for a recorded link or file before a parser can take the job: the
page at the link (`services/fetch.py`: public addresses only, bounded) or the file from
Telegram. Only network waits happen here, on the event loop beside other updates; reading
the article out of the bytes is the parser's (`services/job_inputs.py`).

A bot that stops after recording a job and before fetching fetches at the next start: the
job keeps the URL or the file's id until its bytes are attached.
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from services.fetch import Fetcher
from services.job_inputs import FILE, LINK, ParseJob, fetched_page, input_of
from services.pages import is_telegram_link, max_document_bytes, too_large

# Tests put a Fetcher here whose policy allows their loopback page server.
FETCHER_KEY = "link_fetcher"


def fetcher_of(context: ContextTypes.DEFAULT_TYPE) -> Fetcher:
    fetcher = context.bot_data.get(FETCHER_KEY)
    if fetcher is None:
        fetcher = context.bot_data[FETCHER_KEY] = Fetcher()
    return fetcher


class CannotFetch(ValueError):
    """The input can't be fetched; str(exc) is the reason its sender is told."""


async def fetch_input(job: ParseJob, context: ContextTypes.DEFAULT_TYPE) -> tuple[bytes, str]:
    """The bytes of a link's page or a file, with the job's input extended to read them.
    Raises `services.fetch.FetchError` for a page, `CannotFetch` for anything else."""
    values = input_of(job)
    if job.kind == LINK:
        url = str(values.get("url") or "")
        if is_telegram_link(url):
            raise CannotFetch("That's a link to a Telegram post; it is not fetched.")
        return fetched_page(job, await fetcher_of(context).fetch(url))
    if job.kind == FILE:
        name = str(values.get("file_name") or "file.txt")
        file = await context.bot.get_file(str(values.get("file_id")))
        if file.file_size and file.file_size > max_document_bytes(name):
            raise CannotFetch(too_large(name))
        return bytes(await file.download_as_bytearray()), job.input
    raise CannotFetch(f"a job of kind {job.kind!r} has nothing to fetch")
