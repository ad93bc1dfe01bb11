"""The one migration path builds exactly the schema the models describe, and can be undone."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage import migrate
from storage.db import make_engine

TABLES = set(SQLModel.metadata.tables)
HEAD = migrate.revisions()[-1]


def schema_diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    url = empty_database_url
    assert migrate.current(url) is None
    migrate.upgrade(url)
    assert migrate.current(url) == HEAD
    assert table_names(url) == TABLES
    migrate.downgrade(url, "base")
    assert migrate.current(url) is None
    assert table_names(url) == set()
    assert schema_diff(url)  # the comparison does see a missing schema
    migrate.upgrade(url)
    assert migrate.current(url) == HEAD


def test_revisions_form_one_line_from_the_initial_schema() -> None:
    assert migrate.revisions()[0] == "0001_initial"
    assert len(set(migrate.revisions())) == len(migrate.revisions())


@pytest.mark.parametrize("start", migrate.revisions())
def test_upgrade_from_every_earlier_revision(empty_database_url: str, start: str) -> None:
    migrate.upgrade(empty_database_url, start)
    assert migrate.current(empty_database_url) == start
    migrate.upgrade(empty_database_url)
    assert migrate.current(empty_database_url) == HEAD
    assert schema_diff(empty_database_url) == []


def test_migrated_schema_matches_models(database_url: str) -> None:
    assert schema_diff(database_url) == []


def test_named_indexes_exist(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        inspector = inspect(engine)
        names = {index["name"] for table in TABLES for index in inspector.get_indexes(table)}
    finally:
        engine.dispose()
    assert {
        "ix_case_tenant_status_level",
        "ix_case_tenant_owner_status",
        "ix_case_tenant_status_group",
        "ix_deadline_status_remind_at",
        "ix_deadline_case_status",
    } <= names
