"""Leaders: configured by aad id or UPN, added and removed in chat, the owner filter and the
audit trail; all through the real app, the UPN lookups through the connector's member endpoint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User
from storage import leaders as leader_repo
from storage.db import Database
from storage.models import AuditEvent, Leader
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios.records import cases, rows

NB = Translator("nb")
KARI = User("aad-kari", "Kari Lærer")
PER = User("aad-per", "Per Lærer")
REKTOR = User("aad-rektor", "Rita Rektor")
INSPEKTOR = User("aad-insp", "Ivar Inspektør")
LISE = User("aad-lise", "Lise Leder")
TENANT = KARI.tenant_id


def leaders_now(database_url: str) -> list[str]:
    database = Database(database_url)
    try:
        return database.run_sync(lambda session: leader_repo.leaders_of(session, TENANT))
    finally:
        database.dispose()


def listed(reply: Any) -> set[str]:
    card = reply.replies[0]["attachments"][0]["content"]
    return {
        column["items"][0]["text"]
        for row in card["body"]
        if "selectAction" in row
        for column in row["columns"][:1]
    }


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    settings = bot_settings(
        database_url,
        school_calendar=EXAMPLE_CALENDAR,
        leaders=[REKTOR.aad_object_id, "Inspektor@Skole.no"],
    )
    async with running_bot(settings, clock=clock) as running:
        yield running


@pytest.fixture
async def two_cases(bot: RunningBot) -> None:
    reports = ((KARI, "Ole i 5B har vært borte 5 dager"), (PER, "Emil i 6C har vært borte 6 dager"))
    for teacher, text in reports:
        await bot.channel.send(teacher, text)
        await bot.channel.send(teacher, "nei")


async def test_a_leader_known_by_upn_is_looked_up_once(
    bot: RunningBot, two_cases: None, database_url: str
) -> None:
    bot.channel.add_member(INSPEKTOR, upn="inspektor@skole.no")
    first = await bot.channel.send(INSPEKTOR, "vis åpne saker")
    again = await bot.channel.send(INSPEKTOR, "vis åpne saker")
    assert listed(first) == listed(again) == {"Ole", "Emil"}
    assert bot.channel.member_lookups.count(INSPEKTOR.channel_id) == 1
    # Teams does not know Kari's UPN (404): asked once, then she stays staff without asking.
    assert bot.channel.member_lookups.count(KARI.channel_id) == 1
    assert listed(await bot.channel.send(KARI, "vis åpne saker")) == {"Ole"}
    assert bot.channel.member_lookups.count(KARI.channel_id) == 1
    assert leaders_now(database_url) == [INSPEKTOR.aad_object_id]


async def test_a_leader_adds_by_email_and_removes_again(
    bot: RunningBot, two_cases: None, database_url: str
) -> None:
    bot.channel.add_member(LISE, upn="lise@skole.no")
    added = await bot.channel.send(REKTOR, "legg til leder Lise@skole.no")
    assert added.text == NB("leaders.add.pending", name="lise@skole.no", upn="lise@skole.no")
    assert listed(await bot.channel.send(LISE, "vis åpne saker")) == {"Ole", "Emil"}
    assert LISE.aad_object_id in leaders_now(database_url)
    listing = await bot.channel.send(REKTOR, "hvem er ledere")
    assert NB("leaders.line", name="Lise Leder") in listing.text.split("\n")
    removed = await bot.channel.send(REKTOR, "fjern lise@skole.no som leder")
    assert removed.text == NB("leaders.remove.done", name="Lise Leder")
    assert LISE.aad_object_id not in leaders_now(database_url)
    assert listed(await bot.channel.send(LISE, "vis åpne saker")) == set()
    actions = [e.action for e in rows(database_url, AuditEvent) if e.action.startswith("leader")]
    assert actions == ["leader.add", "leader.remove"]


@pytest.mark.parametrize("with_aad_id", [True, False])
async def test_a_leader_adds_by_mention(
    bot: RunningBot, two_cases: None, database_url: str, with_aad_id: bool
) -> None:
    bot.channel.add_member(LISE, upn="lise@skole.no")
    mentioned = {"id": LISE.channel_id, "name": LISE.name}
    if with_aad_id:
        mentioned["aadObjectId"] = LISE.aad_object_id
    mention = {"type": "mention", "text": "<at>Lise Leder</at>", "mentioned": mentioned}
    added = await bot.channel.send(
        REKTOR, "legg til <at>Lise Leder</at> som leder", entities=[mention]
    )
    assert added.text == NB("leaders.add.done", name="Lise Leder")
    assert LISE.aad_object_id in leaders_now(database_url)
    assert listed(await bot.channel.send(LISE, "vis åpne saker")) == {"Ole", "Emil"}


REFUSALS = [
    (KARI, "legg til leder kari@skole.no", "leaders.only_leaders", {}),
    (KARI, "fjern leder inspektor@skole.no", "leaders.only_leaders", {}),
    (REKTOR, "legg til en ny leder", "leaders.add.who", {}),
    (
        REKTOR,
        "fjern leder ukjent@skole.no",
        "leaders.remove.not_leader",
        {"name": "ukjent@skole.no"},
    ),
]


@pytest.mark.parametrize(("user", "text", "key", "values"), REFUSALS)
async def test_refusals_change_nothing(
    bot: RunningBot, database_url: str, user: User, text: str, key: str, values: dict[str, str]
) -> None:
    await bot.channel.send(REKTOR, "hei")
    before = rows(database_url, Leader)
    assert (await bot.channel.send(user, text)).text == NB(key, **values)
    assert rows(database_url, Leader) == before


async def test_configured_leaders_and_oneself_are_not_removed_in_chat(
    bot: RunningBot, database_url: str
) -> None:
    bot.channel.add_member(INSPEKTOR, upn="inspektor@skole.no")
    await bot.channel.send(INSPEKTOR, "hei")
    configured = await bot.channel.send(REKTOR, "fjern leder inspektor@skole.no")
    assert configured.text == NB("leaders.remove.configured", name=INSPEKTOR.name)
    mention = {"type": "mention", "text": "<at>Rita</at>", "mentioned": {"id": REKTOR.channel_id}}
    mention["mentioned"]["aadObjectId"] = REKTOR.aad_object_id
    itself = await bot.channel.send(REKTOR, "fjern <at>Rita</at> som leder", entities=[mention])
    assert itself.text == NB("leaders.remove.yourself")
    assert set(leaders_now(database_url)) == {REKTOR.aad_object_id, INSPEKTOR.aad_object_id}


async def test_owner_filter(bot: RunningBot, two_cases: None) -> None:
    for text in ("saker til Kari", "Karis saker", "Kari sine saker"):
        reply = await bot.channel.send(REKTOR, text)
        assert listed(reply) == {"Ole"}
        title = reply.replies[0]["attachments"][0]["content"]["body"][0]["text"]
        assert title == NB("leaders.cases.title_owner", owner=KARI.name)
    nobody = await bot.channel.send(REKTOR, "saker til Frida")
    assert nobody.text == NB("leaders.cases.no_owner", owner="Frida")


async def test_audit_trail_for_leaders_only(
    bot: RunningBot, two_cases: None, database_url: str
) -> None:
    await bot.channel.send(KARI, "hvor står saken til Ole?")
    staff = await bot.channel.send(PER, "hvem har sett saken til Ole")
    assert staff.text == NB("case_audit.only_leaders")
    trail = await bot.channel.send(REKTOR, "hvem har sett saken til Ole")
    lines = trail.text.split("\n")
    assert lines[0] == NB("case_audit.title", pupil="Ole", group="5B")
    assert [line.rsplit(" – ", 1)[1] for line in lines[1:]] == [
        NB("case_audit.action.case.read"),
        NB("case_audit.action.case.open"),
    ]
    assert all(KARI.name in line for line in lines[1:])
    (ole,) = [c for c in cases(database_url) if c.pupil_name == "Ole"]
    reads = rows(database_url, AuditEvent, AuditEvent.case_id == ole.id)
    assert reads[-1].action == "case.audit_read"
    assert reads[-1].actor_aad_id == REKTOR.aad_object_id


async def test_a_leader_taken_out_of_the_settings_is_staff_after_a_restart(
    database_url: str, clock: FixedClock, two_cases: None, bot: RunningBot
) -> None:
    await bot.channel.send(REKTOR, "hei")
    assert REKTOR.aad_object_id in leaders_now(database_url)
    settings = bot_settings(database_url, school_calendar=EXAMPLE_CALENDAR, leaders=[])
    async with running_bot(settings, clock=clock) as restarted:
        listing = await restarted.channel.send(REKTOR, "vis åpne saker")
        assert listed(listing) == set()
    assert leaders_now(database_url) == []
