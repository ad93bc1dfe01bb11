"""Measures and cooperation agreements agreed for a case."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
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
    owner_aad_id: str | None = None,
    owner_role: str | None = None,
    now: datetime,
) -> Measure:
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    measure = Measure(
        case_id=case_id,
        description=description,
        responsible=responsible,
        evaluate_on=evaluate_on,
        owner_aad_id=owner_aad_id,
        owner_role=owner_role,
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


ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class GoalInput:
    goal: str
    responsible: str
    measure: str
    evaluate_on: date | None = None
    measure_id: int | None = None


def add_cooperation_agreement(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    main_goal: str,
    goals: Sequence[GoalInput],
    status: str = "draft",
    situation: str | None = None,
    evaluate_on: date | None = None,
    now: datetime,
) -> CooperationAgreement:
    """The case's earlier active agreement is marked `replaced`: one agreement is in force."""
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    if status == ACTIVE:
        session.execute(
            update(CooperationAgreement)
            .where(
                col(CooperationAgreement.case_id) == case_id,
                col(CooperationAgreement.status) == ACTIVE,
            )
            .values(status="replaced", updated_at=now)
        )
    agreement = CooperationAgreement(
        case_id=case_id,
        status=status,
        main_goal=main_goal,
        situation=situation,
        evaluate_on=evaluate_on,
        created_at=now,
        updated_at=now,
    )
    session.add(agreement)
    session.flush()
    for goal in goals:
        session.add(
            AgreementGoal(
                agreement_id=agreement.id,  # type: ignore[arg-type]  # set by the flush
                goal=goal.goal,
                responsible=goal.responsible,
                measure=goal.measure,
                evaluate_on=goal.evaluate_on,
                measure_id=goal.measure_id,
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


def active_agreement(
    session: Session, *, tenant_id: str, case_id: int
) -> CooperationAgreement | None:
    query = (
        select(CooperationAgreement)
        .join(Case, col(Case.id) == CooperationAgreement.case_id)
        .where(
            Case.tenant_id == tenant_id,
            CooperationAgreement.case_id == case_id,
            CooperationAgreement.status == ACTIVE,
        )
        .order_by(col(CooperationAgreement.id).desc())
    )
    return session.exec(query).first()


def get_measure(session: Session, *, tenant_id: str, measure_id: int) -> Measure | None:
    query = (
        select(Measure)
        .join(Case, col(Case.id) == Measure.case_id)
        .where(Case.tenant_id == tenant_id, Measure.id == measure_id)
    )
    return session.exec(query).first()


def set_measure_outcome(
    session: Session,
    *,
    measure: Measure,
    status: str,
    description: str | None,
    evaluate_on: date | None,
) -> None:
    """The measure and its sub-goal rows after an evaluation (one place, so they agree)."""
    measure.status = status
    measure.evaluate_on = evaluate_on
    if description:
        measure.description = description
    session.add(measure)
    values: dict[str, object] = {"evaluate_on": evaluate_on}
    if description:
        values["measure"] = description
    session.execute(
        update(AgreementGoal).where(col(AgreementGoal.measure_id) == measure.id).values(**values)
    )
    session.flush()


def set_next_evaluation(
    session: Session, *, agreement: CooperationAgreement, evaluate_on: date | None, now: datetime
) -> None:
    agreement.evaluate_on = evaluate_on
    agreement.updated_at = now
    session.add(agreement)
    session.flush()
