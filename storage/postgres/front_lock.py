"""One bot front per record on PostgreSQL: a session advisory lock, held for the process's life.

Two fronts on one record would both poll Telegram and both drain the outbox. On SQLite a
file lock beside the database keeps the second out (bot/instance_lock.py), but fronts on
PostgreSQL may run on different hosts, so the lock is the server's: `pg_try_advisory_lock`
on a connection kept open. The server drops it when that connection ends, however the
process ends, so a restart (here or on another host) takes it at once. The lock is keyed by
the schema the record lives in, so records in separate schemas of one database don't block
each other.
"""

from __future__ import annotations

import psycopg

from storage.errors import DatabaseUnavailable
from storage.postgres.executor import shown

# "OnRe" in ASCII: the first key of the two-key advisory lock; the schema's hash is the second.
FRONT_LOCK = 0x4F6E5265


def hold_front_lock(url: str) -> psycopg.Connection | None:
    """The connection holding the record's front lock (keep it open), or None when another
    front holds it."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DatabaseUnavailable(f"cannot open {shown(url)}: {reason}") from exc
    row = conn.execute(
        "SELECT pg_try_advisory_lock(%s, hashtext(current_schema()))", (FRONT_LOCK,)
    ).fetchone()
    if row is None or not row[0]:
        conn.close()
        return None
    return conn
