"""The school's language for everyone (issue 15): the Teams locale counts only for nynorsk or
when the school follows Teams, and a user's own choice («snakk nynorsk») is kept per user."""

from __future__ import annotations

from content.i18n import Translator
from devkit.local_channel import User
from tests.harness import bot_settings, running_bot

NB, NN, EN = Translator("nb"), Translator("nn"), Translator("en")


async def test_an_en_us_activity_gets_a_bokmal_reply(database_url: str) -> None:
    user = User("aad-lang-en", "Kari Lærer", locale="en-US")
    async with running_bot(bot_settings(database_url)) as bot:
        answer = await bot.channel.send(user, "hjelp")
    assert answer.text == NB("help.text")


async def test_nn_no_is_followed(database_url: str) -> None:
    user = User("aad-lang-nn", "Kari Lærer", locale="nn-NO")
    async with running_bot(bot_settings(database_url)) as bot:
        answer = await bot.channel.send(user, "hjelp")
    assert answer.text == NN("help.text")


async def test_a_school_that_follows_teams_answers_in_english(database_url: str) -> None:
    user = User("aad-lang-follow", "Kari Lærer", locale="en-US")
    settings = bot_settings(database_url, follow_teams_locale=True)
    async with running_bot(settings) as bot:
        answer = await bot.channel.send(user, "hjelp")
    assert answer.text == EN("help.text")


async def test_the_school_language_is_the_default(database_url: str) -> None:
    user = User("aad-lang-school", "Kari Lærer", locale="en-US")
    async with running_bot(bot_settings(database_url, language="nn")) as bot:
        answer = await bot.channel.send(user, "hjelp")
    assert answer.text == NN("help.text")


async def test_snakk_nynorsk_switches_for_good(database_url: str) -> None:
    user = User("aad-lang-switch", "Kari Lærer", locale="en-US")
    other = User("aad-lang-other", "Per Lærer", locale="en-US")
    async with running_bot(bot_settings(database_url)) as bot:
        switched = await bot.channel.send(user, "snakk nynorsk")
        later = await bot.channel.send(user, "hjelp")
        colleague = await bot.channel.send(other, "hjelp")
    assert switched.text == NN("language.switched")
    assert later.text == NN("help.text")
    assert colleague.text == NB("help.text")
    # A restart reads the choice from the database, not from memory.
    async with running_bot(bot_settings(database_url)) as bot:
        again = await bot.channel.send(user, "hjelp")
        english = await bot.channel.send(user, "svar på engelsk")
        back = await bot.channel.send(user, "bokmål")
    assert again.text == NN("help.text")
    assert english.text == EN("language.switched")
    assert back.text == NB("language.switched")
