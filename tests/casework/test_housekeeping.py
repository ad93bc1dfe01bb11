"""Housekeeping: retention and marker clean-up follow the clock; the task lives with the app."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web
from sqlalchemy import func, select
from sqlmodel import Session

from casework.housekeeping import SYSTEM_ACTOR, Housekeeping
from casework.vocab import AuditAction
from content.clock import FixedClock
from storage import repository as repo
from storage.db import Database
from storage.models import Case, ProcessedActivity

PURGE_ACTION = AuditAction.RETENTION_PURGED

NOW = datetime(2027, 6, 20, 10, 0, tzinfo=UTC)
T1, T2 = "tenant-1", "tenant-2"


def closed_case(session: Session, tenant_id: str, closed_at: datetime) -> int:
    case = repo.open_case(
        session,
        tenant_id=tenant_id,
        pupil_name="Ada",
        group_name="5B",
        owner_aad_id="owner",
        owner_name="Kari",
        now=closed_at - timedelta(days=30),
    )
    assert case.id is not None
    repo.add_log_entry(
        session,
        tenant_id=tenant_id,
        case_id=case.id,
        kind="absence_log",
        contact_date=closed_at.date(),
        reason="Syk",
        guardians_view="Enig",
        next_steps="Ingen",
        author="Kari",
        author_aad_id="owner",
        now=closed_at,
    )
    repo.close_case(session, tenant_id=tenant_id, case_id=case.id, now=closed_at)
    return case.id


def mark(session: Session, activity_id: str, at: datetime) -> None:
    repo.mark_activity_processed(session, conversation_id="c", activity_id=activity_id, at=at)


def count(database: Database, model: type) -> int:
    return database.run_sync(
        lambda s: s.execute(select(func.count()).select_from(model)).scalar_one()
    )


async def test_run_once_purges_expired_cases_per_tenant_and_audits(database: Database) -> None:
    clock = FixedClock(NOW)
    database.run_sync(lambda s: closed_case(s, T1, NOW - timedelta(days=400)))
    database.run_sync(lambda s: closed_case(s, T2, NOW - timedelta(days=366)))
    recent = database.run_sync(lambda s: closed_case(s, T1, NOW - timedelta(days=100)))
    database.run_sync(lambda s: mark(s, "old", NOW - timedelta(days=2)))
    database.run_sync(lambda s: mark(s, "new", NOW - timedelta(hours=1)))
    housekeeping = Housekeeping(database, clock, retention_days=365)

    report = await housekeeping.run_once()

    assert report.cases_purged == {T1: 1, T2: 1}
    assert report.markers_forgotten == 1
    assert count(database, Case) == 1 and count(database, ProcessedActivity) == 1
    for tenant_id in (T1, T2):
        events = database.run_sync(lambda s, t=tenant_id: repo.audit_events(s, tenant_id=t))
        purges = [event for event in events if event.action == PURGE_ACTION]
        assert [(event.actor_aad_id, event.detail) for event in purges] == [
            (SYSTEM_ACTOR, {"cases": 1})
        ]

    again = await housekeeping.run_once()  # nothing left to purge: no audit event either
    assert again.cases_purged == {}
    clock.advance(timedelta(days=266))  # the recent case is now 366 days closed
    later = await housekeeping.run_once()
    assert later.cases_purged == {T1: 1}
    assert database.run_sync(lambda s: s.get(Case, recent)) is None


async def test_retention_days_is_honoured(database: Database) -> None:
    database.run_sync(lambda s: closed_case(s, T1, NOW - timedelta(days=40)))
    kept = Housekeeping(database, FixedClock(NOW), retention_days=60)
    assert (await kept.run_once()).cases_purged == {}
    purged = Housekeeping(database, FixedClock(NOW), retention_days=30)
    assert (await purged.run_once()).cases_purged == {T1: 1}


async def test_the_task_starts_and_stops_with_the_app(database: Database) -> None:
    housekeeping = Housekeeping(database, FixedClock(NOW), retention_days=365, interval_s=0.005)
    app = web.Application()
    app.cleanup_ctx.append(housekeeping)
    runner = web.AppRunner(app)
    assert not housekeeping.running

    await runner.setup()
    try:
        assert housekeeping.running
        for _ in range(2):  # it runs, and then runs again after the interval
            housekeeping.ran.clear()
            await asyncio.wait_for(housekeeping.ran.wait(), timeout=10)
    finally:
        await runner.cleanup()

    assert housekeeping.runs >= 2
    assert not housekeeping.running


async def test_a_failing_run_does_not_stop_the_timer(tmp_path: Path) -> None:
    home = tmp_path / "db"
    database = Database(f"sqlite:///{home / 'naervaer.db'}")
    away = tmp_path / "away"
    home.rename(away)  # the database cannot be opened: every run fails
    housekeeping = Housekeeping(database, FixedClock(NOW), retention_days=365, interval_s=0.001)
    app = web.Application()
    app.cleanup_ctx.append(housekeeping)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        async with asyncio.timeout(10):
            while housekeeping.failures < 2:
                await asyncio.sleep(0.001)
        assert housekeeping.running and housekeeping.runs == 0
    finally:
        await runner.cleanup()
        database.dispose()
