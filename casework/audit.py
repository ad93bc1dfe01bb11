"""Writing the audit trail: who did what to which case. Ids, counts and kinds only, never a
pupil's name or typed text (docs/privacy.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casework.access import Actor
from casework.vocab import AuditAction
from storage import repository as repo
from storage.dialect import Executor


def audit(
    executor: Executor,
    actor: Actor,
    action: AuditAction,
    case_id: int | None,
    now: datetime,
    **detail: Any,
) -> None:
    repo.record_audit(
        executor,
        tenant_id=actor.tenant_id,
        actor_aad_id=actor.aad_id,
        action=action.value,
        case_id=case_id,
        detail=detail,
        at=now,
    )
