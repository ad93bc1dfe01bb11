"""The async facade: one transaction per call, off the event loop, clear failure when down."""

import asyncio
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import Database, normalize_url
from storage.errors import DatabaseUnavailable
from storage.models import AuditEvent

OSLO_WINTER = timezone(timedelta(hours=1))


def audit(at: datetime) -> AuditEvent:
    return AuditEvent(at=at, tenant_id="t1", actor_aad_id="u1", action="case.read")


def count_events(session: Session) -> int:
    return len(session.exec(select(AuditEvent)).all())


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u:p@db:5432/n", "postgresql+psycopg"),
        ("postgres://u:p@db/n", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db/n", "postgresql+psycopg"),
        ("sqlite:///./data/naervaer.db", "sqlite"),
    ],
)
def test_normalize_url(given: str, driver: str) -> None:
    assert normalize_url(given).drivername == driver


def current_thread(_session_or_connection: object) -> threading.Thread:
    return threading.current_thread()


async def test_run_commits_on_the_loop_on_sqlite_and_off_it_on_postgresql(
    database: Database,
) -> None:
    """On SQLite a unit on a thread waited for the GIL behind the loop after every statement
    (storage/db.py); on PostgreSQL it waits on the network, which must not stop the loop."""
    loop_thread = threading.current_thread()

    def write(session: Session) -> threading.Thread:
        session.add(audit(datetime(2026, 11, 26, 8, tzinfo=UTC)))
        return threading.current_thread()

    on_sqlite = database.dialect == "sqlite"
    assert (await database.run(write) is loop_thread) is on_sqlite
    assert (await database.run_statements(current_thread) is loop_thread) is on_sqlite
    assert await database.run(count_events) == 1


async def test_a_background_unit_runs_off_the_loop_on_every_database(database: Database) -> None:
    assert await database.run(current_thread, background=True) is not threading.current_thread()


async def test_on_sqlite_units_queue_behind_a_background_unit(database: Database) -> None:
    """A unit on the loop while a background one writes on the thread would wait for its write
    lock with the loop stopped: it queues behind it on the thread instead, and the next unit
    after both runs on the loop again."""
    if not database.inline:
        pytest.skip("only SQLite runs units on the loop")
    loop_thread, release, order = threading.current_thread(), threading.Event(), []

    def long(session: Session) -> None:
        session.add(audit(datetime(2026, 12, 4, 8, tzinfo=UTC)))
        session.flush()
        assert release.wait(5)
        order.append("background")

    def short(_session: Session) -> threading.Thread:
        order.append("short")
        return threading.current_thread()

    background = asyncio.ensure_future(database.run(long, background=True))
    await asyncio.sleep(0)  # handed to the thread
    queued = asyncio.ensure_future(database.run(short))
    await asyncio.sleep(0)
    release.set()
    _, queued_on = await asyncio.gather(background, queued)
    assert order == ["background", "short"] and queued_on is not loop_thread
    assert await database.run(short) is loop_thread
    assert await database.run(count_events) == 1


async def test_inline_can_be_chosen_either_way(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inline.db'}"
    threaded = Database(url, inline=False)
    try:
        assert await threaded.run(current_thread) is not threading.current_thread()
    finally:
        threaded.dispose()


async def test_exception_rolls_back_the_whole_call(database: Database) -> None:
    def write_then_fail(session: Session) -> None:
        session.add(audit(datetime(2026, 11, 26, 8, tzinfo=UTC)))
        session.flush()
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        await database.run(write_then_fail)
    assert database.run_sync(count_events) == 0


def test_times_round_trip_as_aware_utc(database: Database) -> None:
    local = datetime(2026, 11, 26, 9, 30, tzinfo=OSLO_WINTER)
    database.run_sync(lambda session: session.add(audit(local)))
    stored = database.run_sync(lambda session: session.exec(select(AuditEvent)).one().at)
    assert stored == local
    assert stored.utcoffset() == timedelta(0)


def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        database.run_sync(lambda session: session.add(audit(datetime(2026, 11, 26))) or None)
    assert database.run_sync(count_events) == 0


async def test_unreachable_postgres_is_database_unavailable() -> None:
    database = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable):
        await database.run(count_events)
    await database.close()


def test_sqlite_connections_are_configured(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite pragmas")

    def pragmas(session: Session) -> tuple[object, ...]:
        connection = session.connection()
        return tuple(
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        )

    assert database.run_sync(pragmas) == ("wal", 1, 5000)
