"""Finding or adding a speaker on PostgreSQL, where two articles may name the same new
person at once: `INSERT … ON CONFLICT (name_key) DO UPDATE … RETURNING id` makes the second
writer wait for the first and then update the row it wrote, so they share one speaker."""

from __future__ import annotations

from storage.database import Writes, marks
from storage.models import NewSpeaker


async def upsert_speaker(tx: Writes, speaker: NewSpeaker) -> int:
    """The id of the speaker's row: an existing one (keeping the fuller name), or a new one."""
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
