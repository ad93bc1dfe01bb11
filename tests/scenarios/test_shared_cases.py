"""Who may do what with a shared case, through the real app: a measure owner sees only their
measure, a co-responsible colleague logs contacts, a second reporter learns only whom to talk
to, a handover moves the case and its reminders; each step in the audit trail."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import User, as_shown
from storage.models import AuditEvent, Case, Deadline, LogEntry, Measure
from tests.scenarios.records import audit, cases, rows
from tests.scheduler.conftest import (
    ScheduledBot,
    card_text,
    cards,
    oslo,
    scheduled_bot,
    settings_for,
)

NB = Translator("nb")
KARI = User("aad-kari", "Kari Lærer")
PER = User("aad-per", "Per Hansen")
ANNE = User("aad-anne", "Anne Berg")
NOT_FOUND = NB("case.not_found", pupil="Ole")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 11, 26, 9, 0))  # Thursday


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[ScheduledBot]:
    async with scheduled_bot(settings_for(database_url), clock) as running:
        for user in (KARI, PER, ANNE):
            await running.channel.install(user)
            await running.channel.send(user, "hei")
        yield running


@pytest.fixture
async def ole(bot: ScheduledBot, database_url: str) -> int:
    await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(KARI, "nei")
    (case,) = cases(database_url)
    assert case.id is not None
    return case.id


async def minutes_with_measure_by(bot: ScheduledBot, owner: str) -> None:
    await bot.channel.send(KARI, "referat fra nærværsmøtet med Ole")
    for _ in range(4):
        await bot.channel.send(KARI, NB("minutes.area.nothing"))
    await bot.channel.send(KARI, "Gruer seg om morgenen")
    value = {
        "answer": "measure",
        "what": "Henting ved porten",
        "goal": "Møter til første time",
        "responsible": f"staff:{owner}",
        "evaluate_on": "2026-12-15",
    }
    await bot.channel.send(KARI, text="", value=value)
    await bot.channel.send(KARI, "nei")
    await bot.channel.send(KARI, "Borte to dager i uka")
    await bot.channel.send(KARI, "På skolen hver dag")


async def test_a_measure_owner_sees_only_their_measure(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    await minutes_with_measure_by(bot, PER.aad_object_id)
    (measure,) = rows(database_url, Measure)
    for text in ("hvor står saken til Ole?", "logg samtale med foreldrene til Ole",
                 "vis samarbeidsavtalen til Ole", "referat fra nærværsmøtet med Ole"):  # fmt: skip
        assert (await bot.channel.send(PER, text)).text == NOT_FOUND
        await bot.channel.send(PER, "avbryt")
    whole = await bot.channel.send(
        PER, text="", value={"intent": "evaluate_agreement", "case_id": ole}
    )
    assert whole.text == NB("agreement.nothing_to_evaluate")
    listing = await bot.channel.send(PER, "vis åpne saker")
    assert "Ole" not in listing.searchable
    # Anne owns no measure: the same button with Per's measure finds nothing for her.
    own = {"intent": "evaluate_agreement", "case_id": ole, "measure_id": measure.id}
    assert (await bot.channel.send(ANNE, text="", value=own)).text == NB(
        "agreement.nothing_to_evaluate"
    )
    asked = await bot.channel.send(PER, text="", value=own)
    assert "Henting ved porten" in asked.text
    assert "Gruer seg" not in asked.searchable and "Borte to dager" not in asked.searchable
    await bot.channel.send(PER, NB("slot.measure_outcome.done"))
    (measure,) = rows(database_url, Measure)
    assert measure.status == "done"
    reads = [e for e in audit(database_url) if e.actor_aad_id == PER.aad_object_id]
    assert [e.action for e in reads if e.case_id == ole] == ["agreement.evaluate"]


async def test_a_co_responsible_colleague_can_log_a_contact(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    refused = await bot.channel.send(PER, "legg til Anne Berg på saken til Ole")
    assert refused.text == NOT_FOUND
    added = await bot.channel.send(KARI, "legg til Per Hansen på saken til Ole")
    assert added.text == NB("share.done", colleague="Per Hansen", pupil="Ole", group="5B")
    not_owner = await bot.channel.send(PER, "legg til Anne Berg på saken til Ole")
    assert not_owner.text == NB("share.not_allowed")
    await bot.channel.send(PER, "logg samtale med foreldrene til Ole")
    for answer in ("i dag", "Fravær", "Mor sier han har vondt i magen", "Nytt møte fredag", "0"):
        await bot.channel.send(PER, answer)
    await bot.channel.send(PER, "Per Hansen")
    await bot.channel.send(PER, "lagre")
    (entry,) = rows(database_url, LogEntry, LogEntry.case_id == ole)
    assert entry.author_aad_id == PER.aad_object_id
    (event,) = [e for e in audit(database_url) if e.action == "case.share"]
    assert (event.actor_aad_id, event.detail) == (KARI.aad_object_id, {"member": "aad-per"})


async def test_a_second_reporter_learns_only_whom_to_talk_to(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    (before,) = cases(database_url)
    deadlines = rows(database_url, Deadline, Deadline.case_id == ole)
    answer = await bot.channel.send(PER, "Ole i 5B har kommet for sent fire ganger denne uka")
    assert answer.text == NB("report.followed_by", pupil="Ole", group="5B", owner="Kari Lærer")
    assert "nivå" not in answer.text.lower()
    (after,) = cases(database_url)
    assert (after.criteria, after.level, after.updated_at) == (
        before.criteria,
        before.level,
        before.updated_at,
    )
    assert rows(database_url, Deadline, Deadline.case_id == ole) == deadlines
    (event,) = rows(database_url, AuditEvent, AuditEvent.action == "case.reported_by_other")
    assert (event.actor_aad_id, event.case_id) == (PER.aad_object_id, ole)


async def test_a_handover_moves_ownership_and_reminders(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    refused = await bot.channel.send(PER, "overfør saken til Ole til Per Hansen")
    assert refused.text == NOT_FOUND
    moved = await bot.channel.send(KARI, "overfør saken til Ole til Per Hansen")
    assert moved.text == NB("handover.done", colleague="Per Hansen", pupil="Ole", group="5B")
    (case,) = rows(database_url, Case)
    assert (case.owner_aad_id, case.owner_name) == ("aad-per", "Per Hansen")
    assert (await bot.channel.send(KARI, "hvor står saken til Ole?")).text == NOT_FOUND
    await bot.sweep(2026, 11, 27, 8, 0)  # the contact deadline of Thursday, overdue on Friday
    contact = NB("deadline.contact_guardians")
    assert [c for c in cards(bot.channel, PER) if contact in card_text(c)]
    assert not [c for c in cards(bot.channel, KARI) if contact in card_text(c)]
    (event,) = rows(database_url, AuditEvent, AuditEvent.action == "case.handover")
    assert event.detail == {"previous_owner": "aad-kari", "owner": "aad-per"}


async def test_a_second_reporter_joins_when_the_owner_accepts(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    answer = await bot.channel.send(PER, "Ole i 5B har kommet for sent fire ganger denne uka")
    (button,) = answer.replies[-1]["suggestedActions"]["actions"]
    asked = await bot.channel.send(PER, button["value"])
    assert asked.text == NB("join.asked", owner="Kari Lærer")
    await bot.sweep(2026, 11, 26, 9, 1)
    (card,) = [c for c in cards(bot.channel, KARI) if "vil bli med" in card_text(c)]
    assert card_text(card).startswith(NB("join.card.title", requester="Per Hansen", pupil="Ole"))
    accept = next(a["data"] for a in card["actions"] if a["data"]["answer"] == "accept")
    stranger = await bot.channel.send(ANNE, text="", value=accept)
    assert stranger.text == NB("join.not_found")
    assert (await bot.channel.send(PER, "hvor står saken til Ole?")).text == NOT_FOUND
    done = await bot.channel.send(KARI, text="", value=accept)
    assert done.text == NB("join.owner_accepted", requester="Per Hansen")
    await bot.sweep(2026, 11, 26, 9, 2)
    told = NB("join.accepted", owner="Kari Lærer", pupil="Ole", group="5B")
    assert told in [
        as_shown(a.get("text") or "") for a in bot.channel.received[PER.conversation_id]
    ]
    status = await bot.channel.send(PER, "hvor står saken til Ole?")
    assert status.replies[0]["attachments"][0]["content"]["type"] == "AdaptiveCard"
    actions = [e.action for e in audit(database_url) if e.case_id == ole]
    assert {"case.reported_by_other", "case.join_request", "case.share"} <= set(actions)


async def test_typed_evaluation_of_a_case_with_an_agreement_evaluates_its_measures(
    bot: ScheduledBot, ole: int, database_url: str
) -> None:
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        await bot.channel.send(KARI, text)
    await minutes_with_measure_by(bot, ANNE.aad_object_id)
    asked = await bot.channel.send(KARI, "evaluer tiltakene for Ole")
    assert "Samtale hver mandag" in asked.text  # every measure of the case that goes on
    asked = await bot.channel.send(KARI, NB("slot.measure_outcome.done"))
    assert "Henting ved porten" in asked.text
    await bot.channel.send(KARI, NB("slot.measure_outcome.done"))
    assert [m.status for m in rows(database_url, Measure)] == ["done", "done"]
    case_level = [
        d
        for d in rows(database_url, Deadline, Deadline.case_id == ole)
        if d.kind == "evaluate_measures" and d.measure_id is None
    ]
    assert case_level and all(d.status == "done" for d in case_level)
