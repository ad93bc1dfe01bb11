"""Pacing (issue 19): the scheduler keeps to Teams' limits instead of waiting to be refused.

The connector is the referee: it enforces the limits on the test's clock and answers 429 past
them. A burst is spread evenly over the windows the limits allow, per conversation and per
tenant, and one tenant's queue holds back no other tenant; two schedulers on one database
together keep a tenant to its rate and deliver each reminder once. Time is the fixed clock,
which the scheduler moves forward when it waits for the next free slot (no real time passes).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from bench.due import add_due_deadlines_for, reminder_deadline_ids, staff
from content.clock import FixedClock
from devkit.local_channel import LocalChannel
from devkit.teams_throttle import TeamsThrottle
from reminders.scheduler import FIRST_BATCH
from storage.models import Reminder
from tests.scenarios.records import rows
from tests.scheduler.conftest import ScheduledBot, scheduled_bot, settings_for


@contextlib.asynccontextmanager
async def throttled_channel(clock: FixedClock, **limits: object) -> AsyncIterator[LocalChannel]:
    channel = LocalChannel(throttle=TeamsThrottle(lambda: clock.now().timestamp(), **limits))
    await channel.start()
    try:
        yield channel
    finally:
        await channel.close()


@contextlib.asynccontextmanager
async def idle_bot(
    database_url: str, clock: FixedClock, channel: LocalChannel, **overrides: object
) -> AsyncIterator[ScheduledBot]:
    """A bot whose start-up sweep has run (on an empty outbox): the test's sweeps are its own."""
    settings = settings_for(database_url, **overrides)
    async with scheduled_bot(settings, clock, channel) as bot:
        await bot.scheduler.ran.wait()
        yield bot


def offsets(channel: LocalChannel, start: datetime, *, tenant: str = "", chat: str = "") -> list:
    """Seconds after `start` at which the connector accepted each post (of a tenant or chat)."""
    return [
        round(at - start.timestamp(), 3)
        for at, tenant_id, conversation in channel.arrivals
        if tenant in ("", tenant_id) and chat in ("", conversation)
    ]


async def test_a_tenant_is_held_to_its_rate_and_another_tenant_is_not(
    database_url: str, clock: FixedClock
) -> None:
    busy = staff(12, "busy", tenants=1)
    quiet = staff(3, "quiet", tenants=1)
    async with (
        throttled_channel(clock, tenant=((5, 1.0),)) as channel,
        idle_bot(database_url, clock, channel, teams_tenant_limits="5/1s") as bot,
    ):
        start = clock.now()
        await add_due_deadlines_for(database_url, channel, busy + quiet, per_person=1, now=start)
        await bot.scheduler.run_once()
    assert dict(channel.throttle.refused) == {}  # paced: Teams never had to refuse one
    # Five a second, spread evenly over the second rather than fired at once.
    assert offsets(channel, start, tenant="busy-0") == [round(0.2 * k, 3) for k in range(12)]
    # Its own pace, from the start: not behind the busy school's twelve.
    assert offsets(channel, start, tenant="quiet-0") == [0, 0.2, 0.4]
    assert {r.status for r in rows(database_url, Reminder)} == {"sent"}


async def test_a_conversation_is_paced_by_both_of_its_windows_and_holds_back_no_other(
    database_url: str, clock: FixedClock
) -> None:
    many, one = staff(2, "chat", tenants=1)
    limits = {"conversation": ((3, 1.0), (5, 10.0))}
    async with (
        throttled_channel(clock, **limits) as channel,
        idle_bot(database_url, clock, channel, teams_conversation_limits="3/1s,5/10s") as bot,
    ):
        start = clock.now()
        await add_due_deadlines_for(database_url, channel, [many], per_person=8, now=start)
        await add_due_deadlines_for(database_url, channel, [one], per_person=1, now=start)
        await bot.scheduler.run_once()
    assert dict(channel.throttle.refused) == {}
    # Three a second, evenly spaced, until five are in the ten-second window; then each waits
    # for the one ten seconds before it to leave the window.
    thirds = [round(k / 3, 3) for k in range(5)]
    expected = thirds + [round(10 + k / 3, 3) for k in range(3)]
    assert offsets(channel, start, chat=many.conversation_id) == expected
    # The other chat waits for none of these: only for the tenant's next slot (50 a second).
    assert offsets(channel, start, chat=one.conversation_id) == [0.02]


async def sweep_both(bots: tuple[ScheduledBot, ScheduledBot]) -> None:
    await asyncio.gather(*(bot.scheduler.run_once() for bot in bots))


async def test_two_schedulers_keep_each_tenant_to_its_rate_and_deliver_each_reminder_once(
    database_url: str, clock: FixedClock
) -> None:
    people = staff(30, f"two-{uuid.uuid4().hex[:6]}", tenants=2)
    async with (
        throttled_channel(clock, tenant=((5, 1.0),)) as channel,
        idle_bot(database_url, clock, channel, teams_tenant_limits="5/1s") as a,
        idle_bot(database_url, clock, channel, teams_tenant_limits="5/1s") as b,
    ):
        ids = await add_due_deadlines_for(
            database_url, channel, people, per_person=2, now=clock.now()
        )
        for person, status in zip(people[:6], (502, 504, 412, 502, 429, 429), strict=True):
            channel.fail_conversation(person.conversation_id, status, {"Retry-After": "3"})
        for _ in range(4):  # the 429s' conversations come back after Retry-After
            await sweep_both((a, b))
            clock.advance(timedelta(seconds=4))
    activities = [activity for chat in channel.received.values() for activity in chat]
    delivered = Counter(reminder_deadline_ids(iter(activities)))
    assert sorted(delivered) == sorted(ids)
    assert set(delivered.values()) == {1}  # none twice
    assert dict(channel.throttle.refused) == {}  # the two together kept each tenant to 5/s
    assert {r.status for r in rows(database_url, Reminder)} == {"sent"}


async def test_two_schedulers_share_the_tenants_of_a_burst(
    database_url: str, clock: FixedClock
) -> None:
    people = staff(12, f"share-{uuid.uuid4().hex[:6]}", tenants=4)
    async with (
        throttled_channel(clock) as channel,
        idle_bot(database_url, clock, channel) as a,
        idle_bot(database_url, clock, channel) as b,
    ):
        await add_due_deadlines_for(database_url, channel, people, per_person=1, now=clock.now())
        reports = await asyncio.gather(a.scheduler.run_once(), b.scheduler.run_once())
    # Both are alive (their start-up sweeps said so): each paces two of the four schools,
    # instead of the first to sweep taking all four onto its one CPU.
    assert [report.sent for report in reports] == [6, 6]


async def test_a_retry_at_the_end_of_a_batch_holds_back_none_of_the_next(
    database_url: str, clock: FixedClock
) -> None:
    """A 502 is retried after a jittered backoff (up to 0.25 s, then 0.5 s). The batch it was
    in waited for the retry, and the tenant's next batch for the batch: with 1 % of posts
    answered 502/504, a tenant sent about 44 of its 50 a second in issue 19's 08:00 burst.
    The next batch goes out meanwhile, in the slots the retry leaves free."""
    people = staff(60, f"tail-{uuid.uuid4().hex[:6]}", tenants=1)
    async with (
        throttled_channel(clock) as channel,
        idle_bot(database_url, clock, channel) as bot,
    ):
        start = clock.now()
        await add_due_deadlines_for(database_url, channel, people, per_person=1, now=start)
        last_of_first_batch = people[FIRST_BATCH - 1]
        for _ in range(2):  # tried three times: the second retry waits up to 0.5 s more
            channel.fail_conversation(last_of_first_batch.conversation_id, 502)
        await bot.scheduler.run_once()
    accepted = offsets(channel, start)
    assert len(accepted) == len(people)  # each once, the retried one too
    assert channel.attempts[last_of_first_batch.conversation_id] == 3
    # 50 a second, one every 20 ms: 62 posts (two of them refused) fill 62 slots in a row.
    assert max(accepted) == round(0.02 * (len(people) + 1), 3)
