"""Attendance meetings (guide 2.5) and the school's staff known to the bot, for picking who is
responsible for a measure or who takes a case over."""

from datetime import date, datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from storage.cases import require_case
from storage.dialect import changed
from storage.models import AttendanceMeeting, Case, UserProfile

STAFF_LIMIT = 200


def plan_meeting(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    starts_at: datetime,
    remind_on: date,
    attendees: str,
    planned_by: str,
    now: datetime,
) -> AttendanceMeeting:
    """A new plan replaces the case's earlier planned meeting (a moved meeting is one meeting)."""
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    session.execute(
        update(AttendanceMeeting)
        .where(
            col(AttendanceMeeting.case_id) == case_id,
            col(AttendanceMeeting.tenant_id) == tenant_id,
            col(AttendanceMeeting.status) == "planned",
        )
        .values(status="cancelled")
    )
    meeting = AttendanceMeeting(
        case_id=case_id,
        tenant_id=tenant_id,
        starts_at=starts_at,
        remind_on=remind_on,
        attendees=attendees,
        planned_by=planned_by,
        created_at=now,
    )
    session.add(meeting)
    session.flush()
    return meeting


def planned_meeting(session: Session, *, tenant_id: str, case_id: int) -> AttendanceMeeting | None:
    query = select(AttendanceMeeting).where(
        AttendanceMeeting.tenant_id == tenant_id,
        AttendanceMeeting.case_id == case_id,
        AttendanceMeeting.status == "planned",
    )
    return session.exec(query.order_by(col(AttendanceMeeting.id).desc())).first()


def mark_meeting_held(session: Session, *, tenant_id: str, case_id: int, now: datetime) -> int:
    statement = (
        update(AttendanceMeeting)
        .where(
            col(AttendanceMeeting.case_id) == case_id,
            col(AttendanceMeeting.tenant_id) == tenant_id,
            col(AttendanceMeeting.status) == "planned",
        )
        .values(status="held", held_at=now)
    )
    return changed(session, statement)


def meetings_to_remind(
    session: Session, *, day: date, now: datetime
) -> list[tuple[AttendanceMeeting, Case]]:
    """Planned meetings of open cases whose reminder day is `day` and that lie ahead."""
    query = (
        select(AttendanceMeeting, Case)
        .join(Case, col(Case.id) == AttendanceMeeting.case_id)
        .where(
            AttendanceMeeting.status == "planned",
            AttendanceMeeting.remind_on == day,
            col(AttendanceMeeting.starts_at) > now,
            Case.status == "open",
        )
        .order_by(col(AttendanceMeeting.id))
    )
    return [(meeting, case) for meeting, case in session.exec(query)]


def staff(session: Session, *, tenant_id: str) -> list[tuple[str, str]]:
    """(aad id, name) of everyone of the school who has talked to the bot, by name."""
    query = (
        select(UserProfile.aad_object_id, UserProfile.display_name)
        .where(UserProfile.tenant_id == tenant_id, UserProfile.display_name != "")
        .order_by(col(UserProfile.display_name), col(UserProfile.aad_object_id))
        .limit(STAFF_LIMIT)
    )
    return [(aad_id, name) for aad_id, name in session.exec(query)]


def find_staff(session: Session, *, tenant_id: str, name: str) -> list[tuple[str, str]]:
    """Staff called `name`: the full name, or a first name that starts the full name."""
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return []
    shown = func.lower(UserProfile.display_name)
    query = (
        select(UserProfile.aad_object_id, UserProfile.display_name)
        .where(
            UserProfile.tenant_id == tenant_id,
            or_(shown == wanted, shown.startswith(wanted + " ")),
        )
        .order_by(col(UserProfile.display_name), col(UserProfile.aad_object_id))
    )
    return [(aad_id, full) for aad_id, full in session.exec(query)]
