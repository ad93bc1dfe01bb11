"""Cases and their co-responsible members: opening, reading one, changing. Every query is scoped
to one tenant; the case lists are in storage/case_search.py."""

import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.dialect import Executor, insert_or_ignore
from storage.errors import NotFound
from storage.models import Case, CaseMember, JoinRequest
from storage.prepared import Prepared

DIGITS = tuple("0123456789")


def normalize_group(group: str) -> str:
    """`5 b` and `5B` are the same class; store and compare one spelling."""
    return "".join(group.split()).upper()


def pupil_key(name: str) -> str:
    """How first names are compared: casefolded in Python for every alphabet (SQLite's lower()
    folds ASCII only, so «Øyvind» and «øyvind» differed there), Unicode-normalised, one space."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def open_case(
    session: Session,
    *,
    tenant_id: str,
    pupil_name: str,
    group_name: str,
    owner_aad_id: str,
    owner_name: str,
    level: int = 0,
    criteria: list[str] | None = None,
    unsafe_environment: bool = False,
    now: datetime,
) -> Case:
    case = Case(
        tenant_id=tenant_id,
        pupil_name=pupil_name.strip(),
        pupil_key=pupil_key(pupil_name),
        group_name=normalize_group(group_name),
        owner_aad_id=owner_aad_id,
        owner_name=owner_name,
        level=level,
        criteria=list(criteria or []),
        unsafe_environment=unsafe_environment,
        opened_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    return case


_CASE = Case.__table__  # type: ignore[attr-defined]

# Every report looks for the pupil's open case, and continues it when there is one: both
# statements built once, run as plain rows (no ORM object to load, track and flush).
_FIND_OPEN_CASE = (
    select(_CASE)
    .where(
        _CASE.c.tenant_id == bindparam("b_tenant"),
        _CASE.c.status == "open",
        _CASE.c.group_name == bindparam("b_group"),
        _CASE.c.pupil_key == bindparam("b_name"),
    )
    .order_by(_CASE.c.id)
)
_CONTINUE_CASE = (
    update(_CASE)
    .where(_CASE.c.id == bindparam("b_case"), _CASE.c.tenant_id == bindparam("b_tenant"))
    .values(
        criteria=bindparam("b_criteria"),
        unsafe_environment=bindparam("b_unsafe"),
        updated_at=bindparam("b_now"),
    )
)


def find_open_case(
    executor: Executor, *, tenant_id: str, pupil_name: str, group_name: str
) -> Row[Any] | None:
    """First names are typed by hand, so matching ignores case and surrounding spaces."""
    parameters = {
        "b_tenant": tenant_id,
        "b_group": normalize_group(group_name),
        "b_name": pupil_key(pupil_name),
    }
    return executor.execute(_FIND_OPEN_CASE, parameters).first()


def open_or_join_case(
    session: Session,
    *,
    tenant_id: str,
    pupil_name: str,
    group_name: str,
    owner_aad_id: str,
    owner_name: str,
    criteria: list[str],
    unsafe_environment: bool,
    now: datetime,
) -> tuple[Row[Any], bool]:
    """The pupil's open case, opened now if there is none: (case row, created).

    The unique index on open cases decides a race: a report that loses it (another instance
    opened the case between our look-up and our insert) rolls back to its savepoint and joins
    the case that won, so one pupil never has two open cases.
    """
    names: dict[str, Any] = {
        "tenant_id": tenant_id,
        "pupil_name": pupil_name,
        "group_name": group_name,
    }
    found = find_open_case(session, **names)
    if found is not None:
        return found, False
    try:
        with session.begin_nested():
            case = open_case(
                session,
                **names,
                owner_aad_id=owner_aad_id,
                owner_name=owner_name,
                criteria=criteria,
                unsafe_environment=unsafe_environment,
                now=now,
            )
    except IntegrityError:
        found = find_open_case(session, **names)
        if found is None:
            raise
        return found, False
    assert case.id is not None
    return case_row(session, tenant_id=tenant_id, case_id=case.id), True


def continue_case(
    executor: Executor,
    *,
    tenant_id: str,
    case_id: int,
    criteria: list[str],
    unsafe_environment: bool,
    now: datetime,
) -> None:
    """A new report on an open case: its criteria and unsafe-environment flag, as now known."""
    parameters = {
        "b_case": case_id,
        "b_tenant": tenant_id,
        "b_criteria": criteria,
        "b_unsafe": unsafe_environment,
        "b_now": now,
    }
    executor.execute(_CONTINUE_CASE, parameters)


def get_case(session: Session, *, tenant_id: str, case_id: int) -> Case | None:
    case = session.get(Case, case_id)
    return case if case is not None and case.tenant_id == tenant_id else None


def get_cases(session: Session, *, case_ids: set[int]) -> dict[int, Case]:
    """By id, in one query (the caller checks each one's tenant)."""
    if not case_ids:
        return {}
    found = session.exec(select(Case).where(col(Case.id).in_(case_ids)))
    return {case.id: case for case in found if case.id is not None}


def require_case(session: Session, *, tenant_id: str, case_id: int) -> Case:
    case = get_case(session, tenant_id=tenant_id, case_id=case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    return case


_CASE_ROW = select(_CASE).where(
    _CASE.c.id == bindparam("b_case"), _CASE.c.tenant_id == bindparam("b_tenant")
)
_CASE_EXISTS = Prepared(
    select(_CASE.c.id).where(
        _CASE.c.id == bindparam("b_case"), _CASE.c.tenant_id == bindparam("b_tenant")
    )
)


def case_row(executor: Executor, *, tenant_id: str, case_id: int) -> Row[Any]:
    """A case's columns as a plain row, for reading only (a status card): no ORM object to
    build, track and flush."""
    row = executor.execute(_CASE_ROW, {"b_case": case_id, "b_tenant": tenant_id}).first()
    if row is None:
        raise NotFound(f"case {case_id} not found")
    return row


def ensure_case(executor: Executor, *, tenant_id: str, case_id: int) -> None:
    """NotFound unless the case exists in this tenant: the guard before writing under it."""
    if _CASE_EXISTS.run(executor, {"b_case": case_id, "b_tenant": tenant_id}).first() is None:
        raise NotFound(f"case {case_id} not found")


_PUPIL_AND_LEVEL = Prepared(
    select(_CASE.c.pupil_name, _CASE.c.level).where(
        _CASE.c.id == bindparam("b_case"), _CASE.c.tenant_id == bindparam("b_tenant")
    )
)


def pupil_and_level(executor: Executor, *, tenant_id: str, case_id: int) -> tuple[str, int]:
    """What a log entry copies from its case when it is written (NotFound in another tenant)."""
    found = _PUPIL_AND_LEVEL.run(executor, {"b_case": case_id, "b_tenant": tenant_id}).first()
    if found is None:
        raise NotFound(f"case {case_id} not found")
    return found[0], found[1]


def set_level(session: Session, *, tenant_id: str, case_id: int, level: int, now: datetime) -> Case:
    case = require_case(session, tenant_id=tenant_id, case_id=case_id)
    case.level = level
    case.updated_at = now
    session.add(case)
    session.flush()
    return case


def set_owner(
    session: Session, *, tenant_id: str, case_id: int, aad_object_id: str, name: str, now: datetime
) -> Case:
    case = require_case(session, tenant_id=tenant_id, case_id=case_id)
    case.owner_aad_id = aad_object_id
    case.owner_name = name
    case.updated_at = now
    session.add(case)
    session.flush()
    return case


def remove_member(session: Session, *, tenant_id: str, case_id: int, aad_object_id: str) -> None:
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    row = session.get(CaseMember, (case_id, aad_object_id))
    if row is not None:
        session.delete(row)
        session.flush()


def close_case(session: Session, *, tenant_id: str, case_id: int, now: datetime) -> Case:
    case = require_case(session, tenant_id=tenant_id, case_id=case_id)
    if case.status != "closed":
        case.status = "closed"
        case.closed_at = now
        case.updated_at = now
        session.add(case)
        session.flush()
    return case


def add_member(
    session: Session, *, tenant_id: str, case_id: int, aad_object_id: str, display_name: str
) -> None:
    """Adding someone twice is harmless: the first row stands."""
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    values = {"case_id": case_id, "aad_object_id": aad_object_id, "display_name": display_name}
    session.execute(insert_or_ignore(session, CaseMember.__table__, values))  # type: ignore[attr-defined]


def is_member(session: Session, *, tenant_id: str, case_id: int, aad_object_id: str) -> bool:
    """Co-responsible staff only; whether the owner counts is the caller's access rule."""
    query = (
        select(CaseMember.case_id)
        .join(Case, col(Case.id) == CaseMember.case_id)
        .where(
            Case.tenant_id == tenant_id,
            CaseMember.case_id == case_id,
            CaseMember.aad_object_id == aad_object_id,
        )
    )
    return session.exec(query).first() is not None


def members(session: Session, *, tenant_id: str, case_id: int) -> list[CaseMember]:
    query = (
        select(CaseMember)
        .join(Case, col(Case.id) == CaseMember.case_id)
        .where(Case.tenant_id == tenant_id, CaseMember.case_id == case_id)
        .order_by(col(CaseMember.display_name))
    )
    return list(session.exec(query))


def add_join_request(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    requester_aad_id: str,
    requester_name: str,
    now: datetime,
) -> JoinRequest:
    """The requester's pending request for this case, or a new one (asking twice is one ask)."""
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    query = select(JoinRequest).where(
        JoinRequest.tenant_id == tenant_id,
        JoinRequest.case_id == case_id,
        JoinRequest.requester_aad_id == requester_aad_id,
        JoinRequest.status == "pending",
    )
    found = session.exec(query).first()
    if found is not None:
        return found
    request = JoinRequest(
        case_id=case_id,
        tenant_id=tenant_id,
        requester_aad_id=requester_aad_id,
        requester_name=requester_name,
        created_at=now,
    )
    session.add(request)
    session.flush()
    return request


def get_join_request(session: Session, *, tenant_id: str, request_id: int) -> JoinRequest | None:
    request = session.get(JoinRequest, request_id)
    return request if request is not None and request.tenant_id == tenant_id else None


def decide_join_request(
    session: Session, *, request: JoinRequest, accepted: bool, by_aad_id: str, now: datetime
) -> None:
    request.status = "accepted" if accepted else "declined"
    request.decided_by = by_aad_id
    request.decided_at = now
    session.add(request)
    session.flush()


def set_pronoun(session: Session, *, tenant_id: str, case_id: int, pronoun: str) -> None:
    """The pupil's pronoun for the guide's message home (2.3), once known."""
    case = require_case(session, tenant_id=tenant_id, case_id=case_id)
    case.pronoun = pronoun
    session.add(case)
