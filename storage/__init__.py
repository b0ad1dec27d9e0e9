"""Storage: what the record is made of (data types), what services may ask of it
(`storage.ports`), and its implementations (`storage.sqlite`).

This package itself exports only the data types and errors, so a layer that may name them
(handlers) never loads an implementation by importing them.
"""

from storage.errors import DatabaseUnavailable, MigrationError, SchemaTooNewError
from storage.models import (
    NewArticle,
    NewSpeaker,
    NewStatement,
    SpeakerRow,
    StatementRow,
    StoredArticle,
)

__all__ = [
    "DatabaseUnavailable",
    "MigrationError",
    "NewArticle",
    "NewSpeaker",
    "NewStatement",
    "SchemaTooNewError",
    "SpeakerRow",
    "StatementRow",
    "StoredArticle",
]
