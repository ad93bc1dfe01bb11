"""Card actions carry their case and win over the open conversation (issue 13, item 9): two
reminder cards the same morning, the second pressed while the first evaluation is open, and
each answer lands on the pupil its card names."""

from __future__ import annotations

from content.i18n import Translator
from devkit.local_channel import User
from storage.models import LogEntry
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows

NB = Translator("nb")


def card(case_id: int | None) -> dict[str, object]:
    """What the reminder card's «Gjør det nå» submits for an evaluation deadline."""
    return {"intent": "evaluate", "case_id": case_id}


async def report(bot: RunningBot, teacher: User, pupil: str) -> None:
    await bot.channel.send(teacher, f"Jeg er bekymret for {pupil} i 5B, borte 5 dager")
    await bot.channel.send(teacher, "nei")


async def test_the_second_card_pressed_mid_evaluation_evaluates_its_own_pupil(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await report(bot, teacher, "Ole")
    await report(bot, teacher, "Per")
    ole, per = (case.id for case in cases(database_url))

    first = await bot.channel.send(teacher, text=None, value=card(ole))
    assert first.text == NB("slot.outcome.ask", pupil="Ole", group="5B")
    second = await bot.channel.send(teacher, text=None, value=card(per))
    assert second.text == NB("slot.outcome.ask", pupil="Per", group="5B")
    for text in ("nei", "Foreldrene er bekymret"):
        await bot.channel.send(teacher, text)

    (entry,) = rows(database_url, LogEntry)
    assert (entry.case_id, entry.pupil_name) == (per, "Per")
    # Ole's evaluation was left, not finished with Per's answers.
    again = await bot.channel.send(teacher, text=None, value=card(ole))
    assert "Ole" in again.text
