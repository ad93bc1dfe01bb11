"""Logging a contact: the 7 fields of guide 2.8, a summary, and the Visma text."""

from __future__ import annotations

from datetime import date

from content.i18n import Translator
from content.loader import guide
from content.privacy import check_digit, is_national_id
from devkit.local_channel import User
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios.records import cases, deadlines, log_entries

NB = Translator("nb")
FIELDS = {field.id: field.label for field in guide().documentation.fields}


def valid_national_id(birth: str = "010170", serial: str = "123") -> str:
    """A number with both mod-11 check digits right (not a real person's)."""
    for tail in range(1000):
        digits = birth + f"{(int(serial) + tail) % 1000:03d}"
        first = check_digit(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        if first is None:
            continue
        second = check_digit(digits + str(first), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if second is not None:
            number = f"{digits}{first}{second}"
            assert is_national_id(number)
            return number
    raise AssertionError("no valid number")


async def open_case(bot: RunningBot, teacher: User) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")


async def test_all_seven_fields_are_asked_summarised_and_stored(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    asked = await bot.channel.send(teacher, "loggfør kontakt for Ole")
    assert NB("slot.contact_date.ask") in asked.searchable  # on the card, no text above it
    assert (await bot.channel.send(teacher, "i dag")).text == NB("slot.reason.ask")
    reason = NB("criterion.visma_alert")
    await bot.channel.send(teacher, reason)  # the offered default
    await bot.channel.send(teacher, "Syk med influensa, ikke bekymret for trivsel")
    await bot.channel.send(teacher, "Ringer igjen fredag")
    summary = await bot.channel.send(teacher, "0")
    assert summary.text == NB("slot.author.ask")
    summary = await bot.channel.send(teacher, "Kari Lærer")
    for label in FIELDS.values():
        assert label in summary.text
    saved = await bot.channel.send(teacher, "Lagre")

    (case,) = cases(database_url)
    (entry,) = log_entries(database_url, case.id)
    assert entry.kind == "absence_log"
    assert (entry.pupil_name, entry.contact_date, entry.reason) == (
        "Ole",
        date(2026, 11, 26),
        reason,
    )
    assert entry.guardians_view == "Syk med influensa, ikke bekymret for trivsel"
    assert (entry.next_steps, entry.level, entry.author) == ("Ringer igjen fredag", 0, "Kari Lærer")
    assert entry.author_aad_id == teacher.aad_object_id
    (contact,) = [d for d in deadlines(database_url, case.id) if d.kind == "contact_guardians"]
    assert (contact.status, contact.completed_by) == ("done", teacher.aad_object_id)
    assert saved.text.startswith(NB("log.saved", kind="Fraværslogg"))
    assert f"{FIELDS['guardians_view']}: Syk med influensa" in saved.text


async def test_edit_asks_the_chosen_field_again(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    for text in ("loggfør kontakt for Ole", "i går", "varsel", "syk", "ingen", "0", "Kari"):
        await bot.channel.send(teacher, text)
    assert (await bot.channel.send(teacher, "Endre")).text == NB("slot.edit_field.ask")
    assert (await bot.channel.send(teacher, NB("field.guardians_view"))).text == NB(
        "slot.guardians_view.ask"
    )
    summary = await bot.channel.send(teacher, "Omgangssyke, kommer tilbake mandag")
    assert "Omgangssyke" in summary.text
    await bot.channel.send(teacher, "Lagre")
    (case,) = cases(database_url)
    (entry,) = log_entries(database_url, case.id)
    assert entry.guardians_view == "Omgangssyke, kommer tilbake mandag"
    assert entry.contact_date == date(2026, 11, 25)
    status = await bot.channel.send(teacher, "hvor står saken til Ole?")
    assert f"{NB('status.last_log')}: {NB.short_day(date(2026, 11, 25))}" in status.text


async def test_cancel_saves_nothing(bot: RunningBot, teacher: User, database_url: str) -> None:
    await open_case(bot, teacher)
    for text in ("loggfør kontakt for Ole", "i dag", "varsel"):
        await bot.channel.send(teacher, text)
    assert (await bot.channel.send(teacher, "avbryt")).text == NB("cancel.done")
    (case,) = cases(database_url)
    assert log_entries(database_url, case.id) == []
    assert deadlines(database_url, case.id)[0].status == "open"


async def test_too_long_and_national_id_are_refused_and_nothing_is_lost(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    for text in ("loggfør kontakt for Ole", "i dag", "varsel"):
        await bot.channel.send(teacher, text)
    too_long = await bot.channel.send(teacher, "x" * 1500)
    assert too_long.text == NB("trust.too_long", max=1000, length=1500, typed="x" * 1500)
    with_id = await bot.channel.send(teacher, f"Mor sa {valid_national_id()} er fnr")
    assert with_id.text == NB("privacy.national_id")
    await bot.channel.send(teacher, "syk")
    summary_so_far = await bot.channel.send(teacher, "ingen")
    assert summary_so_far.text == NB("slot.level.ask")


async def test_a_restart_while_logging_loses_nothing(
    database_url: str, clock, teacher: User
) -> None:
    from content.calendar import EXAMPLE_CALENDAR

    settings = bot_settings(database_url, school_calendar=EXAMPLE_CALENDAR)
    async with running_bot(settings, clock=clock) as bot:
        await open_case(bot, teacher)
        for text in ("loggfør kontakt for Ole", "i dag", "varsel", "syk, kommer i morgen"):
            await bot.channel.send(teacher, text)
    async with running_bot(settings, clock=clock) as bot:
        for text in ("ingen", "0", "Kari"):
            await bot.channel.send(teacher, text)
        await bot.channel.send(teacher, "Lagre")
    (case,) = cases(database_url)
    (entry,) = log_entries(database_url, case.id)
    assert (entry.reason, entry.guardians_view) == ("varsel", "syk, kommer i morgen")
