"""Positions on targets: who is on each side (from the running totals of migration 0007),
one speaker's sides, the strongest quote of a side, changes of line, and statements counted
by day and side for /chart."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from storage.database import Database, Row, from_row, marks
from storage.models import (
    NO_SIDE,
    SIDES,
    PositionChange,
    SideCount,
    SpeakerOnTarget,
    SpeakersOnSide,
)
from storage.sqlite.statement_rows import SAID_AT

SPEAKER_ON_TARGET = """
    SELECT tp.target, tp.for_statements, tp.against_statements, tp.for_first, tp.for_latest,
           tp.against_first, tp.against_latest,
           (SELECT p.side FROM statement_positions p
            WHERE p.speaker_id = tp.speaker_id AND p.target = tp.target
            ORDER BY p.created_at DESC, p.statement_id DESC LIMIT 1) AS last_side
    FROM target_positions tp
"""
CHANGES = """
    SELECT sp.name AS speaker, pc.target, pc.previous, pc.current, pc.created_at AS "when",
           pc.statement_id
    FROM position_changes pc JOIN speakers sp ON sp.id = pc.speaker_id
"""


def side_of_statement(targets: Sequence[str] | None) -> tuple[str, list[str]]:
    """SQL for the side statement `s` takes (its surest position, on `targets` if given, or
    'none'), and its parameters: each statement is counted once on a chart."""
    on = f" AND p.target IN ({marks(targets)})" if targets is not None else ""
    return (
        "coalesce((SELECT p.side FROM statement_positions p WHERE p.statement_id = s.id"
        f"{on} ORDER BY p.confidence DESC, p.target LIMIT 1), '{NO_SIDE}')",
        list(targets or ()),
    )


def _counts(rows: list[Row]) -> list[SideCount]:
    return [SideCount(r["label"], r["side"], int(r["count"])) for r in rows]


def _checked(side: str) -> str:
    if side not in SIDES:
        raise ValueError(f"a side is 'for' or 'against', not {side!r}")
    return side


class SqlitePositions:
    """`storage.ports.PositionStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def sides_on_targets(
        self, targets: Sequence[str], per_side: int = 3
    ) -> list[SpeakersOnSide]:
        """Each side of each target with speakers on record, its speakers most statements
        first (then most recent), in the order of `targets`, `for` before `against`.

        The sides are read side by side: the reader answers them back to back, and a topic
        page waits for one round trip to the database's thread instead of one per side (a
        round trip is what a busy event loop makes slow: bench/notes.md, figure 2)."""
        found = await asyncio.gather(
            *(self._side(target, side, per_side) for target in targets for side in SIDES)
        )
        return [side for side in found if side is not None]

    async def _side(self, target: str, side: str, per_side: int) -> SpeakersOnSide | None:
        count, latest = f"{side}_statements", f"{side}_latest"
        # `total`: every speaker on the side, counted on the side's index alone. A window
        # (`count(*) OVER ()`) would join every one of them to its name before the LIMIT:
        # 40 ms a side for a target with 8,000 speakers on a 1M-statement record.
        rows = await self._db.fetchall(
            f"SELECT sp.name, tp.{count} AS n, (SELECT count(*) FROM target_positions c"
            f" WHERE c.target = ? AND c.{count} > 0) AS total"
            " FROM target_positions tp JOIN speakers sp ON sp.id = tp.speaker_id"
            f" WHERE tp.target = ? AND tp.{count} > 0"
            f" ORDER BY tp.{count} DESC, tp.{latest} DESC, sp.name LIMIT ?",
            (target, target, per_side),
        )
        if not rows:
            return None
        listed = tuple((str(r["name"]), int(r["n"])) for r in rows)
        return SpeakersOnSide(target, side, listed, max(int(rows[0]["total"]) - len(listed), 0))

    async def positions_of_speaker(self, speaker_id: int) -> list[SpeakerOnTarget]:
        """The speaker's sides per target, most statements first."""
        rows = await self._db.fetchall(
            f"{SPEAKER_ON_TARGET} WHERE tp.speaker_id = ?"
            " ORDER BY tp.for_statements + tp.against_statements DESC, tp.target",
            (speaker_id,),
        )
        return [from_row(SpeakerOnTarget, r) for r in rows]

    async def strongest_statement(
        self, target: str, side: str, speaker_id: int | None = None
    ) -> int | None:
        """The id of the surest (then newest, then first stored) statement taking `side` on
        `target`, by a named speaker, or by `speaker_id`."""
        if speaker_id is None:
            row = await self._db.fetchone(
                "SELECT statement_id FROM statement_positions"
                " WHERE target = ? AND side = ? AND speaker_id IS NOT NULL"
                " ORDER BY confidence DESC, created_at DESC, statement_id LIMIT 1",
                (target, _checked(side)),
            )
        else:
            row = await self._db.fetchone(
                "SELECT statement_id FROM statement_positions"
                " WHERE speaker_id = ? AND target = ? AND side = ?"
                " ORDER BY confidence DESC, created_at DESC, statement_id LIMIT 1",
                (speaker_id, target, _checked(side)),
            )
        return int(row["statement_id"]) if row else None

    async def changes_of_line(
        self, targets: Sequence[str] | None = None, speaker_id: int | None = None, limit: int = 5
    ) -> list[PositionChange]:
        """The latest changes of line on any of `targets` and/or by `speaker_id`, newest
        first."""
        clauses: list[str] = []
        params: list[object] = []
        if targets is not None:
            clauses.append(f"pc.target IN ({marks(targets)})")
            params.extend(targets)
        if speaker_id is not None:
            clauses.append("pc.speaker_id = ?")
            params.append(speaker_id)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        rows = await self._db.fetchall(
            f"{CHANGES}{where} ORDER BY pc.created_at DESC, pc.id DESC LIMIT ?", (*params, limit)
        )
        return [from_row(PositionChange, r) for r in rows]

    # -- sides over time (/chart) -------------------------------------------------------

    async def daily_sides(
        self,
        *,
        topic: str | None = None,
        speaker_id: int | None = None,
        targets: Sequence[str] | None = None,
    ) -> list[SideCount]:
        """Statements per day and side, on a topic or by a speaker; the side counted is
        the one taken on `targets` (all targets when None)."""
        side, params = side_of_statement(targets)
        if topic is not None:
            rows = await self._db.fetchall(
                f"SELECT {SAID_AT} AS label, {side} AS side, count(*) AS count"
                " FROM statement_topics t JOIN statements s ON s.id = t.statement_id"
                " JOIN articles a ON a.id = s.article_id WHERE t.topic = ?"
                " GROUP BY label, 2 ORDER BY label",
                (*params, topic),
            )
        else:
            rows = await self._db.fetchall(
                f"SELECT {SAID_AT} AS label, {side} AS side, count(*) AS count"
                " FROM statements s JOIN articles a ON a.id = s.article_id"
                " WHERE s.speaker_id = ? GROUP BY label, 2 ORDER BY label",
                (*params, speaker_id),
            )
        return _counts(rows)

    async def speaker_sides_on_topic(
        self, topic: str, targets: Sequence[str], since: str, limit: int = 8
    ) -> list[SideCount]:
        """The topic's most frequent speakers since `since`, with the sides they took on
        `targets` (the topic's)."""
        side, params = side_of_statement(targets)
        rows = await self._db.fetchall(
            "WITH top AS (SELECT s.speaker_id AS id FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            f" WHERE t.topic = ? AND s.speaker_id IS NOT NULL AND {SAID_AT} >= ?"
            " GROUP BY s.speaker_id ORDER BY count(*) DESC, s.speaker_id LIMIT ?)"
            f" SELECT sp.name AS label, {side} AS side, count(*) AS count"
            " FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id"
            " JOIN top ON top.id = s.speaker_id JOIN speakers sp ON sp.id = s.speaker_id"
            f" WHERE t.topic = ? AND {SAID_AT} >= ? GROUP BY sp.id, 2",
            (topic, since, limit, *params, topic, since),
        )
        return _counts(rows)

    async def topic_sides_of_speaker(
        self, speaker_id: int, since: str, limit: int = 8
    ) -> list[SideCount]:
        """The speaker's most frequent topics since `since`, with the sides of those
        statements (each statement's surest side, on any target)."""
        side, params = side_of_statement(None)
        rows = await self._db.fetchall(
            f"WITH mine AS (SELECT t.topic AS topic, {side} AS side"
            " FROM statement_topics t JOIN statements s ON s.id = t.statement_id"
            f" JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ? AND {SAID_AT} >= ?),"
            " top AS (SELECT topic FROM mine GROUP BY topic ORDER BY count(*) DESC, topic"
            " LIMIT ?)"
            " SELECT topic AS label, side, count(*) AS count FROM mine"
            " WHERE topic IN (SELECT topic FROM top) GROUP BY topic, side",
            (*params, speaker_id, since, limit),
        )
        return _counts(rows)
