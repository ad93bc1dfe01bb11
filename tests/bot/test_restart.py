"""Conversation state lives in the database: a dialog half-way survives a restart of the bot."""

from __future__ import annotations

from content.i18n import Translator
from content.loader import guide
from content.render import render_template
from devkit.local_channel import User
from tests.harness import bot_settings, running_bot


async def test_a_prompt_survives_a_restart(database_url: str) -> None:
    user = User("aad-restart", "Kari Lærer")
    settings = bot_settings(database_url)
    async with running_bot(settings) as bot:
        menu = await bot.channel.send(user, "vis maler")
    assert guide().template("telefonsamtale").title in menu.text

    async with running_bot(settings) as bot:  # a new process image: nothing in memory survives
        answer = await bot.channel.send(user, "telefonsamtalen")
    assert answer.text == render_template(guide(), "telefonsamtale")
    assert answer.text != Translator("nb")("unknown.text")
