"""The welcome when the bot is installed, and the answer to a greeting.

Guide: the whole of it, introduced in two lines. Entry: installationUpdate/conversationUpdate
(once per conversation, see bot.handler) or the `greeting` intent. No slots; it only informs.
In a channel, group chat or meeting (bot/scope.py) the bot says one line pointing to the
personal chat it opens with the user, and nothing about any pupil.
"""

from __future__ import annotations

from botbuilder.core import TurnContext

from dialogs.engine.replies import say, suggestions, translator


async def send_welcome(context: TurnContext) -> None:
    translate = translator(context)
    await say(context, translate("welcome.text"), suggestions(translate))


async def send_shared_chat_notice(context: TurnContext, *, opened: bool) -> None:
    """The one line a shared conversation gets; `opened`: a personal chat was started."""
    key = "trust.shared_chat.redirect" if opened else "trust.shared_chat.elsewhere"
    await say(context, translator(context)(key))


async def send_personal_hello(context: TurnContext) -> None:
    """The first message of the personal chat the bot opened from a shared conversation."""
    translate = translator(context)
    await say(context, translate("trust.shared_chat.hello"), suggestions(translate))
