"""No message freezes the bot for everyone: a huge word or a huge answer to a question is
handled in bounded work, while another user's `hjelp` is answered as usual (issue 13, item 1).

The bound is generous (a normal turn takes milliseconds); on the old typo corrector a
5,000-letter word took minutes of event-loop time, so this fails by a wide margin, not by
timing noise.
"""

from __future__ import annotations

import asyncio

from content.i18n import Translator
from content.nlu import default_recognizer
from devkit.local_channel import User
from tests.harness import RunningBot

NB = Translator("nb")
HUGE = 5_000
BOUND_S = 10.0


async def _both(bot: RunningBot, sender: User, text: str, other: User) -> tuple[str, str]:
    async with asyncio.timeout(BOUND_S):
        heavy, light = await asyncio.gather(
            bot.channel.send(sender, text), bot.channel.send(other, "hjelp")
        )
    assert heavy.status in (200, 201) and light.status in (200, 201)
    return heavy.text, light.text


async def test_a_huge_word_does_not_stop_another_users_help(bot: RunningBot) -> None:
    kari, per = User("aad-kari", "Kari"), User("aad-per", "Per")
    word = "fravaer" * (HUGE // 7)
    _, help_text = await _both(bot, kari, word, per)
    assert NB("help.text").split("\n")[0] in help_text


async def test_a_huge_answer_to_a_question_is_refused_and_shown_back(bot: RunningBot) -> None:
    kari, per = User("aad-kari", "Kari"), User("aad-per", "Per")
    asked = await bot.channel.send(kari, "en elev har vært borte 5 dager")
    assert asked.text == NB("slot.pupil.ask")
    answer = "Ole" + "x" * HUGE
    refused, help_text = await _both(bot, kari, answer, per)
    assert NB("help.text").split("\n")[0] in help_text
    assert "5003" in refused
    assert answer[:200] in refused  # what the user typed is shown back, to shorten and resend
    # And the conversation is still waiting for the name.
    assert "Ole" in (await bot.channel.send(kari, "Ole")).text


async def test_a_huge_class_answer_is_refused(bot: RunningBot) -> None:
    kari = User("aad-kari", "Kari")
    await bot.channel.send(kari, "Ole har vært borte 5 dager")
    answer = "5" + "b" * HUGE
    async with asyncio.timeout(BOUND_S):
        refused = await bot.channel.send(kari, answer)
    assert str(len(answer)) in refused.text


def test_the_corrector_gives_up_on_words_no_vocabulary_word_is_near() -> None:
    recognizer = default_recognizer()
    # A word far longer than every vocabulary word cannot be one edit or two away from any.
    assert recognizer.recognize("a" + "bcdefghij" * 600).intent == "unknown"
