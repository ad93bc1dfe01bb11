"""Errors the rest of the bot can catch without knowing SQLAlchemy."""


class StorageError(Exception):
    """Base class so the HTTP edge can map every persistence failure in one place."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached; the edge answers 503 so Teams retries later."""


class StateConflict(StorageError):
    """Someone else wrote the same bot state since we read it; the turn must not overwrite it."""


class NotFound(StorageError):
    """A row the caller named does not exist in the caller's tenant."""


class AppendOnlyViolation(StorageError):
    """Log entries and audit events are records; changing one afterwards is a bug."""


class ConversationBusy(DatabaseUnavailable):
    """Another instance is still running a turn of this conversation; answered like an
    unavailable database (503), so the channel delivers the message again a little later."""
