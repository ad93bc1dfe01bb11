"""What a turn knows before any conversation runs: who is asking (resolved once by the edge,
bot/identity.py) and the typed text."""

from __future__ import annotations

from botbuilder.core import TurnContext

from casework.access import Actor

ACTOR_KEY = "naervaer.actor"
MAX_TEXT_CHARS = 2000


def set_actor(context: TurnContext, actor: Actor) -> None:
    context.turn_state[ACTOR_KEY] = actor


def actor_of(context: TurnContext) -> Actor:
    """The user of this turn, as the edge resolved them (tenant, aad id, name, leader)."""
    actor = context.turn_state.get(ACTOR_KEY)
    if not isinstance(actor, Actor):
        raise LookupError("no actor in this turn: the edge resolves it before dialogs run")
    return actor


def message_text(context: TurnContext) -> str:
    """The typed text without @-mentions of the bot, capped so no dialog sees a novel."""
    text = TurnContext.remove_recipient_mention(context.activity) or ""
    return text.strip()[:MAX_TEXT_CHARS]
