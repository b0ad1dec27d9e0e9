"""The errors that stop a start with one line: a data file, the model, the database
(too new, a failed migration, or a server out of reach).

`bot.__main__` prints `error: <the error>` for each of them (and for a bad setting) and exits
with status 2; everything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from services.resources import ResourceError
from storage import DatabaseUnavailable, MigrationError, SchemaTooNewError


class ModelNotInstalled(ValueError):
    """SPACY_MODEL names a pipeline that is not installed; str(exc) is the one-line fix."""


STARTUP_ERRORS: tuple[type[Exception], ...] = (
    ModelNotInstalled,
    ResourceError,
    SchemaTooNewError,
    MigrationError,
    DatabaseUnavailable,
)
