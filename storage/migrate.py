"""Schema migrations from the installed package: no alembic.ini needed at the project root."""

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from storage.db import make_engine, normalize_url

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def _run(url: str | URL, action: str, revision: str) -> None:
    # NullPool: nothing stays connected afterwards, so a PostgreSQL template database can be cloned
    # right after migrating it, and a SQLite file can be copied.
    engine = make_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            getattr(command, action)(_config(connection), revision)
    finally:
        engine.dispose()


def upgrade(url: str | URL, revision: str = "head") -> None:
    _run(url, "upgrade", revision)


def downgrade(url: str | URL, revision: str) -> None:
    _run(url, "downgrade", revision)


def current(url: str | URL) -> str | None:
    engine = make_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    script = ScriptDirectory.from_config(config)
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


@functools.cache
def head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return ScriptDirectory.from_config(config).get_current_head()


def at_head(connection: Connection) -> bool:
    """For readiness: the schema this connection sees is the newest this code knows."""
    return MigrationContext.configure(connection).get_current_revision() == head()
