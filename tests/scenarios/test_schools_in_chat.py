"""Schools and their leaders managed in chat (issue 20), over real HTTP with the schools file as
the bootstrap: the municipality administrator adds a school and names its first leader; a
school's leader adds and removes leaders of their own school only. Stored in the database, so a
restart keeps them."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User
from storage.db import Database
from storage.models import AuditEvent, School
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios import test_schools_in_tenant as schools
from tests.scenarios.records import cases, rows

NB = Translator("nb")
TENANT = schools.TENANT
VERA = User("aad-vera", "Vera Rektor", tenant_id=TENANT)  # to lead the new Vestbyen skole
PER = User("aad-per", "Per Vikar", tenant_id=TENANT)  # of no school's staff pattern
UPNS = [*schools.UPNS, (VERA, "rektor@vestbyen.example"), (PER, "per@vikar.example")]


def start(database_url: str, clock: FixedClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = bot_settings(database_url, schools_file=schools.schools_file(tmp_path))
    return running_bot(settings, clock=clock)


def school_ids(database_url: str) -> set[str]:
    database = Database(database_url)
    try:
        return database.run_sync(lambda s: set(s.exec(select(School.school_id))))
    finally:
        database.dispose()


def with_members(bot: RunningBot) -> RunningBot:
    for user, upn in UPNS:
        bot.channel.add_member(user, upn=upn)
    return bot


def listed(reply: object) -> set[int]:
    return set().union(*map(schools.case_ids_in, reply.replies))  # type: ignore[attr-defined]


async def test_the_municipality_adds_a_school_and_names_its_first_leader(
    database_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    async with start(database_url, clock, tmp_path) as running:
        bot = with_members(running)
        refused = await bot.channel.send(schools.RITA, "legg til skolen Vestbyen skole")
        assert "vestbyen" not in school_ids(database_url)
        assert refused.text != NB("school_admin.added", school="Vestbyen skole", leaders="")
        added = await bot.channel.send(
            schools.KOMMUNE, "legg til skolen Vestbyen skole med leder rektor@vestbyen.example"
        )
        assert added.text == NB(
            "school_admin.added", school="Vestbyen skole", leaders="rektor@vestbyen.example"
        )
        again = await bot.channel.send(
            schools.KOMMUNE, "legg til skolen Vestbyen skole med leder rektor@vestbyen.example"
        )
        assert again.text == NB("school_admin.exists", school="Vestbyen skole")
        await schools.report(bot, database_url, schools.KARI)
    # A restart: the school and its leader come from the database, the file is unchanged.
    async with start(database_url, clock, tmp_path) as running:
        bot = with_members(running)
        vera = await bot.channel.send(VERA, "vis åpne saker")
        assert NB("list.title.all") in vera.searchable  # a leader's list, not the school card
        assert listed(vera) == set()  # Nordbyen's Ole is not hers
        await bot.channel.send(VERA, "Emil i 6C har vært borte 5 dager")
        await bot.channel.send(VERA, "nei")
        (emil,) = [c for c in cases(database_url) if c.pupil_name == "Emil"]
        assert emil.tenant_id == f"{TENANT}#vestbyen"
        assert listed(await bot.channel.send(schools.RITA, "vis åpne saker")) == {
            c.id for c in cases(database_url) if c.pupil_name == "Ole"
        }
        overview = await bot.channel.send(schools.KOMMUNE, "kommuneoversikt")
        assert "Vestbyen skole" in overview.text and "Emil" not in overview.searchable
        # A new member of staff can pick the new school.
        nora = await bot.channel.send(schools.NORA, "hei")
        titles = [b["title"] for b in schools.submits(nora.replies[0])]
        assert titles == ["Nordbyen skole", "Sentrum skole", "Vestbyen skole"]
    (event,) = [e for e in rows(database_url, AuditEvent) if e.action == "school.add"]
    assert (event.tenant_id, event.actor_aad_id) == (
        f"{TENANT}#vestbyen",
        schools.KOMMUNE.aad_object_id,
    )


async def test_a_leader_adds_and_removes_leaders_of_their_own_school_only(
    database_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    async with start(database_url, clock, tmp_path) as running:
        bot = with_members(running)
        nordbyen = await schools.report(bot, database_url, schools.KARI)
        await schools.report(bot, database_url, schools.SIRI)
        before = await bot.channel.send(PER, "vis åpne saker")
        assert listed(before) == set() and "Ole" not in before.searchable
        await bot.channel.send(schools.RITA, "legg til leder per@vikar.example")
        assert listed(await bot.channel.send(PER, "vis åpne saker")) == {nordbyen}
        # Sentrum's leader cannot remove Nordbyen's leader: the row is not his school's.
        await bot.channel.send(schools.SVEIN, "fjern per@vikar.example som leder")
        assert listed(await bot.channel.send(PER, "vis åpne saker")) == {nordbyen}
        await bot.channel.send(schools.RITA, "fjern per@vikar.example som leder")
        after = await bot.channel.send(PER, "vis åpne saker")
        assert listed(after) == set() and "Ole" not in after.searchable
