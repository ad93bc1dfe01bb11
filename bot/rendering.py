"""Every outgoing message's text in the one form Teams and the Agents Playground both render
(content.chat_text): a turn's replies and proactive messages alike pass through here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ResourceResponse

from content.chat_text import for_chat


class ChatText(Middleware):
    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        context.on_send_activities(_render)
        await logic()


async def _render(
    context: TurnContext,
    activities: list[Activity],
    send: Callable[[], Awaitable[list[ResourceResponse]]],
) -> list[ResourceResponse]:
    for activity in activities:
        if activity.type == ActivityTypes.message and activity.text:
            activity.text = for_chat(activity.text)
    return await send()
