"""`python -m bot search …`, `chart …` and `fetch URL`: the archive's ways out, and the link
fetcher, without Telegram.

None loads the spaCy model. `search` prints what /search answers, `chart` writes the PNG
/chart sends, and `fetch` prints the article text a link would be analysed as (pipe it into
`python -m bot extract -` to see the statements).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.config import Settings
from handlers.format import count_of


def add_archive_commands(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="print what /search WORDS would answer")
    search.add_argument("words", nargs="+", help="words and filters (speaker: topic: since:)")
    search.add_argument("--page", type=int, default=1)
    chart = sub.add_parser("chart", help="write the PNG /chart TOPIC or /chart who NAME sends")
    chart.add_argument("subject", nargs="+", metavar="TOPIC | who NAME")
    chart.add_argument("--output", metavar="FILE", default="chart.png")
    fetch = sub.add_parser("fetch", help="print the article text found at a URL")
    fetch.add_argument("url")


async def _with_services(settings: Settings, work: Callable[[Any], Coroutine[Any, Any, int]]):
    """Services without the model: the archive commands only read the database."""
    from types import SimpleNamespace

    from services.backend import open_store
    from services.context import Services
    from services.resources import load_resources

    if settings.database_url is None and not settings.database_path.is_file():
        print(f"error: no database at {settings.database_path}", file=sys.stderr)
        return 2
    db = await open_store(settings.database)
    # Only `services.resources` (the taxonomy) is used: a stand-in instead of the model.
    extractor: Any = SimpleNamespace(resources=load_resources())
    services = Services(settings=settings, db=db, extractor=extractor)
    try:
        return await work(services)
    finally:
        await services.close()


async def _search(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.format import html_to_plain, target_labels
    from handlers.format_archive import render_search
    from services.search import SearchError, parse_query, search

    async def work(services: Any) -> int:
        try:
            query = parse_query(" ".join(args.words), services.resources.topics)
            result = await search(services, query, args.page - 1)
        except SearchError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for message in render_search(result, target_labels(services.resources.topics)):
            print(html_to_plain(message))
        return 0

    return await _with_services(settings, work)


async def _chart(args: argparse.Namespace, settings: Settings) -> int:
    from services.charts import chart_png, named_speaker_chart_data, topic_chart_data

    async def work(services: Any) -> int:
        if args.subject[0].lower() == "who":
            name = " ".join(args.subject[1:])
            named = await named_speaker_chart_data(services, name)
            if named is None:
                print(f"error: nobody called {name!r} is on record", file=sys.stderr)
                return 2
            data = named
        else:
            found = await topic_chart_data(services, args.subject[0].lower())
            if found is None:
                print(f"error: no topic called {args.subject[0]!r}", file=sys.stderr)
                return 2
            data = found
        Path(args.output).write_bytes(await chart_png(data))
        print(f"{data.title}: {count_of(data.total, 'statement')} → {args.output}")
        return 0

    return await _with_services(settings, work)


async def _fetch(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from services.fetch import Fetcher, FetchError
    from services.pages import extract_article, page_text

    try:
        page = await Fetcher().fetch(args.url)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    article = await asyncio.to_thread(extract_article, page_text(page), page.final_url)
    if article is None:
        print("error: no article text found on that page", file=sys.stderr)
        return 2
    print(f"# {page.final_url} · {article.site or ''} · {article.published or ''}", file=sys.stderr)
    print(article.text)
    return 0


ARCHIVE_COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]] = {
    "search": _search,
    "chart": _chart,
    "fetch": _fetch,
}
