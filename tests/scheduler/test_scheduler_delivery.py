"""Delivery: retries after connector failures, two instances on one database, the app's task."""

from __future__ import annotations

import asyncio

from bot.keys import SCHEDULER_KEY
from content.clock import FixedClock
from devkit.local_channel import User
from storage.models import ConversationReference, Reminder
from tests.scenarios.records import rows
from tests.scheduler.conftest import (
    EVALUATE,
    ScheduledBot,
    evaluation_cards,
    open_case_at_level_1,
    oslo,
    scheduled_bot,
    settings_for,
    stored_reference,
    texts,
)


async def test_a_connector_failing_twice_then_succeeding_delivers_exactly_one(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_case_at_level_1(bot, teacher)
    await bot.sweep(2026, 10, 12, 8, 0)  # the level-0 contact deadline has had its say
    bot.channel.fail_next(2, status=503)
    await bot.sweep(2026, 10, 29, 8, 0)
    assert evaluation_cards(bot, teacher) == []
    await bot.sweep(2026, 10, 29, 8, 0, 29)  # before the first retry is due
    await bot.sweep(2026, 10, 29, 8, 0, 30)  # first retry: fails again
    assert evaluation_cards(bot, teacher) == []
    await bot.sweep(2026, 10, 29, 8, 1, 30)  # second retry, a minute later: delivered
    await bot.sweep(2026, 10, 29, 8, 30)
    assert len(evaluation_cards(bot, teacher)) == 1
    (row,) = [r for r in rows(database_url, Reminder) if r.kind == "due" and r.status == "sent"]
    assert row.attempts == 2 and row.activity_id is not None


async def test_two_instances_on_one_database_send_each_reminder_once(
    database_url: str, clock: FixedClock
) -> None:
    teachers = [User(f"aad-t{i}", f"Lærer {i}") for i in range(3)]
    settings = settings_for(database_url)
    async with scheduled_bot(settings, clock) as first:
        async with scheduled_bot(settings, clock, channel=first.channel) as second:
            for i, teacher in enumerate(teachers):
                await open_case_at_level_1(first, teacher, pupil=("Ole", "Mia", "Siri")[i])
            for day in (29, 30):
                clock.set(oslo(2026, 10, day, 8, 0))
                for _ in range(3):
                    await asyncio.gather(first.scheduler.run_once(), second.scheduler.run_once())
    for teacher in teachers:
        assert len(evaluation_cards(first, teacher)) == 2  # "due", then "overdue"
    sent = [r for r in rows(database_url, Reminder) if r.status == "sent"]
    keys = [(r.kind, r.deadline_id, r.day, r.recipient_aad_id) for r in sent]
    assert len(keys) == len(set(keys))


async def test_the_scheduler_task_starts_and_stops_with_the_app(
    database_url: str, clock: FixedClock
) -> None:
    async with scheduled_bot(settings_for(database_url), clock) as bot:
        scheduler = bot.app[SCHEDULER_KEY]
        assert scheduler.running
        await asyncio.wait_for(scheduler.ran.wait(), timeout=10)
        assert scheduler.runs >= 1
    assert not scheduler.running


async def test_an_uninstalled_owner_gets_nothing_and_the_leaders_are_told(
    bot: ScheduledBot, teacher: User, leader: User, database_url: str
) -> None:
    await bot.channel.install(leader)
    await bot.channel.send(leader, "hei")
    await open_case_at_level_1(bot, teacher)
    status = await bot.channel.post(
        bot.channel.activity(teacher, type="installationUpdate", action="remove")
    )
    assert status in (200, 201)
    reference = stored_reference(database_url, teacher.aad_object_id)
    assert reference is not None and not reference.installed
    await bot.sweep(2026, 10, 29, 8, 0)
    assert evaluation_cards(bot, teacher) == []
    told = [t for t in texts(bot.channel, leader) if "Kari Lærer" in t and EVALUATE in t]
    assert len(told) == 1 and "Ole" in told[0]
    kinds = {(r.kind, r.status) for r in rows(database_url, Reminder)}
    assert ("due", "undeliverable") in kinds and ("owner_unreachable", "sent") in kinds


async def test_references_are_written_only_when_new_or_changed(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    def stored() -> ConversationReference:
        row = stored_reference(database_url, teacher.aad_object_id)
        assert row is not None
        return row

    await bot.channel.send(teacher, "hei")
    first = stored()
    assert first.reference and first.locale == "nb-NO" and "activityId" not in first.reference
    bot.clock.set(oslo(2026, 10, 8, 10, 0))
    await bot.channel.send(teacher, "hjelp")
    assert stored().updated_at == first.updated_at
    teacher.locale = "nn-NO"
    await bot.channel.send(teacher, "hjelp")
    assert (stored().locale, stored().updated_at) == ("nn-NO", oslo(2026, 10, 8, 10, 0))
    group_chat = User("aad-kari", "Kari Lærer", conversation_id="19:group")
    await bot.channel.send(
        group_chat,
        "hei",
        conversation={
            "id": "19:group",
            "conversationType": "groupChat",
            "tenantId": teacher.tenant_id,
        },
    )
    assert "19:group" not in stored().reference
