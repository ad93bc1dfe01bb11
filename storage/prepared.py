"""The statements turns run most, executed on the driver's cursor (issue 19's turn CPU).

A turn opens with three reads (the delivery mark, the dialog state, what is known of the user)
and closes with two writes (the state, the delivery mark). Through `Connection.execute` each
paid SQLAlchemy's per-execution work: the statement's cache key, the compiled-cache lookup, an
execution context, parameter and result processing; 30-50 µs each where SQLite itself needs
5-10. `Prepared` compiles its statement once per dialect and runs it on the DBAPI cursor of
the caller's connection, inside the caller's transaction (SQLAlchemy began it), with the
bind processors SQLAlchemy would apply (an aware datetime stored as UTC text on SQLite).
The heavy turns' writes run the same way: a log entry, deadlines and audit events
(`inserting`), the user's profile and conversation reference (`PreparedUpsert`); through the ORM
a contact's save took 3.1 ms, now 0.8.

Rows come back as the driver gives them, without result processing: use it for columns
whose driver value is what the caller reads (text, integers, NULL or not). A driver error goes
through SQLAlchemy's own handling, so it is wrapped (`DBAPIError`) and a lost connection is
invalidated exactly as for any other statement. Everything else goes through `execute`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Table, bindparam, insert
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session

from storage.dialect import Executor, dialect_name, insert_for_dialect


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional parameter order (SQLite's qmark), else named
    processors: Mapping[str, Callable[[Any], Any]]
    construct: Callable[..., MutableMapping[str, Any]]


@dataclass(frozen=True)
class Result:
    rows: Sequence[Sequence[Any]]
    rowcount: int

    def first(self) -> Sequence[Any] | None:
        return self.rows[0] if self.rows else None


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def run(self, executor: Executor, parameters: Mapping[str, Any]) -> Result:
        if isinstance(executor, Session):
            if executor.autoflush:  # as `Session.execute` would: pending rows are seen
                executor.flush()
            connection = executor.connection()
        else:
            connection = executor
        compiled = self._for(connection)
        values = compiled.construct(parameters)
        for name, process in compiled.processors.items():
            values[name] = process(values[name])
        arguments: Any = values
        if compiled.names is not None:
            arguments = tuple(values[name] for name in compiled.names)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, arguments)
            rows = cursor.fetchall() if cursor.description else []
            return Result(rows, cursor.rowcount)
        except connection.dialect.loaded_dbapi.Error as error:
            connection._handle_dbapi_exception(error, compiled.sql, arguments, cursor, None)
            raise  # not reached: the line above raises SQLAlchemy's wrapped error
        finally:
            cursor.close()

    def _for(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            done = self.statement.compile(dialect=dialect)
            assert isinstance(done, SQLCompiler)
            names = tuple(done.positiontup) if done.positional and done.positiontup else None
            processors = {}
            for name, process in done._bind_processors.items():
                if not callable(process):  # a tuple type's per-element processors
                    raise ValueError("a prepared statement takes no tuple parameters")
                processors[name] = process
            compiled = _Compiled(done.string, names, processors, done.construct_params)
            self._compiled[dialect.name] = compiled
        return compiled


def _bound(table: Table, columns: Iterable[str]) -> dict[str, Any]:
    return {name: bindparam(name, type_=table.c[name].type) for name in columns}


def inserting(
    table: Table, columns: Iterable[str], *, returning: Column[Any] | None = None
) -> Prepared:
    """An INSERT of exactly these columns, each bound with its column's type (so a UTC time or a
    JSON value is stored as `execute` would store it); the other columns take their database
    defaults, none of SQLAlchemy's Python-side ones: name every column that has one."""
    statement = insert(table).values(_bound(table, columns))
    if returning is not None:
        statement = statement.returning(returning)
    return Prepared(statement)


class PreparedUpsert:
    """INSERT … ON CONFLICT (keys) DO UPDATE, prepared: SQLite and PostgreSQL spell it alike,
    but SQLAlchemy builds it per dialect, so there is one `Prepared` per dialect, built when
    first used. `update` maps a column to what it becomes on a conflict, given the statement's
    `excluded` row and the table (`excluded[c]` for the new value)."""

    def __init__(
        self,
        table: Table,
        columns: Iterable[str],
        *,
        keys: Sequence[str],
        update: Callable[[Any, Table], Mapping[str, Any]],
    ) -> None:
        self._table, self._columns, self._keys, self._update = table, tuple(columns), keys, update
        self._by_dialect: dict[str, Prepared] = {}

    def run(self, executor: Executor, parameters: Mapping[str, Any]) -> Result:
        name = dialect_name(executor)
        prepared = self._by_dialect.get(name)
        if prepared is None:
            statement = insert_for_dialect(name, self._table).values(
                _bound(self._table, self._columns)
            )
            prepared = Prepared(
                statement.on_conflict_do_update(
                    index_elements=list(self._keys),
                    set_=dict(self._update(statement.excluded, self._table)),
                )
            )
            self._by_dialect[name] = prepared
        return prepared.run(executor, parameters)
