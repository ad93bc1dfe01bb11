"""Messages the bot starts: one message to one stored conversation reference (the scheduler's
`reminders.scheduler.Sender`).

Sent through `adapter.continue_conversation`, so a proactive message takes the same connector
path (and the same cached connector clients) as a reply. With an app id botbuilder builds the
bot's claims from it; without one (local mode) it gets the anonymous identity botbuilder itself
uses when authentication is disabled, which makes the connector call without a token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import ChannelAccount, ConversationParameters, ConversationReference
from botframework.connector.auth import AuthenticationConstants, ClaimsIdentity
from msrest.exceptions import HttpOperationError

from bot.adapter import GatedAdapter
from bot.identity import tenant_of
from casework.messages import Message
from dialogs.engine.replies import to_activity
from reminders.sending import RecipientGone, SendFailed, Throttled, Transient

log = logging.getLogger(__name__)

# The connector's answer when the user removed the app or blocked the bot: do not retry.
GONE_STATUSES = frozenset({403, 404})
# Teams' throttling: 429 says when to come back (Retry-After); these are retried at once.
THROTTLED = 429
TRANSIENT_STATUSES = frozenset({412, 502, 504})


@dataclass(frozen=True)
class ProactiveSender:
    adapter: GatedAdapter
    app_id: str = ""

    async def send(self, reference: dict[str, Any], message: Message) -> str | None:
        """The id the connector gave the activity; raises `RecipientGone` or `SendFailed`."""
        conversation = ConversationReference().deserialize(reference)
        activity = to_activity(message)
        sent: list[str | None] = []
        failed: list[Exception] = []

        async def deliver(context: TurnContext) -> None:
            # Caught here, not raised: the adapter's turn-error handler would otherwise answer
            # the user "something went wrong" for a message they never asked for.
            try:
                response = await context.send_activity(activity)
            except Exception as error:
                failed.append(error)
                return
            sent.append(response.id if response else None)

        if self.app_id:
            await self.adapter.continue_conversation(conversation, deliver, self.app_id)
        else:
            await self.adapter.continue_conversation(
                conversation, deliver, claims_identity=anonymous_identity()
            )
        if failed:
            raise classify(failed[0])
        return sent[0] if sent else None


async def open_personal_chat(
    context: TurnContext, app_id: str, first: Callable[[TurnContext], Awaitable[None]]
) -> bool:
    """Start a 1:1 chat with the sender of a shared-conversation message and run `first` in
    it (its first message). False when Teams would not open one; nothing is stored either way:
    the user's own next message in that chat stores its reference as any personal chat does."""
    activity = context.activity
    user = activity.from_property
    tenant = tenant_of(context)
    parameters = ConversationParameters(
        is_group=False,
        bot=activity.recipient,
        members=[ChannelAccount(id=user.id)],
        tenant_id=tenant,
        channel_data={"tenant": {"id": tenant}},
    )
    claims = context.turn_state.get(context.adapter.BOT_IDENTITY_KEY)
    audience = getattr(claims, "claims", {}).get("aud") if claims else None
    try:
        await context.adapter.create_conversation(
            app_id or "",
            first,
            parameters,
            activity.channel_id,
            activity.service_url,
            audience or None,
        )
    except Exception as error:  # any connector failure: the notice says "write to me there"
        log.warning("could not open a personal chat: %s", type(error).__name__)
        return False
    return True


def classify(error: Exception) -> Exception:
    if isinstance(error, HttpOperationError):
        response = error.response
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        if status in GONE_STATUSES:
            return RecipientGone(f"connector answered {status}")
        if status == THROTTLED:
            headers = getattr(response, "headers", None) or {}
            return Throttled(
                f"connector answered {status}", retry_after(headers.get("Retry-After"))
            )
        if status in TRANSIENT_STATUSES:
            return Transient(f"connector answered {status}")
        return SendFailed(f"connector answered {status}")
    return SendFailed(type(error).__name__)


def retry_after(value: str | None) -> float | datetime | None:
    """A Retry-After header: delay-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def anonymous_identity() -> ClaimsIdentity:
    """What botbuilder's authentication returns for a request when no app id is configured."""
    return ClaimsIdentity({}, False, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)
