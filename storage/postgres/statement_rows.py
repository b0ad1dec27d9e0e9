"""The statement join in PostgreSQL's spelling: the same columns as SQLite's
(`storage.sqlite.statement_rows`), read by the same `statement_row`; only the aggregates
differ (`string_agg` for `group_concat`, `json_agg` for `json_group_array`)."""

from __future__ import annotations

from storage.sqlite.statement_rows import STATEMENT_JOINS

STATEMENT_COLUMNS = """
    s.id, s.article_id, COALESCE(sp.name, s.speaker_text) AS speaker,
    sp.role AS speaker_role, s.kind, s.text, s.cue, s.score, s.created_at, s.display,
    a.source, a.source_url, a.published_at, a.received_at,
    (SELECT string_agg(topic, ' ') FROM statement_topics WHERE statement_id = s.id)
        AS topic_list,
    (SELECT json_agg(json_build_array(target, side, confidence, evidence, corrected))::text
        FROM statement_positions WHERE statement_id = s.id) AS position_list,
    (SELECT count(*) FROM statement_sources WHERE statement_id = s.id) AS source_count
"""


def select_statements(source: str = "statements s", extra: str = "") -> str:
    """`SELECT` the statement columns (and `extra` ones) `FROM source`, which names the
    statements table `s`, with each statement's article and speaker joined."""
    columns = f"{STATEMENT_COLUMNS}, {extra}" if extra else STATEMENT_COLUMNS
    return f"SELECT {columns} FROM {source} {STATEMENT_JOINS}"
