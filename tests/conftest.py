"""Shared fixtures. Database: a real, migrated database per test, SQLite by default.

Set NAERVAER_TEST_POSTGRES_URL (e.g. the URL `scripts/pg-throwaway.sh start DIR` prints) to run
the same tests on PostgreSQL. Migrating once per session and cloning keeps a test's database cheap:
SQLite copies a template file, PostgreSQL uses `CREATE DATABASE … TEMPLATE …`.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL

from storage import migrate
from storage.db import Database, normalize_url

POSTGRES_ENV = "NAERVAER_TEST_POSTGRES_URL"


def _postgres_server_url() -> URL | None:
    raw = os.environ.get(POSTGRES_ENV)
    return normalize_url(raw) if raw else None


class _PostgresDatabases:
    """Creates and drops whole databases on a throwaway server, through an autocommit engine."""

    def __init__(self, server: URL) -> None:
        self.server = server
        self.admin: Engine = create_engine(server, isolation_level="AUTOCOMMIT")

    def create(self, *, template: str | None = None) -> URL:
        name = f"test_{uuid.uuid4().hex[:16]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}{clause}"))
        return self.server.set(database=name)

    def drop(self, url: URL) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)"))

    def close(self) -> None:
        self.admin.dispose()


@pytest.fixture(scope="session")
def _postgres() -> Iterator[_PostgresDatabases | None]:
    server = _postgres_server_url()
    if server is None:
        yield None
        return
    databases = _PostgresDatabases(server)
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def _migrated_template(
    _postgres: _PostgresDatabases | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[URL]:
    if _postgres is None:
        path = tmp_path_factory.mktemp("db-template") / "template.db"
        url = normalize_url(f"sqlite:///{path}")
        migrate.upgrade(url)
        yield url
        return
    url = _postgres.create()
    migrate.upgrade(url)
    yield url
    _postgres.drop(url)


@pytest.fixture
def database_url(
    _postgres: _PostgresDatabases | None, _migrated_template: URL, tmp_path: Path
) -> Iterator[str]:
    """A fresh database migrated to head, as a URL string `Database`/`make_engine` accept."""
    if _postgres is None:
        path = tmp_path / "naervaer.db"
        shutil.copyfile(_migrated_template.database or "", path)
        yield f"sqlite:///{path}"
        return
    url = _postgres.create(template=_migrated_template.database)
    yield url.render_as_string(hide_password=False)
    _postgres.drop(url)


@pytest.fixture
def empty_database_url(_postgres: _PostgresDatabases | None, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for migration tests."""
    if _postgres is None:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = _postgres.create()
    yield url.render_as_string(hide_password=False)
    _postgres.drop(url)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()
