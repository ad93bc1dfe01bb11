"""The two statements SQLite and PostgreSQL spell alike but SQLAlchemy builds per dialect."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session


def insert_statement(session: Session, table: Table) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_update` / `on_conflict_do_nothing`."""
    return insert_for_dialect(session.get_bind().dialect.name, table)


def insert_for_dialect(name: str, table: Table) -> Any:
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for dialect {name}")


def upsert(
    session: Session, table: Table, values: dict[str, Any], *, keys: list[str], update: list[str]
) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET update-columns from the new row."""
    statement = insert_statement(session, table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=keys,
        set_={column: statement.excluded[column] for column in update},
    )


def insert_or_ignore(session: Session, table: Table, values: dict[str, Any]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING: the primary key decides who was first, race-free."""
    return insert_statement(session, table).values(**values).on_conflict_do_nothing()
