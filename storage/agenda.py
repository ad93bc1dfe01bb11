"""A user's own open deadlines across pupils (issue 15's «mine frister»), and the school's
overdue count a leader is shown with them.

Whose a deadline is: a measure's deadline is its owner's (`deadline.owner_aad_id`); every other
deadline (NULL owner) is the case's, so it is the case owner's and its co-responsible staff's.
Read-only, scoped to one school's rows, and built once: the agenda runs inside a turn.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, and_, bindparam, func, or_, select

from storage.dialect import Executor
from storage.models import Case, CaseMember, Deadline, Measure

_D = Deadline.__table__  # type: ignore[attr-defined]
_C = Case.__table__  # type: ignore[attr-defined]
_M = Measure.__table__  # type: ignore[attr-defined]
_CM = CaseMember.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class AgendaRow:
    deadline_id: int
    kind: str
    due_at: datetime
    measure_id: int | None
    measure: str | None
    case_id: int
    pupil: str
    group: str


_ME: BindParameter[str] = bindparam("b_me")
_SHARED = select(_CM.c.case_id).where(_CM.c.aad_object_id == _ME)
_MINE = or_(
    _D.c.owner_aad_id == _ME,
    and_(_D.c.owner_aad_id.is_(None), or_(_C.c.owner_aad_id == _ME, _C.c.id.in_(_SHARED))),
)
_OPEN = (
    _D.c.tenant_id == bindparam("b_tenant"),
    _D.c.status == "open",
    _C.c.status == "open",
    _C.c.tenant_id == bindparam("b_tenant"),
)
_MY_DEADLINES = (
    select(
        _D.c.id,
        _D.c.kind,
        _D.c.due_at,
        _D.c.measure_id,
        _M.c.description,
        _C.c.id,
        _C.c.pupil_name,
        _C.c.group_name,
    )
    .select_from(_D.join(_C, _C.c.id == _D.c.case_id).outerjoin(_M, _M.c.id == _D.c.measure_id))
    .where(*_OPEN, _MINE, _D.c.due_at < bindparam("b_until"))
    .order_by(_D.c.due_at, _D.c.id)
    .limit(bindparam("b_limit"))
)
_COUNT_MINE = (
    select(func.count())
    .select_from(_D.join(_C, _C.c.id == _D.c.case_id))
    .where(*_OPEN, _MINE, _D.c.due_at < bindparam("b_until"))
)
_SCHOOL_OVERDUE = (
    select(func.count())
    .select_from(_D.join(_C, _C.c.id == _D.c.case_id))
    .where(*_OPEN, _D.c.due_at < bindparam("b_now"))
)


def my_open_deadlines(
    executor: Executor, *, tenant_id: str, aad_object_id: str, until: datetime, limit: int
) -> tuple[list[AgendaRow], int]:
    """The first `limit` of the user's open deadlines due before `until`, soonest (so overdue)
    first, and how many there are in all."""
    parameters = {"b_tenant": tenant_id, "b_me": aad_object_id, "b_until": until}
    found = [
        AgendaRow(*row) for row in executor.execute(_MY_DEADLINES, {**parameters, "b_limit": limit})
    ]
    if len(found) < limit:
        return found, len(found)
    return found, int(executor.execute(_COUNT_MINE, parameters).scalar_one())


def school_overdue_count(executor: Executor, *, tenant_id: str, now: datetime) -> int:
    """Open deadlines past due in the school's open cases (what a leader's agenda adds)."""
    parameters = {"b_tenant": tenant_id, "b_now": now}
    return int(executor.execute(_SCHOOL_OVERDUE, parameters).scalar_one())
