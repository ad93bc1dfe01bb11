"""Units of work of the attendance meeting (guide 2.5) and its cooperation agreement (2.6).

Planning writes the meeting and the day its reminder goes out; the minutes write one elevlogg
entry (what was said, in the guide's order), the measures with their owners, the agreement with
one sub-goal per measure, and one evaluation deadline per measure, owned by the measure's owner
when that is a member of staff (the case owner's otherwise). The evaluation marks each measure
continued, adjusted, done or dropped and sets the next evaluation. Each runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from casework.access import Actor, measure_for, visible_case
from casework.audit import audit
from casework.cases import write_log
from casework.school_time import SchoolTime
from casework.vocab import AuditAction, DeadlineKind, MeasureStatus
from content.replies.agreement import AgreementView, GoalView
from content.replies.log import LogFields
from storage import repository as repo
from storage.models import AttendanceMeeting


@dataclass(frozen=True)
class Responsible:
    """Who answers for a measure: a member of staff (`aad_id`) or an external role (`role`)."""

    name: str
    aad_id: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class MeasurePlan:
    goal: str
    what: str
    responsible: Responsible
    evaluate_on: date


@dataclass(frozen=True)
class Minutes:
    entry: LogFields
    situation: str
    main_goal: str
    measures: tuple[MeasurePlan, ...]


@dataclass(frozen=True)
class Evaluated:
    measure_id: int
    status: MeasureStatus
    description: str | None = None


def plan_meeting(
    session: Session,
    actor: Actor,
    school: SchoolTime,
    case_id: int,
    starts_at: datetime,
    attendees: str,
    now: datetime,
) -> AttendanceMeeting:
    remind_on = school.previous_school_day(school.day_of(starts_at))
    meeting = repo.plan_meeting(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        starts_at=starts_at,
        remind_on=remind_on,
        attendees=attendees,
        planned_by=actor.aad_id,
        now=now,
    )
    audit(session, actor, AuditAction.MEETING_PLAN, case_id, now, meeting=meeting.id)
    return meeting


def _evaluation_deadline(
    session: Session,
    actor: Actor,
    school: SchoolTime,
    case_id: int,
    measure_id: int,
    owner: str | None,
    day: date,
    now: datetime,
) -> None:
    due_at = school.end_of(day)
    repo.add_deadline(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        kind=DeadlineKind.EVALUATE_MEASURES,
        due_at=due_at,
        remind_at=school.remind_at(due_at, now),
        owner_aad_id=owner,
        measure_id=measure_id,
        now=now,
    )


def record_minutes(
    session: Session,
    actor: Actor,
    school: SchoolTime,
    case_id: int,
    minutes: Minutes,
    now: datetime,
) -> int:
    """Everything the meeting decided, at once; the agreement's id."""
    write_log(session, actor, case_id, minutes.entry, now)
    goals = []
    for plan in minutes.measures:
        measure = repo.add_measure(
            session,
            tenant_id=actor.tenant_id,
            case_id=case_id,
            description=plan.what,
            responsible=plan.responsible.name,
            evaluate_on=plan.evaluate_on,
            owner_aad_id=plan.responsible.aad_id,
            owner_role=plan.responsible.role,
            now=now,
        )
        assert measure.id is not None
        owner = plan.responsible.aad_id
        _evaluation_deadline(
            session, actor, school, case_id, measure.id, owner, plan.evaluate_on, now
        )
        goals.append(
            repo.GoalInput(
                goal=plan.goal,
                responsible=plan.responsible.name,
                measure=plan.what,
                evaluate_on=plan.evaluate_on,
                measure_id=measure.id,
            )
        )
    agreement = repo.add_cooperation_agreement(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        main_goal=minutes.main_goal,
        goals=goals,
        status="active",
        situation=minutes.situation,
        evaluate_on=min((plan.evaluate_on for plan in minutes.measures), default=None),
        now=now,
    )
    repo.mark_meeting_held(session, tenant_id=actor.tenant_id, case_id=case_id, now=now)
    audit(session, actor, AuditAction.MEETING_MINUTES, case_id, now)
    owners = sorted({p.responsible.aad_id for p in minutes.measures if p.responsible.aad_id})
    action = AuditAction.AGREEMENT_CREATE
    audit(session, actor, action, case_id, now, agreement=agreement.id, measure_owners=owners)
    assert agreement.id is not None
    return agreement.id


def evaluate_measures(
    session: Session,
    actor: Actor,
    school: SchoolTime,
    case_id: int,
    outcomes: Sequence[Evaluated],
    next_on: date | None,
    now: datetime,
) -> int:
    """Each measure's outcome, and the next evaluation for those that go on; how many were
    evaluated (a measure the actor may not evaluate, or of another case, is skipped)."""
    done = []
    for outcome in outcomes:
        found = measure_for(session, actor, outcome.measure_id)
        if found is None or found[0].id != case_id:
            continue
        measure = found[1]
        assert measure.id is not None
        repo.complete_measure_deadlines(
            session,
            tenant_id=actor.tenant_id,
            measure_id=measure.id,
            by_aad_id=actor.aad_id,
            by_name=actor.name,
            at=now,
        )
        goes_on = outcome.status.goes_on and next_on is not None
        evaluate_on = next_on if goes_on else None
        if goes_on and next_on is not None:
            owner = measure.owner_aad_id
            _evaluation_deadline(session, actor, school, case_id, measure.id, owner, next_on, now)
        repo.set_measure_outcome(
            session,
            measure=measure,
            status=outcome.status.value,
            description=outcome.description,
            evaluate_on=evaluate_on,
        )
        done.append({"measure": measure.id, "status": outcome.status.value})
    agreement = repo.active_agreement(session, tenant_id=actor.tenant_id, case_id=case_id)
    if agreement is not None and done:
        open_days = [
            m.evaluate_on
            for m in repo.measures(session, tenant_id=actor.tenant_id, case_id=case_id)
            if m.evaluate_on is not None and MeasureStatus(m.status).goes_on
        ]
        repo.set_next_evaluation(
            session, agreement=agreement, evaluate_on=min(open_days, default=None), now=now
        )
    if done and visible_case(session, actor, case_id) is not None:
        # Someone responsible for the whole case has evaluated: the case's own 3-week
        # evaluation (the ladder's, not a measure's) is settled too.
        repo.complete_case_evaluations(
            session, tenant_id=actor.tenant_id, case_id=case_id, by=actor, at=now
        )
    if done:
        audit(session, actor, AuditAction.AGREEMENT_EVALUATE, case_id, now, measures=done)
    return len(done)


def has_measures_to_evaluate(session: Session, actor: Actor, case_id: int) -> bool:
    """The case has an agreement in force and measures that go on: evaluate those."""
    if repo.active_agreement(session, tenant_id=actor.tenant_id, case_id=case_id) is None:
        return False
    measures = repo.measures(session, tenant_id=actor.tenant_id, case_id=case_id)
    return any(MeasureStatus(m.status).goes_on for m in measures)


def agreement_view(
    session: Session, actor: Actor, case_id: int, now: datetime
) -> AgreementView | None:
    """The case's agreement in force, for someone who sees the case; the read is audited."""
    case = visible_case(session, actor, case_id)
    if case is None:
        return None
    agreement = repo.active_agreement(session, tenant_id=actor.tenant_id, case_id=case_id)
    if agreement is None or agreement.id is None:
        return None
    statuses = {
        m.id: m.status for m in repo.measures(session, tenant_id=actor.tenant_id, case_id=case_id)
    }
    goals = tuple(
        GoalView(
            goal=goal.goal,
            responsible=goal.responsible,
            measure=goal.measure,
            evaluate_on=goal.evaluate_on,
            status=statuses.get(goal.measure_id, MeasureStatus.ACTIVE.value),
        )
        for goal in repo.agreement_goals(
            session, tenant_id=actor.tenant_id, agreement_id=agreement.id
        )
    )
    audit(session, actor, AuditAction.AGREEMENT_READ, case_id, now, agreement=agreement.id)
    return AgreementView(
        case_id=case_id,
        pupil=case.pupil_name,
        group=case.group_name,
        situation=agreement.situation or "",
        main_goal=agreement.main_goal,
        goals=goals,
        evaluate_on=agreement.evaluate_on,
    )
