"""One bot front per record on PostgreSQL: a session advisory lock, held for the process's life.

Two fronts on one record would both poll Telegram and both drain the outbox. On SQLite a
file lock beside the database keeps the second out (bot/instance_lock.py), but fronts on
PostgreSQL may run on different hosts, so the lock is the server's: `pg_try_advisory_lock`
on a connection kept open. The server drops it when that connection ends, however the
process ends, so a standby front (here or on another host) takes it within its retry
interval. The lock is keyed by the schema the record lives in, so records in separate
schemas of one database don't block each other.

The lock is only as good as its connection: a server restart or an administrator's
`pg_terminate_backend` ends it without the holder noticing until it next talks to the
server, so the front asks (`still_held`) every few seconds (bot/front.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg

from storage.errors import DatabaseUnavailable
from storage.postgres.executor import shown

# "OnRe" in ASCII: the first key of the two-key advisory lock; the schema's hash is the second.
FRONT_LOCK = 0x4F6E5265
# libpq's own limits on a dead peer: a lock connection to a server that vanished (a network
# partition, a host powered off) fails within about this many seconds instead of hanging.
DEAD_PEER_SECONDS = 10


def _connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=DEAD_PEER_SECONDS,
            keepalives_idle=DEAD_PEER_SECONDS // 2,
            keepalives_interval=1,
            keepalives_count=DEAD_PEER_SECONDS // 2,
            tcp_user_timeout=DEAD_PEER_SECONDS * 1000,
        )
    except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DatabaseUnavailable(f"cannot open {shown(url)}: {reason}") from exc


def _try_lock(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT pg_try_advisory_lock(%s, hashtext(current_schema()))", (FRONT_LOCK,)
    ).fetchone()
    return row is not None and bool(row[0])


def hold_front_lock(url: str) -> psycopg.Connection | None:
    """The connection holding the record's front lock (keep it open), or None when another
    front holds it."""
    conn = _connect(url)
    if not _try_lock(conn):
        conn.close()
        return None
    return conn


def wait_for_front_lock(
    url: str, retry_seconds: float, on_standby: Callable[[], None]
) -> psycopg.Connection:
    """The connection holding the record's front lock, taken at once or, after
    `on_standby()`, as soon as the front holding it ends (asked every `retry_seconds` on
    one idle connection, opened again if the server ended it)."""
    conn = _connect(url)
    if _try_lock(conn):
        return conn
    on_standby()
    try:
        while True:
            time.sleep(retry_seconds)
            try:
                if _try_lock(conn):
                    return conn
            except psycopg.OperationalError:  # a restart, an idle timeout: ask on a new one
                conn.close()
                conn = _connect(url)
    except BaseException:
        conn.close()
        raise


def still_held(conn: psycopg.Connection) -> bool:
    """Whether this connection's session still holds the lock (one row of pg_locks)."""
    try:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid() AND classid = %s::bigint::oid AND objsubid = 2",
            (FRONT_LOCK,),
        ).fetchone()
    except psycopg.Error:  # the session ended: a server restart, pg_terminate_backend
        return False
    return row is not None and row[0] == 1
