"""The attendance meeting end to end over real HTTP, with the clock moved by the test:
plan → the case owner reminded the school day before → minutes in the guide's order → two
measures owned by two colleagues → each owner reminded on the evaluation day → their
evaluations update the agreement → the agreement's Visma text with every field of 2.6."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from content.loader import guide
from content.replies.agreement import labels
from content.replies.meeting import AREAS, area_title
from devkit.local_channel import User, as_shown
from storage.models import (
    AgreementGoal,
    AttendanceMeeting,
    CooperationAgreement,
    Deadline,
    LogEntry,
    Measure,
)
from tests.scenarios.records import audit, cases, rows
from tests.scheduler.conftest import (
    ScheduledBot,
    card_text,
    cards,
    oslo,
    scheduled_bot,
    settings_for,
    texts,
)

NB = Translator("nb")
KARI = User("aad-kari", "Kari Lærer")
PER = User("aad-per", "Per Hansen")
ANNE = User("aad-anne", "Anne Berg")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 11, 26, 9, 0))  # Thursday


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[ScheduledBot]:
    async with scheduled_bot(settings_for(database_url), clock) as running:
        yield running


async def staff_known(bot: ScheduledBot) -> None:
    for user in (KARI, PER, ANNE):
        await bot.channel.install(user)
        await bot.channel.send(user, "hei")


async def open_case(bot: ScheduledBot, database_url: str) -> int:
    await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(KARI, "nei")
    (case,) = cases(database_url)
    assert case.id is not None
    return case.id


def measure_card(reply: Any) -> dict[str, Any]:
    (attachment,) = reply.replies[-1]["attachments"]
    return attachment["content"]


def input_ids(card: dict[str, Any]) -> list[str]:
    return [element["id"] for element in card["body"] if "id" in element]


async def plan_and_hold(bot: ScheduledBot, database_url: str) -> dict[str, Any]:
    """Plan on Thursday 26 Nov for Tuesday 1 Dec 14:00; hold it and record two measures."""
    planned = await bot.channel.send(KARI, "planlegg nærværsmøte for Ole")
    assert planned.text == NB("slot.meeting_when.ask")
    await bot.channel.send(KARI, "tirsdag 1. desember kl. 14")
    agenda = await bot.channel.send(KARI, NB("slot.meeting_attendees.default"))
    template = guide().template("naervaersmote")
    steps = template.section_by_id("steps").items
    assert "Ole (5B)" in agenda.text and "14.00" in agenda.text
    assert all(step.text in agenda.text for step in steps)
    assert f"«{guide().ladder.criterion('visma_alert').quote}»" in agenda.text
    (meeting,) = rows(database_url, AttendanceMeeting)
    assert meeting.starts_at == oslo(2026, 12, 1, 14, 0)
    assert meeting.remind_on == oslo(2026, 11, 30).date()

    await bot.sweep(2026, 11, 27, 8, 0)  # Friday: not yet
    assert not [t for t in texts(bot.channel, KARI) if "Påminnelse: nærværsmøte" in t]
    await bot.sweep(2026, 11, 30, 8, 0)  # Monday, the school day before
    reminders = [t for t in texts(bot.channel, KARI) if t.startswith("Påminnelse: nærværsmøte")]
    assert len(reminders) == 1 and "tirsdag 1. desember" in reminders[0]
    await bot.sweep(2026, 11, 30, 8, 5)
    assert len([t for t in texts(bot.channel, KARI) if t.startswith("Påminnelse: nærv")]) == 1

    bot.clock.set(oslo(2026, 12, 1, 15, 0))
    asked = await bot.channel.send(KARI, "referat fra nærværsmøtet med Ole")
    order = []
    for area, answer in zip(
        AREAS,
        ("Gruer seg til gym", "Har sluttet på fotball", "Sover dårlig", "Mor jobber natt"),
        strict=True,
    ):
        order.append(area)
        assert (
            NB("minutes.area.heading", number=len(order), total=4, area=area_title(guide(), area))
            in asked.text
        )
        asked = await bot.channel.send(KARI, answer)
    assert asked.text == NB("slot.summary.ask")
    card = measure_card(await bot.channel.send(KARI, "Gym er vanskelig\nMorgenene er tunge"))
    assert input_ids(card) == ["what", "goal", "responsible", "evaluate_on"]
    choices = {c["value"] for c in card["body"][4]["choices"]}
    assert {"staff:aad-per", "staff:aad-anne", "role:helsesykepleier"} <= choices
    await bot.channel.send(
        KARI,
        text="",
        value={
            "answer": "measure",
            "what": "Per tar imot Ole ved porten kl. 08.15",
            "goal": "Ole møter til første time",
            "responsible": "staff:aad-per",
            "evaluate_on": "2026-12-15",
        },
    )
    more = await bot.channel.send(KARI, "ja")
    assert more.replies[-1]["attachments"]
    # The typed path: what, then who, then when, then the sub-goal.
    assert (await bot.channel.send(KARI, "Gym i liten gruppe")).text == NB("slot.m_responsible.ask")
    assert (await bot.channel.send(KARI, "Anne")).text == NB("slot.m_evaluate_on.ask")
    assert (await bot.channel.send(KARI, "15.12")).text == NB("slot.m_goal.ask")
    assert (await bot.channel.send(KARI, "Ole deltar i gym")).text == NB("slot.more.ask")
    await bot.channel.send(KARI, "nei")
    await bot.channel.send(KARI, "Borte to dager i uka")
    done = await bot.channel.send(KARI, "Ole er på skolen hver dag")
    return {"done": done}


async def test_meeting_to_evaluated_agreement(bot: ScheduledBot, database_url: str) -> None:
    await staff_known(bot)
    case_id = await open_case(bot, database_url)
    result = await plan_and_hold(bot, database_url)
    done = result["done"]
    assert done.replies[0]["attachments"][0]["content"]["type"] == "AdaptiveCard"

    (entry,) = rows(database_url, LogEntry, LogEntry.case_id == case_id)
    found = entry.guardians_view
    positions = [found.index(area_title(guide(), area)) for area in AREAS]
    assert positions == sorted(positions)  # school, leisure, pupil, home
    measures = rows(database_url, Measure, Measure.case_id == case_id)
    assert [(m.owner_aad_id, m.responsible) for m in measures] == [
        ("aad-per", "Per Hansen"),
        ("aad-anne", "Anne Berg"),
    ]
    (agreement,) = rows(database_url, CooperationAgreement)
    assert (agreement.status, agreement.situation, agreement.main_goal) == (
        "active",
        "Borte to dager i uka",
        "Ole er på skolen hver dag",
    )
    goals = rows(database_url, AgreementGoal)
    assert [g.goal for g in goals] == ["Ole møter til første time", "Ole deltar i gym"]
    evaluations = rows(database_url, Deadline, Deadline.measure_id.is_not(None))
    assert {(d.owner_aad_id, d.due_at) for d in evaluations} == {
        ("aad-per", oslo(2026, 12, 15, 15, 0)),
        ("aad-anne", oslo(2026, 12, 15, 15, 0)),
    }
    (meeting,) = rows(database_url, AttendanceMeeting)
    assert meeting.status == "held"

    def measure_reminders(user: User) -> list[dict[str, Any]]:
        return [c for c in cards(bot.channel, user) if "Evaluer tiltaket" in card_text(c)]

    await bot.sweep(2026, 12, 14, 8, 0)
    assert measure_reminders(PER) == [] and measure_reminders(ANNE) == []
    await bot.sweep(2026, 12, 15, 8, 0)
    (per_card,) = measure_reminders(PER)
    (anne_card,) = measure_reminders(ANNE)
    assert "Per tar imot Ole" in card_text(per_card) and "Gym i liten gruppe" in card_text(
        anne_card
    )
    assert measure_reminders(KARI) == []

    def do_now(card: dict[str, Any]) -> dict[str, Any]:
        return next(
            a["data"] for a in card["actions"] if a["data"]["intent"] == "evaluate_agreement"
        )

    assert do_now(per_card)["measure_id"] == measures[0].id
    asked = await bot.channel.send(PER, text="", value=do_now(per_card))
    assert "Per tar imot Ole" in asked.text and "Gym i liten gruppe" not in asked.text
    await bot.channel.send(PER, NB("slot.measure_outcome.continued"))
    thanks = await bot.channel.send(PER, "12.1")
    assert NB("agreement.status.continued") in thanks.text
    assert "Borte to dager" not in thanks.searchable  # the owner of a measure sees only it

    await bot.channel.send(ANNE, text="", value=do_now(anne_card))
    await bot.channel.send(ANNE, NB("slot.measure_outcome.done"))

    shown = await bot.channel.send(KARI, "vis samarbeidsavtalen til Ole")
    visma = as_shown(shown.replies[-1]["text"])
    for label in labels(guide()).values():
        assert f"{label}:" in visma
    assert "Ole (5B)" in visma and "Borte to dager i uka" in visma
    assert NB("agreement.status.continued") in visma and NB("agreement.status.done") in visma
    assert NB.day(oslo(2027, 1, 12).date()) in visma
    measures = rows(database_url, Measure, Measure.case_id == case_id)
    assert [m.status for m in measures] == ["continued", "done"]
    assert [m.evaluate_on for m in measures] == [oslo(2027, 1, 12).date(), None]
    actions = {e.action for e in audit(database_url)}
    assert {
        "meeting.plan",
        "meeting.minutes",
        "agreement.create",
        "agreement.evaluate",
        "agreement.read",
    } <= actions
