"""Reading the archive back: filtered full-text search, per-month and per-day counts, export.

"When it was said" is the article's publication date where known (a forwarded post's date, a
page's date), else when the statement reached us: `SAID_AT` below, used by every query here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from storage.models import StatementRow
from storage.safety import EXPORT_SELECT, ExportRow

SAID_AT = "substr(COALESCE(a.published_at, s.created_at), 1, 10)"
# snippet() marks matches with these; they can't occur in stored text (control characters
# are removed on ingest), so the renderer can escape the text and then turn them into <b>.
MARK_START, MARK_END = "\x02", "\x03"
# Full-text pages rank at most this many of the newest matches (see `search_archive`).
RANK_WINDOW = 2000
HIT_COLUMNS = """
    s.id, s.article_id, COALESCE(sp.name, s.speaker_text), sp.role, s.kind, s.text, s.cue,
    s.stance, s.score, s.created_at, a.source, a.source_url,
    (SELECT count(*) FROM statement_sources ss WHERE ss.statement_id = s.id)
"""


@dataclass(frozen=True)
class SearchFilters:
    match: str | None = None  # an FTS5 query, already quoted by the caller
    speaker_ids: tuple[int, ...] | None = None  # None: any speaker
    topic: str | None = None
    since: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class SearchHit:
    statement: StatementRow
    snippet: str  # the matching part, matches between MARK_START and MARK_END
    said_on: str  # YYYY-MM-DD


@dataclass(frozen=True)
class StanceCount:
    key: str  # a day, a month, a speaker's name or a topic, depending on the query
    stance: str  # positive | negative | neutral ("neutral" also when no stance was found)
    count: int


def _where(filters: SearchFilters) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.match:
        clauses.append("statements_fts MATCH ?")
        params.append(filters.match)
    if filters.speaker_ids is not None:
        clauses.append(f"s.speaker_id IN ({','.join('?' * len(filters.speaker_ids)) or 'NULL'})")
        params.extend(filters.speaker_ids)
    if filters.topic:
        clauses.append(
            "EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = ?)"
        )
        params.append(filters.topic)
    if filters.since:
        clauses.append(f"{SAID_AT} >= ?")
        params.append(filters.since)
    return clauses, params


class ArchiveQueries:
    """Mixed into `Database`; read-only, on its reader connection."""

    _fetchall: Any
    _fetchone: Any

    async def search_archive(
        self, filters: SearchFilters, limit: int = 5, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        """(total, one page): bm25-ranked when there are words, else newest first.

        Ranking every match of a common word is what makes search slow on a big archive
        (bm25 over the 100k statements that say "sanctions" in a million: ~170 ms), so a page
        ranks the newest `RANK_WINDOW` matches (or as many as the page reaches): FTS5 finds
        them in rowid order through its index, and ranking 2,000 rows takes a few ms. The
        total counts every match, with only the joins its filters need.
        """
        clauses, params = _where(filters)
        joins = (
            " JOIN articles a ON a.id = s.article_id LEFT JOIN speakers sp ON sp.id = s.speaker_id"
        )
        needs_statement = bool(filters.speaker_ids is not None or filters.topic or filters.since)
        counted = "statements s" if not filters.match else "statements_fts f"
        if filters.match and needs_statement:
            counted += " JOIN statements s ON s.id = f.rowid"
        if filters.since:
            counted += " JOIN articles a ON a.id = s.article_id"
        if filters.match:
            source = "statements_fts f JOIN statements s ON s.id = f.rowid" + joins
            snippet = f"snippet(statements_fts, 0, '{MARK_START}', '{MARK_END}', '…', 24)"
            order = "f.rank, s.id"
        else:
            source = "statements s" + joins
            snippet = "s.text"
            order = f"{SAID_AT} DESC, s.id DESC"
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        total = await self._fetchone(f"SELECT count(*) FROM {counted}{where}", params)
        window = max(RANK_WINDOW, offset + limit)
        if filters.match and int(total[0]) > window:
            cutoff = await self._fetchone(
                f"SELECT f.rowid FROM {counted}{where} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?",
                (*params, window - 1),
            )
            where += " AND f.rowid >= ?"
            params = [*params, cutoff[0]]
        rows = await self._fetchall(
            f"SELECT {HIT_COLUMNS}, {snippet}, {SAID_AT} FROM {source}{where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        hits = [
            SearchHit(StatementRow.from_columns(r, sources=max(int(r[12] or 0), 1)), r[13], r[14])
            for r in rows
        ]
        return int(total[0]), hits

    async def speaker_topics_by_month(self, speaker_id: int) -> list[tuple[str, str, int]]:
        """(YYYY-MM, topic or '', statements), oldest month first."""
        rows = await self._fetchall(
            f"SELECT substr({SAID_AT}, 1, 7) AS month, COALESCE(t.topic, ''),"
            " count(DISTINCT s.id) FROM statements s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN statement_topics t ON t.statement_id = s.id"
            " WHERE s.speaker_id = ? GROUP BY month, t.topic ORDER BY month, count(*) DESC",
            (speaker_id,),
        )
        return [(r[0], r[1], int(r[2])) for r in rows]

    async def speaker_statements_by_month(self, speaker_id: int) -> list[tuple[str, int]]:
        """(YYYY-MM, statements) for one speaker, a statement counted once."""
        rows = await self._fetchall(
            f"SELECT substr({SAID_AT}, 1, 7) AS month, count(*) FROM statements s"
            " JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ? GROUP BY month",
            (speaker_id,),
        )
        return [(r[0], int(r[1])) for r in rows]

    async def daily_stances(
        self, topic: str | None = None, speaker_id: int | None = None
    ) -> list[StanceCount]:
        """Statements per day and stance, on a topic (its topic stance) or by a speaker."""
        if topic is not None:
            rows = await self._fetchall(
                f"SELECT {SAID_AT} AS day, COALESCE(t.stance, 'neutral'), count(*)"
                " FROM statement_topics t JOIN statements s ON s.id = t.statement_id"
                " JOIN articles a ON a.id = s.article_id WHERE t.topic = ?"
                " GROUP BY day, 2 ORDER BY day",
                (topic,),
            )
        else:
            rows = await self._fetchall(
                f"SELECT {SAID_AT} AS day, COALESCE(s.stance, 'neutral'), count(*)"
                " FROM statements s JOIN articles a ON a.id = s.article_id"
                " WHERE s.speaker_id = ? GROUP BY day, 2 ORDER BY day",
                (speaker_id,),
            )
        return [StanceCount(r[0], r[1], int(r[2])) for r in rows]

    async def speaker_stances_on_topic(
        self, topic: str, since: str, limit: int = 8
    ) -> list[StanceCount]:
        """The topic's most frequent speakers since `since`, with their stances."""
        rows = await self._fetchall(
            "WITH top AS (SELECT s.speaker_id AS id FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            f" WHERE t.topic = ? AND s.speaker_id IS NOT NULL AND {SAID_AT} >= ?"
            " GROUP BY s.speaker_id ORDER BY count(*) DESC, s.speaker_id LIMIT ?)"
            " SELECT sp.name, COALESCE(t.stance, 'neutral'), count(*) FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            " JOIN top ON top.id = s.speaker_id JOIN speakers sp ON sp.id = s.speaker_id"
            f" WHERE t.topic = ? AND {SAID_AT} >= ? GROUP BY sp.id, 2",
            (topic, since, limit, topic, since),
        )
        return [StanceCount(r[0], r[1], int(r[2])) for r in rows]

    async def topic_stances_of_speaker(
        self, speaker_id: int, since: str, limit: int = 8
    ) -> list[StanceCount]:
        """The speaker's most frequent topics since `since`, with the stances taken."""
        rows = await self._fetchall(
            "WITH mine AS (SELECT t.topic AS topic, COALESCE(t.stance, 'neutral') AS stance"
            " FROM statement_topics t JOIN statements s ON s.id = t.statement_id"
            f" JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ? AND {SAID_AT} >= ?),"
            " top AS (SELECT topic FROM mine GROUP BY topic ORDER BY count(*) DESC, topic"
            " LIMIT ?)"
            " SELECT topic, stance, count(*) FROM mine WHERE topic IN (SELECT topic FROM top)"
            " GROUP BY topic, stance",
            (speaker_id, since, limit),
        )
        return [StanceCount(r[0], r[1], int(r[2])) for r in rows]

    async def export_rows_for_topic(self, topic: str, batch: int = 500) -> AsyncIterator[ExportRow]:
        """`export_rows` for one topic (/export iran): same columns, same keyset paging."""
        last = 0
        while True:
            rows = await self._fetchall(
                f"{EXPORT_SELECT} WHERE s.id > ? AND s.id IN"
                " (SELECT statement_id FROM statement_topics WHERE topic = ?)"
                " ORDER BY s.id LIMIT ?",
                (last, topic, batch),
            )
            for row in rows:
                yield ExportRow(*row)
            if len(rows) < batch:
                return
            last = rows[-1][0]
