"""Logging a contact on one card (issue 15): the 7 fields of guide 2.8 with the defaults filled,
«Lagre» as Action.Execute answered with the card as saved, the same validators as typed text
with the error shown on the card and nothing typed lost, and the typed path kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from content.cards import CONTENT_TYPE, card_as_text
from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Case, LogEntry
from tests.harness import RunningBot
from tests.scenarios.records import cases, log_entries, rows
from tests.scenarios.test_log_contact import valid_national_id
from tests.teams.cards import actions, cards_of, inputs, pressed

NB = Translator("nb")
SAVE = NB("button.save")
TODAY = date(2026, 11, 26)  # the scenarios' clock


async def the_log_card(bot: RunningBot, teacher: User, database_url: str) -> tuple[Case, Any]:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    shown = await bot.channel.send(teacher, "loggfør kontakt for Ole")
    (case,) = cases(database_url)
    (_reply, card) = cards_of(shown)[-1]
    return case, card


async def test_the_log_is_one_card_with_the_defaults_filled(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, card = await the_log_card(bot, teacher, database_url)
    fields = inputs(card)
    assert set(fields) == {
        "contact_date",
        "reason",
        "guardians_view",
        "next_steps",
        "level",
        "author",
    }
    assert fields["contact_date"]["type"] == "Input.Date"
    assert fields["contact_date"]["value"] == TODAY.isoformat()
    assert fields["reason"]["value"] == NB(f"criterion.{case.criteria[0]}")
    assert fields["level"]["value"] == "0"
    assert [c["value"] for c in fields["level"]["choices"]] == ["0", "1", "2", "3"]
    assert fields["author"]["value"] == "Kari Lærer"
    assert fields["guardians_view"].get("value", "") == ""
    (save,) = actions(card)
    assert save["type"] == "Action.Execute" and save["verb"]
    assert save["data"]["case_id"] == case.id  # an id, not text to re-parse
    assert save["fallback"]["type"] == "Action.Submit"
    assert save["fallback"]["data"] == save["data"]


async def test_lagre_saves_the_entry_and_answers_with_the_card_as_saved(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, card = await the_log_card(bot, teacher, database_url)
    verb, data = pressed(
        card, SAVE, guardians_view="Syk, ikke bekymret", next_steps="Ringer fredag"
    )
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.status == 200
    assert answered.body["statusCode"] == 200 and answered.body["type"] == CONTENT_TYPE
    saved = answered.card
    assert saved is not None
    assert NB("cards.log.saved") in card_as_text(saved)
    assert actions(saved) == [] and inputs(saved) == {}
    (entry,) = log_entries(database_url, case.id)
    assert (entry.contact_date, entry.guardians_view, entry.author) == (
        TODAY,
        "Syk, ikke bekymret",
        "Kari Lærer",
    )
    # The Visma text, now its own card (its summary is the card as text)
    assert "Ringer fredag" in "\n".join(
        r.get("text") or r.get("summary") or "" for r in answered.replies
    )


async def test_lagre_pressed_twice_answers_already_saved_and_saves_once(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, card = await the_log_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, guardians_view="Syk", next_steps="Ringer fredag")
    await bot.channel.invoke(teacher, verb, data)
    again = await bot.channel.invoke(teacher, verb, data)
    assert again.status == 200 and again.card is not None
    assert NB("cards.log.already_saved") in card_as_text(again.card)
    assert actions(again.card) == []
    assert len(log_entries(database_url, case.id)) == 1


async def test_an_invalid_date_comes_back_on_the_card_with_everything_typed_kept(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, card = await the_log_card(bot, teacher, database_url)
    typed = {"guardians_view": "Mor sier han gruer seg", "next_steps": "Møte fredag"}
    for bad, error in (
        ("2026-12-24", "slot.contact_date.future"),
        ("32.13", "slot.contact_date.retry"),
    ):
        verb, data = pressed(card, SAVE, contact_date=bad, **typed)
        answered = await bot.channel.invoke(teacher, verb, data)
        assert answered.status == 200
        again = answered.card
        assert again is not None
        assert NB(error) in card_as_text(again)
        fields = inputs(again)
        assert fields["guardians_view"]["value"] == typed["guardians_view"]
        assert fields["next_steps"]["value"] == typed["next_steps"]
        assert fields["contact_date"]["value"] == bad
        assert [a["title"] for a in actions(again)] == [SAVE]  # it can be corrected and saved
    assert log_entries(database_url, case.id) == []

    verb, data = pressed(again, SAVE, contact_date=TODAY.isoformat())
    saved = await bot.channel.invoke(teacher, verb, data)
    assert saved.card is not None and NB("cards.log.saved") in card_as_text(saved.card)
    (entry,) = log_entries(database_url, case.id)
    assert entry.guardians_view == typed["guardians_view"]


async def test_the_card_goes_through_the_typed_validators(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, card = await the_log_card(bot, teacher, database_url)
    for field, bad, error in (
        ("next_steps", f"Ring {valid_national_id()}", "privacy.national_id"),
        ("guardians_view", "", "slot.guardians_view.retry"),
        ("level", "9", "slot.level.retry"),
    ):
        filled = {"guardians_view": "Syk", field: bad}
        verb, data = pressed(card, SAVE, **filled)
        answered = await bot.channel.invoke(teacher, verb, data)
        assert answered.card is not None
        assert NB(error).split("{")[0][:40] in card_as_text(answered.card)
    assert rows(database_url, LogEntry) == []


async def test_the_submit_fallback_saves_and_replaces_the_card_in_place(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, card = await the_log_card(bot, teacher, database_url)
    _, data = pressed(card, SAVE, guardians_view="Syk", next_steps="Ringer fredag")
    sent = await bot.channel.send(teacher, text=None, value=data, replyToId="reply-log-card")
    assert sent.status in (200, 201)
    (entry,) = log_entries(database_url, case.id)
    assert entry.guardians_view == "Syk"
    (update,) = [u for u in bot.channel.updates if u[1] == "reply-log-card"]
    (attachment,) = update[2]["attachments"]
    assert NB("cards.log.saved") in card_as_text(attachment["content"])
    assert actions(attachment["content"]) == []


async def test_a_log_card_replayed_by_a_user_who_may_not_see_the_case_is_not_found(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, card = await the_log_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, guardians_view="Syk", next_steps="Ingen")
    stranger = User("aad-per", "Per Annenlærer")
    answered = await bot.channel.invoke(stranger, verb, data)
    assert answered.status == 200
    assert answered.card is None
    assert answered.body["value"] == NB("case.not_found", pupil="")  # nothing of the case
    assert [reply.get("text") for reply in answered.replies] == [answered.body["value"]]
    assert rows(database_url, LogEntry) == []


async def test_typing_still_goes_question_by_question(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, _ = await the_log_card(bot, teacher, database_url)
    assert (await bot.channel.send(teacher, "i dag")).text == NB("slot.reason.ask")


async def test_the_typed_paths_summary_card_becomes_saved_when_lagre_is_pressed(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, _ = await the_log_card(bot, teacher, database_url)
    for answer in ("i dag", "Varsel i Visma", "Syk", "Ringer fredag", "0"):
        await bot.channel.send(teacher, answer)
    summary = await bot.channel.send(teacher, "Kari Lærer")
    (_, card) = cards_of(summary)[-1]
    verb, data = pressed(card, SAVE)
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.card is not None
    assert NB("cards.log.saved") in card_as_text(answered.card)
    assert actions(answered.card) == []
    assert len(log_entries(database_url, case.id)) == 1
