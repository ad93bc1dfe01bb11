"""One entry per save, however often «Lagre» is sent (issue 13, item 4): the form's action id
is the idempotency key of what it writes, and the form's state (which holds it) is only saved
when the turn completes, so a «Lagre» re-sent after a failed reply finds the entry it wrote."""

from __future__ import annotations

from content.i18n import Translator
from devkit.local_channel import User
from storage.models import LogEntry, Measure
from tests.harness import RunningBot
from tests.scenarios.records import cases, log_entries, rows

NB = Translator("nb")
ALREADY = NB("trust.already_saved")


async def up_to_the_summary(bot: RunningBot, teacher: User) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in ("loggfør kontakt for Ole", "i dag", "Varsel i Visma", "Syk", "Ringer fredag"):
        await bot.channel.send(teacher, text)
    await bot.channel.send(teacher, "0")
    await bot.channel.send(teacher, "Kari Lærer")


async def test_lagre_resent_after_a_failed_reply_saves_one_entry(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await up_to_the_summary(bot, teacher)
    bot.channel.fail_next(2)  # the reply and the apology both get 503
    failed = await bot.channel.send(teacher, "Lagre")
    assert failed.replies == []
    (case,) = cases(database_url)
    assert len(log_entries(database_url, case.id)) == 1  # committed before the reply failed

    again = await bot.channel.send(teacher, "Lagre")
    assert len(log_entries(database_url, case.id)) == 1
    assert again.text.startswith(ALREADY)
    assert "Ringer fredag" in again.text  # the saved entry, shown again

    after = await bot.channel.send(teacher, "Lagre")  # the form is done: nothing more
    assert len(log_entries(database_url, case.id)) == 1
    assert ALREADY not in after.text


async def test_a_second_log_of_the_same_case_is_a_new_entry(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await up_to_the_summary(bot, teacher)
    await bot.channel.send(teacher, "Lagre")
    for text in ("loggfør kontakt for Ole", "i dag", "Ny samtale", "Bedre nå", "Ingen"):
        await bot.channel.send(teacher, text)
    for text in ("0", "Kari Lærer", "Lagre"):
        last = await bot.channel.send(teacher, text)
    (case,) = cases(database_url)
    assert len(log_entries(database_url, case.id)) == 2
    assert ALREADY not in last.text
    keys = {entry.idempotency_key for entry in rows(database_url, LogEntry)}
    assert len(keys) == 2 and None not in keys


async def test_an_escalation_resent_after_a_failed_reply_adds_one_measure(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    asked = await bot.channel.send(teacher, "løft saken til Ole til nivå 1")
    assert asked.text == NB("slot.measure.ask", pupil="Ole", level=1) or asked.replies
    await bot.channel.send(teacher, "Samtale med eleven hver mandag")
    bot.channel.fail_next(2)
    await bot.channel.send(teacher, "Kari Lærer")
    assert len(rows(database_url, Measure)) == 1
    again = await bot.channel.send(teacher, "Kari Lærer")
    assert len(rows(database_url, Measure)) == 1
    assert again.text.startswith(ALREADY)
