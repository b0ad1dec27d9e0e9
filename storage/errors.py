"""What storage refuses with: a database newer than the code, a migration that failed, or a
database server it cannot reach."""


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer OnRecord; refusing beats corrupting it."""


class MigrationError(RuntimeError):
    """A migration failed; the database stays at the version it had before it."""


class DatabaseUnavailable(RuntimeError):
    """The database server refused the connection or cannot be reached; str(exc) is one line
    naming the server (never the password) and the reason."""


class CopyRefused(RuntimeError):
    """`migrate-to` found another record in the target database; str(exc) is one line."""


class WriteConflict(RuntimeError):
    """Another writer's transaction crossed this one (PostgreSQL chose it to roll back to
    end a deadlock, or to keep transactions serialisable). Nothing of it was written; the
    same work done again from the start normally succeeds."""
