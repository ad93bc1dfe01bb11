"""Throttling (issue 19): a 429 holds back only that conversation, for its `Retry-After`; a
412/502/504 is retried at once with jittered backoff; nothing is delivered twice."""

from __future__ import annotations

from email.utils import format_datetime

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Reminder
from tests.scenarios.records import rows
from tests.scheduler.conftest import (
    ScheduledBot,
    card_text,
    cards,
    open_case_at_level_1,
    oslo,
    scheduled_bot,
    settings_for,
)

EVALUATE = Translator("nb")("deadline.evaluate_measures")


def evaluations(bot: ScheduledBot, user: User) -> int:
    return sum(EVALUATE in card_text(card) for card in cards(bot.channel, user))


async def two_cases(bot: ScheduledBot) -> tuple[User, User]:
    a, b = User("aad-a", "Anne Lærer"), User("aad-b", "Bjørn Lærer")
    await open_case_at_level_1(bot, a, pupil="Ole")
    await open_case_at_level_1(bot, b, pupil="Mia")
    await bot.sweep(2026, 10, 12, 8, 0)  # the level-0 contact deadlines have had their say
    return a, b


async def test_a_429_holds_that_conversation_for_retry_after_and_no_other(
    bot: ScheduledBot,
) -> None:
    a, b = await two_cases(bot)
    bot.channel.fail_conversation(a.conversation_id, 429, {"Retry-After": "2"})
    await bot.sweep(2026, 10, 29, 8, 0)
    assert (evaluations(bot, a), evaluations(bot, b)) == (0, 1)  # B is not held back by A
    tried = bot.channel.attempts[a.conversation_id]
    await bot.sweep(2026, 10, 29, 8, 0, 1)  # within Retry-After: A is not even tried
    assert bot.channel.attempts[a.conversation_id] == tried and evaluations(bot, a) == 0
    await bot.sweep(2026, 10, 29, 8, 0, 2)  # Retry-After has passed: sent then, not in 30 s
    assert (evaluations(bot, a), evaluations(bot, b)) == (1, 1)
    await bot.sweep(2026, 10, 29, 8, 30)
    assert (evaluations(bot, a), evaluations(bot, b)) == (1, 1)


async def test_a_retry_after_longer_than_the_backoff_is_honoured_as_an_http_date(
    bot: ScheduledBot,
) -> None:
    a, _ = await two_cases(bot)
    until = format_datetime(oslo(2026, 10, 29, 8, 1, 30), usegmt=False)
    bot.channel.fail_conversation(a.conversation_id, 429, {"Retry-After": until})
    await bot.sweep(2026, 10, 29, 8, 0)
    await bot.sweep(2026, 10, 29, 8, 0, 45)  # the outbox's own first retry would be at 30 s
    assert evaluations(bot, a) == 0
    await bot.sweep(2026, 10, 29, 8, 1, 30)
    assert evaluations(bot, a) == 1


async def test_a_502_then_200_is_delivered_once_in_the_same_sweep(
    bot: ScheduledBot, database_url: str
) -> None:
    a, b = await two_cases(bot)
    bot.channel.fail_conversation(a.conversation_id, 502)
    bot.channel.fail_conversation(b.conversation_id, 504)
    await bot.sweep(2026, 10, 29, 8, 0)
    assert (evaluations(bot, a), evaluations(bot, b)) == (1, 1)
    await bot.sweep(2026, 10, 29, 8, 30)
    assert (evaluations(bot, a), evaluations(bot, b)) == (1, 1)
    due = [r for r in rows(database_url, Reminder) if r.kind == "due"]
    assert {(r.recipient_aad_id, r.status) for r in due} == {("aad-a", "sent"), ("aad-b", "sent")}
    assert len(due) == 2


async def test_a_tenant_whose_batch_ended_is_taken_up_again_when_a_429_has_passed(
    database_url: str, clock: FixedClock
) -> None:
    """A school whose only reminder got a 429 was left until the instance had finished every
    other school it was pacing (in the 08:00 burst, a reminder 23 s after the rest)."""
    settings = settings_for(database_url, teams_tenant_limits="1/1s")
    async with scheduled_bot(settings, clock) as bot:
        busy, other = User("aad-busy", "Per Lærer"), User("aad-x", "Xenia Lærer", tenant_id="t-x")
        for pupil in ("Ole", "Mia", "Liv"):  # three evaluations on 29 October, one a second
            await open_case_at_level_1(bot, busy, pupil=pupil)
        await open_case_at_level_1(bot, other, pupil="Emil")
        await bot.sweep(2026, 10, 12, 8, 0)  # the level-0 contact deadlines have had their say
        bot.channel.fail_conversation(other.conversation_id, 429, {"Retry-After": "1"})
        await bot.sweep(2026, 10, 29, 8, 0)  # one sweep: the busy school takes 2 s
        assert evaluations(bot, busy) == 3
        assert evaluations(bot, other) == 1
