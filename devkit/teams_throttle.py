"""Teams' rate limits, as the local connector enforces them: a referee, not a pacer.

Teams counts a bot's messages per conversation (documented: 7 per second, 60 per 30 seconds, ...)
and per app per tenant (about 50 per second), and answers 429 with `Retry-After` (whole seconds)
when a request would exceed one. Here every limit is a sliding window over the accepted requests'
arrival times, read from a clock the owner passes in (a test's fixed clock, the bench's real one).
A refused request does not count. Kept apart from `reminders/pacing.py` on purpose: it judges the
bot's pacing, so it must not share its code.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

TEAMS_CONVERSATION = ((7, 1.0), (60, 30.0))
TEAMS_TENANT = ((50, 1.0),)


@dataclass
class TeamsThrottle:
    """`now` gives seconds on any scale (it only has to move with the clock under test)."""

    now: Callable[[], float]
    conversation: tuple[tuple[int, float], ...] = TEAMS_CONVERSATION
    tenant: tuple[tuple[int, float], ...] = TEAMS_TENANT
    accepted: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # by scope

    def admit(self, conversation: str, tenant: str) -> float | None:
        """None (and counted) when the request may pass; else the seconds until it could."""
        now = self.now()
        waits = [
            self._wait(f"c:{conversation}", self.conversation, now),
            self._wait(f"t:{tenant}", self.tenant, now),
        ]
        if max(waits) > 0:
            self.refused["conversation" if waits[0] > 0 else "tenant"] += 1
            return max(waits)
        self.accepted[f"c:{conversation}"].append(now)
        self.accepted[f"t:{tenant}"].append(now)
        return None

    def _wait(self, key: str, limits: tuple[tuple[int, float], ...], now: float) -> float:
        times = self.accepted[key]
        longest = max(period for _, period in limits)
        while times and times[0] <= now - longest:  # out of every window: forgotten
            times.pop(0)
        wait = 0.0
        for count, period in limits:
            inside = [at for at in times if at > now - period]
            if len(inside) >= count:
                wait = max(wait, inside[-count] + period - now)
        return wait

    @staticmethod
    def retry_after(wait: float) -> str:
        """Teams says whole seconds; never 0, which would invite an immediate retry."""
        return str(max(1, math.ceil(wait)))
