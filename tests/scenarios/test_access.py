"""Who may see and change which case, tried through the real app by every door a user has.

Two tenants share one database and one app (the allow-list admits both), so it is the data
separation itself that is tested, not the tenant gate. Kari (tenant A) owns Ole's case; Per is
another teacher in A; Rektor leads A by aad id; Bjørn and Berit are staff and leader in B.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User
from storage.models import AuditEvent, Case, Deadline, LogEntry
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import (
    BERIT,
    BJORN,
    KARI,
    PER,
    RITA,
    card_elements,
    two_schools,
)

NB = Translator("nb")
NOT_FOUND = NB("case.not_found", pupil="Ole")


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    async with two_schools(database_url, clock) as running:
        yield running


def listed_case_ids(reply: dict[str, Any]) -> set[int]:
    card = reply["attachments"][0]["content"]
    return {
        int(element["selectAction"]["data"]["case_id"])
        for element in card_elements(card)
        if "selectAction" in element
    }


def untouched(database_url: str, case_id: int, intruder: User) -> None:
    """Nothing written to the case, and no trace of the intruder having read it."""
    (case,) = rows(database_url, Case, Case.id == case_id)
    assert (case.level, case.status) == (0, "open")
    assert rows(database_url, LogEntry, LogEntry.case_id == case_id) == []
    assert all(
        d.status == "open" for d in rows(database_url, Deadline, Deadline.case_id == case_id)
    )
    events = rows(database_url, AuditEvent, AuditEvent.actor_aad_id == intruder.aad_object_id)
    assert [e for e in events if e.case_id == case_id] == []


@pytest.fixture
async def ole(bot: RunningBot, database_url: str) -> int:
    await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(KARI, "nei")
    (case,) = cases(database_url)
    assert case.id is not None and case.owner_aad_id == KARI.aad_object_id
    return case.id


PHRASES = [
    "hvor står saken til Ole?",
    "status for Ole i 5B",
    "logg samtale med foreldrene til Ole",
    "løft saken til Ole til nivå 1",
    "eskaler Ole i 5B til nivå 2",
    "evaluer tiltakene for Ole",
    "avslutt saken til Ole",
]


@pytest.mark.parametrize("text", PHRASES)
async def test_staff_cannot_reach_another_teachers_case_by_any_phrasing(
    bot: RunningBot, ole: int, database_url: str, text: str
) -> None:
    reply = await bot.channel.send(PER, text)
    assert reply.text == NOT_FOUND
    await bot.channel.send(PER, "avbryt")
    untouched(database_url, ole, PER)


PAYLOADS = [
    {"intent": "case_status"},
    {"intent": "log_contact"},
    {"intent": "escalate", "level": 1},
    {"intent": "evaluate"},
    {"intent": "close_case"},
    {"intent": "case_audit"},
    # Facts a genuine button never carries, to skip the lookup that checks access.
    {"intent": "case_status", "current_level": 0, "pupil": "Ole", "group": "5B"},
    {"intent": "escalate", "level": 1, "current_level": 0, "pupil": "Ole", "group": "5B"},
    {"intent": "close_case", "current_level": 0, "pupil": "Ole", "group": "5B", "criteria": []},
    {"intent": "close_case", "_resolved": True, "current_level": 0, "pupil": "Ole", "group": "5B"},
    {"intent": "log_contact", "_resolved": True, "_missing": False, "current_level": 0},
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: "-".join(map(str, p.values())))
async def test_replayed_button_with_another_case_id_is_not_found(
    bot: RunningBot, ole: int, database_url: str, payload: dict[str, Any]
) -> None:
    reply = await bot.channel.send(PER, text="", value={**payload, "case_id": ole})
    if payload["intent"] == "case_audit":
        assert reply.text == NB("case_audit.only_leaders")
    else:
        assert reply.text == NB("case.not_found", pupil=payload.get("pupil", ""))
    await bot.channel.send(PER, "avbryt")
    untouched(database_url, ole, PER)


@pytest.mark.parametrize("intent", ["complete_deadline", "postpone_reminder"])
async def test_replayed_reminder_button_with_another_deadline_is_refused(
    bot: RunningBot, ole: int, database_url: str, intent: str
) -> None:
    before = {d.id: d.remind_at for d in rows(database_url, Deadline, Deadline.case_id == ole)}
    for deadline_id in before:
        reply = await bot.channel.send(
            PER, text="", value={"intent": intent, "deadline_id": deadline_id}
        )
        assert reply.text == NB("reminder.not_found")
    after = {d.id: d.remind_at for d in rows(database_url, Deadline, Deadline.case_id == ole)}
    assert after == before
    untouched(database_url, ole, PER)


LISTS = [
    "vis åpne saker",
    "alle saker",
    "saker på nivå 0",
    "åpne saker på 5. trinn",
    "saker i 5B",
    "saker med forfalte frister",
    "saker til Kari",
]


@pytest.mark.parametrize("text", LISTS)
async def test_staff_lists_never_show_another_teachers_case(
    bot: RunningBot, ole: int, text: str
) -> None:
    reply = await bot.channel.send(PER, text)
    if reply.replies[0].get("attachments"):
        assert ole not in listed_case_ids(reply.replies[0])
    else:
        assert reply.text == NB("leaders.cases.no_owner", owner="Kari")


async def test_replayed_list_payload_for_everyone_shows_only_own_cases(
    bot: RunningBot, ole: int
) -> None:
    for value in ({"intent": "list_cases", "scope": "all"}, {"intent": "list_cases", "page": 0}):
        reply = await bot.channel.send(PER, text="", value=value)
        assert ole not in listed_case_ids(reply.replies[0])


async def test_another_tenant_sees_nothing_even_as_leader(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    for user in (BJORN, BERIT):
        listing = await bot.channel.send(user, "vis åpne saker")
        assert listed_case_ids(listing.replies[0]) == set()
        assert (await bot.channel.send(user, "hvor står saken til Ole?")).text == NOT_FOUND
        replay = await bot.channel.send(
            user, text="", value={"intent": "case_status", "case_id": ole}
        )
        assert replay.text == NB("case.not_found", pupil="")
        audit = await bot.channel.send(user, "hvem har sett saken til Ole")
        assert audit.text in (NOT_FOUND, NB("case_audit.only_leaders"))
        untouched(database_url, ole, user)


async def test_leader_of_a_sees_every_case_of_a_and_none_of_b(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    await bot.channel.send(BJORN, "Mia i 3A har vært borte 4 dager")
    await bot.channel.send(BJORN, "nei")
    await bot.channel.send(PER, "Emil i 6C har vært borte 6 dager")
    await bot.channel.send(PER, "nei")
    by_pupil = {c.pupil_name: c.id for c in cases(database_url)}
    listing = await bot.channel.send(RITA, "vis åpne saker")
    assert listed_case_ids(listing.replies[0]) == {by_pupil["Ole"], by_pupil["Emil"]}
    status = await bot.channel.send(RITA, "hvor står saken til Ole?")
    assert status.replies[0]["attachments"][0]["content"]["type"] == "AdaptiveCard"
    mia = await bot.channel.send(
        RITA, text="", value={"intent": "case_status", "case_id": by_pupil["Mia"]}
    )
    assert mia.text == NB("case.not_found", pupil="")
    berit = await bot.channel.send(BERIT, "vis åpne saker")
    assert listed_case_ids(berit.replies[0]) == {by_pupil["Mia"]}
