"""Several instances, one database (issue 7): two bot processes on one PostgreSQL.

1. 200 teachers play the absence conversation of `bench/scenario.yaml`, each turn sent to the
   other process than the one before, so dialog state can only travel through the database.
2. 1,000 due deadlines are swept by both processes' schedulers: each reminder arrives once.
3. One user's two messages race, one to each process: one wins, the other is answered with
   `error.conflict` or runs after it; the stored dialog state is never silently overwritten.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import col

from bench.loadgen import LoadResult, load_scenario, problem_with, teachers
from bench.serve import BotProcess
from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Case, Deadline, LogEntry, Reminder
from tests.scale.conftest import NOW, SCHEDULER_INTERVAL_S, RecordingConnector
from tests.scale.reminders import add_due_deadlines, reminder_deadline_ids
from tests.scenarios.records import rows

POSTGRES_ENV = "NAERVAER_TEST_POSTGRES_URL"
pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV),
    reason=f"two instances need one shared PostgreSQL: set {POSTGRES_ENV}; SQLite is the "
    "single-instance trial engine",
)

NB = Translator("nb")
CONFLICT = NB("error.conflict")
TEACHERS = 200
REMINDERS = 1_000
DELIVERY_TIMEOUT_S = 60.0
RACES = 10
TODAY = NOW.date()
DATES = {"i dag": TODAY, "i går": TODAY - timedelta(days=1)}
REASON_ASK = NB("slot.reason.ask")
GUARDIANS_ASK = NB("slot.guardians_view.ask")
# What the scenario's teacher types into the seven fields of the log (guide 2.8).
LOGGED = {
    "kind": "absence_log",
    "pupil_name": "Ole",
    "contact_date": TODAY,
    "reason": "Varsel om høyt fravær i Visma",
    "guardians_view": "Syk, ikke bekymret for trivsel",
    "next_steps": "Ringer igjen fredag",
    "level": 0,
    "author": "Kari Lærer",
}


async def play_round_robin(
    connector: RecordingConnector, bots: tuple[BotProcess, BotProcess], index: int, user: User
) -> LoadResult:
    result = LoadResult()
    for number, turn in enumerate(load_scenario().teacher):
        bot = bots[(index + number) % 2]
        started = time.perf_counter()
        try:
            answer = await connector.send_to(bot, user, **turn.fields())
            problem = problem_with(answer.status, answer.searchable, len(answer.replies), turn)
            if problem is None and CONFLICT in answer.searchable:
                problem = f"state conflict on {turn.text!r}"
        except Exception as error:  # every failure is a counted error, with its kind
            problem = f"{type(error).__name__} on {turn.text!r}"
        result.record(time.perf_counter() - started, problem)
    return result


async def test_200_teachers_alternating_between_instances_leave_consistent_records(
    bots: tuple[BotProcess, BotProcess], connector: RecordingConnector, shared_database_url: str
) -> None:
    users = teachers(TEACHERS, uuid.uuid4().hex[:8])  # own tenant each: every pupil is "Ole"
    started = time.perf_counter()
    results = await asyncio.gather(
        *(play_round_robin(connector, bots, i, user) for i, user in enumerate(users))
    )
    wall = time.perf_counter() - started
    turns, errors = sum(r.turns for r in results), sum(r.errors for r in results)
    samples = [sample for r in results for sample in r.error_samples][:5]
    print(
        f"\n{TEACHERS} teachers, 2 instances: {turns} turns in {wall:.1f} s = {turns / wall:.0f}/s"
    )
    assert (errors, samples) == (0, [])
    assert turns == TEACHERS * len(load_scenario().teacher)

    assert_one_case_log_and_done_deadline_each(shared_database_url, users)


def assert_one_case_log_and_done_deadline_each(database_url: str, users: list[User]) -> None:
    owners = {user.tenant_id: user.aad_object_id for user in users}
    cases = rows(database_url, Case, col(Case.tenant_id).in_(owners))
    assert sorted(case.tenant_id for case in cases) == sorted(owners)  # one case each
    for case in cases:
        assert (case.pupil_name, case.group_name, case.level) == ("Ole", "5B", 0)
        assert (case.status, case.criteria) == ("open", ["visma_alert"])
        assert case.owner_aad_id == owners[case.tenant_id]
    owner_of = {case.id: case.owner_aad_id for case in cases}
    logs = rows(database_url, LogEntry, col(LogEntry.case_id).in_(owner_of))
    assert sorted(entry.case_id for entry in logs) == sorted(owner_of)  # one log entry each
    for entry in logs:
        assert entry.model_dump(include=set(LOGGED)) == LOGGED
        assert entry.author_aad_id == owner_of[entry.case_id]
    # The contact is done; "Ringer igjen fredag" is the agreed next contact, a deadline of its own.
    deadlines = rows(database_url, Deadline, col(Deadline.case_id).in_(owner_of))
    kinds = sorted((d.case_id, d.kind, d.status) for d in deadlines)
    expected = [(case_id, "contact_guardians", "done") for case_id in owner_of]
    expected += [(case_id, "next_contact", "open") for case_id in owner_of]
    assert kinds == sorted(expected)  # none doubled
    for deadline in deadlines:
        if deadline.kind == "contact_guardians":
            assert deadline.completed_by == owner_of[deadline.case_id]


async def test_1000_due_reminders_are_delivered_once_by_two_schedulers(
    bots: tuple[BotProcess, BotProcess], connector: RecordingConnector, shared_database_url: str
) -> None:
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    deadline_ids = await add_due_deadlines(
        shared_database_url, connector, count=REMINDERS, now=NOW, run=run
    )
    try:
        await connector.wait_for_total(REMINDERS, timeout=DELIVERY_TIMEOUT_S)
    except TimeoutError:
        pytest.fail(f"{connector.total()} of {REMINDERS} reminders in {DELIVERY_TIMEOUT_S:.0f} s")
    arrived = time.perf_counter() - started
    sent = await wait_until_recorded(shared_database_url, deadline_ids)
    # Both schedulers sweep a few times more, so a late second send would have arrived by now.
    await asyncio.sleep(3 * SCHEDULER_INTERVAL_S)
    print(f"\n{REMINDERS} reminders, 2 schedulers: {arrived:.1f} s = {REMINDERS / arrived:.0f}/s")

    activities = [a for chat in connector.received.values() for a in chat]
    delivered = Counter(reminder_deadline_ids(iter(activities)))
    doubled = sorted(deadline_id for deadline_id, times in delivered.items() if times > 1)
    assert doubled == [], f"{len(doubled)} reminders arrived more than once"
    assert sorted(delivered) == sorted(deadline_ids)
    arrived_in_all = len(activities)
    assert arrived_in_all == REMINDERS  # nothing else was sent either
    assert sorted(row.deadline_id for row in sent) == sorted(deadline_ids)
    assert {(row.kind, row.status) for row in sent} == {("due", "sent")}
    assert all(row.activity_id for row in sent)


async def wait_until_recorded(database_url: str, deadline_ids: list[int]) -> list[Reminder]:
    """The outbox rows of these deadlines once all are marked sent (the mark follows the send)."""
    give_up = time.monotonic() + DELIVERY_TIMEOUT_S
    while True:
        found = rows(database_url, Reminder, col(Reminder.deadline_id).in_(deadline_ids))
        done = len(found) >= len(deadline_ids) and all(row.status == "sent" for row in found)
        if done or time.monotonic() > give_up:
            return found
        await asyncio.sleep(0.2)  # polling two other processes, not timing anything


async def race(
    connector: RecordingConnector, bots: tuple[BotProcess, BotProcess], user: User
) -> tuple[str, str | None]:
    """Start a log, then answer "when?" with "i dag" at A and "i går" at B at the same moment.

    Returns the date answer the stored state must hold, and the reason it already holds (the
    later message, when the two ran one after the other) or None.
    """
    a, b = bots
    for bot, text in (
        (a, "Ole i 5B har vært borte 5 dager"),
        (b, "nei"),
        (a, "loggfør kontakt for Ole"),
    ):
        assert (await connector.send_to(bot, user, text=text)).status < 300
    at_a, at_b = await asyncio.gather(
        connector.send_to(a, user, text="i dag"), connector.send_to(b, user, text="i går")
    )
    assert at_a.status < 300 and at_b.status < 300
    turns = {"i dag": at_a.searchable, "i går": at_b.searchable}
    lost = [text for text, reply in turns.items() if CONFLICT in reply]
    asked_reason = [text for text, reply in turns.items() if REASON_ASK in reply]
    if len(lost) == 1:  # the loser was told to resend; the winner's answer must be the one kept
        (won,) = set(turns) - set(lost)
        assert won in asked_reason, turns
        return won, None
    assert lost == [], turns  # both losing would mean neither state was written
    # No conflict: the turns ran one after the other. The first must have asked for the reason
    # and the second must have been taken as that reason; both asking it would be an overwrite.
    assert len(asked_reason) == 1, f"both asked for the reason, no conflict: overwritten {turns}"
    (first,) = asked_reason
    (second,) = set(turns) - {first}
    assert GUARDIANS_ASK in turns[second], turns
    return first, second


def rest_of_log(kept_reason: str | None) -> list[tuple[str, str]]:
    """What the user types after the race, and what the reply must ask: the state they saw."""
    steps = [] if kept_reason else [(LOGGED["reason"], GUARDIANS_ASK)]
    return [
        *steps,
        (LOGGED["guardians_view"], NB("slot.next_steps.ask")),
        (LOGGED["next_steps"], NB("slot.level.ask")),
        ("0", NB("slot.author.ask")),
        (LOGGED["author"], "lagre"),
        ("Lagre", "lagret"),
    ]


async def test_racing_turns_of_one_user_never_overwrite_each_other_silently(
    bots: tuple[BotProcess, BotProcess], connector: RecordingConnector, shared_database_url: str
) -> None:
    outcomes: Counter[str] = Counter()
    for user in teachers(RACES, uuid.uuid4().hex[:8]):
        kept_date, kept_reason = await race(connector, bots, user)
        outcomes["ran one after the other" if kept_reason else "one told to resend"] += 1
        for number, (text, ask) in enumerate(rest_of_log(kept_reason)):
            answer = await connector.send_to(bots[number % 2], user, text=text)
            assert ask.lower() in answer.searchable.lower(), (text, answer.searchable)
            assert CONFLICT not in answer.searchable
        (case,) = rows(shared_database_url, Case, Case.tenant_id == user.tenant_id)
        (entry,) = rows(shared_database_url, LogEntry, LogEntry.case_id == case.id)
        assert entry.contact_date == DATES[kept_date]
        assert entry.reason == (kept_reason or LOGGED["reason"])
    print(f"\n{RACES} races of two turns at once: {dict(outcomes)}")
