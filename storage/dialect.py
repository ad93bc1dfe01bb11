"""The two statements SQLite and PostgreSQL spell alike but SQLAlchemy builds per dialect."""

from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session

# What runs a turn's prepared statements: a session, or the bare connection of
# `Database.run_statements`; both answer `execute(statement, parameters)` alike.
Executor = Session | Connection


def dialect_name(executor: Executor) -> str:
    if isinstance(executor, Connection):
        return executor.dialect.name
    return executor.get_bind().dialect.name


def insert_statement(executor: Executor, table: Table) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_update` / `on_conflict_do_nothing`."""
    return insert_for_dialect(dialect_name(executor), table)


def insert_for_dialect(name: str, table: Table) -> Any:
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for dialect {name}")


def upsert(
    executor: Executor, table: Table, values: dict[str, Any], *, keys: list[str], update: list[str]
) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET update-columns from the new row."""
    statement = insert_statement(executor, table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=keys,
        set_={column: statement.excluded[column] for column in update},
    )


def insert_or_ignore(executor: Executor, table: Table, values: dict[str, Any]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING: the primary key decides who was first, race-free."""
    return insert_statement(executor, table).values(**values).on_conflict_do_nothing()


def locked(session: Session, query: Any, *, of: Any = None) -> Any:
    """`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two sweeps never take the same rows; SQLite's
    `BEGIN IMMEDIATE` serialises writers already. `of`: the table locked, when the query also
    reads a subquery (PostgreSQL locks no window function's rows)."""
    if dialect_name(session) == "postgresql":
        return query.with_for_update(skip_locked=True, of=of)
    return query


def changed(executor: Executor, statement: Any, parameters: Any = None) -> int:
    """How many rows an UPDATE or DELETE changed (the cursor's rowcount; `Result` has none)."""
    return cast("CursorResult[Any]", executor.execute(statement, parameters)).rowcount
