"""Names starting with Æ, Ø or Å are found, exported and deleted like any other (issue 13,
item 2), over HTTP on the real app: SQLite's lower() folds ASCII only, so the bot compares a
casefolded key it stores itself."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from storage.models import Case
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import KARI, PER, RITA, two_schools

NB = Translator("nb")
PUPILS = ("Øyvind", "Åse", "Ærlend")


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    async with two_schools(database_url, clock) as running:
        yield running


async def report(bot: RunningBot, pupil: str, teacher=KARI) -> str:
    exchange = await bot.channel.send(teacher, f"Jeg er bekymret for {pupil} i 5B, borte 5 dager")
    await bot.channel.send(teacher, "nei")
    return exchange.text


@pytest.mark.parametrize("pupil", PUPILS)
async def test_a_name_with_a_norwegian_initial_is_found_and_not_doubled(
    bot: RunningBot, database_url: str, pupil: str
) -> None:
    await report(bot, pupil)
    (case,) = cases(database_url)
    status = await bot.channel.send(KARI, f"hvor står saken til {pupil.lower()}?")
    assert pupil in status.searchable
    assert NB("case.not_found", pupil=pupil.lower()) not in status.text
    await report(bot, pupil)  # a second report continues the open case
    assert [c.id for c in cases(database_url)] == [case.id]


@pytest.mark.parametrize("pupil", PUPILS)
async def test_a_leader_exports_and_deletes_a_name_with_a_norwegian_initial(
    bot: RunningBot, database_url: str, pupil: str
) -> None:
    await report(bot, pupil)
    export = await bot.channel.send(RITA, f"eksporter opplysningene om {pupil} i 5B")
    assert NB("records.none", pupil=pupil, group="5B") not in export.text
    as_json = [r["text"] for r in export.replies if "```json" in (r.get("text") or "")]
    body = as_json[0].split("```json\n", 1)[1].rsplit("\n```", 1)[0]
    assert [c["pupil_name"] for c in json.loads(body)["cases"]] == [pupil]

    for text in (f"slett opplysningene om {pupil} i 5B", "ja", pupil.lower()):
        done = await bot.channel.send(RITA, text)
    assert NB("records.delete.kept", pupil=pupil, group="5B") not in done.text
    assert rows(database_url, Case) == []


async def test_two_teachers_reporting_the_same_name_differently_cased_share_one_case(
    bot: RunningBot, database_url: str
) -> None:
    await report(bot, "Øyvind")
    asked = await bot.channel.send(PER, "en elev i 5B har vært borte 5 dager")
    assert asked.text == NB("slot.pupil.ask")
    await bot.channel.send(PER, "ØYVIND")
    answered = await bot.channel.send(PER, "nei")
    assert len(cases(database_url)) == 1
    # Per may not see Kari's case: he is told it exists with a colleague, nothing more.
    assert answered.text == NB("report.followed_by", pupil="ØYVIND", group="5B", owner=KARI.name)
