"""Texts for Visma stay in the school's Norwegian whatever language the teacher chose (issue 15)."""

from __future__ import annotations

from content.i18n import Translator
from devkit.local_channel import User
from tests.harness import RunningBot

NB, EN = Translator("nb"), Translator("en")


async def test_an_english_teachers_visma_text_is_bokmal(bot: RunningBot, teacher: User) -> None:
    await bot.channel.send(teacher, "svar på engelsk")
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    asked = await bot.channel.send(teacher, "loggfør kontakt for Ole")
    assert EN("slot.contact_date.ask") in asked.searchable
    reason = await bot.channel.send(teacher, "i dag")
    (offered,) = [
        action["value"]
        for reply in reason.replies
        for action in (reply.get("suggestedActions") or {}).get("actions", [])
    ][:1]
    await bot.channel.send(teacher, offered)  # the offered default reason
    await bot.channel.send(teacher, "Syk, ikke bekymret")
    await bot.channel.send(teacher, "Ringer igjen fredag")
    await bot.channel.send(teacher, "0")
    await bot.channel.send(teacher, "meg")
    saved = await bot.channel.send(teacher, "Lagre")
    card = saved.replies[0]["attachments"][0]["content"]
    (block,) = [b["codeSnippet"] for b in card["body"] if b["type"] == "CodeBlock"]
    assert offered == NB("criterion.visma_alert")
    assert NB.day(bot_today()) in block, block
    assert EN.day(bot_today()) not in block
    assert NB("criterion.visma_alert") in block, (reason.text, block)
    assert EN("criterion.visma_alert") not in block


def bot_today():  # the scenarios' fixed clock (tests/scenarios/conftest.py)
    from tests.scenarios.conftest import oslo

    return oslo(2026, 11, 26).date()
