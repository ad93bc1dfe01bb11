"""Reminders planned ahead (issue 19): the sweeps before 08:00 write what falls due at 08:00,
a timer sends it at 08:00 without waiting for the next sweep, and what changed in between
(a postponed reminder) is not sent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Deadline, Reminder
from tests.scenarios.records import rows
from tests.scheduler.conftest import (
    ScheduledBot,
    card_text,
    evaluation_cards,
    open_case_at_level_1,
    oslo,
    submit_data,
)

NB = Translator("nb")


def evaluation_reminders(database_url: str, kind: str) -> list[str]:
    (deadline,) = rows(database_url, Deadline, Deadline.kind == "evaluate_measures")
    reminders = rows(database_url, Reminder, Reminder.deadline_id == deadline.id)
    return [reminder.status for reminder in reminders if reminder.kind == kind]


async def until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Real time: the scheduler's wake timer runs on the event loop's clock."""
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.02)
    return True


async def test_a_reminder_planned_before_eight_goes_at_eight_without_another_sweep(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)  # the evaluation's reminder: 29 October, 08:00
    await bot.sweep(2026, 10, 29, 7, 59, 59)
    assert evaluation_cards(bot, teacher) == []
    assert evaluation_reminders(database_url, "due") == ["pending"]
    bot.clock.set(oslo(2026, 10, 29, 8, 0))  # no sweep runs until an hour later
    assert await until(lambda: len(evaluation_cards(bot, teacher)) == 1)
    assert NB("reminder.title.due") in card_text(evaluation_cards(bot, teacher)[0])


async def test_postponing_before_eight_drops_the_reminder_planned_for_eight(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)
    await bot.sweep(2026, 10, 29, 8, 0)
    (due,) = evaluation_cards(bot, teacher)
    await bot.sweep(2026, 10, 30, 7, 59)  # Friday's "overdue" is planned for 08:00
    assert evaluation_reminders(database_url, "overdue") == ["pending"]
    bot.clock.set(oslo(2026, 10, 30, 7, 59, 30))
    await bot.channel.send(teacher, text="", value=submit_data(due, "postpone_reminder"))
    await bot.sweep(2026, 10, 30, 8, 0)
    assert len(evaluation_cards(bot, teacher)) == 1
    assert evaluation_reminders(database_url, "overdue") == ["dropped"]
    await bot.sweep(2026, 11, 2, 8, 0)  # Monday, the morning it was postponed to
    overdue = evaluation_cards(bot, teacher)[-1]
    assert len(evaluation_cards(bot, teacher)) == 2
    assert NB("reminder.title.overdue") in card_text(overdue)
