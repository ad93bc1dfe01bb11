"""Migration 0009_schools on a database filled at the previous head: every case, deadline and
reminder is kept, each tenant gets its default school, and the bot (with and without a schools
file naming a default school) still finds the teacher's case."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from casework.school_time import SchoolTime
from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from devkit.local_channel import User
from reminders import planning
from storage import migrate
from storage.db import Database, make_engine
from tests.harness import bot_settings, running_bot
from tests.scenarios.conftest import oslo
from tests.scenarios.schools import card_elements

REVISIONS = migrate.revisions()
SCHOOLS = next(revision for revision in REVISIONS if "schools" in revision)
PREVIOUS = REVISIONS[REVISIONS.index(SCHOOLS) - 1]  # the head before schools existed
KARI = User("aad-kari", "Kari Lærer")
RITA = User("aad-rita", "Rita Rektor")  # a NAERVAER_LEADERS leader, not in the file
TABLES = ("case", "deadline", "reminder", "log_entry", "audit_event", "conversation_reference")


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: sorted(
                    tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
                )
                for table in TABLES
            }
    finally:
        engine.dispose()


def case_ids(replies: list[dict[str, Any]]) -> set[int]:
    return {
        int(element["selectAction"]["data"]["case_id"])
        for reply in replies
        for attachment in reply.get("attachments") or []
        for element in card_elements(attachment["content"])
        if "selectAction" in element
    }


async def test_existing_cases_deadlines_and_reminders_move_into_the_default_school(
    empty_database_url: str, tmp_path: Path
) -> None:
    url = empty_database_url
    migrate.upgrade(url, PREVIOUS)
    clock = FixedClock(oslo(2026, 11, 26, 9, 0))
    settings = bot_settings(url, school_calendar=EXAMPLE_CALENDAR)
    async with running_bot(settings, clock=clock) as bot:
        await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")
        await bot.channel.send(KARI, "nei")
    database = Database(url)
    try:
        later = clock.now() + timedelta(days=3)
        planned = database.run_sync(lambda s: planning.plan_deadlines(s, SchoolTime(), later, 100))
    finally:
        database.dispose()
    assert planned > 0
    before = snapshot(url)
    assert before["case"] and before["deadline"] and before["reminder"]

    migrate.upgrade(url)
    assert migrate.current(url) == REVISIONS[-1]
    assert snapshot(url) == before
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            schools = list(
                connection.execute(text("SELECT tenant_id, school_id, scope FROM school"))
            )
    finally:
        engine.dispose()
    assert schools == [(KARI.tenant_id, "default", KARI.tenant_id)]
    (case_id,) = {row[0] for row in before["case"]}

    async with running_bot(settings, clock=clock) as bot:
        mine = await bot.channel.send(KARI, "vis åpne saker")
        assert case_ids(mine.replies) == {case_id}

    # With a schools file, the school marked default keeps the tenant's existing cases.
    path = tmp_path / "schools.toml"
    path.write_text(
        '[[school]]\nid = "nordbyen"\nname = "Nordbyen skole"\ndefault = true\n'
        'staff = ["*@nordbyen.example"]\n\n'
        '[[school]]\nid = "sentrum"\nname = "Sentrum skole"\nstaff = ["*@sentrum.example"]\n',
        encoding="utf-8",
    )
    # NAERVAER_LEADERS still lead the default school.
    with_file = bot_settings(url, schools_file=path, leaders=[RITA.aad_object_id])
    async with running_bot(with_file, clock=clock) as bot:
        bot.channel.add_member(KARI, upn="kari@nordbyen.example")
        mine = await bot.channel.send(KARI, "vis åpne saker")
        assert case_ids(mine.replies) == {case_id}
        rita = await bot.channel.send(RITA, "vis åpne saker")
        assert case_ids(rita.replies) == {case_id}
        siri = User("aad-siri", "Siri Lærer")
        bot.channel.add_member(siri, upn="siri@sentrum.example")
        theirs = await bot.channel.send(siri, "vis åpne saker")
        assert case_ids(theirs.replies) == set()
    assert snapshot(url)["deadline"] == before["deadline"]
