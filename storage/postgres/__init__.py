"""The PostgreSQL implementation of `storage.ports`: psycopg 3, a generated tsvector for
full-text search, numbered migrations in `migrations/` with a `schema_version` table.

The areas whose SQL both engines speak are SQLite's (`storage.sqlite`), run on this
package's executor; what PostgreSQL does differently is here.
"""

from storage.postgres.store import PgStore

__all__ = ["PgStore"]
