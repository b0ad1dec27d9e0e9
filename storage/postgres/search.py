"""Full-text search on PostgreSQL: the `search` tsvector column (generated from the text,
GIN-indexed), queried with `websearch_to_tsquery` and ranked with `ts_rank`.

Users type words, not query syntax: each word or phrase goes to `websearch_to_tsquery` in
double quotes (a phrase; `-`, `or` and stray quotes are never operators), all of them must
match, and a trailing `*` on a word is a prefix search (`to_tsquery` with `:*`, built from
the word's letters and digits only) — what SQLite's FTS5 search offers, with the same
filters (`storage.sqlite.search`) and the same newest-matches window for ranking.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from storage.database import Database
from storage.models import (
    MARK_END,
    MARK_START,
    SearchFilters,
    SearchHit,
    StatementRow,
    search_count_cap,
)
from storage.postgres.statement_rows import select_statements
from storage.sqlite.search import (
    POSITIONS_JOIN,
    RANK_WINDOW,
    count_up_to,
    filter_clauses,
    newest_first,
    words_with_prefix,
)
from storage.sqlite.statement_rows import SAID_AT, statement_row

_WORD = re.compile(r"\w+")
# One fragment around the matches, at most 24 words, as FTS5's snippet(…, 24) gives.
HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=1, MaxWords=24, MinWords=12"


def ts_query(terms: Sequence[str]) -> tuple[str, list[object]] | None:
    """A tsquery expression with all `terms` (and its parameters); None when there are none."""
    phrases: list[str] = []
    prefixes: list[str] = []
    for term in terms:
        words = _WORD.findall(term.rstrip("*"))
        if term.endswith("*") and words:
            prefixes.append(" <-> ".join([*words[:-1], f"{words[-1]}:*"]))
        elif term.strip():
            phrases.append('"' + term.replace('"', " ") + '"')
    parts: list[str] = []
    params: list[object] = []
    if phrases:
        parts.append("websearch_to_tsquery('english', ?)")
        params.append(" ".join(phrases))
    for prefix in prefixes:
        parts.append("to_tsquery('english', ?)")
        params.append(prefix)
    if not parts:
        return None
    return "(" + " && ".join(parts) + ")", params


def _snippet(text: str, headline: str) -> str:
    """`ts_headline`'s fragment, with '…' where it cuts the statement (as FTS5's snippet)."""
    plain = headline.replace(MARK_START, "").replace(MARK_END, "")
    if plain == text:
        return headline
    start = text.find(plain)
    before = "…" if start != 0 else ""
    after = "…" if start < 0 or start + len(plain) < len(text) else ""
    return before + headline + after


async def search_archive(
    db: Database, filters: SearchFilters, limit: int = 5, offset: int = 0
) -> tuple[int, list[SearchHit]]:
    """(matches up to `search_count_cap`, one page): ranked when there are words, else
    newest first.

    With words, one statement does it all: the newest matches, as many as both the ranking
    window and the count need, are found once with their rank (the primary key walked
    backwards, each row's `search` checked), counted, and the window's best page gets its
    columns. Counting, finding the window's cut-off and ranking separately cost 55 ms for
    "sanctions topic:iran" at 1M statements, each re-checking tens of thousands of rows.
    """
    clauses, params = filter_clauses(dataclasses.replace(filters, words=()))
    query = ts_query(filters.words)
    if query:
        clauses.insert(0, f"s.search @@ {query[0]}")
        params = [*query[1], *params]
    positions = POSITIONS_JOIN if filters.target else ""
    counted = "statements s" + positions
    if filters.since:
        counted += " JOIN articles a ON a.id = s.article_id"
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    cap = search_count_cap(limit, offset)
    if not query:
        total = await count_up_to(db, f"SELECT 1 FROM {counted}{where}", params, cap)
        source, order = newest_first(filters, where)
        rows = await db.fetchall(
            select_statements(source, f"s.text AS snippet, {SAID_AT} AS said_on")
            + f" ORDER BY {order}",
            (*params, limit, offset),
        )
        return total, [SearchHit(statement_row(r), r["snippet"], r["said_on"]) for r in rows]
    window = max(RANK_WINDOW, offset + limit)
    newest = (
        f"SELECT s.id, ts_rank(s.search, {query[0]}) AS rank FROM {counted}{where}"
        " ORDER BY s.id DESC LIMIT ?"
    )
    page = (
        "SELECT id, rank FROM (SELECT id, rank FROM newest ORDER BY id DESC LIMIT ?) AS w"
        " ORDER BY rank DESC, id LIMIT ? OFFSET ?"
    )
    headline = f"ts_headline('english', s.text, {query[0]}, ?)"
    columns = f"{headline} AS snippet, {SAID_AT} AS said_on, (SELECT count(*) FROM newest) AS n"
    rows = await db.fetchall(
        f"WITH newest AS MATERIALIZED ({newest}), page AS ({page}) "
        + select_statements("page JOIN statements s ON s.id = page.id", columns)
        + " ORDER BY page.rank DESC, s.id",
        (*query[1], *params, max(window, cap + 1), window, limit, offset, *query[1], HEADLINE),
    )
    if rows:
        total = int(rows[0]["n"])
    else:  # a page past the end (an old button): count on its own
        total = await count_up_to(db, f"SELECT 1 FROM {counted}{where}", params, cap)
    hits = [
        SearchHit(statement_row(r), _snippet(r["text"], r["snippet"]), r["said_on"]) for r in rows
    ]
    return total, hits


async def search_statements(
    db: Database, words: Sequence[str], limit: int = 10
) -> list[StatementRow]:
    """Statements with all `words`, best ranked first."""
    query = ts_query(words)
    if query is None:
        return []
    sql, params = query
    rows = await db.fetchall(
        select_statements() + f" WHERE s.search @@ {sql} ORDER BY ts_rank(s.search, {sql}) DESC,"
        " s.id LIMIT ?",
        (*params, *params, limit),
    )
    return [statement_row(r) for r in rows]


async def words_starting(db: Database, prefix: str, limit: int = 200) -> list[str]:
    """Words of statements on record that start with `prefix`, as SQLite's `words_starting`
    gives them: the `search` column matched with a prefix query (the 'simple' configuration,
    so the typed letters are neither stemmed nor dropped as a stop word)."""
    if not prefix.isalpha():
        return []
    rows = await db.fetchall(
        "SELECT s.text FROM statements s WHERE s.search @@ to_tsquery('simple', ?) LIMIT ?",
        (f"{prefix.casefold()}:*", limit),
    )
    return words_with_prefix((str(row["text"]) for row in rows), prefix)
