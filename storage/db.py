"""Engines and the async facade through which the bot reaches the database.

The bot runs on an asyncio loop, while SQLAlchemy sessions block. On PostgreSQL `Database.run`
hands each unit of work to a small dedicated thread pool, one transaction per call, so the loop
never waits on the network, and a failing step rolls back everything it wrote.

On SQLite (one instance, an embedded file) a unit runs on the loop's own thread instead: its
statements take microseconds and hold the GIL all the same, while a unit sent to a thread had to
win the GIL back from the busy loop after every statement, up to the switch interval (5 ms) each
time, and the one database thread was a queue every turn waited in at each unit (`make bench`,
one run each: p50 151 -> 87 ms, p95 293 -> 257 ms, 3.13 -> 2.35 ms of CPU a turn). Units that
may run long (the daily retention purge) still go to the thread: `run(fn, background=True)`;
while one is there, the other units queue behind it on the thread, so SQLite's units still run
one at a time and the loop never waits for a background unit's write lock.
A unit that waits for SQLite's write lock holds the loop as long (up to the busy timeout); as
only one instance serves an SQLite file, only an operator's `naervaer` command can hold it.

`Database.run_statements` does the same with a bare Core connection, for units that run prepared
Core statements only (a turn's opening reads, its state write, the status card's reads): for
those the ORM session cost more than the statements.
"""

import asyncio
import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from ops.telemetry import Telemetry
from storage.errors import DatabaseUnavailable

T = TypeVar("T")
log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_POOL_SIZE = 5
POSTGRES_WORKERS = 4


def normalize_url(url: str | URL) -> URL:
    """Accept the spellings operators paste (`postgres://`, `postgresql://`); pin psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite(url: str | URL) -> bool:
    return normalize_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """One engine per process and URL; SQLite gets the pragmas that make it safe to share."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    options: dict[str, Any] = {"connect_args": {"connect_timeout": 5}}
    if "poolclass" not in kwargs:
        options.update(pool_size=POSTGRES_POOL_SIZE, max_overflow=POSTGRES_POOL_SIZE)
        options.update(pool_pre_ping=True)
    options.update(kwargs)
    return create_engine(parsed, **options)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    if "poolclass" not in kwargs:
        # LIFO: the one DB thread keeps reusing the same connection and its warm page cache;
        # the default FIFO rotates through the pool, each connection with a cold cache.
        kwargs.setdefault("pool_use_lifo", True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so SAVEPOINTs work and BEGIN is explicit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL never corrupts the database; a power cut may lose the last commits.
        # FULL would fsync on every commit, which was a fifth of a turn's CPU in the benchmark.
        # SQLite is the trial engine: production runs on PostgreSQL.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so an erased pupil's name does not linger in
        # free pages of the file (issue 13).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that later writes can
        # fail with SQLITE_BUSY without waiting when another process committed in between.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """The async facade: `await db.run(fn)` runs `fn(session)` in one transaction, off the loop
    on PostgreSQL and on it on SQLite; `background=True` keeps a long unit off it everywhere."""

    def __init__(
        self,
        url: str | URL,
        *,
        max_workers: int | None = None,
        telemetry: Telemetry | None = None,
        inline: bool | None = None,
    ) -> None:
        """`inline`: units run on the caller's thread (the default on SQLite, see above)."""
        self.url = normalize_url(url)
        self.inline = is_sqlite(self.url) if inline is None else inline
        self.engine = make_engine(self.url)
        self.telemetry = telemetry or Telemetry()
        # Logged (and counted) once when the database goes away, once when it is back.
        self._down = False
        self._down_since = 0.0
        self._down_lock = threading.Lock()
        default_workers = 1 if is_sqlite(self.url) else POSTGRES_WORKERS
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers or default_workers, thread_name_prefix="db"
        )
        # Units handed to the thread and not yet ended there (even if their caller was
        # cancelled): while there are any, SQLite's units queue behind them.
        self._off_loop_units = 0

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def run(self, fn: Callable[[Session], T], *, background: bool = False) -> T:
        if self._on_loop(background):
            return self.run_sync(fn)
        return await self._off_loop(self.run_sync, fn)

    async def run_statements(self, fn: Callable[[Connection], T]) -> T:
        """As `run`, with a Core connection in one transaction instead of an ORM session."""
        if self._on_loop(False):
            return self._in_transaction(fn)
        return await self._off_loop(self._in_transaction, fn)

    def _on_loop(self, background: bool) -> bool:
        """Inline, unless asked otherwise or a unit is still on the thread: SQLite's units run
        one at a time, as before, so the loop never waits for a background unit's write lock."""
        return self.inline and not background and not self._off_loop_units

    async def _off_loop(
        self, runner: Callable[[Callable[[Any], T]], T], fn: Callable[[Any], T]
    ) -> T:
        loop = asyncio.get_running_loop()
        # The caller's context goes along (the school whose calendar counts, casework).
        context = contextvars.copy_context()
        self._off_loop_units += 1
        submitted = self._executor.submit(context.run, runner, fn)

        def finished(_: Future[T]) -> None:  # on the worker thread, when the unit has ended
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._unit_ended)

        submitted.add_done_callback(finished)
        return await asyncio.wrap_future(submitted)

    def _unit_ended(self) -> None:
        self._off_loop_units -= 1

    def run_sync(self, fn: Callable[[Session], T]) -> T:
        """Commit when `fn` returns, roll back when it raises; for the CLI, tests and the pool."""

        def in_session(connection: Connection) -> T:
            with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                return fn(session)

        return self._connected(in_session)

    def _in_transaction(self, fn: Callable[[Connection], T]) -> T:
        def in_transaction(connection: Connection) -> T:
            with connection.begin():
                return fn(connection)

        return self._connected(in_transaction)

    def _connected(self, fn: Callable[[Connection], T]) -> T:
        try:
            connection = self.engine.connect()
        except OperationalError as exc:
            self._outage(type(exc.orig).__name__)
            raise DatabaseUnavailable(f"cannot reach the database: {exc.orig}") from exc
        try:
            result = fn(connection)
        except DBAPIError as exc:
            if exc.connection_invalidated:
                self._outage(type(exc.orig).__name__)
                raise DatabaseUnavailable(f"lost the database connection: {exc.orig}") from exc
            raise
        finally:
            connection.close()
        if self._down:
            self._recovered()
        return result

    def _outage(self, kind: str) -> None:
        """One log line per outage, with the error's type only (its text may quote a query's
        values, and those can be pupil data)."""
        with self._down_lock:
            if not self._down:
                self._down, self._down_since = True, time.monotonic()
                self.telemetry.database_down()
                log.error(
                    "database unavailable (%s, %s); answering 503",
                    kind,
                    self.dialect,
                    extra={"event": "db_outage", "error.type": kind, "db": self.dialect},
                )

    def _recovered(self) -> None:
        with self._down_lock:
            if self._down:
                self._down = False
                outage_s = round(time.monotonic() - self._down_since, 3)
                self.telemetry.database_back(outage_s)
                log.info(
                    "database reachable again (%s) after %.1f s",
                    self.dialect,
                    outage_s,
                    extra={"event": "db_recovered", "db": self.dialect, "outage_s": outage_s},
                )

    async def scrub(self) -> None:
        """After an erasure on SQLite: copy the write-ahead log into the database file and
        empty it, so the deleted rows' old pages (zeroed there by secure_delete) leave the disk.
        PostgreSQL reclaims dead rows with its own (auto)vacuum."""
        if is_sqlite(self.url):
            await asyncio.get_running_loop().run_in_executor(self._executor, self._checkpoint)

    def _checkpoint(self) -> None:
        # Outside any transaction (a checkpoint cannot run inside one): the raw connection.
        connection = self.engine.raw_connection()
        try:
            connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            connection.close()

    def dispose(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()

    async def close(self) -> None:
        await asyncio.to_thread(self.dispose)
