"""Messages to leaders and opted-in staff: the level-2 report, the weekly digest, the årshjul."""

from __future__ import annotations

from content.answers import month_tasks
from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import User
from storage.models import Deadline
from tests.scenarios.records import rows
from tests.scheduler.conftest import ScheduledBot, stored_reference, texts

NB = Translator("nb")


async def escalate_to_level_2(bot: ScheduledBot, teacher: User) -> list[tuple[str, str]]:
    await bot.channel.install(teacher)
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in ("løft saken til Ole til nivå 2", "Fast voksen hver morgen", "Kari Lærer"):
        await bot.channel.send(teacher, text)
    await bot.channel.send(teacher, NB("slot.mapping.skip"))
    done = await bot.channel.send(teacher, "Teamet kartlegger på tirsdag")  # why (issue 14)
    actions = done.replies[-1]["suggestedActions"]["actions"]
    return [action["value"] for action in actions]


def report_deadline(database_url: str) -> Deadline:
    (deadline,) = rows(database_url, Deadline, Deadline.kind == "report_to_leadership")
    return deadline


async def test_level_2_offers_the_report_and_sending_it_completes_the_deadline(
    bot: ScheduledBot, teacher: User, leader: User, database_url: str
) -> None:
    await bot.channel.install(leader)
    await bot.channel.send(leader, "hei")
    before = len(bot.channel.received[leader.conversation_id])
    buttons = await escalate_to_level_2(bot, teacher)
    assert buttons[0] == NB("leadership.offer.value", pupil="Ole", group="5B")
    reply = await bot.channel.send(teacher, buttons[0])
    assert reply.text == NB("leadership.sent", names="Rita Rektor")
    await bot.channel.wait_for(leader.conversation_id, before + 1)
    report = texts(bot.channel, leader)[-1]
    assert "Ole (5B)" in report and "Fast voksen hver morgen" in report
    assert NB("deadline.evaluate_measures") in report
    deadline = report_deadline(database_url)
    assert (deadline.status, deadline.completed_by) == ("done", teacher.aad_object_id)


async def test_without_a_leader_to_reach_nothing_is_sent_and_the_deadline_stays(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await escalate_to_level_2(bot, teacher)
    (case_id,) = {d.case_id for d in rows(database_url, Deadline)}
    reply = await bot.channel.send(
        teacher, text="", value={"intent": "report_to_leadership", "case_id": case_id}
    )
    assert reply.text == NB("leadership.no_leaders")
    assert report_deadline(database_url).status == "open"


async def test_another_teacher_cannot_send_the_report(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await escalate_to_level_2(bot, teacher)
    (case_id,) = {d.case_id for d in rows(database_url, Deadline)}
    other = User("aad-per", "Per Lærer")
    reply = await bot.channel.send(
        other, text="", value={"intent": "report_to_leadership", "case_id": case_id}
    )
    assert reply.text == NB("case.not_found", pupil="")
    assert report_deadline(database_url).status == "open"


async def test_the_weekly_digest_reaches_leaders_on_monday_morning(
    bot: ScheduledBot, teacher: User, leader: User
) -> None:
    await bot.channel.install(leader)
    await bot.channel.send(leader, "hei")
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    seen = len(texts(bot.channel, leader))
    await bot.sweep(2026, 10, 11, 8, 0)  # Sunday
    await bot.sweep(2026, 10, 12, 7, 59)  # Monday, before the reminder time
    assert len(texts(bot.channel, leader)) == seen
    await bot.sweep(2026, 10, 12, 8, 0)
    await bot.sweep(2026, 10, 12, 9, 0)
    (digest,) = [t for t in texts(bot.channel, leader)[seen:] if "Ole (5B)" in t]
    assert NB("digest.counts", new=1, moved=0, overdue=1) in digest


async def test_annual_wheel_on_the_first_school_day_of_the_month_for_those_who_opted_in(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    wheel = month_tasks(guide(), 11, NB)
    assert (await bot.channel.send(teacher, "årshjul på")).text == NB("wheel.optin.on")
    reference = stored_reference(database_url, teacher.aad_object_id)
    assert reference is not None and reference.annual_wheel_opt_in
    await bot.sweep(2026, 11, 1, 8, 0)  # Sunday 1 November: not a school day
    await bot.sweep(2026, 11, 2, 7, 59)
    assert not any(wheel in t for t in texts(bot.channel, teacher))
    await bot.sweep(2026, 11, 2, 8, 0)
    await bot.sweep(2026, 11, 2, 12, 0)
    assert sum(wheel in t for t in texts(bot.channel, teacher)) == 1
    assert (await bot.channel.send(teacher, "årshjulet av")).text == NB("wheel.optin.off")
    await bot.sweep(2026, 12, 1, 8, 0)
    assert not any(month_tasks(guide(), 12, NB) in t for t in texts(bot.channel, teacher))
