"""Many schools in one Teams tenant (issue 20), over real HTTP: two schools configured in
NAERVAER_SCHOOLS, their staff placed by UPN pattern, leaders by UPN, a teacher at both, a user
of no school, and the municipality's counts. Every door of test_access is tried across schools.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User
from storage.db import Database
from storage.models import AuditEvent, Case, Deadline, SchoolMember
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios.conftest import oslo
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import card_elements
from tests.scenarios.test_privacy_requests import blocks

NB = Translator("nb")
TENANT = "00000000-0000-4000-8000-0000000a0de1"
KARI = User("aad-kari", "Kari Lærer", tenant_id=TENANT)  # Nordbyen
RITA = User("aad-rita", "Rita Rektor", tenant_id=TENANT)  # leads Nordbyen
SIRI = User("aad-siri", "Siri Lærer", tenant_id=TENANT)  # Sentrum
SVEIN = User("aad-svein", "Svein Rektor", tenant_id=TENANT)  # leads Sentrum
LARS = User("aad-lars", "Lars Lærer", tenant_id=TENANT)  # works at both
NORA = User("aad-nora", "Nora Ny", tenant_id=TENANT)  # of no school yet
KOMMUNE = User("aad-kommune", "Kari Kommunalsjef", tenant_id=TENANT)
UPNS = [
    (KARI, "kari@nordbyen.example"),
    (RITA, "rektor@nordbyen.example"),
    (SIRI, "siri@sentrum.example"),
    (SVEIN, "rektor@sentrum.example"),
    (LARS, "lars@nordbyen.example"),
    (NORA, "nora@vikar.example"),
    (KOMMUNE, "oppvekst@molde.example"),
]


def schools_file(tmp_path: Path) -> Path:
    path = tmp_path / "schools.toml"
    path.write_text(
        f"""
[municipality]
name = "Molde kommune"
admins = ["Oppvekst@Molde.example"]

[[school]]
id = "nordbyen"
name = "Nordbyen skole"
leaders = ["rektor@nordbyen.example"]
staff = ["*@nordbyen.example"]
calendar = "{EXAMPLE_CALENDAR.as_posix()}"

[[school]]
id = "sentrum"
name = "Sentrum skole"
leaders = ["rektor@sentrum.example"]
staff = ["*@sentrum.example", "lars@nordbyen.example"]
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def bot(database_url: str, clock: FixedClock, tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = bot_settings(database_url, schools_file=schools_file(tmp_path))
    async with running_bot(settings, clock=clock) as running:
        for user, upn in UPNS:
            running.channel.add_member(user, upn=upn)
        yield running


async def report(bot: RunningBot, database_url: str, teacher: User, pupil: str = "Ole") -> int:
    before = {case.id for case in cases(database_url)}
    await bot.channel.send(teacher, f"{pupil} i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    (new,) = [case.id for case in cases(database_url) if case.id not in before]
    assert new is not None
    return new


def members(database_url: str) -> list[SchoolMember]:
    database = Database(database_url)
    try:
        return database.run_sync(lambda session: list(session.exec(select(SchoolMember))))
    finally:
        database.dispose()


def case_ids_in(reply: dict[str, Any]) -> set[int]:
    return {
        int(element["selectAction"]["data"]["case_id"])
        for attachment in reply.get("attachments") or []
        for element in card_elements(attachment["content"])
        if "selectAction" in element
    }


def submits(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for attachment in reply.get("attachments") or []
        for element in card_elements(attachment["content"])
        if element.get("type") == "Action.Submit"
    ]


@pytest.fixture
async def two_oles(bot: RunningBot, database_url: str) -> tuple[int, int]:
    return await report(bot, database_url, KARI), await report(bot, database_url, SIRI)


async def test_ole_in_5b_at_both_schools_are_two_cases(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    nordbyen, sentrum = two_oles
    by_id = {case.id: case for case in cases(database_url)}
    assert len(by_id) == 2
    assert by_id[nordbyen].tenant_id == f"{TENANT}#nordbyen"
    assert by_id[sentrum].tenant_id == f"{TENANT}#sentrum"
    assert {c.pupil_name for c in by_id.values()} == {"Ole"}


async def test_a_leader_sees_none_of_the_other_schools_cases(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    nordbyen, sentrum = two_oles
    for leader, mine in ((RITA, nordbyen), (SVEIN, sentrum)):
        listing = await bot.channel.send(leader, "vis åpne saker")
        assert set().union(*map(case_ids_in, listing.replies)) == {mine}
        status = await bot.channel.send(leader, "hvor står saken til Ole?")
        named = {
            int(e["data"]["case_id"])
            for r in status.replies
            for a in r.get("attachments") or []
            for e in card_elements(a["content"])
            if isinstance(e.get("data"), dict) and "case_id" in e["data"]
        }
        assert named == {mine}
        await bot.channel.send(leader, "avbryt")
        trail = await bot.channel.send(leader, "hvem har sett saken til Ole")
        assert NB("case_audit.title", pupil="Ole", group="5B") in trail.text
        await bot.channel.send(leader, "avbryt")
        export = await bot.channel.send(leader, "eksporter opplysningene om Ole i 5B")
        assert [case["id"] for case in json.loads(blocks(export.replies)[1])["cases"]] == [mine]
    # The audit trail of each school names only that school's case.
    for event in rows(database_url, AuditEvent):
        if event.case_id == nordbyen:
            assert event.tenant_id == f"{TENANT}#nordbyen"
        if event.case_id == sentrum:
            assert event.tenant_id == f"{TENANT}#sentrum"


PAYLOADS = [
    {"intent": "case_status"},
    {"intent": "log_contact"},
    {"intent": "escalate", "level": 1},
    {"intent": "close_case"},
    {"intent": "case_audit"},
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: str(p["intent"]))
async def test_buttons_replayed_with_the_other_schools_case_are_not_found(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str, payload: dict[str, Any]
) -> None:
    sentrum = two_oles[1]
    reply = await bot.channel.send(RITA, text="", value={**payload, "case_id": sentrum})
    assert reply.text == NB("case.not_found", pupil="")
    await bot.channel.send(RITA, "avbryt")
    (case,) = rows(database_url, Case, Case.id == sentrum)
    assert (case.level, case.status) == (0, "open")
    assert not [
        e
        for e in rows(database_url, AuditEvent, AuditEvent.actor_aad_id == RITA.aad_object_id)
        if e.case_id == sentrum
    ]


async def test_a_leader_cannot_delete_the_other_schools_pupil(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    nordbyen = two_oles[0]
    for text in ("slett opplysningene om Ole i 5B", "ja", "Ole"):
        await bot.channel.send(SVEIN, text)
    assert [case.id for case in cases(database_url)] == [nordbyen]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 9, 28, 9, 0))  # Monday of Nordbyen's autumn break


async def test_each_schools_calendar_drives_its_own_deadlines(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    nordbyen, sentrum = two_oles
    first_nordbyen = min(
        d.due_at for d in rows(database_url, Deadline, Deadline.case_id == nordbyen)
    )
    first_sentrum = min(d.due_at for d in rows(database_url, Deadline, Deadline.case_id == sentrum))
    # Sentrum has no calendar: today is a school day. Nordbyen is on autumn break until Friday.
    assert first_sentrum.astimezone(oslo(2026, 1, 1).tzinfo).date().isoformat() == "2026-09-28"
    assert first_nordbyen.astimezone(oslo(2026, 1, 1).tzinfo).date().isoformat() >= "2026-10-05"


async def test_a_teacher_at_two_schools_chooses_the_school_when_reporting(
    bot: RunningBot, database_url: str
) -> None:
    question = await bot.channel.send(LARS, "Emil i 6C har vært borte 5 dager")
    buttons = submits(question.replies[0])
    assert [b["title"] for b in buttons] == ["Nordbyen skole", "Sentrum skole"]
    assert cases(database_url) == []
    sentrum = next(b["data"] for b in buttons if b["title"] == "Sentrum skole")
    await bot.channel.send(LARS, text="", value=sentrum)  # the report carries on
    await bot.channel.send(LARS, "nei")
    (case,) = cases(database_url)
    assert (case.pupil_name, case.tenant_id) == ("Emil", f"{TENANT}#sentrum")
    # Nordbyen's leader does not see it; Sentrum's does.
    assert (
        set().union(*map(case_ids_in, (await bot.channel.send(RITA, "vis åpne saker")).replies))
        == set()
    )
    svein = await bot.channel.send(SVEIN, "vis åpne saker")
    assert set().union(*map(case_ids_in, svein.replies)) == {case.id}
    # «bytt skole» asks again.
    again = await bot.channel.send(LARS, "bytt skole")
    assert len(submits(again.replies[0])) == 2
    nordbyen = next(b["data"] for b in submits(again.replies[0]) if b["title"] == "Nordbyen skole")
    chosen = await bot.channel.send(LARS, text="", value=nordbyen)
    assert chosen.text == NB("school.chosen", school="Nordbyen skole")
    # A button of Sentrum's case (a reminder, the case card) still reaches it from Nordbyen.
    status = await bot.channel.send(
        LARS, text="", value={"intent": "case_status", "case_id": case.id}
    )
    assert "Emil" in status.searchable
    assert status.text != NB("case.not_found", pupil="")


async def test_a_user_of_no_school_picks_one_and_sees_nothing_until_confirmed(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    first = await bot.channel.send(NORA, "vis åpne saker")
    buttons = submits(first.replies[0])
    assert [b["title"] for b in buttons] == ["Nordbyen skole", "Sentrum skole"]
    assert "Ole" not in first.searchable
    nordbyen = next(b["data"] for b in buttons if b["title"] == "Nordbyen skole")
    asked = await bot.channel.send(NORA, text="", value=nordbyen)
    assert asked.text == NB("school.pick.sent", school="Nordbyen skole")
    waiting = await bot.channel.send(NORA, "Ole i 5B har vært borte 5 dager")
    assert waiting.text == NB("school.pending", school="Nordbyen skole")
    assert len(cases(database_url)) == 2
    # Sentrum's leader is not asked and cannot confirm Nora for Nordbyen.
    svein = await bot.channel.send(SVEIN, "hjelp")
    assert "Nora" not in svein.searchable
    replay = {"naervaer_school": {"confirm": NORA.aad_object_id, "accept": True}}
    refused = await bot.channel.send(SVEIN, text="", value=replay)
    assert refused.text == NB("school.confirm.not_found")
    # Nordbyen's leader is shown the request and confirms it.
    rita = await bot.channel.send(RITA, "hjelp")
    confirm = [
        b for r in rita.replies for b in submits(r) if b["data"]["naervaer_school"].get("accept")
    ]
    assert len(confirm) == 1
    done = await bot.channel.send(RITA, text="", value=confirm[0]["data"])
    assert done.text == NB("school.confirm.done", name="Nora Ny")
    (member,) = members(database_url)
    assert (member.school_id, member.status, member.confirmed_by) == (
        "nordbyen",
        "confirmed",
        RITA.aad_object_id,
    )
    # Now Nora reports at Nordbyen (a case of her own; Kari's stays hidden).
    await bot.channel.send(NORA, "Emil i 6C har vært borte 5 dager")
    await bot.channel.send(NORA, "nei")
    emil = [c for c in cases(database_url) if c.pupil_name == "Emil"]
    assert [(c.owner_aad_id, c.tenant_id) for c in emil] == [
        (NORA.aad_object_id, f"{TENANT}#nordbyen")
    ]
    actions = {e.action for e in rows(database_url, AuditEvent) if e.case_id is None}
    assert {"school.join_request", "school.member_confirm"} <= actions


async def test_the_municipality_sees_counts_per_school_and_no_names(
    bot: RunningBot, two_oles: tuple[int, int], database_url: str
) -> None:
    await report(bot, database_url, SIRI, "Emil")
    overview = await bot.channel.send(KOMMUNE, "hei")
    text = overview.text
    assert "Ole" not in overview.searchable and "Emil" not in overview.searchable
    assert "5B" not in text and not any(r.get("attachments") for r in overview.replies)
    levels = ", ".join(NB("municipality.level", level=n, count=0) for n in range(1, 4))
    assert (
        NB(
            "municipality.school",
            school="Nordbyen skole",
            open=1,
            overdue=0,
            levels=NB("municipality.level", level=0, count=1) + ", " + levels,
        )
        in text
    )
    assert (
        NB(
            "municipality.school",
            school="Sentrum skole",
            open=2,
            overdue=0,
            levels=NB("municipality.level", level=0, count=2) + ", " + levels,
        )
        in text
    )
    assert NB("municipality.month", month="2026-09", opened=2, closed=0) in text
    # A case card replayed by the municipality is never shown.
    replay = await bot.channel.send(
        KOMMUNE, text="", value={"intent": "case_status", "case_id": two_oles[0]}
    )
    assert "Ole" not in replay.searchable
