"""Leaders of a tenant and the profiles that tell who an aad id is. Every query is per tenant.

UPNs are compared in lower case: Entra ID treats them case-insensitively and people type them
however they like.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    bindparam,
    case,
    delete,
    func,
    literal,
    or_,
    true,
    tuple_,
    update,
)
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from storage.dialect import Executor, changed, insert_or_ignore
from storage.models import Case, Leader, UserProfile
from storage.prepared import Prepared, PreparedUpsert

CONFIGURED = "configured"
CHAT = "chat"


def normalize_upn(upn: str) -> str:
    return upn.strip().lower()


def leaders_of(session: Session, tenant_id: str) -> list[str]:
    """Aad ids of the tenant's leaders: configured ones already seen, and chat-added ones."""
    query = (
        select(Leader.aad_object_id)
        .where(Leader.tenant_id == tenant_id, col(Leader.aad_object_id).is_not(None))
        .order_by(col(Leader.aad_object_id))
    )
    return [aad_id for aad_id in session.exec(query) if aad_id]


def leader_rows(session: Session, *, tenant_id: str) -> list[Leader]:
    """Every leader row, including those added by UPN who have not talked to the bot yet."""
    query = (
        select(Leader)
        .where(Leader.tenant_id == tenant_id)
        .order_by(col(Leader.display_name), col(Leader.upn), col(Leader.id))
    )
    return list(session.exec(query))


def find_leader(
    session: Session, *, tenant_id: str, aad_object_id: str | None = None, upn: str | None = None
) -> Leader | None:
    matches = []
    if aad_object_id:
        matches.append(col(Leader.aad_object_id) == aad_object_id)
    if upn:
        matches.append(col(Leader.upn) == normalize_upn(upn))
    if not matches:
        return None
    query = select(Leader).where(col(Leader.tenant_id) == tenant_id, or_(*matches))
    return session.exec(query.order_by(col(Leader.id))).first()


@dataclass(frozen=True, slots=True)
class LeaderFacts:
    is_leader: bool
    pending: bool
    profile_name: str | None
    upn: str | None
    upn_checked: bool
    language: str | None = None


def _leader_facts_statement() -> Any:
    tenant: BindParameter[str] = bindparam("tenant_id")
    aad: BindParameter[str] = bindparam("aad_object_id")
    is_leader = (
        select(Leader.id).where(Leader.tenant_id == tenant, Leader.aad_object_id == aad).exists()
    )
    pending = (
        select(Leader.id)
        .where(Leader.tenant_id == tenant, col(Leader.aad_object_id).is_(None))
        .exists()
    )
    profile = (
        select(
            UserProfile.display_name,
            UserProfile.upn,
            UserProfile.upn_checked_at,
            UserProfile.language,
        )
        .where(UserProfile.tenant_id == tenant, UserProfile.aad_object_id == aad)
        .subquery()
    )
    # SQLAlchemy's own select: sqlmodel's is typed for at most four columns.
    return sql_select(
        is_leader.label("is_leader"),
        pending.label("pending"),
        profile.c.display_name,
        profile.c.upn,
        profile.c.upn_checked_at,
        profile.c.language,
    ).select_from(select(literal(1)).subquery().outerjoin(profile, true()))


# Built once: the statement runs on every turn, and building it cost more than running it.
_LEADER_FACTS = Prepared(_leader_facts_statement())


def leader_facts(executor: Executor, *, tenant_id: str, aad_object_id: str) -> LeaderFacts:
    """Everything a turn needs to know about its user as a leader, in one statement."""
    parameters = {"tenant_id": tenant_id, "aad_object_id": aad_object_id}
    row = _LEADER_FACTS.run(executor, parameters).first()
    assert row is not None  # one row always: the profile is outer-joined to a constant
    is_leader, pending, display_name, upn, upn_checked_at, language = row
    return LeaderFacts(
        is_leader=bool(is_leader),
        pending=bool(pending),
        profile_name=display_name,
        upn=upn,
        upn_checked=upn_checked_at is not None,
        language=language,
    )


def add_leader(
    session: Session,
    *,
    tenant_id: str,
    source: str,
    now: datetime,
    aad_object_id: str | None = None,
    upn: str | None = None,
    display_name: str = "",
    added_by: str | None = None,
) -> bool:
    """False when the person already is a leader of the tenant (by aad id or UPN)."""
    if aad_object_id is None and upn is None:
        raise ValueError("a leader needs an aad id or a UPN")
    upn = normalize_upn(upn) if upn else None
    if find_leader(session, tenant_id=tenant_id, aad_object_id=aad_object_id, upn=upn):
        return False
    values = {
        "tenant_id": tenant_id,
        "aad_object_id": aad_object_id,
        "upn": upn,
        "display_name": display_name,
        "source": source,
        "added_by": added_by,
        "added_at": now,
    }
    table = Leader.__table__  # type: ignore[attr-defined]
    statement = insert_or_ignore(session, table, values).returning(table.c.id)
    return session.execute(statement).first() is not None


def remove_leader(
    session: Session,
    *,
    tenant_id: str,
    aad_object_id: str | None = None,
    upn: str | None = None,
    sources: Iterable[str] = (CHAT,),
) -> int:
    matches = []
    if aad_object_id:
        matches.append(col(Leader.aad_object_id) == aad_object_id)
    if upn:
        matches.append(col(Leader.upn) == normalize_upn(upn))
    if not matches:
        return 0
    statement = delete(Leader).where(
        col(Leader.tenant_id) == tenant_id,
        col(Leader.source).in_(list(sources)),
        or_(*matches),
    )
    return changed(session, statement)


def claim_pending_leader(
    session: Session, *, tenant_id: str, aad_object_id: str, upn: str, display_name: str
) -> bool:
    """Give a leader added by UPN the aad id they turned out to have; True when one was waiting."""
    upn = normalize_upn(upn)
    pending = session.exec(
        select(Leader).where(
            Leader.tenant_id == tenant_id,
            Leader.upn == upn,
            col(Leader.aad_object_id).is_(None),
        )
    ).first()
    if pending is None:
        return False
    if find_leader(session, tenant_id=tenant_id, aad_object_id=aad_object_id) is not None:
        session.delete(pending)  # already a leader by aad id; one row per person
    else:
        pending.aad_object_id = aad_object_id
        pending.display_name = display_name
        session.add(pending)
    session.flush()
    return True


def prune_configured(session: Session, *, configured: Iterable[str]) -> int:
    """Drop `configured` rows of people no longer in the settings, in every tenant."""
    wanted = {value.strip() for value in configured if value.strip()}
    upns = {normalize_upn(value) for value in wanted if "@" in value}
    ids = wanted - {value for value in wanted if "@" in value}
    # Spelled without NOT over NULLs: "upn NOT IN (...)" is unknown, not true, for a NULL upn.
    unknown_id = or_(col(Leader.aad_object_id).is_(None), col(Leader.aad_object_id).not_in(ids))
    unknown_upn = or_(col(Leader.upn).is_(None), col(Leader.upn).not_in(upns))
    statement = delete(Leader).where(col(Leader.source) == CONFIGURED, unknown_id, unknown_upn)
    return changed(session, statement)


def get_profile(session: Session, *, tenant_id: str, aad_object_id: str) -> UserProfile | None:
    return session.get(UserProfile, (tenant_id, aad_object_id))


def get_profiles(
    session: Session, *, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], UserProfile]:
    """Many (tenant, user) at once, in one query; those without a profile are left out."""
    if not keys:
        return {}
    pair = tuple_(col(UserProfile.tenant_id), col(UserProfile.aad_object_id))
    found = session.exec(select(UserProfile).where(pair.in_(list(keys))))
    return {(row.tenant_id, row.aad_object_id): row for row in found}


_PROFILE = UserProfile.__table__  # type: ignore[attr-defined]
_PROFILE_COLUMNS = (
    "tenant_id",
    "aad_object_id",
    "display_name",
    "upn",
    "upn_checked_at",
    "updated_at",
)


def _refreshed(excluded: Any, table: Any) -> dict[str, Any]:
    """An empty name from Teams keeps the one known."""
    kept = case((excluded.display_name != "", excluded.display_name), else_=table.c.display_name)
    return {"display_name": kept, "updated_at": excluded.updated_at}


_SAVE_PROFILE = PreparedUpsert(
    _PROFILE, _PROFILE_COLUMNS, keys=("tenant_id", "aad_object_id"), update=_refreshed
)
_SAVE_CHECKED_PROFILE = PreparedUpsert(
    _PROFILE,
    _PROFILE_COLUMNS,
    keys=("tenant_id", "aad_object_id"),
    update=lambda excluded, table: (
        _refreshed(excluded, table)
        | {"upn": excluded.upn, "upn_checked_at": excluded.upn_checked_at}
    ),
)


def save_profile(
    session: Session,
    *,
    tenant_id: str,
    aad_object_id: str,
    display_name: str,
    now: datetime,
    upn: str | None = None,
    upn_checked: bool = False,
) -> None:
    """Create or refresh, in one prepared upsert (a user's first message writes it); a UPN once
    checked is only replaced by another check."""
    statement = _SAVE_CHECKED_PROFILE if upn_checked else _SAVE_PROFILE
    statement.run(
        session,
        {
            "tenant_id": tenant_id,
            "aad_object_id": aad_object_id,
            "display_name": display_name,
            "upn": normalize_upn(upn) if upn_checked and upn else None,
            "upn_checked_at": now if upn_checked else None,
            "updated_at": now,
        },
    )


def save_language(
    session: Session,
    *,
    tenant_id: str,
    aad_object_id: str,
    display_name: str,
    language: str,
    now: datetime,
) -> None:
    """The user's own choice of language, kept on their profile."""
    save_profile(
        session,
        tenant_id=tenant_id,
        aad_object_id=aad_object_id,
        display_name=display_name,
        now=now,
    )
    profile = get_profile(session, tenant_id=tenant_id, aad_object_id=aad_object_id)
    assert profile is not None  # written just above
    profile.language = language
    session.add(profile)
    session.flush()


def find_profile_by_upn(session: Session, *, tenant_id: str, upn: str) -> UserProfile | None:
    query = select(UserProfile).where(
        UserProfile.tenant_id == tenant_id, UserProfile.upn == normalize_upn(upn)
    )
    return session.exec(query).first()


def display_names(session: Session, *, tenant_id: str, aad_ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(aad_ids))
    if not wanted:
        return {}
    query = select(UserProfile.aad_object_id, UserProfile.display_name).where(
        UserProfile.tenant_id == tenant_id, col(UserProfile.aad_object_id).in_(wanted)
    )
    return dict(session.exec(query).all())


def find_owners(session: Session, *, tenant_id: str, name: str) -> list[tuple[str, str]]:
    """Owners of open cases called `name` ("Kari" finds "Kari Lærer"): (aad id, full name)."""
    wanted = name.strip().lower()
    owner = func.lower(Case.owner_name)
    query = (
        select(Case.owner_aad_id, Case.owner_name)
        .where(
            Case.tenant_id == tenant_id,
            Case.status == "open",
            or_(owner == wanted, owner.startswith(wanted + " ")),
        )
        .distinct()
        .order_by(col(Case.owner_name), col(Case.owner_aad_id))
    )
    return [(aad_id, full) for aad_id, full in session.exec(query)]


def set_leader_names(session: Session, *, tenant_id: str, aad_object_id: str, name: str) -> None:
    """Keep the leader list readable when Teams reports a new display name."""
    session.execute(
        update(Leader)
        .where(col(Leader.tenant_id) == tenant_id, col(Leader.aad_object_id) == aad_object_id)
        .values(display_name=name)
    )
