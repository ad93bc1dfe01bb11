"""The tenant's window when the event loop is late (issue 19's burst): a loop busy with other
tenants wakes some milliseconds after the slot it asked for. A late send used to push every
later slot back by its lateness beyond half a spacing, so a loop 15 ms late sent one every
25 ms: 40 of the tenant's 50 a second. The limit itself is the sliding window, counted from
each send's completion, which lateness cannot crowd."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from reminders.pacing import Window, parse_rates

START = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def sends_when_late(late: timedelta, seconds: int) -> list[datetime]:
    """Completion times of a tenant's sends (3 ms each) by a loop that wakes `late`."""
    window, done, now = Window(parse_rates("50/1s")), [], START
    while now < START + timedelta(seconds=seconds):
        free = window.free_at(now)
        assert free is not None  # nothing is left under way between sends here
        now = max(now, free) + late
        window.start(now)
        finished = now + timedelta(milliseconds=3)
        window.finish(finished)
        done.append(finished)
    return done


def most_in_a_second(moments: list[datetime]) -> int:
    return max(
        sum(1 for other in moments if moment <= other < moment + timedelta(seconds=1))
        for moment in moments
    )


def test_a_loop_15_ms_late_still_sends_nearly_the_tenants_50_a_second() -> None:
    done = sends_when_late(timedelta(milliseconds=15), seconds=10)
    assert len(done) >= 480  # 48 a second or more
    assert most_in_a_second(done) <= 50


def test_on_time_the_sends_are_evenly_spaced() -> None:
    done = sends_when_late(timedelta(0), seconds=2)
    gaps = {round((b - a).total_seconds(), 6) for a, b in itertools.pairwise(done)}
    assert gaps <= {0.02, 0.023}  # a spacing, or the window's wait for a completion
    assert most_in_a_second(done) <= 50
