"""Units of work on a case: each function runs inside one `Database.run` transaction.

The conversations decide *what* happens; these functions write it, so a conversation that is
cancelled half-way has written nothing, and a finished one has written everything at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.deadlines import Planned, add_planned, complete_kinds
from casework.vocab import AuditAction
from content.replies.log import LogFields
from content.replies.report import CaseFacts
from content.rules import log_kind
from storage import repository as repo
from storage.models import Case, LogEntry


@dataclass(frozen=True)
class Concern:
    pupil: str
    group: str
    criteria: tuple[str, ...]
    unsafe_environment: bool
    planned: tuple[Planned, ...]
    pronoun: str | None = None


def record_concern(
    session: Session, actor: Actor, concern: Concern, now: datetime
) -> tuple[int, CaseFacts]:
    """Open a level-0 case, or continue the pupil's open case (`created` says which). The
    unique index on open cases settles a race (`open_or_join_case`); a reporter who may not
    see the open case learns only who follows the pupil up (`followed_by`)."""
    tenant = actor.tenant_id
    found, created = repo.open_or_join_case(
        session,
        tenant_id=tenant,
        pupil_name=concern.pupil,
        group_name=concern.group,
        owner_aad_id=actor.aad_id,
        owner_name=actor.name,
        criteria=list(concern.criteria),
        unsafe_environment=concern.unsafe_environment,
        now=now,
    )
    case_id = found.id
    if not created and not _may_continue(session, actor, found):
        # Someone else follows the pupil up: the reporter is told whom to talk to, and nothing
        # of the case (its level, deadlines, records) is shown or changed.
        action = AuditAction.CASE_REPORTED_BY_OTHER
        audit(session, actor, action, case_id, now, criteria=list(concern.criteria))
        return case_id, CaseFacts(concern.pupil, concern.group, 0, followed_by=found.owner_name)
    if not created:
        repo.continue_case(
            session,
            tenant_id=tenant,
            case_id=case_id,
            criteria=sorted(set(found.criteria) | set(concern.criteria)),
            unsafe_environment=found.unsafe_environment or concern.unsafe_environment,
            now=now,
        )
    add_planned(session, actor, case_id, concern.planned, now)
    if concern.pronoun:
        repo.set_pronoun(session, tenant_id=tenant, case_id=case_id, pronoun=concern.pronoun)
    action = AuditAction.CASE_OPEN if created else AuditAction.CASE_UPDATE
    audit(session, actor, action, case_id, now, criteria=list(concern.criteria))
    facts = CaseFacts(
        found.pupil_name, found.group_name, found.level, created, concern.unsafe_environment
    )
    return case_id, facts


def _may_continue(session: Session, actor: Actor, found: Any) -> bool:
    if actor.is_leader or found.owner_aad_id == actor.aad_id:
        return True
    return repo.is_member(
        session, tenant_id=actor.tenant_id, case_id=found.id, aad_object_id=actor.aad_id
    )


def flag_unsafe(session: Session, actor: Actor, case_id: int, now: datetime) -> None:
    case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    if not case.unsafe_environment:
        case.unsafe_environment = True
        case.updated_at = now
        session.add(case)
        audit(session, actor, AuditAction.CASE_FLAG_UNSAFE, case_id, now)


def write_log(
    session: Session,
    actor: Actor,
    case_id: int,
    entry: LogFields,
    now: datetime,
    *,
    completes: Iterable[str] = (),
    key: str | None = None,
) -> LogEntry:
    """Append a log entry (fraværslogg at level 0, elevlogg from 1) and close what it settles.
    `key` is the user action's idempotency key (see `already_logged`)."""
    row = repo.add_log_entry(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        kind=log_kind(entry.level),
        contact_date=entry.contact_date,
        reason=entry.reason,
        guardians_view=entry.guardians_view,
        next_steps=entry.next_steps,
        author=entry.author,
        author_aad_id=actor.aad_id,
        level=entry.level,
        idempotency_key=key,
        now=now,
    )
    complete_kinds(session, actor, case_id, completes, now)
    audit(session, actor, AuditAction.LOG_ADD, case_id, now, kind=row.kind)
    return row


def already_logged(session: Session, actor: Actor, key: str) -> LogEntry | None:
    """The entry this user action wrote before, if any: a unit of work that finds one writes
    nothing else either (its deadlines, level and closing went in the same transaction)."""
    return repo.log_entry_by_key(session, tenant_id=actor.tenant_id, key=key)


@dataclass(frozen=True)
class ContactLogged:
    """What saving a contact found: the entry saved before under this key (None: saved now),
    and the case's open deadlines after it, soonest first (kind, due at, UTC)."""

    earlier: LogFields | None
    upcoming: list[tuple[str, datetime]]


def log_contact(
    session: Session,
    actor: Actor,
    case_id: int,
    entry: LogFields,
    now: datetime,
    *,
    key: str,
    settles: Iterable[str],
    agreed: Planned | None,
    unsafe: bool,
) -> ContactLogged:
    """One unit of work: the entry, the deadlines it settles, an agreed next contact and the
    unsafe-environment flag; or, when this key was saved before, nothing new."""
    saved = already_logged(session, actor, key)
    if saved is None:
        write_log(session, actor, case_id, entry, now, completes=settles, key=key)
        if agreed is not None:
            add_planned(session, actor, case_id, [agreed], now)
        if unsafe:
            flag_unsafe(session, actor, case_id, now)
    upcoming = repo.open_deadline_times(session, tenant_id=actor.tenant_id, case_id=case_id)
    return ContactLogged(None if saved is None else as_fields(saved, entry.group), upcoming)


def as_fields(row: LogEntry, group: str) -> LogFields:
    """A stored entry as the 7 fields a reply shows."""
    return LogFields(
        pupil=row.pupil_name,
        group=group,
        contact_date=row.contact_date,
        reason=row.reason,
        guardians_view=row.guardians_view,
        next_steps=row.next_steps,
        level=row.level,
        author=row.author,
    )


def change_level(
    session: Session,
    actor: Actor,
    case_id: int,
    level: int,
    planned: Iterable[Planned],
    now: datetime,
) -> Case:
    before = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id).level
    case = repo.set_level(session, tenant_id=actor.tenant_id, case_id=case_id, level=level, now=now)
    add_planned(session, actor, case_id, planned, now)
    audit(session, actor, AuditAction.CASE_LEVEL, case_id, now, before=before, after=level)
    return case


def close_case(session: Session, actor: Actor, case_id: int, now: datetime) -> None:
    """The one way a case closes: its open deadlines cancelled, the case closed, audited. The
    final log entry (2.8) is the caller's, written in the same transaction."""
    repo.cancel_open_deadlines(session, tenant_id=actor.tenant_id, case_id=case_id)
    repo.close_case(session, tenant_id=actor.tenant_id, case_id=case_id, now=now)
    audit(session, actor, AuditAction.CASE_CLOSE, case_id, now)


def conclude_not_concerning(session: Session, actor: Actor, case_id: int, now: datetime) -> str:
    """After the contact at the 5-day alert the teacher finds it not worrying: 2.8 needs no
    documentation, so the level-0 case closes without a log entry. A case above level 0 or one
    flagged for an unsafe school environment stays open. Returns "closed", "level" or "unsafe"."""
    case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    if case.level > 0:
        return "level"
    if case.unsafe_environment:
        return "unsafe"
    close_case(session, actor, case_id, now)
    return "closed"


def remember_pronoun(
    session: Session, actor: Actor, case_id: int, pronoun: str, now: datetime
) -> None:
    """Keep the pupil's pronoun (hun/han) on the case for the next message home (2.3)."""
    case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    if case.pronoun != pronoun:
        repo.set_pronoun(session, tenant_id=actor.tenant_id, case_id=case_id, pronoun=pronoun)
        audit(session, actor, AuditAction.CASE_UPDATE, case_id, now, pronoun=pronoun)


def record_vulnerability(
    session: Session, actor: Actor, case_id: int, mapping: dict[str, object], now: datetime
) -> None:
    """The 2.7 mapping's marked item ids, or why it was not done, for the leadership report."""
    case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    case.vulnerability = dict(mapping)
    case.updated_at = now
    session.add(case)
