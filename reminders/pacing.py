"""Pacing: when the next message to a conversation, and to a tenant, may go (issue 19).

Teams limits a bot per conversation (documented: 7 messages a second, 60 in 30 seconds) and per
app per tenant (about 50 requests a second), and answers 429 past a limit. The scheduler keeps
to the limits instead: each conversation and each tenant has a sliding window of the moments its
messages were sent, one for each `Rate`, and a message goes at the first moment every window of
its conversation and its tenant has room: a burst goes out as fast as the limits allow, no
faster. A 429 holds its conversation for the `Retry-After` it gave.

Times come from the caller (the scheduler's clock); nothing here reads a clock or sleeps. A
tenant is paced by one instance at a time (the scheduler's tenant lease), so memory suffices.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_RETRY_AFTER = timedelta(seconds=1)  # a 429 without a Retry-After
MAX_RETRY_AFTER = timedelta(hours=1)
CATCH_UP_SPACINGS = 5  # how far a late send's successors catch up (Window.start)
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    period: timedelta

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "7/1s": at most 7 messages in any second."""
        match = _RATE.match(text)
        if match is None or int(match[1]) < 1 or float(match[2]) <= 0:
            raise ValueError(f"{text!r} is not a rate like 7/1s (messages/seconds)")
        return cls(int(match[1]), timedelta(seconds=float(match[2])))

    def __str__(self) -> str:
        return f"{self.count}/{self.period.total_seconds():g}s"


def parse_rates(text: str) -> tuple[Rate, ...]:
    """ "7/1s,60/30s" -> both rates; every one of them holds."""
    rates = tuple(Rate.parse(part) for part in text.split(",") if part.strip())
    if not rates:
        raise ValueError("at least one rate, like 7/1s")
    return rates


class Window:
    """When one conversation's (or tenant's) messages went, as far back as its rates look.

    A message counts from the moment its send completed, which is never before Teams counted
    it; one still under way holds its place until then. So network delay cannot crowd a window.
    Sends are also spaced evenly at the shortest window's rate (50/1s: one every 20 ms): a burst
    is spread over the window rather than fired at once and answered late.
    """

    def __init__(self, rates: tuple[Rate, ...]) -> None:
        self.rates = rates
        self.keep = max(rate.count for rate in rates)
        self.span = max(rate.period for rate in rates)
        shortest = min(rates, key=lambda rate: rate.period)
        self.spacing = shortest.period / shortest.count
        self.catch_up = CATCH_UP_SPACINGS * self.spacing
        self.done: list[datetime] = []  # sorted
        self.flying = 0
        self.slot: datetime | None = None  # the next even slot

    def free_at(self, now: datetime) -> datetime | None:
        """The first moment every rate has room; None: once a send under way completes."""
        at, total = now, len(self.done) + self.flying
        if self.slot is not None:
            at = max(at, self.slot)
        for rate in self.rates:
            oldest = total - rate.count  # the message that must leave the window first
            if oldest < 0:
                continue
            if oldest >= len(self.done):
                return None
            at = max(at, self.done[oldest] + rate.period)
        return at

    def start(self, at: datetime) -> None:
        """A send starts: the next slot is one spacing on from this one's slot, so a send
        started late (a busy event loop) does not slow every later one: its successors catch
        up, by up to `CATCH_UP_SPACINGS`. Held to half a spacing, a loop 15 ms late sent one
        every 25 ms: 40 of the tenant's 50. Catching up a whole window instead sent bursts of
        up to 16 at once, whose replies came late, and a window counted from completions then
        waited that much longer each second (46 a second)."""
        self.flying += 1
        self.slot = (at if self.slot is None else max(self.slot, at - self.catch_up)) + self.spacing

    def finish(self, at: datetime) -> None:
        self.flying -= 1
        bisect.insort(self.done, at)
        del self.done[: -self.keep]

    def idle(self, now: datetime) -> bool:
        return not self.flying and (not self.done or self.done[-1] + self.span <= now)


class Pacer:
    def __init__(self, conversation: tuple[Rate, ...], tenant: tuple[Rate, ...]) -> None:
        self.rates = {"conversation": conversation, "tenant": tenant}
        self._windows: dict[tuple[str, str], Window] = {}
        self._held: dict[str, datetime] = {}  # conversation -> no send before (a 429)

    def _pair(self, conversation: str, tenant: str) -> tuple[Window, Window]:
        return self._window("conversation", conversation), self._window("tenant", tenant)

    def _window(self, scope: str, key: str) -> Window:
        window = self._windows.get((scope, key))
        if window is None:
            window = self._windows[scope, key] = Window(self.rates[scope])
        return window

    def ready_at(self, conversation: str, tenant: str, now: datetime) -> datetime | None:
        """The first moment both windows have room (`now` when they have it now); None when
        that is once a send under way completes."""
        moments = [window.free_at(now) for window in self._pair(conversation, tenant)]
        return None if None in moments else max(m for m in moments if m is not None)

    def tenant_room_at(self, tenant: str, now: datetime) -> datetime | None:
        """The first moment the tenant's window has room (None: once a send completes)."""
        return self._window("tenant", tenant).free_at(now)

    def start(self, conversation: str, tenant: str, at: datetime) -> None:
        for window in self._pair(conversation, tenant):
            window.start(at)

    def finish(self, conversation: str, tenant: str, at: datetime) -> None:
        """The send has completed (delivered or not: Teams may have counted it)."""
        for window in self._pair(conversation, tenant):
            window.finish(at)

    def held_until(self, conversation: str, now: datetime) -> datetime | None:
        until = self._held.get(conversation)
        return until if until is not None and until > now else None

    def hold(
        self, conversation: str, now: datetime, retry_after: float | datetime | None
    ) -> datetime:
        """After a 429: no send to the conversation before its Retry-After (capped)."""
        if isinstance(retry_after, datetime):
            wait = retry_after - now
        elif retry_after is not None:
            wait = timedelta(seconds=retry_after)
        else:
            wait = DEFAULT_RETRY_AFTER
        until = now + min(max(wait, timedelta(0)), MAX_RETRY_AFTER)
        self._held[conversation] = max(until, self._held.get(conversation, until))
        return self._held[conversation]

    def forget(self, now: datetime) -> None:
        """Drop windows no rate looks back to and holds that have passed: memory stays small."""
        self._windows = {key: w for key, w in self._windows.items() if not w.idle(now)}
        self._held = {key: until for key, until in self._held.items() if until > now}
