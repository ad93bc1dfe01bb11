"""Measures and cooperation agreements agreed for a case."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.cases import require_case
from storage.models import AgreementGoal, Case, CooperationAgreement, Measure


def add_measure(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    description: str,
    responsible: str,
    evaluate_on: date | None = None,
    idempotency_key: str | None = None,
    now: datetime,
) -> Measure:
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    measure = Measure(
        case_id=case_id,
        description=description,
        responsible=responsible,
        evaluate_on=evaluate_on,
        created_at=now,
        idempotency_key=idempotency_key,
    )
    session.add(measure)
    session.flush()
    return measure


def measure_by_key(session: Session, *, tenant_id: str, key: str) -> Measure | None:
    """The measure a user action already wrote, if it did (`idempotency_key` is unique)."""
    query = (
        select(Measure)
        .join(Case, col(Case.id) == Measure.case_id)
        .where(Case.tenant_id == tenant_id, Measure.idempotency_key == key)
    )
    return session.exec(query).first()


def measures(session: Session, *, tenant_id: str, case_id: int) -> list[Measure]:
    query = (
        select(Measure)
        .join(Case, col(Case.id) == Measure.case_id)
        .where(Case.tenant_id == tenant_id, Measure.case_id == case_id)
        .order_by(col(Measure.id))
    )
    return list(session.exec(query))


@dataclass(frozen=True, slots=True)
class GoalInput:
    goal: str
    responsible: str
    measure: str
    evaluate_on: date | None = None


def add_cooperation_agreement(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    main_goal: str,
    goals: Sequence[GoalInput],
    status: str = "draft",
    now: datetime,
) -> CooperationAgreement:
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    agreement = CooperationAgreement(
        case_id=case_id, status=status, main_goal=main_goal, created_at=now
    )
    session.add(agreement)
    session.flush()
    for goal in goals:
        session.add(
            AgreementGoal(
                agreement_id=agreement.id,
                goal=goal.goal,
                responsible=goal.responsible,
                measure=goal.measure,
                evaluate_on=goal.evaluate_on,
            )
        )
    session.flush()
    return agreement


def agreement_goals(session: Session, *, tenant_id: str, agreement_id: int) -> list[AgreementGoal]:
    query = (
        select(AgreementGoal)
        .join(CooperationAgreement, col(CooperationAgreement.id) == AgreementGoal.agreement_id)
        .join(Case, col(Case.id) == CooperationAgreement.case_id)
        .where(Case.tenant_id == tenant_id, AgreementGoal.agreement_id == agreement_id)
        .order_by(col(AgreementGoal.id))
    )
    return list(session.exec(query))
