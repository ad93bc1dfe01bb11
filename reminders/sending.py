"""Sending one tenant's batch of reminders as fast as Teams' limits allow (`PacedBatch`).

A message goes at the first moment its conversation's and its tenant's windows have room
(`reminders.pacing`); waiting for that moment goes through the clock, so a test's fixed clock is
moved there instead of sleeping. One conversation's messages go one after another, so a 429
holds the rest back: they are deferred to its `Retry-After` (released to the outbox without
counting an attempt), and so is a message whose slot is beyond `horizon`. A 412/502/504 is
retried a few times with full-jitter exponential backoff, then left to the outbox's own retry.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from casework.messages import Message
from content.clock import Clock
from ops.telemetry import Telemetry
from reminders.delivery import Outcome, Outgoing
from reminders.pacing import Pacer

log = logging.getLogger(__name__)

CONCURRENT_SENDS = 16  # per tenant; the pacing, not this, sets the rate
TRANSIENT_RETRIES = 2
TRANSIENT_BACKOFF = timedelta(seconds=0.25)
RECHECK = timedelta(milliseconds=10)


class RecipientGone(Exception):
    """The conversation no longer accepts messages from the bot (the app was removed)."""


class SendFailed(Exception):
    """A failure worth retrying later (connector 5xx, timeout, network)."""


class Transient(SendFailed):
    """412, 502 or 504: worth retrying at once, with jittered backoff."""


class Throttled(SendFailed):
    """429: the conversation takes no message before `retry_after` (seconds from now, or a
    moment; None when the connector did not say)."""

    def __init__(self, message: str, retry_after: float | datetime | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Sender(Protocol):
    async def send(self, reference: dict[str, Any], message: Message) -> str | None:
        """The id the channel gave the message; raises `RecipientGone` or `SendFailed`."""
        ...


def conversation_of(reference: dict[str, Any]) -> str:
    conversation = reference.get("conversation") or {}
    return str(conversation.get("id") or reference.get("user", {}).get("id") or "")


@dataclass
class Pending:
    item: Outgoing
    conversation: str
    attempt: int = 0
    not_before: datetime | None = None

    def outcome(self, **fields: Any) -> Outcome:
        item = self.item
        return Outcome(item.reminder_id, item.tenant_id, item.recipient_aad_id, **fields)


@dataclass
class PacedBatch:
    sender: Sender
    pacer: Pacer
    clock: Clock
    horizon: timedelta
    telemetry: Telemetry = field(default_factory=Telemetry)
    queue: list[Pending] = field(default_factory=list)
    busy: dict[asyncio.Task[Outcome | None], Pending] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    # Set while every message given has been started (or deferred): what is left are sends
    # under way and their retries, so it is time to `extend` the batch with the next rows.
    launched: asyncio.Event = field(default_factory=asyncio.Event)
    _added: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, items: list[Outgoing] | None = None) -> list[Outcome]:
        """Until every message given (here and by `extend`) is settled; the outcomes not yet
        taken (`take_outcomes`)."""
        self.extend(items or [])
        while self.queue or self.busy:
            self._added.clear()
            wake_at = self._launch(self.clock.now())
            if not self.queue:
                self.launched.set()
            if self.queue or self.busy:
                await self._wait(wake_at)
        self.launched.set()
        return self.take_outcomes()

    def extend(self, items: list[Outgoing]) -> None:
        """More of the tenant's rows, sent in the same pace: a batch that waited for its last
        retries (a 502's jittered backoff) before the next began left the tenant's slots
        unused meanwhile, a tenth of its rate in the 08:00 burst."""
        self.queue.extend(Pending(item, conversation_of(item.reference)) for item in items)
        if items:
            self.launched.clear()
            self._added.set()
            # What may go now goes now, not a loop turn later: a test's fixed clock moves on
            # as soon as nothing is under way.
            self._launch(self.clock.now())

    def take_outcomes(self) -> list[Outcome]:
        taken, self.outcomes = self.outcomes, []
        return taken

    def _launch(self, now: datetime) -> datetime | None:
        """Start every message that may go now; the next moment one may, if any waits. A
        tenant without room now holds all of its messages: it is looked at once, not once per
        message (this runs at every slot, over a batch or two: a tenth of a bot's CPU in the
        08:00 burst when every message's windows were computed)."""
        blocked = {pending.conversation for pending in self.busy.values()}
        rooms: dict[str, datetime | None] = {}  # tenant -> when its window has room
        wake_at = None
        for pending in list(self.queue):
            if len(self.busy) >= CONCURRENT_SENDS:
                break  # the rest are tried when a send under way completes
            if pending.conversation in blocked:
                continue  # its conversation's earlier message goes first
            blocked.add(pending.conversation)
            tenant = pending.item.tenant_id
            if tenant not in rooms:
                rooms[tenant] = self.pacer.tenant_room_at(tenant, now)
            room = rooms[tenant]
            at = room if room is None or room > now else self._slot(pending, now)
            if at is None and not self.busy:
                at = now + RECHECK  # a send of no batch of ours holds the window
            if at is None:
                continue  # deferred, or to be tried when a send under way completes
            if at > now:
                wake_at = at if wake_at is None else min(wake_at, at)
                continue
            self.queue.remove(pending)
            self.pacer.start(pending.conversation, tenant, now)
            self.busy[asyncio.create_task(self._attempt(pending))] = pending
            del rooms[tenant]  # one more under way in its window
        return wake_at

    def _slot(self, pending: Pending, now: datetime) -> datetime | None:
        """When it may go; None when that is once a send under way completes, or when it was
        deferred instead (held by a 429, or its slot too far off)."""
        held = self.pacer.held_until(pending.conversation, now)
        at = self.pacer.ready_at(pending.conversation, pending.item.tenant_id, now)
        if held is None and at is None:
            return None
        at = max(at or now, pending.not_before or now)
        if held is None and at <= now + self.horizon:
            return at
        self.queue.remove(pending)
        self.outcomes.append(pending.outcome(error="paced", retry_at=held or at, deferred=True))
        return None

    async def _wait(self, wake_at: datetime | None) -> None:
        added = asyncio.create_task(self._added.wait())
        waits: set[asyncio.Task[Any]] = {*self.busy, added}
        sleeper = None
        if wake_at is not None:
            sleeper = asyncio.create_task(self.clock.sleep_until(wake_at))
            waits.add(sleeper)
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for waiting in (sleeper, added):
            if waiting is not None and waiting not in done:
                waiting.cancel()
        for task in done:
            pending = self.busy.pop(task, None)
            if pending is not None:
                self._settle(pending, task.result())

    def _settle(self, pending: Pending, outcome: Outcome | None) -> None:
        if outcome is not None:
            self.outcomes.append(outcome)
            return
        # A transient failure with retries left: first in its conversation's line again.
        pending.attempt += 1
        backoff = TRANSIENT_BACKOFF * (2 ** (pending.attempt - 1))
        wait = backoff * random.random()
        self.telemetry.retry_wait(wait.total_seconds())
        pending.not_before = self.clock.now() + wait
        self.queue.insert(0, pending)

    async def _attempt(self, pending: Pending) -> Outcome | None:
        """One try, in its own span: the outcome; None for a transient failure to retry now."""
        with self.telemetry.delivery() as span:
            outcome = await self._try(pending)
            self.telemetry.delivered(span, outcome.kind if outcome is not None else "retried")
        return outcome

    async def _try(self, pending: Pending) -> Outcome | None:
        item = pending.item
        try:
            with self.clock.in_flight():
                try:
                    activity_id = await self.sender.send(item.reference, item.message)
                finally:
                    self.pacer.finish(pending.conversation, item.tenant_id, self.clock.now())
        except RecipientGone as error:
            return pending.outcome(error=str(error), gone=True)
        except Throttled as error:
            now = self.clock.now()
            until = self.pacer.hold(pending.conversation, now, error.retry_after)
            wait_s = (until - now).total_seconds()
            self.telemetry.throttled(wait_s)
            log.info(
                "reminder %s throttled (429) until %s",
                item.reminder_id,
                until,
                extra={"event": "throttled", "retry_after_s": wait_s},
            )
            return pending.outcome(error=str(error), retry_at=until)
        except Transient as error:
            if pending.attempt < TRANSIENT_RETRIES:
                return None
            log.warning("reminder %s not sent: %s", item.reminder_id, error)
            return pending.outcome(error=str(error))
        except SendFailed as error:
            log.warning("reminder %s not sent: %s", item.reminder_id, error)
            return pending.outcome(error=str(error))
        return pending.outcome(activity_id=activity_id)
