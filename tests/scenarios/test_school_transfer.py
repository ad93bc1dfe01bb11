"""A pupil who changes school (issue 20), over real HTTP with two schools in one tenant: the
leader of Nordbyen offers the case to Sentrum, a leader of Sentrum accepts; the case, its
deadlines and reminders move; both schools' audit trails record it; Nordbyen's staff lose
access; Sentrum's calendar drives the remaining deadlines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import Exchange, User
from storage.models import AuditEvent, Case, Deadline
from tests.harness import bot_settings
from tests.scenarios import test_schools_in_tenant as schools
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import card_elements
from tests.scheduler.conftest import ScheduledBot, card_text, cards, oslo, scheduled_bot

NB = Translator("nb")
KARI, RITA, SIRI, SVEIN = schools.KARI, schools.RITA, schools.SIRI, schools.SVEIN
NORDBYEN = f"{schools.TENANT}#nordbyen"
SENTRUM = f"{schools.TENANT}#sentrum"
NOT_FOUND = NB("case.not_found", pupil="Ole")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 9, 22, 9, 0))  # Tuesday; Nordbyen's autumn break is next week


@pytest.fixture
async def bot(database_url: str, clock: FixedClock, tmp_path: Path) -> AsyncIterator[ScheduledBot]:
    settings = bot_settings(database_url, schools_file=schools.schools_file(tmp_path))
    async with scheduled_bot(settings, clock) as running:
        for user, upn in schools.UPNS:
            running.channel.add_member(user, upn=upn)
        for user in (KARI, RITA, SIRI, SVEIN):
            await running.channel.install(user)
        yield running


async def at_level_1(bot: ScheduledBot, database_url: str, teacher: User, pupil: str) -> int:
    before = {case.id for case in cases(database_url)}
    await bot.channel.send(teacher, f"{pupil} i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in (f"løft saken til {pupil} til nivå 1", "Samtale hver mandag", teacher.name):
        await bot.channel.send(teacher, text)
    (new,) = [case.id for case in cases(database_url) if case.id not in before]
    assert new is not None
    return new


def transfer_buttons(exchange: Exchange, accept: bool) -> list[dict[str, Any]]:
    return [
        element["data"]
        for reply in exchange.replies
        for attachment in reply.get("attachments") or []
        for element in card_elements(attachment["content"])
        if element.get("type") == "Action.Submit"
        and element["data"].get("naervaer_school", {}).get("accept") is accept
        and "transfer" in element["data"]["naervaer_school"]
    ]


def open_deadlines(database_url: str, case_id: int) -> list[Deadline]:
    found = rows(database_url, Deadline, Deadline.case_id == case_id)
    return [d for d in found if d.status == "open"]


@pytest.fixture
async def offered(bot: ScheduledBot, database_url: str) -> int:
    ole = await at_level_1(bot, database_url, KARI, "Ole")
    refused = await bot.channel.send(KARI, "overfør saken til Ole til Sentrum skole")
    assert refused.text == NB("transfer.leaders_only")
    offer = await bot.channel.send(RITA, "overfør saken til Ole til Sentrum skole")
    assert offer.text == NB("transfer.offered", pupil="Ole", group="5B", school="Sentrum skole")
    (case,) = rows(database_url, Case, Case.id == ole)
    assert case.tenant_id == NORDBYEN  # nothing moves before Sentrum accepts
    return ole


async def test_the_receiving_leader_accepts_and_the_case_moves(
    bot: ScheduledBot, offered: int, database_url: str
) -> None:
    ole = offered
    before = {d.kind: d.due_at for d in open_deadlines(database_url, ole)}
    # Sentrum's own case, opened at the same moment, shows what Sentrum's calendar gives.
    emil = await at_level_1(bot, database_url, SIRI, "Emil")
    sentrum_due = {d.kind: d.due_at for d in open_deadlines(database_url, emil)}
    assert sentrum_due["evaluate_measures"] < before["evaluate_measures"]  # no autumn break
    # Nordbyen's leader cannot accept her own offer.
    shown_to_rita = await bot.channel.send(RITA, "hei")
    assert transfer_buttons(shown_to_rita, accept=True) == []
    shown = await bot.channel.send(SVEIN, "hei")
    (accept,) = transfer_buttons(shown, accept=True)
    replayed = await bot.channel.send(RITA, text="", value=accept)
    assert replayed.text == NB("transfer.not_found")
    done = await bot.channel.send(SVEIN, text="", value=accept)
    assert done.text == NB("transfer.accepted", pupil="Ole", group="5B", school="Nordbyen skole")
    (case,) = rows(database_url, Case, Case.id == ole)
    assert (case.tenant_id, case.owner_aad_id) == (SENTRUM, SVEIN.aad_object_id)
    moved = open_deadlines(database_url, ole)
    assert {d.tenant_id for d in moved} == {SENTRUM}
    assert {d.kind: d.due_at for d in moved}["evaluate_measures"] == sentrum_due[
        "evaluate_measures"
    ]
    again = await bot.channel.send(SVEIN, text="", value=accept)
    assert again.text == NB("transfer.not_found")
    # Nordbyen's staff and leader lose access; Sentrum's leader has it.
    assert (await bot.channel.send(KARI, "hvor står saken til Ole?")).text == NOT_FOUND
    await bot.channel.send(KARI, "avbryt")
    rita_list = await bot.channel.send(RITA, "vis åpne saker")
    assert set().union(*map(schools.case_ids_in, rita_list.replies)) == set()
    svein_list = await bot.channel.send(SVEIN, "vis åpne saker")
    assert ole in set().union(*map(schools.case_ids_in, svein_list.replies))
    # Both sides' audit trails.
    events = {(e.tenant_id, e.action) for e in rows(database_url, AuditEvent) if e.case_id == ole}
    assert {
        (NORDBYEN, "case.transfer_offer"),
        (NORDBYEN, "case.transfer_out"),
        (SENTRUM, "case.transfer_in"),
    } <= events
    # The reminders of the moved deadlines go to Sentrum's owner, never to Kari (whose chat
    # holds Ole's cards from before the move: the escalation's measure card).
    seen_by_kari = len(cards(bot.channel, KARI))
    await bot.sweep(2026, 9, 23, 8, 0)
    contact = NB("deadline.contact_guardians")
    assert not [c for c in cards(bot.channel, KARI)[seen_by_kari:] if "Ole" in card_text(c)]
    assert [c for c in cards(bot.channel, SVEIN) if contact in card_text(c)]


async def test_a_declined_offer_leaves_the_case_where_it_was(
    bot: ScheduledBot, offered: int, database_url: str
) -> None:
    shown = await bot.channel.send(SVEIN, "hei")
    (decline,) = transfer_buttons(shown, accept=False)
    answer = await bot.channel.send(SVEIN, text="", value=decline)
    assert answer.text == NB("transfer.declined", pupil="Ole", group="5B", school="Nordbyen skole")
    (case,) = rows(database_url, Case, Case.id == offered)
    assert (case.tenant_id, case.owner_aad_id) == (NORDBYEN, KARI.aad_object_id)
    assert "Ole" in (await bot.channel.send(KARI, "hvor står saken til Ole?")).searchable
    assert transfer_buttons(await bot.channel.send(SVEIN, "hei"), accept=True) == []
    events = {(e.tenant_id, e.action) for e in rows(database_url, AuditEvent)}
    assert (SENTRUM, "case.transfer_decline") in events
