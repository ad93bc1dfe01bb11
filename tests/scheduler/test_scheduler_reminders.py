"""Deadline reminders end to end: the right school morning, the card's buttons, the leaders."""

from __future__ import annotations

from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Deadline
from tests.scenarios.records import audit, cases, rows
from tests.scheduler.conftest import (
    ScheduledBot,
    card_text,
    evaluation_cards,
    open_case_at_level_1,
    oslo,
    submit_data,
)

NB = Translator("nb")


def evaluation(database_url: str) -> Deadline:
    (deadline,) = rows(database_url, Deadline, Deadline.kind == "evaluate_measures")
    return deadline


async def test_evaluation_reminder_at_eight_after_the_change_to_winter_time(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)  # Thursday 8 October 2026, summer time
    deadline = evaluation(database_url)
    assert deadline.due_at == oslo(2026, 10, 29, 15, 0)
    assert deadline.remind_at == oslo(2026, 10, 29, 8, 0)  # 07:00 UTC, no longer 06:00
    await bot.sweep(2026, 10, 29, 7, 59)
    assert evaluation_cards(bot, teacher) == []
    await bot.sweep(2026, 10, 29, 8, 0)
    (card,) = evaluation_cards(bot, teacher)
    assert NB("reminder.title.due") in card_text(card)
    assert submit_data(card, "evaluate") == {
        "intent": "evaluate",
        "case_id": cases(database_url)[0].id,
    }
    await bot.sweep(2026, 10, 29, 8, 5)
    assert len(evaluation_cards(bot, teacher)) == 1


async def test_postpone_moves_the_reminder_not_the_deadline_and_done_records_who(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)
    await bot.sweep(2026, 10, 29, 8, 0)
    (card,) = evaluation_cards(bot, teacher)
    postponed = await bot.channel.send(
        teacher, text="", value=submit_data(card, "postpone_reminder")
    )
    deadline = evaluation(database_url)
    assert deadline.remind_at == oslo(2026, 10, 30, 8, 0)
    assert deadline.due_at == oslo(2026, 10, 29, 15, 0)
    assert NB.short_day(oslo(2026, 10, 30).date()) in postponed.text
    assert NB.short_day(oslo(2026, 10, 29).date()) in postponed.text
    await bot.sweep(2026, 10, 30, 7, 59)
    assert len(evaluation_cards(bot, teacher)) == 1
    await bot.sweep(2026, 10, 30, 8, 0)
    overdue = evaluation_cards(bot, teacher)[-1]
    assert NB("reminder.title.overdue") in card_text(overdue)
    done = await bot.channel.send(teacher, text="", value=submit_data(overdue, "complete_deadline"))
    assert "Kari Lærer" in done.text
    deadline = evaluation(database_url)
    assert (deadline.status, deadline.completed_by) == ("done", "aad-kari")
    assert deadline.completed_at == oslo(2026, 10, 30, 8, 0)
    assert {"deadline.postpone", "deadline.complete"} <= {e.action for e in audit(database_url)}
    await bot.sweep(2026, 11, 2, 8, 0)
    assert len(evaluation_cards(bot, teacher)) == 2


async def test_a_replayed_button_from_another_teacher_finds_nothing(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)
    await bot.sweep(2026, 10, 29, 8, 0)
    (card,) = evaluation_cards(bot, teacher)
    other = User("aad-per", "Per Lærer")
    stranger = User("aad-kari", "Kari Lærer", tenant_id="another-tenant")
    for user in (other, stranger):
        for intent in ("complete_deadline", "postpone_reminder"):
            reply = await bot.channel.send(user, text="", value=submit_data(card, intent))
            assert reply.text == NB("reminder.not_found")
    deadline = evaluation(database_url)
    assert (deadline.status, deadline.remind_at) == ("open", oslo(2026, 10, 30, 8, 0))


async def test_still_open_two_school_days_after_reaches_the_leaders_once(
    bot: ScheduledBot, teacher: User, leader: User, database_url: str
) -> None:
    await bot.channel.install(leader)
    await bot.channel.send(leader, "hei")
    await open_case_at_level_1(bot, teacher)
    for day in (29, 30):  # Thursday (due), Friday
        await bot.sweep(2026, 10, day, 8, 0)
    assert evaluation_cards(bot, leader) == []
    await bot.sweep(2026, 11, 2, 8, 0)  # Monday: two school days after
    await bot.sweep(2026, 11, 3, 8, 0)
    (card,) = evaluation_cards(bot, leader)
    assert NB("reminder.title.leaders_overdue") in card_text(card)
    assert "Kari Lærer" in card_text(card) and "Ole" in card_text(card)
    assert len(evaluation_cards(bot, teacher)) == 3
