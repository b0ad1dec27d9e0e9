"""The SQLite implementation of `storage.ports`: aiosqlite, WAL, FTS5, numbered migrations.

The only SQL in the project, with `storage/postgres/` beside it once that exists.
"""

from storage.sqlite.backup import backup_database, integrity_check
from storage.sqlite.store import SqliteStore

__all__ = ["SqliteStore", "backup_database", "integrity_check"]
