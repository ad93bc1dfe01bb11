"""The case card shows the case as it is now when it is opened again (issue 15): it carries
a `refresh` Action.Execute, and Teams' automatic refresh invoke is answered with the current
card, without a chat message and without disturbing a conversation in progress."""

from __future__ import annotations

from datetime import date

from content.cards import CONTENT_TYPE, card_as_text
from content.i18n import Translator
from devkit.local_channel import User
from tests.harness import RunningBot
from tests.scenarios.records import cases
from tests.teams.cards import cards_of, inputs, pressed

NB = Translator("nb")
TODAY = date(2026, 11, 26)


async def the_case_card(bot: RunningBot, teacher: User, database_url: str) -> dict:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    shown = await bot.channel.send(teacher, "hvor står saken til Ole?")
    (_, card) = cards_of(shown)[-1]
    return card


async def test_the_case_card_refreshes_to_the_current_state(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    card = await the_case_card(bot, teacher, database_url)
    (case,) = cases(database_url)
    refresh = card["refresh"]["action"]
    assert refresh["type"] == "Action.Execute"
    assert refresh["data"] == {"intent": "case_status", "case_id": case.id}
    assert card["refresh"]["userIds"] == [teacher.channel_id]
    last_log = f"{NB('status.last_log')}: –"
    assert last_log in card_as_text(card)

    logged = await bot.channel.send(teacher, "loggfør kontakt for Ole")
    (_, form) = cards_of(logged)[-1]
    verb, data = pressed(form, NB("button.save"), guardians_view="Syk", next_steps="Ingen")
    await bot.channel.invoke(teacher, verb, data)

    refreshed = await bot.channel.invoke(
        teacher, refresh["verb"], refresh["data"], trigger="automatic"
    )
    assert refreshed.status == 200 and refreshed.body["type"] == CONTENT_TYPE
    text = card_as_text(refreshed.card)
    assert f"{NB('status.last_log')}: {NB.short_day(TODAY)}" in text
    assert refreshed.replies == []  # the card changed where it is; nothing said in the chat


async def test_a_refresh_does_not_disturb_a_conversation_in_progress(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    card = await the_case_card(bot, teacher, database_url)
    refresh = card["refresh"]["action"]
    await bot.channel.send(teacher, "loggfør kontakt for Ole")
    await bot.channel.invoke(teacher, refresh["verb"], refresh["data"], trigger="automatic")
    assert (await bot.channel.send(teacher, "i dag")).text == NB("slot.reason.ask")


async def test_a_refresh_by_a_user_who_may_not_see_the_case_shows_nothing(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    card = await the_case_card(bot, teacher, database_url)
    refresh = card["refresh"]["action"]
    stranger = User("aad-per", "Per Annenlærer")
    answered = await bot.channel.invoke(
        stranger, refresh["verb"], refresh["data"], trigger="automatic"
    )
    assert answered.status == 200 and answered.card is None
    assert answered.replies == []
    assert "Ole" not in str(answered.body)
    assert inputs(card) == {}
