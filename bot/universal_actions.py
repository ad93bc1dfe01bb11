"""Universal Actions: Adaptive Card `Action.Execute` and `refresh`, at the Teams edge.

An `adaptiveCard/action` invoke runs as the message its Action.Submit fallback sends: the
action's `data` (ids, never text to re-parse, plus the card's input values) becomes the
message's `value`, so one path checks a payload (dialogs.engine.payload) and runs the
conversations, whichever kind of button was pressed. The invoke is answered with the card the
turn left (dialogs.engine.replies.replace_card): HTTP 200 with
`{statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card}`; a turn that
left no card is answered with its last text as a message response, so Teams shows something.

A `refresh` (trigger "automatic": Teams asks for the card's current state when it is shown) runs
the same way but on a scratch dialog state, so a conversation in progress is neither cancelled
nor asked again, and says nothing in the chat: it answers with a card or not at all.

An Action.Submit from a card arrives as a message with `replyToId` (the card's message); the
card the turn left replaces that message in place, where the channel allows it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogState
from botbuilder.schema import Activity, ActivityTypes, Attachment

from content.cards import CONTENT_TYPE
from dialogs.engine.replies import FROM_EXECUTE, REFRESH, from_execute, replaced_card

log = logging.getLogger(__name__)

INVOKE_NAME = "adaptiveCard/action"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
SENT_KEY = "naervaer.sent_texts"


def execute_data(activity: Activity) -> dict[str, Any] | None:
    """The `data` of an Action.Execute invoke (manual or refresh), or None for anything else."""
    if activity.type != ActivityTypes.invoke or activity.name != INVOKE_NAME:
        return None
    value = activity.value if isinstance(activity.value, dict) else {}
    action = value.get("action")
    if not isinstance(action, dict) or action.get("type") != "Action.Execute":
        return None
    data = action.get("data")
    return dict(data) if isinstance(data, dict) else {}


def as_message(activity: Activity, data: dict[str, Any]) -> Activity:
    """The invoke as the message its Action.Submit fallback would have sent."""
    message = Activity().deserialize(activity.serialize())
    message.type = ActivityTypes.message
    message.name = None
    message.text = None
    message.value = data
    return message


def is_refresh(activity: Activity) -> bool:
    value = activity.value if isinstance(activity.value, dict) else {}
    return value.get("trigger") == "automatic"


class ScratchState:
    """A dialog-state accessor that forgets: a refresh's turn runs on it, not on the chat's."""

    def __init__(self) -> None:
        self._state: DialogState | None = None

    async def get(self, _: TurnContext, default_value_or_factory: Any = None) -> DialogState:
        if self._state is None:
            self._state = DialogState()
        return self._state

    async def set(self, _: TurnContext, value: DialogState) -> None:
        self._state = value

    async def delete(self, _: TurnContext) -> None:
        self._state = None


def _silence(activities: list[Activity]) -> None:
    """A refresh changes the card or nothing; it never speaks in the chat. Its messages become
    traces, which the adapter drops (botbuilder refuses an empty list, so none is removed)."""
    for index, activity in enumerate(activities):
        if activity.type == ActivityTypes.message:
            activities[index] = Activity(
                type=ActivityTypes.trace,
                name="naervaer.refresh.silenced",
                channel_id=activity.channel_id,
                conversation=activity.conversation,
            )


async def run_as_message(
    context: TurnContext, data: dict[str, Any], run: Callable[[TurnContext], Awaitable[None]]
) -> dict[str, Any]:
    """Run the turn as a message and return the invoke's answer body."""
    context.turn_state[FROM_EXECUTE] = True
    refresh = context.turn_state[REFRESH] = is_refresh(context.activity)
    sent: list[str] = []

    async def record(_: TurnContext, activities: list[Activity], send: Any) -> Any:
        if refresh:
            _silence(activities)
        sent.extend(a.text for a in activities if a.type == ActivityTypes.message and a.text)
        return await send()

    context.on_send_activities(record)
    invoke = context.activity
    context.activity = as_message(invoke, data)
    try:
        await run(context)
    finally:
        context.activity = invoke
    card = replaced_card(context)
    if card is not None:
        return {"statusCode": 200, "type": CONTENT_TYPE, "value": card}
    return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": sent[-1] if sent else ""}


async def update_pressed_card(context: TurnContext) -> None:
    """Action.Submit from a card: replace that card's message with the card the turn left."""
    card = replaced_card(context)
    activity = context.activity
    if card is None or from_execute(context) or not activity.reply_to_id:
        return
    update = Activity(
        id=activity.reply_to_id,
        type=ActivityTypes.message,
        attachments=[Attachment(content_type=CONTENT_TYPE, content=card)],
        summary=card.get("fallbackText"),
    )
    try:
        await context.update_activity(update)
    except Exception as error:  # a client that cannot update: the chat reply still stands
        log.warning("could not update the pressed card: %s", type(error).__name__)
