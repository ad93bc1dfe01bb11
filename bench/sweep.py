"""The reminder sweep: how fast `storage.deadlines.claim_due_deadlines` (the query the scheduler
runs) finds what is due, and how fast the scheduler sends what it found.

Fills a fresh database through the storage layer with `rows` deadlines, most of them closed or
reminding in the future and `due` of them due now, then times the query the scheduler runs and
prints the database's plan for it, captured from the statement the repository function really
sends (so the plan cannot drift from the code).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from bot.app import create_app
from bot.keys import ADAPTER_KEY, DATABASE_KEY, SCHEDULER_KEY
from bot.settings import Settings
from content.clock import FixedClock
from devkit.local_channel import BOT_ID, LocalChannel
from storage.cases import open_case
from storage.db import Database
from storage.deadlines import claim_due_deadlines
from storage.models import Case, Deadline
from storage.references import save_conversation_reference

NOW = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
CASES = 2_000
TENANTS = 20
BATCH = 10_000
TARGET_MS = 20.0


@dataclass
class SweepResult:
    rows: int
    due: int
    found: int
    timings_ms: list[float] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    send_seconds: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms)


def fill(database: Database, *, rows: int, due: int) -> None:
    """`due` open and due now; of the rest, four in five closed and one in five in the future."""
    case_ids = database.run_sync(_open_cases)
    for start in range(0, rows, BATCH):
        stop = min(rows, start + BATCH)
        database.run_sync(lambda s, a=start, b=stop: _add_deadlines(s, case_ids, a, b, due))


def _open_cases(session: Session) -> list[tuple[str, int]]:
    cases = [
        open_case(
            session,
            tenant_id=f"sweep-tenant-{i % TENANTS:02d}",
            pupil_name=f"Elev {i}",
            group_name=f"{1 + i % 10}A",
            owner_aad_id=f"sweep-teacher-{i % 200:03d}",
            owner_name=f"Lærer {i % 200}",
            now=NOW - timedelta(days=30),
        )
        for i in range(CASES)
    ]
    return [(case.tenant_id, case.id or 0) for case in cases]


def _add_deadlines(
    session: Session, case_ids: list[tuple[str, int]], start: int, stop: int, due: int
) -> None:
    deadlines = []
    for i in range(start, stop):
        tenant_id, case_id = case_ids[i % len(case_ids)]
        if i < due:
            status, remind_at = "open", NOW - timedelta(minutes=1 + i % 600)
        elif i % 5 == 0:
            status, remind_at = "open", NOW + timedelta(days=1 + i % 60)
        else:
            status, remind_at = ("done", "cancelled")[i % 2], NOW - timedelta(days=i % 90)
        deadlines.append(
            Deadline(
                case_id=case_id,
                tenant_id=tenant_id,
                kind="evaluate_measures",
                due_at=remind_at,
                remind_at=remind_at,
                status=status,
                created_at=NOW - timedelta(days=31),
            )
        )
    session.add_all(deadlines)


def time_query(database: Database, *, repeats: int) -> tuple[list[float], int]:
    timings, found = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        found = len(database.run_sync(lambda s: claim_due_deadlines(s, now=NOW)))
        timings.append((time.perf_counter() - started) * 1000)
    return timings, found


def query_plan(database: Database) -> list[str]:
    """The plan of the exact statement `claim_due_deadlines` sends, caught on its way to the
    driver."""
    captured: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM deadline" in statement:
            captured.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", catch)
    try:
        database.run_sync(lambda s: claim_due_deadlines(s, now=NOW))
    finally:
        event.remove(database.engine, "before_cursor_execute", catch)
    statement, parameters = captured[-1]
    prefix = "EXPLAIN QUERY PLAN " if database.dialect == "sqlite" else "EXPLAIN "
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    return [" ".join(str(part) for part in row) for row in rows]


def send_due_reminders(database: Database, *, count: int) -> float | None:
    """Seconds for one scheduler sweep to send `count` due reminders to the local connector.

    Every owner gets a conversation reference pointing at a `LocalChannel`; the bot's real
    scheduler (outbox, adapter, connector client) then runs one sweep at `NOW`, and the clock
    stops when `count` cards have arrived over HTTP.
    """
    return asyncio.run(_send_due(str(database.url.render_as_string(hide_password=False)), count))


async def _send_due(database_url: str, count: int) -> float:
    channel = LocalChannel()
    await channel.start()
    settings = Settings(_env_file=None, database_url=database_url, port=0)  # type: ignore[call-arg]
    app = create_app(settings, clock=FixedClock(NOW))
    scheduler = app[SCHEDULER_KEY]
    try:
        app[DATABASE_KEY].run_sync(lambda s: _references(s, channel.service_url))
        started = time.perf_counter()
        await scheduler.run_once(NOW)
        arrived = sum(len(activities) for activities in channel.received.values())
        if arrived < count:
            raise RuntimeError(f"only {arrived} of {count} reminders arrived")
        return time.perf_counter() - started
    finally:
        await app[ADAPTER_KEY].bot_framework_authentication.close()
        await app[DATABASE_KEY].close()
        await channel.close()


def _references(session: Session, service_url: str) -> None:
    owners = session.exec(select(Case.tenant_id, Case.owner_aad_id).distinct()).all()
    for tenant_id, owner in owners:
        reference = {
            "bot": {"id": BOT_ID},
            "user": {"id": f"29:{owner}", "aadObjectId": owner},
            "conversation": {"id": f"a:{owner}", "tenantId": tenant_id},
            "channelId": "msteams",
            "serviceUrl": service_url,
        }
        save_conversation_reference(
            session,
            tenant_id=tenant_id,
            user_aad_id=owner,
            reference=reference,
            locale="nb-NO",
            display_name=owner,
            now=NOW,
        )


def run_sweep(
    database_url: str, *, rows: int = 100_000, due: int = 1_000, repeats: int = 20
) -> SweepResult:
    database = Database(database_url)
    try:
        fill(database, rows=rows, due=due)
        timings, found = time_query(database, repeats=repeats)
        plan = query_plan(database)
        sent = send_due_reminders(database, count=due)
    finally:
        database.dispose()
    return SweepResult(rows, due, found, timings, plan, sent)


def render_sweep(result: SweepResult) -> str:
    verdict = "met" if result.median_ms < TARGET_MS else "NOT met"
    sent = "not measured yet" if result.send_seconds is None else f"{result.send_seconds:.2f} s"
    lines = [
        f"| reminder sweep over {result.rows:,} deadlines ({result.due:,} due) | figure |",
        "| --- | ---: |",
        f"| `claim_due_deadlines` median of {len(result.timings_ms)} | {result.median_ms:.2f} ms |",
        f"| `claim_due_deadlines` first (cold) | {result.timings_ms[0]:.2f} ms |",
        f"| rows returned (limit) | {result.found} |",
        f"| send {result.due:,} due reminders | {sent} |",
        "",
        f"Target sweep query < {TARGET_MS:.0f} ms: {verdict}. "
        f"Target 1,000 reminders < 10 s: {sent}.",
        "",
        "Query plan:",
        "```",
        *result.plan,
        "```",
    ]
    return "\n".join(lines)
