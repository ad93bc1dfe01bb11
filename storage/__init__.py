"""Persistence: sqlmodel tables, repository functions, botbuilder Storage and migrations.

One code path serves SQLite (embedded default) and PostgreSQL (production); the engine is chosen
only by the database URL.
"""

from storage.db import Database, make_engine, normalize_url
from storage.errors import DatabaseUnavailable, NotFound, StateConflict, StorageError

__all__ = [
    "Database",
    "DatabaseUnavailable",
    "NotFound",
    "StateConflict",
    "StorageError",
    "make_engine",
    "normalize_url",
]
