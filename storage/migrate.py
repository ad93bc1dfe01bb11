"""Schema migrations from the installed package: no alembic.ini needed at the project root."""

import contextlib
import fcntl
import functools
from collections.abc import Iterator
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


# Any constant both instances agree on; "naervaer" in ASCII.
MIGRATION_LOCK_KEY = 0x6E6165727661
_LOCK_WAIT_S = 600


def upgrade(url: str | URL, revision: str = "head") -> tuple[str | None, str | None] | None:
    """Migrate under a database lock, so instances starting together migrate once: the first
    applies the revisions, the others wait for its commit and find the schema at head.
    PostgreSQL: a transaction-scoped advisory lock; SQLite: an exclusive lock on a file beside
    the database. Returns (from, to) when this call changed the schema, else None."""
    engine = make_engine(normalize_url(url), poolclass=NullPool)
    try:
        with _file_lock(engine.url), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{_LOCK_WAIT_S}s'")
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            before = MigrationContext.configure(connection).get_current_revision()
            command.upgrade(_config(connection), revision)
            after = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    return (before, after) if before != after else None


@contextlib.contextmanager
def _file_lock(url: URL) -> Iterator[None]:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    path = Path(url.database).with_name(Path(url.database).name + ".migrate-lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


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
