"""Access and erasure requests on one pupil's records: what is read, counted and audited.

Counts and case ids go to the audit trail, never a name or a typed word (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.vocab import AuditAction
from storage.bot_state import forget_states_mentioning
from storage.retention import delete_pupil_records, export_pupil_records

COUNTED = ("cases", "log_entries", "deadlines", "measures", "agreements")


def counts(export: Mapping[str, Any]) -> dict[str, int]:
    """How much an export holds: the numbers shown before a delete and kept in the audit."""
    cases = export["cases"]
    found = {name: sum(len(case[name]) for case in cases) for name in COUNTED[1:]}
    return {"cases": len(cases), **found}


def audit_detail(export: Mapping[str, Any]) -> dict[str, Any]:
    """Counts and case ids: enough to follow the trail, never a name or a typed word."""
    return {**counts(export), "case_ids": [case["id"] for case in export["cases"]]}


def read_records(session: Session, actor: Actor, pupil: str, group: str) -> dict[str, Any]:
    """Everything about the pupil in the leader's own tenant: the tenant is never typed."""
    return export_pupil_records(
        session, tenant_id=actor.tenant_id, pupil_name=pupil, group_name=group
    )


def export_records(
    session: Session, actor: Actor, pupil: str, group: str, now: datetime
) -> dict[str, Any]:
    export = read_records(session, actor, pupil, group)
    audit(session, actor, AuditAction.PRIVACY_EXPORT, None, now, **audit_detail(export))
    return export


def erase_records(
    session: Session,
    actor: Actor,
    pupil: str,
    group: str,
    now: datetime,
    *,
    own_state: str | None = None,
) -> dict[str, int]:
    """Delete every case of the pupil in the class with its rows, and every conversation state
    that holds them (a colleague's half-finished log would otherwise keep the name and typed
    text, and be stuck); the counts of what went. `own_state`: the erasing conversation's
    state key, which its own turn rewrites."""
    export = read_records(session, actor, pupil, group)
    if not export["cases"]:
        return counts(export)  # gone since the question was asked; nothing to audit
    delete_pupil_records(
        session,
        tenant_id=actor.tenant_id,
        pupil_name=export["pupil_name"],
        group_name=export["group_name"],
    )
    forget_states_mentioning(
        session,
        case_ids=[case["id"] for case in export["cases"]],
        pupil=export["pupil_name"],
        group_name=export["group_name"],
        keep=own_state,
    )
    audit(session, actor, AuditAction.PRIVACY_DELETE, None, now, **audit_detail(export))
    return counts(export)
