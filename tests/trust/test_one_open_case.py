"""At most one open case per pupil of a school, held by the database (issue 13, items 3-5).

Reports race through the real unit of work (`record_concern`) on the database under test, many
at once (PostgreSQL: four worker threads on their own connections; SQLite serialises writers).
A colleague's report on a case they may not see leaves it unchanged and shows nothing of it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from casework.access import Actor
from casework.cases import Concern, record_concern
from content.i18n import Translator
from storage import repository as repo
from storage.db import Database
from storage.models import Case, Deadline
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import KARI, PER, RITA

NB = Translator("nb")
NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
REPORTS = 30


def concern(pupil: str, criteria: tuple[str, ...] = ("visma_alert",)) -> Concern:
    return Concern(pupil, "5B", criteria, False, ())


async def test_thirty_simultaneous_reports_of_one_pupil_make_one_open_case(
    database_url: str,
) -> None:
    database = Database(database_url, max_workers=8)
    try:
        teachers = [Actor("tenant-a", f"aad-{n}", f"Lærer {n}", is_leader=True) for n in range(30)]
        spellings = ("Ole", "ole", "OLE", " Ole ")
        results = await asyncio.gather(
            *(
                database.run(
                    lambda s, a=actor, n=n: record_concern(s, a, concern(spellings[n % 4]), NOW)
                )
                for n, actor in enumerate(teachers)
            )
        )
    finally:
        database.dispose()
    opened = {case.id for case in cases(database_url) if case.status == "open"}
    assert len(opened) == 1
    assert {result[0] for result in results if result is not None} == opened
    assert sum(1 for result in results if result is not None and result[1].created) == 1


def test_the_schema_refuses_a_second_open_case_of_a_pupil(database: Database) -> None:
    def twice(session: Session) -> None:
        for name in ("Åse", "åse"):
            repo.open_case(
                session,
                tenant_id="t",
                pupil_name=name,
                group_name="5B",
                owner_aad_id="a",
                owner_name="A",
                now=NOW,
            )

    with pytest.raises(IntegrityError):
        database.run_sync(twice)

    def closed_then_new(session: Session) -> int:
        first = repo.open_case(
            session,
            tenant_id="t",
            pupil_name="Åse",
            group_name="5B",
            owner_aad_id="a",
            owner_name="A",
            now=NOW,
        )
        assert first.id is not None
        repo.close_case(session, tenant_id="t", case_id=first.id, now=NOW)
        second = repo.open_case(
            session,
            tenant_id="t",
            pupil_name="åse",
            group_name="5B",
            owner_aad_id="a",
            owner_name="A",
            now=NOW,
        )
        assert second.id is not None
        return second.id

    assert database.run_sync(closed_then_new)  # a closed case does not block a new one


@pytest.fixture
async def bot(database_url: str, clock) -> RunningBot:  # type: ignore[no-untyped-def]
    from tests.scenarios.schools import two_schools

    async with two_schools(database_url, clock) as running:
        yield running


async def test_a_colleagues_report_neither_shows_nor_changes_the_case(
    bot: RunningBot, database_url: str
) -> None:
    await bot.channel.send(KARI, "Jeg er bekymret for Ole i 5B, borte 5 dager")
    await bot.channel.send(KARI, "nei")
    await bot.channel.send(RITA, "løft saken til Ole i 5B til nivå 1")
    (before,) = cases(database_url)
    deadlines_before = [(d.id, d.kind, d.status) for d in rows(database_url, Deadline)]

    await bot.channel.send(PER, "Jeg er bekymret for Ole i 5B, han kommer for sent hver dag")
    reply = await bot.channel.send(PER, "5")
    reply = reply if "Ole" in reply.text else await bot.channel.send(PER, "uke")

    assert reply.text == NB("report.followed_by", pupil="Ole", group="5B", owner=KARI.name)
    (after,) = rows(database_url, Case)
    assert (after.level, after.criteria, after.owner_aad_id) == (
        before.level,
        before.criteria,
        before.owner_aad_id,
    )
    assert [(d.id, d.kind, d.status) for d in rows(database_url, Deadline)] == deadlines_before
