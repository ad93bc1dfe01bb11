"""Who may start a turn: the outcomes of the gate in front of `/api/messages`, and the tenant rule.

The gate runs in two steps, in this order: botbuilder authenticates the request (the JWT the Bot
Framework signs), then the activity's tenant is checked against the allow-list. Authenticating
first means only the Bot Framework itself can make the bot write a `auth.tenant_denied` audit
row; an anonymous caller gets 401 and leaves no trace in the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botbuilder.schema import Activity

from casework.vocab import AuditAction
from storage import repository as repo
from storage.db import Database

log = logging.getLogger(__name__)

TENANT_DENIED = AuditAction.TENANT_DENIED.value
# The audit table's id columns are this wide; a caller chooses the claimed tenant id.
ID_WIDTH = 64


class Unauthorized(Exception):
    """The request does not carry a token botbuilder accepts; answered 401."""


class AuthenticationUnavailable(Exception):
    """The signing keys could not be fetched, so nobody can be checked now; answered 503."""


class TenantDenied(Exception):
    """An authenticated activity from a tenant that is not on the allow-list; answered 403."""

    def __init__(self, claimed: tuple[str, ...]) -> None:
        super().__init__(f"tenant not allowed: {', '.join(claimed) or '(none)'}")
        self.claimed = claimed

    @property
    def tenant_id(self) -> str:
        return self.claimed[0][:ID_WIDTH] if self.claimed else ""


def claimed_tenants(activity: Activity) -> tuple[str, ...]:
    """Every tenant id the activity names: `conversation.tenantId` and `channelData.tenant.id`."""
    found: list[object] = [_channel_data_tenant(activity.channel_data)]
    conversation = activity.conversation
    if conversation is not None:
        # botbuilder's schema maps `tenant_id` to "tenantID"; Teams sends "tenantId", which
        # msrest keeps among the additional properties. Both spellings count.
        extra = getattr(conversation, "additional_properties", None) or {}
        found[:0] = [conversation.tenant_id, extra.get("tenantId")]
    return tuple(dict.fromkeys(t for t in found if isinstance(t, str) and t))


def _channel_data_tenant(channel_data: Any) -> object:
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        return tenant.get("id") if isinstance(tenant, dict) else None
    # botbuilder may hand over a deserialized object instead of the raw dict
    return getattr(getattr(channel_data, "tenant", None), "id", None)


@dataclass(frozen=True)
class TenantPolicy:
    """`allowed=None` lets every tenant in; that is only configured in local mode."""

    allowed: frozenset[str] | None

    def check(self, activity: Activity) -> None:
        """Raise `TenantDenied` unless every tenant the activity names is allowed.

        An activity naming no tenant is denied, and so is one naming two different tenants with
        one of them outside the list: the bot cannot tell which of them it would be serving.
        """
        if self.allowed is None:
            return
        claimed = claimed_tenants(activity)
        if not claimed or any(tenant not in self.allowed for tenant in claimed):
            raise TenantDenied(claimed)


async def record_tenant_denied(
    database: Database, *, activity: Activity, denied: TenantDenied, at: datetime
) -> None:
    """Ids and the activity type only: the message text of a stranger is not ours to keep."""
    sender = activity.from_property
    actor = (sender.aad_object_id or "") if sender is not None else ""
    detail = {
        "claimed_tenants": [tenant[:ID_WIDTH] for tenant in denied.claimed],
        "activity_type": activity.type,
        "channel_id": activity.channel_id,
    }
    await database.run(
        lambda session: repo.record_audit(
            session,
            tenant_id=denied.tenant_id,
            actor_aad_id=str(actor)[:ID_WIDTH],
            action=TENANT_DENIED,
            detail=detail,
            at=at,
        )
    )
