"""Full-text search on SQLite: the words a user typed as an FTS5 query, and the archive
search with filters, ranked by bm25.

Users type words, not FTS5: `"`, `*`, `-`, `NEAR(`, `AND`, `OR` and column filters are
operators there, and a stray one is a syntax error (or worse, a different query). So every
word becomes a quoted FTS5 string (inner quotes doubled), which the tokenizer still splits
and stems but which can't be an operator; a phrase stays one string, and a trailing `*` on a
word is kept as a prefix search, the one operator worth offering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from storage.database import Database
from storage.models import (
    MARK_END,
    MARK_START,
    SearchFilters,
    SearchHit,
    StatementRow,
    search_count_cap,
)
from storage.sqlite.statement_rows import SAID_AT, select_statements, statement_row

# Full-text pages rank at most this many of the newest matches (see `search_archive`).
RANK_WINDOW = 2000
# A target filter joins the statement's side on it: found through the target's index.
POSITIONS_JOIN = " JOIN statement_positions p ON p.statement_id = s.id"
_WORD = re.compile(r"\w")


def fts_string(term: str) -> str:
    """One user term as an FTS5 string: always quoted; a trailing * becomes a prefix."""
    prefix = term.endswith("*") and bool(_WORD.search(term.rstrip("*")))
    body = term.rstrip("*") if prefix else term
    quoted = '"' + body.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def fts_query(terms: Sequence[str]) -> str | None:
    """All terms must match (FTS5's implicit AND); None when there are none."""
    return " ".join(fts_string(t) for t in terms) or None


def filter_clauses(
    filters: SearchFilters, statement_id: str = "s.id"
) -> tuple[list[str], list[object]]:
    """The WHERE clauses of `filters`; the topic and side filters name the statement by
    `statement_id` (the full-text row's `f.rowid` spares a search the join to
    `statements` when nothing else needs it)."""
    clauses: list[str] = []
    params: list[object] = []
    match = fts_query(filters.words)
    if match:
        clauses.append("statements_fts MATCH ?")
        params.append(match)
    if filters.speaker_ids is not None:
        clauses.append(f"s.speaker_id IN ({','.join('?' * len(filters.speaker_ids)) or 'NULL'})")
        params.extend(filters.speaker_ids)
    if filters.topic:
        clauses.append(
            "EXISTS (SELECT 1 FROM statement_topics t"
            f" WHERE t.statement_id = {statement_id} AND t.topic = ?)"
        )
        params.append(filters.topic)
    if filters.since:
        clauses.append(f"{SAID_AT} >= ?")
        params.append(filters.since)
    if filters.target:  # joined as `p` (POSITIONS_JOIN): one row per statement and target
        clauses.append("p.target = ?")
        params.append(filters.target)
        if filters.side:
            clauses.append("p.side = ?")
            params.append(filters.side)
    elif filters.side:
        clauses.append(
            "EXISTS (SELECT 1 FROM statement_positions p"
            f" WHERE p.statement_id = {statement_id} AND p.side = ?)"
        )
        params.append(filters.side)
    return clauses, params


async def count_up_to(db: Database, matching: str, params: Sequence[object], cap: int) -> int:
    """The rows `matching` (a `SELECT 1 FROM … WHERE …`) finds, counted up to `cap` + 1:
    the scan stops there, however many more match."""
    row = await db.fetchone(
        f"SELECT count(*) AS n FROM ({matching} LIMIT ?) AS counted", (*params, cap + 1)
    )
    return int(row["n"]) if row else 0


def newest_first(filters: SearchFilters, where: str) -> tuple[str, str]:
    """(the FROM of a page of the matches newest first, its ORDER BY): the page's ids are
    picked first and only its rows get their columns. With a target, the sides' own
    `said_on` (kept equal to SAID_AT by triggers, migration 0012) gives the order through
    `statement_positions_said`, so a target's sides are neither joined nor sorted whole."""
    order = f"{SAID_AT} DESC, s.id DESC"
    if filters.target:
        only_sides = filters.speaker_ids is None and not filters.topic and not filters.since
        source = "statement_positions p" if only_sides else "statements s" + POSITIONS_JOIN
        page = (
            f"SELECT p.statement_id AS id FROM {source}{where}"
            " ORDER BY p.said_on DESC, p.statement_id DESC LIMIT ? OFFSET ?"
        )
    else:
        page = (
            f"SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id{where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
    return f"({page}) AS page JOIN statements s ON s.id = page.id", order


async def search_archive(
    db: Database, filters: SearchFilters, limit: int = 5, offset: int = 0
) -> tuple[int, list[SearchHit]]:
    """(matches up to `search_count_cap`, one page): bm25-ranked when there are words, else
    newest first.

    Ranking every match of a common word is what makes search slow on a big archive
    (bm25 over the 100k statements that say "sanctions" in a million: ~170 ms), so a page
    ranks the newest `RANK_WINDOW` matches (or as many as the page reaches): FTS5 finds
    them in rowid order through its index, and ranking 2,000 rows takes a few ms. The
    count stops past the cap, with only the joins its filters need.
    """
    words = bool(fts_query(filters.words))
    clauses, params = filter_clauses(filters, "f.rowid" if words else "s.id")
    # a topic or a side is asked of the full-text row itself: counting and finding the
    # window's cut-off for "sanctions topic:iran" then skip 7,000 lookups in `statements`
    needs_statement = bool(filters.speaker_ids is not None or filters.since or filters.target)
    positions = POSITIONS_JOIN if filters.target else ""
    counted = "statements s" if not words else "statements_fts f"
    if words and needs_statement:
        counted += " JOIN statements s ON s.id = f.rowid"
    counted += positions
    if filters.since:
        counted += " JOIN articles a ON a.id = s.article_id"
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    cap = search_count_cap(limit, offset)
    total = await count_up_to(db, f"SELECT 1 FROM {counted}{where}", params, cap)
    if not words:
        source, order = newest_first(filters, where)
        rows = await db.fetchall(
            select_statements(source, f"s.text AS snippet, {SAID_AT} AS said_on")
            + f" ORDER BY {order}",
            (*params, limit, offset),
        )
        return total, [SearchHit(statement_row(r), r["snippet"], r["said_on"]) for r in rows]
    window = max(RANK_WINDOW, offset + limit)
    if total > min(cap, window):  # (perhaps) more than the window: rank its newest
        cutoff = await db.fetchone(
            f"SELECT f.rowid AS id FROM {counted}{where} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?",
            (*params, window - 1),
        )
        if cutoff is not None:
            where += " AND f.rowid >= ?"
            params = [*params, cutoff["id"]]
    snippet = f"snippet(statements_fts, 0, '{MARK_START}', '{MARK_END}', '…', 24)"
    rows = await db.fetchall(
        select_statements(
            "statements_fts f JOIN statements s ON s.id = f.rowid" + positions,
            f"{snippet} AS snippet, {SAID_AT} AS said_on",
        )
        + f"{where} ORDER BY f.rank, s.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    hits = [SearchHit(statement_row(r), r["snippet"], r["said_on"]) for r in rows]
    return total, hits


async def search_statements(
    db: Database, words: Sequence[str], limit: int = 10
) -> list[StatementRow]:
    """Statements with all `words`, best bm25 rank first."""
    match = fts_query(words)
    if match is None:
        return []
    rows = await db.fetchall(
        select_statements("statements_fts f JOIN statements s ON s.id = f.rowid")
        + " WHERE statements_fts MATCH ? ORDER BY f.rank LIMIT ?",
        (match, limit),
    )
    return [statement_row(r) for r in rows]


_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


async def words_starting(db: Database, prefix: str, limit: int = 200) -> list[str]:
    """Words of statements on record that start with `prefix` (letters only, any case),
    from at most `limit` statements: the words a misspelled search term may have meant."""
    if not prefix.isalpha():
        return []
    rows = await db.fetchall(
        "SELECT s.text FROM statements_fts f JOIN statements s ON s.id = f.rowid"
        " WHERE statements_fts MATCH ? LIMIT ?",
        (fts_string(prefix + "*"), limit),
    )
    return words_with_prefix((str(row["text"]) for row in rows), prefix)


def words_with_prefix(texts: Iterable[str], prefix: str) -> list[str]:
    """The distinct words of `texts` that start with `prefix`, casefolded and sorted."""
    start = prefix.casefold()
    found = {
        word.casefold()
        for text in texts
        for word in _WORDS.findall(text)
        if word.casefold().startswith(start)
    }
    return sorted(found)
