"""The leaders' case list over 5,000 open cases: one page, counts per level and the card.

Fills a fresh migrated database through the repository (5,000 open cases in the leaders' school
with two or three deadlines each, some done or overdue, and as many cases in a second school that
must not slow the first), then times what a leader's `vis åpne saker` runs: `casework.case_list`
`read_page` (list query, counts per level, the audit row) in one transaction, and `list_card`
(the Adaptive Card filled and rendered). Prints the plans of the exact statements the repository
sent, to show which indexes of the migrations they use. Target: under 300 ms. Not a timed test.

    .venv/bin/python -m bench.leaders_bench [--cases 5000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from casework.access import Actor
from casework.case_list import ListRequest, read_page
from casework.school_time import SchoolTime
from casework.services import Services
from content.clock import FixedClock
from content.i18n import Translator
from content.loader import guide
from content.nlu import default_recognizer
from dialogs.list_cases import list_card
from storage import migrate
from storage.cases import open_case
from storage.db import Database
from storage.deadlines import add_deadline, complete_deadline

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
TENANTS = ("bench-school", "bench-other-school")
KINDS = ("contact_guardians", "report_to_leadership", "evaluate_measures")
BATCH = 1_000
TARGET_MS = 300.0
FILTERS: dict[str, dict[str, Any]] = {
    "vis åpne saker": {},
    "saker på nivå 2": {"level": 2},
    "åpne saker på 5. trinn": {"group": "5"},
    "saker med forfalte frister": {"overdue": True},
    "side 10": {"page": 10},
}


def fill(database: Database, tenant_id: str, cases: int) -> None:
    for start in range(0, cases, BATCH):
        stop = min(cases, start + BATCH)
        database.run_sync(lambda s, a=start, b=stop: _fill_batch(s, tenant_id, a, b))


def _fill_batch(session: Session, tenant_id: str, start: int, stop: int) -> None:
    for i in range(start, stop):
        case = open_case(
            session,
            tenant_id=tenant_id,
            pupil_name=f"Elev {i}",
            group_name=f"{1 + i % 10}{'ABC'[i % 3]}",
            owner_aad_id=f"teacher-{i % 150:03d}",
            owner_name=f"Lærer {i % 150}",
            level=i % 4,
            now=NOW - timedelta(days=40),
        )
        assert case.id is not None
        for k, kind in enumerate(KINDS[: 2 + i % 2]):
            due_at = NOW + timedelta(days=(i * 7 + k * 5) % 60 - 20)
            deadline = add_deadline(
                session, tenant_id=tenant_id, case_id=case.id, kind=kind, due_at=due_at, now=NOW
            )
            if (i + k) % 4 == 0 and deadline.id is not None:
                complete_deadline(
                    session,
                    tenant_id=tenant_id,
                    deadline_id=deadline.id,
                    by_aad_id="teacher",
                    by_name="Lærer",
                    at=NOW,
                )


def one_listing(services: Services, actor: Actor, options: dict[str, Any]) -> float:
    translate = Translator("nb")
    started = time.perf_counter()
    page = services.database.run_sync(
        lambda s: read_page(s, services, ListRequest.of(actor, options), NOW)
    )
    assert page is not None
    list_card(*page, translate)
    return (time.perf_counter() - started) * 1000


def plans(services: Services, actor: Actor) -> list[str]:
    """EXPLAIN of each statement one listing sends, caught on its way to the driver."""
    captured: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    engine = services.database.engine
    event.listen(engine, "before_cursor_execute", catch)
    try:
        one_listing(services, actor, {})
    finally:
        event.remove(engine, "before_cursor_execute", catch)
    prefix = "EXPLAIN QUERY PLAN " if services.database.dialect == "sqlite" else "EXPLAIN "
    lines: list[str] = []
    with engine.connect() as connection:
        for statement, parameters in captured:
            lines.append("-- " + " ".join(statement.split())[:110] + " …")
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            lines.extend(" ".join(str(part) for part in row) for row in rows)
    return lines


def run(database_url: str, cases: int, repeats: int) -> int:
    migrate.upgrade(database_url)
    database = Database(database_url)
    try:
        started = time.perf_counter()
        for tenant_id in TENANTS:
            fill(database, tenant_id, cases)
        print(
            f"filled {cases:,} open cases x {len(TENANTS)} schools in "
            f"{time.perf_counter() - started:.1f} s ({database.dialect})"
        )
        if database.dialect == "postgresql":
            with database.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")  # plans from real statistics, not defaults
        services = Services(
            database=database,
            guide=guide(),
            recognizer=default_recognizer(),
            school=SchoolTime(clock=FixedClock(NOW)),
        )
        leader = Actor(tenant_id=TENANTS[0], aad_id="leader", name="Rektor", is_leader=True)
        print("| leader asks | median ms | p95 ms | first ms |")
        print("| --- | ---: | ---: | ---: |")
        worst = 0.0
        for label, options in FILTERS.items():
            timings = [one_listing(services, leader, options) for _ in range(repeats)]
            ordered = sorted(timings)
            median = statistics.median(timings)
            worst = max(worst, median)
            p95 = ordered[int(len(ordered) * 0.95) - 1]
            print(f"| {label} | {median:.1f} | {p95:.1f} | {timings[0]:.1f} |")
        verdict = "met" if worst < TARGET_MS else "NOT met"
        print(f"\nTarget: list + counts + card under {TARGET_MS:.0f} ms (median): {verdict}.\n")
        print("Query plans:\n```")
        print("\n".join(plans(services, leader)))
        print("```")
    finally:
        database.dispose()
    return 0 if worst < TARGET_MS else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args(argv)
    if args.database_url:
        return run(args.database_url, args.cases, args.repeats)
    with tempfile.TemporaryDirectory() as directory:
        return run(f"sqlite:///{Path(directory) / 'leaders.db'}", args.cases, args.repeats)


if __name__ == "__main__":
    raise SystemExit(main())
