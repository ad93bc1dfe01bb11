"""Delivery: lease what is ready and render it (`claim`), then write what happened (`record`).

Both run inside one `Database.run` transaction each; the scheduler only moves rows between the
database and the connector. A row whose case or deadline is no longer open is dropped; one whose
recipient removed the app is undeliverable, and an owner's reminder then goes to the leaders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from casework.messages import Message
from casework.school_time import at_school
from casework.services import Services
from content.i18n import Translator
from reminders.compose import Composing
from reminders.kinds import KINDS, About, ReminderKind
from reminders.planning import tell_leaders_owner_unreachable
from storage import leaders as leader_repo
from storage import outbox
from storage import repository as repo
from storage.models import Reminder
from storage.schools import school_of_scope


@dataclass(frozen=True)
class Outgoing:
    """A leased reminder, rendered and ready for the connector."""

    reminder_id: int
    tenant_id: str
    recipient_aad_id: str
    reference: dict[str, Any]
    message: Message
    # Taken up for the first time: neither tried nor deferred before (the "due" metric).
    first_take: bool = True


@dataclass(frozen=True)
class Outcome:
    reminder_id: int
    tenant_id: str
    recipient_aad_id: str
    activity_id: str | None = None
    error: str | None = None
    gone: bool = False
    retry_at: datetime | None = None  # a 429's Retry-After: not retried before this
    # not tried at all: its conversation was held by a 429, or its slot was too far off
    deferred: bool = False

    @property
    def kind(self) -> str:
        """For telemetry: sent, throttled, gone or failed."""
        if self.error is None:
            return "sent"
        if self.gone:
            return "gone"
        return "throttled" if self.retry_at is not None else "failed"


def compose(
    session: Session, services: Services, row: Reminder, translate: Translator, now: datetime
) -> Message | None:
    """The message for one reminder row, or None when there is nothing left to say."""
    spec = KINDS[ReminderKind(row.kind)]
    case = deadline = None
    if spec.about is not About.NOTHING:
        case = repo.get_case(session, tenant_id=row.tenant_id, case_id=row.case_id)
        if case is None or case.status != "open":
            return None
    if spec.about is About.DEADLINE:
        deadline = repo.get_deadline(session, tenant_id=row.tenant_id, deadline_id=row.deadline_id)
        if deadline is None or deadline.status != "open":
            return None
    with at_school(school_of_scope(row.tenant_id)):
        return spec.render(Composing(session, services, translate, row, case, deadline, now))


def claim(
    session: Session,
    services: Services,
    now: datetime,
    lease: timedelta,
    limit: int,
    tenant_id: str | None = None,
) -> list[Outgoing]:
    ready = []
    rows = outbox.claim_pending(session, now=now, lease=lease, limit=limit, tenant_id=tenant_id)
    # What the rows need, in a query each rather than a few per row (a burst is thousands).
    people = {(row.tenant_id, row.recipient_aad_id) for row in rows}
    references = repo.get_conversation_references(session, keys=people)
    profiles = leader_repo.get_profiles(session, keys=people)
    # Held until the loop is done: the session's identity map keeps rows only weakly, so a
    # preload nobody holds is gone at once and `get_case` of each row would query again.
    preloaded = (
        repo.get_cases(session, case_ids={row.case_id for row in rows if row.case_id}),
        repo.load_deadlines(
            session, deadline_ids={row.deadline_id for row in rows if row.deadline_id}
        ),
    )
    for row in rows:
        assert row.id is not None
        reference = references.get((row.tenant_id, row.recipient_aad_id))
        if reference is None or not reference.installed:
            unreachable(session, row, now)
            continue
        profile = profiles.get((row.tenant_id, row.recipient_aad_id))
        chosen = profile.language if profile is not None else None
        language = services.language.choose(reference.locale, chosen)
        message = compose(session, services, row, Translator(language), now)
        if message is None:
            outbox.mark_closed(session, reminder_id=row.id, status="dropped", at=now)
            continue
        data = repo.reference_data(reference)
        first = row.attempts == 0 and row.next_attempt_at == row.created_at
        ready.append(
            Outgoing(row.id, row.tenant_id, row.recipient_aad_id, data, message, first_take=first)
        )
    del preloaded
    return ready


def unreachable(session: Session, row: Reminder, now: datetime) -> None:
    assert row.id is not None
    outbox.mark_closed(session, reminder_id=row.id, status="undeliverable", at=now)
    tell_leaders_owner_unreachable(session, row, now)


def record(session: Session, outcomes: Sequence[Outcome], now: datetime) -> None:
    sent = [(o.reminder_id, o.activity_id) for o in outcomes if o.error is None]
    outbox.mark_all_sent(session, sent=sent, at=now)
    for outcome in outcomes:
        if outcome.error is None:
            continue
        if outcome.gone:
            repo.mark_uninstalled(
                session, tenant_id=outcome.tenant_id, user_aad_id=outcome.recipient_aad_id, now=now
            )
            row = session.get(Reminder, outcome.reminder_id)
            if row is not None and row.status == "pending":
                unreachable(session, row, now)
        elif outcome.deferred and outcome.retry_at is not None:
            outbox.defer(session, reminder_id=outcome.reminder_id, until=outcome.retry_at)
        else:
            outbox.mark_failed(
                session,
                reminder_id=outcome.reminder_id,
                error=outcome.error,
                now=now,
                retry_at=outcome.retry_at,
            )
