"""SQLite storage behind a small async interface; the only SQL in the project lives here."""

from storage.database import Database
from storage.migrate import MigrationError, SchemaTooNewError
from storage.models import (
    NewArticle,
    NewSpeaker,
    NewStatement,
    SpeakerRow,
    StatementRow,
    StoredArticle,
)

__all__ = [
    "Database",
    "MigrationError",
    "NewArticle",
    "NewSpeaker",
    "NewStatement",
    "SchemaTooNewError",
    "SpeakerRow",
    "StatementRow",
    "StoredArticle",
]
