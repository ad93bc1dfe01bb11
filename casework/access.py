"""Who is asking, and what they may see: staff their own cases, leaders every case in the tenant.

The tenant and the user come from the activity Teams signed (the edge builds the `Actor`);
nothing the user types can change them. A case another teacher owns is answered as "not
found", so its existence does not leak. Leaders are configured in the settings (aad object ids
or UPNs) or added by a leader in chat; `require_leader` is the one gate for leaders-only tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from storage import leaders as leader_repo
from storage import repository as repo
from storage.models import Case, Measure

LOCAL_TENANT = "local"


@dataclass(frozen=True)
class Actor:
    tenant_id: str
    aad_id: str
    name: str
    is_leader: bool = False
    # The school the user acts for (issue 20); None: the tenant's default school. `tenant_id`
    # is then that school's scope (casework.schools), the key of every row the school owns.
    school_id: str | None = None


@dataclass(frozen=True)
class ConfiguredLeaders:
    """The settings' leaders (`NAERVAER_LEADERS`), split into aad ids and lower-case UPNs."""

    aad_ids: frozenset[str] = frozenset()
    upns: frozenset[str] = frozenset()
    raw: tuple[str, ...] = ()

    @classmethod
    def parse(cls, values: Iterable[str]) -> ConfiguredLeaders:
        cleaned = tuple(value.strip() for value in values if value.strip())
        upns = frozenset(leader_repo.normalize_upn(v) for v in cleaned if "@" in v)
        return cls(frozenset(v for v in cleaned if "@" not in v), upns, cleaned)

    @classmethod
    def none(cls) -> ConfiguredLeaders:
        return cls()

    def names(self, aad_id: str, upn: str | None) -> bool:
        return aad_id in self.aad_ids or (upn is not None and upn in self.upns)


class NotALeader(Exception):
    """A leaders-only task asked by someone who is not a leader of this school."""


def require_leader(actor: Actor) -> Actor:
    """The one gate for leaders-only tasks; raises `NotALeader` before anything is read."""
    if not actor.is_leader:
        raise NotALeader
    return actor


def may_see(session: Session, actor: Actor, case: Case) -> bool:
    if case.tenant_id != actor.tenant_id:
        return False
    if actor.is_leader or case.owner_aad_id == actor.aad_id:
        return True
    assert case.id is not None
    return repo.is_member(
        session, tenant_id=actor.tenant_id, case_id=case.id, aad_object_id=actor.aad_id
    )


def visible_case(session: Session, actor: Actor, case_id: int) -> Case | None:
    case = repo.get_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    return case if case is not None and may_see(session, actor, case) else None


def visible_cases_of_pupil(
    session: Session, actor: Actor, pupil: str, group: str | None = None
) -> list[Case]:
    cases = repo.find_cases_by_pupil(
        session, tenant_id=actor.tenant_id, pupil_name=pupil, group_name=group
    )
    return [case for case in cases if may_see(session, actor, case)]


def may_manage(actor: Actor, case: Case) -> bool:
    """Who may add a colleague to a case or hand it over: its owner, or a leader."""
    return case.tenant_id == actor.tenant_id and (
        actor.is_leader or case.owner_aad_id == actor.aad_id
    )


def measure_for(session: Session, actor: Actor, measure_id: int) -> tuple[Case, Measure] | None:
    """A measure and its case for someone who may evaluate it: anyone who sees the case, or the
    member of staff responsible for that measure (who sees nothing else of the case)."""
    measure = repo.get_measure(session, tenant_id=actor.tenant_id, measure_id=measure_id)
    if measure is None:
        return None
    case = repo.get_case(session, tenant_id=actor.tenant_id, case_id=measure.case_id)
    if case is None:
        return None
    if measure.owner_aad_id == actor.aad_id or may_see(session, actor, case):
        return case, measure
    return None
