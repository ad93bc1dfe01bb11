"""«Hva må jeg gjøre i dag?» (issue 15's agenda) through the real app over HTTP, with a moved
clock: a user's own open deadlines across pupils, most urgent first, each with the button that
starts its step; the period (today, this week, everything open); a measure owner sees only the
measure's deadline; a leader sees their own and the school's overdue count."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import Exchange, User
from storage.models import Deadline, Measure
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios import test_schools_in_tenant as schools
from tests.scenarios.conftest import oslo
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import card_elements
from tests.scenarios.test_shared_cases import minutes_with_measure_by

NB = Translator("nb")
KARI = User("aad-kari", "Kari Lærer")
PER = User("aad-per", "Per Hansen")
ANNE = User("aad-anne", "Anne Berg")
RITA = User("aad-rita", "Rita Rektor")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 11, 24, 9, 0))  # Tuesday


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    settings = bot_settings(
        database_url, school_calendar=EXAMPLE_CALENDAR, leaders=[RITA.aad_object_id]
    )
    async with running_bot(settings, clock=clock) as running:
        for user in (KARI, PER, ANNE, RITA):
            await running.channel.install(user)
            await running.channel.send(user, "hei")
        yield running


async def report(bot: RunningBot, teacher: User, pupil: str, group: str = "5B") -> None:
    await bot.channel.send(teacher, f"{pupil} i {group} har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")


async def log_with_next_contact(bot: RunningBot, teacher: User, pupil: str, when: str) -> None:
    await bot.channel.send(teacher, f"logg samtale med foreldrene til {pupil}")
    answers = ("i dag", "Fravær", "Mor sier det er vondt i magen", f"Ringer igjen {when}", "0")
    for answer in (*answers, teacher.name, "lagre"):
        await bot.channel.send(teacher, answer)


def do_now_buttons(exchange: Exchange) -> list[dict[str, Any]]:
    """The agenda's «Gjør det nå» buttons' data, in the order the card shows them."""
    return [
        element["data"]
        for reply in exchange.replies
        for attachment in reply.get("attachments") or []
        for element in card_elements(attachment["content"])
        if element.get("type") == "Action.Submit" and element.get("title") == NB("reminder.do_now")
    ]


def pupils_listed(exchange: Exchange, database_url: str) -> list[str]:
    names = {case.id: case.pupil_name for case in cases(database_url)}
    return [names[int(data["case_id"])] for data in do_now_buttons(exchange)]


@pytest.fixture
async def week(bot: RunningBot, clock: FixedClock, database_url: str) -> None:
    """Kari: Ole reported on Tuesday (overdue by Thursday); on Thursday Emil (due today), Nils
    (next contact Friday) and Ida (next contact next Tuesday). Per: Lise, due today."""
    await report(bot, KARI, "Ole")
    clock.set(oslo(2026, 11, 26, 9, 0))
    await report(bot, KARI, "Emil", "6C")
    await report(bot, PER, "Lise", "7A")
    for pupil, when in (("Nils", "fredag"), ("Ida", "tirsdag")):
        await report(bot, KARI, pupil, "4A")
        await log_with_next_contact(bot, KARI, pupil, when)
    due = {
        case.pupil_name: sorted(
            oslo_day(d)
            for d in rows(database_url, Deadline, Deadline.case_id == case.id)
            if d.status == "open"
        )
        for case in cases(database_url)
    }
    assert due == {
        "Ole": ["2026-11-24"],
        "Emil": ["2026-11-26"],
        "Lise": ["2026-11-26"],
        "Nils": ["2026-11-27"],
        "Ida": ["2026-12-01"],
    }


def oslo_day(deadline: Deadline) -> str:
    return deadline.due_at.astimezone(oslo(2026, 1, 1).tzinfo).date().isoformat()


@pytest.mark.parametrize(
    ("text", "expected", "title"),
    [
        ("hva må jeg gjøre i dag?", ["Ole", "Emil"], "agenda.title.today"),
        ("mine frister denne uka", ["Ole", "Emil", "Nils"], "agenda.title.week"),
        ("mine frister", ["Ole", "Emil", "Nils", "Ida"], "agenda.title.all"),
    ],
)
async def test_the_agenda_lists_own_deadlines_most_urgent_first(
    bot: RunningBot, week: None, database_url: str, text: str, expected: list[str], title: str
) -> None:
    agenda = await bot.channel.send(KARI, text)
    assert pupils_listed(agenda, database_url) == expected
    assert NB(title) in agenda.searchable
    assert "Lise" not in agenda.searchable  # Per's pupil
    assert NB("agenda.overdue", day=NB.short_day(oslo(2026, 11, 24).date())) in agenda.searchable
    assert NB("agenda.school_overdue", count=1) not in agenda.searchable  # not a leader


async def test_another_teacher_sees_only_theirs_and_the_button_starts_the_step(
    bot: RunningBot, week: None, database_url: str
) -> None:
    agenda = await bot.channel.send(PER, "hva må jeg gjøre i dag?")
    assert pupils_listed(agenda, database_url) == ["Lise"]
    (button,) = do_now_buttons(agenda)
    assert button["intent"] == "log_contact"
    step = await bot.channel.send(PER, text="", value=button)
    assert NB("slot.contact_date.ask") in step.searchable


async def test_nothing_due_says_so(bot: RunningBot, week: None, database_url: str) -> None:
    agenda = await bot.channel.send(ANNE, "hva må jeg gjøre i dag?")
    assert do_now_buttons(agenda) == []
    assert NB("agenda.empty.today") in agenda.searchable


async def test_a_measure_owner_sees_only_their_measure(
    bot: RunningBot, clock: FixedClock, database_url: str
) -> None:
    clock.set(oslo(2026, 11, 26, 9, 0))
    await report(bot, KARI, "Ole")
    await minutes_with_measure_by(bot, ANNE.aad_object_id)  # type: ignore[arg-type]
    (measure,) = rows(database_url, Measure)
    this_week = await bot.channel.send(ANNE, "mine frister denne uka")
    assert do_now_buttons(this_week) == []
    agenda = await bot.channel.send(ANNE, "mine frister")
    (button,) = do_now_buttons(agenda)
    assert button == {
        "intent": "evaluate_agreement",
        "case_id": measure.case_id,
        "measure_id": measure.id,
    }
    assert "Henting ved porten" in agenda.searchable
    assert NB("deadline.contact_guardians") not in agenda.searchable
    # The measure is Anne's deadline, not the case owner's.
    kari = await bot.channel.send(KARI, "mine frister")
    assert [b["intent"] for b in do_now_buttons(kari)] == ["log_contact"]
    asked = await bot.channel.send(ANNE, text="", value=button)
    assert "Henting ved porten" in asked.text


async def test_a_leader_gets_their_own_and_the_schools_overdue_count(
    bot: RunningBot, week: None, database_url: str
) -> None:
    agenda = await bot.channel.send(RITA, "hva må jeg gjøre i dag?")
    assert do_now_buttons(agenda) == []  # she owns no case: Kari's pupils are not listed
    assert "Ole" not in agenda.searchable
    assert NB("agenda.school_overdue", count=1) in agenda.searchable
    overdue_list = [
        e["data"]
        for r in agenda.replies
        for a in r.get("attachments") or []
        for e in card_elements(a["content"])
        if e.get("type") == "Action.Submit" and e.get("title") == NB("agenda.school_overdue.button")
    ]
    assert overdue_list == [{"intent": "list_cases", "overdue": True}]


async def test_nothing_from_another_school(
    database_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    settings = bot_settings(database_url, schools_file=schools.schools_file(tmp_path))
    async with running_bot(settings, clock=clock) as running:
        for user, upn in schools.UPNS:
            running.channel.add_member(user, upn=upn)
        nordbyen = await schools.report(running, database_url, schools.KARI)
        await schools.report(running, database_url, schools.SIRI)
        await schools.report(running, database_url, schools.SIRI, "Emil")
        clock.set(oslo(2026, 11, 26, 9, 0))  # all three overdue
        kari = await running.channel.send(schools.KARI, "mine frister")
        assert [int(b["case_id"]) for b in do_now_buttons(kari)] == [nordbyen]
        for leader, overdue in ((schools.RITA, 1), (schools.SVEIN, 2)):
            agenda = await running.channel.send(leader, "hva må jeg gjøre i dag?")
            assert NB("agenda.school_overdue", count=overdue) in agenda.searchable
            assert "Ole" not in agenda.searchable and "Emil" not in agenda.searchable
