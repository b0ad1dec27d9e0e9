"""Speakers' positions: per topic and per speaker from the running totals, the changes of
line, and statements counted by day and stance for /chart."""

from __future__ import annotations

from storage.models import PositionChange, PositionRow, StanceCount
from storage.sqlite.executor import Executor, Row, from_row
from storage.sqlite.statement_rows import SAID_AT

# The running totals of migration 0006 (topic_positions), not a GROUP BY over statements:
# a busy topic has hundreds of thousands of them.
POSITION_SELECT = """
    SELECT sp.id AS speaker_id, sp.name AS speaker, sp.role, p.topic, p.statements, p.first,
           p.latest, p.positive, p.negative
    FROM topic_positions p
    JOIN speakers sp ON sp.id = p.speaker_id
"""


def _position(row: Row) -> PositionRow:
    return from_row(PositionRow, row, positive=row["positive"] or 0, negative=row["negative"] or 0)


def _stances(rows: list[Row]) -> list[StanceCount]:
    return [StanceCount(r["label"], r["stance"], int(r["count"])) for r in rows]


class SqlitePositions:
    """`storage.ports.PositionStore` on SQLite."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    async def positions_for_topic(self, topic: str, limit: int = 8) -> list[PositionRow]:
        rows = await self._db.fetchall(
            f"{POSITION_SELECT} WHERE p.topic = ?"
            " ORDER BY p.statements DESC, p.latest DESC LIMIT ?",
            (topic, limit),
        )
        return [_position(r) for r in rows]

    async def positions_for_speaker(self, speaker_id: int) -> list[PositionRow]:
        rows = await self._db.fetchall(
            f"{POSITION_SELECT} WHERE p.speaker_id = ? ORDER BY p.statements DESC, p.topic",
            (speaker_id,),
        )
        return [_position(r) for r in rows]

    async def strongest_statement(
        self, speaker_id: int, topic: str, stance: str | None
    ) -> tuple[str, str] | None:
        """(text, date) of the best-scored statement carrying `stance` on `topic`."""
        row = await self._db.fetchone(
            "SELECT s.text, s.created_at FROM statements s"
            " JOIN statement_topics t ON t.statement_id = s.id"
            " WHERE s.speaker_id = ? AND t.topic = ? AND coalesce(t.stance, 'neutral') = ?"
            " ORDER BY s.score DESC, s.id DESC LIMIT 1",
            (speaker_id, topic, stance or "neutral"),
        )
        return (row["text"], row["created_at"]) if row else None

    async def position_changes_for_topic(self, topic: str, limit: int = 5) -> list[PositionChange]:
        rows = await self._db.fetchall(
            'SELECT sp.name AS speaker, pc.previous, pc.current, pc.created_at AS "when"'
            " FROM position_changes pc JOIN speakers sp ON sp.id = pc.speaker_id"
            " WHERE pc.topic = ? ORDER BY pc.created_at DESC, pc.id DESC LIMIT ?",
            (topic, limit),
        )
        return [from_row(PositionChange, r) for r in rows]

    # -- stances over time (/chart) -----------------------------------------------------

    async def daily_stances(
        self, topic: str | None = None, speaker_id: int | None = None
    ) -> list[StanceCount]:
        """Statements per day and stance, on a topic (its topic stance) or by a speaker."""
        if topic is not None:
            rows = await self._db.fetchall(
                f"SELECT {SAID_AT} AS label, COALESCE(t.stance, 'neutral') AS stance,"
                " count(*) AS count FROM statement_topics t"
                " JOIN statements s ON s.id = t.statement_id"
                " JOIN articles a ON a.id = s.article_id WHERE t.topic = ?"
                " GROUP BY label, 2 ORDER BY label",
                (topic,),
            )
        else:
            rows = await self._db.fetchall(
                f"SELECT {SAID_AT} AS label, COALESCE(s.stance, 'neutral') AS stance,"
                " count(*) AS count FROM statements s JOIN articles a ON a.id = s.article_id"
                " WHERE s.speaker_id = ? GROUP BY label, 2 ORDER BY label",
                (speaker_id,),
            )
        return _stances(rows)

    async def speaker_stances_on_topic(
        self, topic: str, since: str, limit: int = 8
    ) -> list[StanceCount]:
        """The topic's most frequent speakers since `since`, with their stances."""
        rows = await self._db.fetchall(
            "WITH top AS (SELECT s.speaker_id AS id FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            f" WHERE t.topic = ? AND s.speaker_id IS NOT NULL AND {SAID_AT} >= ?"
            " GROUP BY s.speaker_id ORDER BY count(*) DESC, s.speaker_id LIMIT ?)"
            " SELECT sp.name AS label, COALESCE(t.stance, 'neutral') AS stance, count(*) AS count"
            " FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            " JOIN top ON top.id = s.speaker_id JOIN speakers sp ON sp.id = s.speaker_id"
            f" WHERE t.topic = ? AND {SAID_AT} >= ? GROUP BY sp.id, 2",
            (topic, since, limit, topic, since),
        )
        return _stances(rows)

    async def topic_stances_of_speaker(
        self, speaker_id: int, since: str, limit: int = 8
    ) -> list[StanceCount]:
        """The speaker's most frequent topics since `since`, with the stances taken."""
        rows = await self._db.fetchall(
            "WITH mine AS (SELECT t.topic AS topic, COALESCE(t.stance, 'neutral') AS stance"
            " FROM statement_topics t JOIN statements s ON s.id = t.statement_id"
            f" JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ? AND {SAID_AT} >= ?),"
            " top AS (SELECT topic FROM mine GROUP BY topic ORDER BY count(*) DESC, topic"
            " LIMIT ?)"
            " SELECT topic AS label, stance, count(*) AS count FROM mine"
            " WHERE topic IN (SELECT topic FROM top) GROUP BY topic, stance",
            (speaker_id, since, limit),
        )
        return _stances(rows)
