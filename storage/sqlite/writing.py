"""Writing a new statement and finding or creating its speaker, inside a transaction.

Shared by storing an article and by correcting a statement's speaker: the same person
across articles is one row, matched by folded name or any alias.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.database import Writes, marks
from storage.models import NewArticle, NewSpeaker, NewStatement, StatementPosition


async def upsert_speaker(tx: Writes, speaker: NewSpeaker) -> int:
    """The id of the speaker's row: an existing one (keeping the fuller name), or a new one.

    One statement for both engines: where two writers name the same new person at once
    (PostgreSQL), `INSERT … ON CONFLICT (name_key) DO UPDATE … RETURNING id` makes the second
    wait for the first and then update the row it wrote, so they share one speaker; SQLite's
    single writer never meets the conflict, and reads the same syntax.
    """
    keys = list(dict.fromkeys((speaker.name_key, *speaker.match_keys)))
    row = await tx.fetchone(
        f"SELECT speaker_id AS id FROM speaker_aliases WHERE alias_key IN ({marks(keys)})"
        f" UNION ALL SELECT id FROM speakers WHERE name_key IN ({marks(keys)}) LIMIT 1",
        (*keys, *keys),
    )
    if row is not None:
        speaker_id = int(row["id"])
        await tx.execute(
            "UPDATE speakers SET role = COALESCE(role, ?),"
            " name = CASE WHEN length(?) > length(name) THEN ? ELSE name END WHERE id = ?",
            (speaker.role, speaker.name, speaker.name, speaker_id),
        )
    else:
        written = await tx.fetchone(
            "INSERT INTO speakers AS sp (name, name_key, role, kind) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name_key) DO UPDATE SET role = COALESCE(sp.role, excluded.role),"
            " name = CASE WHEN length(excluded.name) > length(sp.name) THEN excluded.name"
            " ELSE sp.name END RETURNING id",
            (speaker.name, speaker.name_key, speaker.role, speaker.kind),
        )
        assert written is not None
        speaker_id = int(written["id"])
    await tx.executemany(
        "INSERT INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?, ?, ?)"
        " ON CONFLICT (alias_key) DO NOTHING",
        [
            (key, alias, speaker_id)
            for key, alias in {speaker.name_key: speaker.name, **speaker.alias_keys}.items()
        ],
    )
    return speaker_id


async def insert_statement(
    tx: Writes,
    article_id: int,
    article: NewArticle,
    statement: NewStatement,
) -> int:
    """A new statement with its first source, its topics, its positions and the changes of
    line it makes."""
    when = article.received_at
    # A side and a change of line are dated when they were said, as /who and the charts
    # show them: the article's own date when it gives one, else when it was received.
    said = article.published_at or when
    speaker_id = await upsert_speaker(tx, statement.speaker) if statement.speaker else None
    statement_id = await tx.insert(
        "INSERT INTO statements (article_id, speaker_id, speaker_text, kind, text,"
        " span_start, span_end, cue, score, created_at, display)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article_id,
            speaker_id,
            statement.speaker_text,
            statement.kind,
            statement.text,
            statement.span[0],
            statement.span[1],
            statement.cue,
            statement.score,
            when,
            statement.display,
        ),
    )
    await tx.execute(
        "INSERT INTO statement_sources (statement_id, article_id, created_at) VALUES (?, ?, ?)",
        (statement_id, article_id, when),
    )
    await tx.executemany(
        "INSERT INTO statement_topics (statement_id, topic, created_at) VALUES (?, ?, ?)",
        [(statement_id, topic, when) for topic in dict.fromkeys(statement.topics)],
    )
    await insert_positions(tx, statement_id, speaker_id, said, statement.positions)
    if speaker_id is not None:
        await tx.executemany(
            "INSERT INTO position_changes (speaker_id, target, previous, current,"
            " statement_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (speaker_id, target, old, new, statement_id, said)
                for target, (old, new) in statement.line_changes.items()
            ],
        )
    return statement_id


async def insert_positions(
    tx: Writes,
    statement_id: int,
    speaker_id: int | None,
    when: str,
    positions: Sequence[StatementPosition],
    corrected_by: int | None = None,
) -> None:
    """A statement's sides, one per target (the running totals follow by trigger)."""
    await tx.executemany(
        "INSERT INTO statement_positions (statement_id, target, side, confidence, evidence,"
        " corrected, corrected_by, speaker_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                statement_id,
                p.target,
                p.side,
                p.confidence,
                p.evidence,
                int(p.corrected),
                corrected_by if p.corrected else None,
                speaker_id,
                when,
            )
            for p in {p.target: p for p in positions}.values()
        ],
    )
