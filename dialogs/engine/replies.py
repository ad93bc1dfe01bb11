"""Builders for outgoing messages: dialogs say *what* to send, not how Teams wants it."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import (
    ActionTypes,
    Activity,
    ActivityTypes,
    Attachment,
    AttachmentLayoutTypes,
    CardAction,
    InputHints,
    SuggestedActions,
)

from casework.access import Actor, NotALeader, require_leader
from casework.messages import Message
from content.cards import CONTENT_TYPE
from content.i18n import LANGUAGE_KEY, LanguagePolicy, Translator

_DEFAULT_POLICY = LanguagePolicy()
# Universal Actions (bot/universal_actions.py): the card the pressed card becomes, and whether
# this turn is an Action.Execute (answered with that card) rather than a message.
CARD_UPDATE = "naervaer.card_update"
FROM_EXECUTE = "naervaer.from_execute"
# A card's automatic refresh: answered with a card only, outside the conversation in progress.
REFRESH = "naervaer.refresh"


def translator(context: TurnContext) -> Translator:
    """The turn's language as the edge decided it (the user's choice, else the school's)."""
    language = context.turn_state.get(LANGUAGE_KEY)
    if not isinstance(language, str):
        language = _DEFAULT_POLICY.choose(context.activity.locale)
    return Translator(language)


class Reply(Activity):
    """An activity built for one reply (what botbuilder's MessageFactory builds, otherwise).

    botbuilder deep-copies every activity it sends before it stamps the conversation on the copy.
    It only replaces top-level fields, and nothing changes a reply once it is built, so the copy
    here is shallow: the deep one walked every button and every card node, once per reply.
    """

    def __deepcopy__(self, _memo: dict[int, Any]) -> Reply:
        return copy.copy(self)


def text_reply(text: str) -> Reply:
    return Reply(type=ActivityTypes.message, text=text, input_hint=InputHints.accepting_input)


def with_buttons(text: str, commands: Sequence[str]) -> Reply:
    """A text message with suggested actions. Each button shows the command it sends: Teams sends
    an imBack's value, the Agents Playground its title, so the two are one string (issue 15)."""
    actions = [
        CardAction(type=ActionTypes.im_back, title=command, value=command) for command in commands
    ]
    return Reply(
        type=ActivityTypes.message,
        text=text or None,
        input_hint=InputHints.accepting_input,
        suggested_actions=SuggestedActions(actions=actions),
    )


async def show_typing(context: TurnContext) -> None:
    """Teams' "…" while an answer that may take over a second is worked out (a file read, a
    school's cases): sent before anything else, so the user sees the bot has heard them."""
    await context.send_activity(Activity(type=ActivityTypes.typing))


async def say(context: TurnContext, text: str, buttons: Sequence[str] = ()) -> None:
    await context.send_activity(with_buttons(text, buttons) if buttons else text_reply(text))


def suggestions(translate: Callable[..., str]) -> list[str]:
    """The few things worth offering when the bot did not understand."""
    return [translate(f"button.{name}.value") for name in ("report", "ladder", "templates", "help")]


def with_card(card: dict[str, Any], buttons: Sequence[str] = ()) -> Reply:
    """An Adaptive Card; its text fallback rides along as `summary` for clients without cards."""
    activity = Reply(
        type=ActivityTypes.message,
        attachment_layout=AttachmentLayoutTypes.list,
        attachments=[Attachment(content_type=CONTENT_TYPE, content=card)],
        summary=card.get("fallbackText"),
    )
    if buttons:
        activity.suggested_actions = with_buttons("", buttons).suggested_actions
    return activity


def to_activity(message: Message) -> Reply:
    """A message composed outside a turn (a reminder, a notice), as the activity to send."""
    if message.card is not None:
        activity = with_card(message.card, message.buttons)
        if message.text:
            activity.text = message.text
        return activity
    if message.buttons:
        return with_buttons(message.text or "", message.buttons)
    return text_reply(message.text or "")


async def leader_or_refuse(context: TurnContext, actor: Actor, refusal: str) -> Actor | None:
    """The leaders-only gate of a conversation (casework.access.require_leader): the leader, or
    None after telling the user `refusal` (nothing has been read)."""
    try:
        return require_leader(actor)
    except NotALeader:
        await say(context, translator(context)(refusal))
        return None


async def tell_state_lost(context: TurnContext) -> None:
    """The stored conversation could not be read and was started afresh."""
    await say(context, translator(context)("state.lost"))


def replace_card(context: TurnContext, card: dict[str, Any]) -> None:
    """The card the user pressed becomes `card`: the answer to an Action.Execute, or (Action.
    Submit from a card) an update of that card's message in place, by the edge after the turn."""
    context.turn_state[CARD_UPDATE] = card


def replaced_card(context: TurnContext) -> dict[str, Any] | None:
    card = context.turn_state.get(CARD_UPDATE)
    return card if isinstance(card, dict) else None


def from_execute(context: TurnContext) -> bool:
    """True when the turn is a card's Action.Execute: its card can change where it is."""
    return context.turn_state.get(FROM_EXECUTE) is True
