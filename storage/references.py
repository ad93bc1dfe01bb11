"""Conversation references: how to reach a member of staff proactively (reminders, annual wheel).

The reference itself is botbuilder's serialised `ConversationReference` (a JSON object); storage
keeps it as text and does not interpret it.
"""

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, tuple_, update
from sqlmodel import Session, col, select

from storage.dialect import Executor, changed
from storage.models import ConversationReference
from storage.prepared import Prepared, PreparedUpsert
from storage.schools import teams_tenant

_TABLE = ConversationReference.__table__  # type: ignore[attr-defined]
# Re-installing the app refreshes where to reach the user but keeps choices they made.
_REFRESHED = [
    "reference",
    "locale",
    "display_name",
    "upn",
    "installed",
    "uninstalled_at",
    "updated_at",
]
_UPSERT_REFERENCE = PreparedUpsert(
    _TABLE,
    (*_REFRESHED, "tenant_id", "user_aad_id", "annual_wheel_opt_in"),
    keys=("tenant_id", "user_aad_id"),
    update=lambda excluded, _table: {column: excluded[column] for column in _REFRESHED},
)


def save_conversation_reference(
    session: Session,
    *,
    tenant_id: str,
    user_aad_id: str,
    reference: dict[str, Any],
    locale: str,
    display_name: str,
    upn: str | None = None,
    now: datetime,
) -> None:
    _UPSERT_REFERENCE.run(
        session,
        {
            "tenant_id": tenant_id,
            "user_aad_id": user_aad_id,
            "reference": json.dumps(reference, sort_keys=True),
            "locale": locale,
            "display_name": display_name,
            "upn": upn,
            "installed": True,
            "uninstalled_at": None,
            "annual_wheel_opt_in": False,
            "updated_at": now,
        },
    )


# What a turn compares with the reference it carries (the middleware, after a restart).
_STORED_MARK = Prepared(
    select(_TABLE.c.reference, _TABLE.c.locale, _TABLE.c.display_name, _TABLE.c.installed).where(
        _TABLE.c.tenant_id == bindparam("b_tenant"), _TABLE.c.user_aad_id == bindparam("b_user")
    )
)


def stored_reference(
    executor: Executor, *, tenant_id: str, user_aad_id: str
) -> tuple[dict[str, Any], str, str, bool] | None:
    """The stored reference, locale, display name and whether the app is installed; plain
    values, no ORM object (asked on a user's first message after a start)."""
    parameters = {"b_tenant": teams_tenant(tenant_id), "b_user": user_aad_id}
    found = _STORED_MARK.run(executor, parameters).first()
    if found is None:
        return None
    reference, locale, display_name, installed = found
    return json.loads(reference), locale, display_name, bool(installed)


def get_conversation_reference(
    session: Session, *, tenant_id: str, user_aad_id: str
) -> ConversationReference | None:
    tenant_id = teams_tenant(tenant_id)  # a school's scope: its Teams tenant
    return session.get(ConversationReference, (tenant_id, user_aad_id))


def get_conversation_references(
    session: Session, *, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], ConversationReference]:
    """Many (scope, user) at once, in one query: a batch of reminders to send."""
    wanted = {(teams_tenant(scope), user): (scope, user) for scope, user in keys}
    if not wanted:
        return {}
    pair = tuple_(col(ConversationReference.tenant_id), col(ConversationReference.user_aad_id))
    found = session.exec(select(ConversationReference).where(pair.in_(list(wanted))))
    by_tenant = {(row.tenant_id, row.user_aad_id): row for row in found}
    return {
        key: by_tenant[tenant_key] for tenant_key, key in wanted.items() if tenant_key in by_tenant
    }


def reference_data(row: ConversationReference) -> dict[str, Any]:
    return json.loads(row.reference)


def mark_uninstalled(session: Session, *, tenant_id: str, user_aad_id: str, now: datetime) -> bool:
    """Kept, not deleted: cases still name the user, and a reinstall picks up where it was."""
    tenant_id = teams_tenant(tenant_id)  # a school's scope: its Teams tenant
    statement = (
        update(ConversationReference)
        .where(
            col(ConversationReference.tenant_id) == tenant_id,
            col(ConversationReference.user_aad_id) == user_aad_id,
        )
        .values(installed=False, uninstalled_at=now, updated_at=now)
    )
    return changed(session, statement) == 1


def set_annual_wheel_opt_in(
    session: Session, *, tenant_id: str, user_aad_id: str, opt_in: bool, now: datetime
) -> bool:
    tenant_id = teams_tenant(tenant_id)  # a school's scope: its Teams tenant
    statement = (
        update(ConversationReference)
        .where(
            col(ConversationReference.tenant_id) == tenant_id,
            col(ConversationReference.user_aad_id) == user_aad_id,
        )
        .values(annual_wheel_opt_in=opt_in, updated_at=now)
    )
    return changed(session, statement) == 1


def annual_wheel_recipients(session: Session) -> list[ConversationReference]:
    """Across tenants: installed users who asked for the annual wheel's reminders."""
    query = (
        select(ConversationReference)
        .where(
            col(ConversationReference.installed).is_(True),
            col(ConversationReference.annual_wheel_opt_in).is_(True),
        )
        .order_by(col(ConversationReference.tenant_id), col(ConversationReference.user_aad_id))
    )
    return list(session.exec(query))


def installed_references(
    session: Session, *, tenant_id: str, aad_ids: Iterable[str]
) -> list[ConversationReference]:
    tenant_id = teams_tenant(tenant_id)  # a school's scope: its Teams tenant
    wanted = sorted(set(aad_ids))
    if not wanted:
        return []
    query = select(ConversationReference).where(
        ConversationReference.tenant_id == tenant_id,
        col(ConversationReference.user_aad_id).in_(wanted),
        col(ConversationReference.installed).is_(True),
    )
    return list(session.exec(query.order_by(col(ConversationReference.display_name))))
