"""A sweep waits for its work instead of polling for it: once planning is done, the tenant
loop sleeps until a worker finishes (or a tenant left to another instance may be taken), so a
burst's CPU goes to sending (issue 19's burst)."""

from __future__ import annotations

from sqlalchemy import event

from bench.due import add_due_deadlines_for, staff
from content.clock import FixedClock
from tests.scheduler.test_scheduler_pacing import idle_bot, throttled_channel

READY_TENANTS = "GROUP BY reminder.tenant_id"  # outbox.ready_tenants: the loop's poll


async def test_a_slow_send_after_planning_is_waited_for_not_polled(
    database_url: str, clock: FixedClock
) -> None:
    async with (
        throttled_channel(clock) as channel,
        idle_bot(database_url, clock, channel) as bot,
    ):
        await add_due_deadlines_for(
            database_url, channel, staff(1, "slow", tenants=1), per_person=1, now=clock.now()
        )
        channel.delay_next(1, 1.0)  # the one reminder's post takes a second of real time
        polls: list[str] = []

        def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            if READY_TENANTS in " ".join(statement.split()):
                polls.append(statement)

        engine = bot.scheduler.services.database.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            report = await bot.scheduler.run_once()
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert report.sent == 1
    # One look when the sweep starts, one per planned batch, one when the worker is done:
    # before, a finished planning task woke the loop at once, again and again, for the second.
    assert len(polls) <= 4, len(polls)
