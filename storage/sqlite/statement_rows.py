"""The one way statements are read: one column list, one join, one constructor.

Every query that returns statements (topic pages, alerts and digests, /show, search,
export) selects `select_statements(...)` and reads the rows with `statement_row`, so a
statement looks the same wherever it is shown: corrected speaker and sides, its article's
source and dates, all its topics and positions, and how many articles reported it.
"""

from __future__ import annotations

import json

from storage.database import Row
from storage.models import StatementPosition, StatementRow

STATEMENT_COLUMNS = """
    s.id, s.article_id, COALESCE(sp.name, s.speaker_text) AS speaker,
    sp.role AS speaker_role, s.kind, s.text, s.cue, s.score, s.created_at, s.display,
    a.source, a.source_url, a.published_at, a.received_at,
    (SELECT group_concat(topic, ' ') FROM statement_topics WHERE statement_id = s.id)
        AS topic_list,
    (SELECT json_group_array(json_array(target, side, confidence, evidence, corrected))
        FROM statement_positions WHERE statement_id = s.id) AS position_list,
    (SELECT count(*) FROM statement_sources WHERE statement_id = s.id) AS source_count
"""
STATEMENT_JOINS = (
    "JOIN articles a ON a.id = s.article_id LEFT JOIN speakers sp ON sp.id = s.speaker_id"
)


def select_statements(source: str = "statements s", extra: str = "") -> str:
    """`SELECT` the statement columns (and `extra` ones) `FROM source`, which names the
    statements table `s`, with each statement's article and speaker joined."""
    columns = f"{STATEMENT_COLUMNS}, {extra}" if extra else STATEMENT_COLUMNS
    return f"SELECT {columns} FROM {source} {STATEMENT_JOINS}"


def positions_of(listed: str | None) -> tuple[StatementPosition, ...]:
    """The `position_list` column (a JSON array of arrays), surest first."""
    positions = [
        StatementPosition(str(target), str(side), float(confidence), str(evidence), bool(fixed))
        for target, side, confidence, evidence, fixed in json.loads(listed or "[]")
    ]
    return tuple(sorted(positions, key=lambda p: (-p.confidence, p.target)))


def statement_row(row: Row) -> StatementRow:
    return StatementRow(
        id=row["id"],
        article_id=row["article_id"],
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        kind=row["kind"],
        text=row["text"],
        cue=row["cue"],
        score=row["score"],
        created_at=row["created_at"],
        source=row["source"],
        source_url=row["source_url"],
        published_at=row["published_at"],
        received_at=row["received_at"],
        topics=tuple(sorted((row["topic_list"] or "").split())),
        positions=positions_of(row["position_list"]),
        sources=max(int(row["source_count"] or 0), 1),
        display=row["display"],
    )


# When a statement was said: its article's publication date where known (a forwarded post's
# date, a page's date), else when it reached us. Search, charts and timelines group by it.
SAID_AT = "substr(COALESCE(a.published_at, s.created_at), 1, 10)"
