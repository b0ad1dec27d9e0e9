"""What storage refuses with: a database newer than the code, or a migration that failed."""


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer OnRecord; refusing beats corrupting it."""


class MigrationError(RuntimeError):
    """A migration failed; the database stays at the version it had before it."""
