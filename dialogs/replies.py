"""Builders for outgoing messages: dialogs say *what* to send, not how Teams wants it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ActionTypes, Activity, Attachment, CardAction

from content.cards import CONTENT_TYPE
from content.i18n import Translator


def translator(context: TurnContext) -> Translator:
    return Translator.for_locale(context.activity.locale)


def with_buttons(text: str, buttons: Sequence[tuple[str, str]]) -> Activity:
    """A text message with suggested actions; each button sends its value as typed text."""
    actions = [
        CardAction(type=ActionTypes.im_back, title=title, value=value) for title, value in buttons
    ]
    return MessageFactory.suggested_actions(actions, text)


async def say(context: TurnContext, text: str, buttons: Sequence[tuple[str, str]] = ()) -> None:
    await context.send_activity(
        with_buttons(text, buttons) if buttons else MessageFactory.text(text)
    )


def suggestions(translate: Callable[..., str]) -> list[tuple[str, str]]:
    """The few things worth offering when the bot did not understand."""
    return [
        (translate("button.report"), translate("button.report.value")),
        (translate("button.ladder"), translate("button.ladder.value")),
        (translate("button.templates"), translate("button.templates.value")),
        (translate("button.help"), translate("button.help.value")),
    ]


class SentCard(dict[str, Any]):
    """A rendered card on its way out. botbuilder deep-copies every activity it sends; for a card
    that is hundreds of nodes, copied once per reply only to be serialised. Nothing changes a
    card once it is rendered, so the copy shares it."""

    def __deepcopy__(self, _memo: dict[int, Any]) -> SentCard:
        return self


def with_card(card: dict[str, Any], buttons: Sequence[tuple[str, str]] = ()) -> Activity:
    """An Adaptive Card; its text fallback rides along as `summary` for clients without cards."""
    activity = MessageFactory.attachment(
        Attachment(content_type=CONTENT_TYPE, content=SentCard(card)),
        text=None,
    )
    activity.summary = card.get("fallbackText")
    if buttons:
        activity.suggested_actions = with_buttons("", buttons).suggested_actions
    return activity
