"""The welcome when the bot is installed, and the answer to a greeting.

Guide: the whole of it, introduced in two lines. Entry: installationUpdate/conversationUpdate
(once per conversation, see bot.handler) or the `greeting` intent. No slots; it only informs.
"""

from __future__ import annotations

from botbuilder.core import TurnContext

from dialogs.engine.replies import say, suggestions, translator


async def send_welcome(context: TurnContext) -> None:
    translate = translator(context)
    await say(context, translate("welcome.text"), suggestions(translate))
