"""The meeting's units of work on a real database: the minutes write the measures, the
agreement and its goals, and the evaluation deadlines with their owners; all of it is in the
pupil's export and goes with the pupil's deletion."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from casework.access import Actor
from casework.meeting import (
    Evaluated,
    MeasurePlan,
    Minutes,
    Responsible,
    evaluate_measures,
    plan_meeting,
    record_minutes,
)
from casework.school_time import SchoolTime
from casework.vocab import MeasureStatus
from content.calendar import EXAMPLE_CALENDAR, SchoolCalendar
from content.clock import FixedClock
from content.export_text import export_as_text
from content.replies.log import LogFields
from storage import repository as repo
from storage.db import Database
from storage.models import (
    AgreementGoal,
    AttendanceMeeting,
    CooperationAgreement,
    Deadline,
    Measure,
)

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
KARI = Actor("t1", "aad-kari", "Kari Lærer")
PER = Actor("t1", "aad-per", "Per Hansen")
MEETING_TABLES = (AttendanceMeeting, Measure, CooperationAgreement, AgreementGoal, Deadline)


def school() -> SchoolTime:
    return SchoolTime(calendar=SchoolCalendar.from_toml(EXAMPLE_CALENDAR), clock=FixedClock(NOW))


def held_meeting(session: Session) -> int:
    case = repo.open_case(
        session,
        tenant_id="t1",
        pupil_name="Ada",
        group_name="5B",
        owner_aad_id=KARI.aad_id,
        owner_name=KARI.name,
        now=NOW,
    )
    assert case.id is not None
    plan_meeting(session, KARI, school(), case.id, NOW, "Mor, kontaktlærer", NOW)
    entry = LogFields("Ada", "5B", NOW.date(), "Nærværsmøte", "Skole: gym", "• Porten", 1, "Kari")
    plans = (
        MeasurePlan(
            "Møter kl. 8", "Porten", Responsible("Per Hansen", "aad-per"), date(2026, 12, 15)
        ),
        MeasurePlan(
            "Gym",
            "Samtaler",
            Responsible("helsesykepleier", role="helsesykepleier"),
            date(2026, 12, 16),
        ),
    )
    record_minutes(
        session, KARI, school(), case.id, Minutes(entry, "Borte", "Hver dag", plans), NOW
    )
    return case.id


def counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in MEETING_TABLES
    }


def test_minutes_write_owned_measures_goals_and_deadlines(database: Database) -> None:
    case_id = database.run_sync(held_meeting)

    def read(session: Session) -> tuple:
        return (
            repo.measures(session, tenant_id="t1", case_id=case_id),
            repo.open_deadlines(session, tenant_id="t1", case_id=case_id),
            repo.active_agreement(session, tenant_id="t1", case_id=case_id),
        )

    measures, deadlines, agreement = database.run_sync(read)
    assert [(m.owner_aad_id, m.owner_role) for m in measures] == [
        ("aad-per", None),
        (None, "helsesykepleier"),
    ]
    # The external role's evaluation is the case owner's (owner NULL), the colleague's is his.
    assert sorted((d.owner_aad_id or "", d.measure_id) for d in deadlines) == sorted(
        [("aad-per", measures[0].id), ("", measures[1].id)]
    )
    assert (agreement.situation, agreement.evaluate_on) == ("Borte", date(2026, 12, 15))


def test_an_evaluation_by_the_measure_owner_touches_only_their_measure(database: Database) -> None:
    case_id = database.run_sync(held_meeting)
    ids = [
        m.id for m in database.run_sync(lambda s: repo.measures(s, tenant_id="t1", case_id=case_id))
    ]
    outcomes = [Evaluated(ids[0], MeasureStatus.CONTINUED), Evaluated(ids[1], MeasureStatus.DONE)]
    done = database.run_sync(
        lambda s: evaluate_measures(s, PER, school(), case_id, outcomes, date(2027, 1, 12), NOW)
    )
    assert done == 1  # the helsesykepleier's measure is not Per's to evaluate
    measures = database.run_sync(lambda s: repo.measures(s, tenant_id="t1", case_id=case_id))
    assert [m.status for m in measures] == ["continued", "active"]


def test_export_holds_the_meeting_and_agreement_and_deletion_removes_them(
    database: Database,
) -> None:
    database.run_sync(held_meeting)
    export = database.run_sync(
        lambda s: repo.export_pupil_records(s, tenant_id="t1", pupil_name="Ada", group_name="5B")
    )
    (case,) = export["cases"]
    (agreement,) = case["agreements"]
    assert agreement["situation"] == "Borte"
    assert [g["goal"] for g in agreement["goals"]] == ["Møter kl. 8", "Gym"]
    assert [m["owner_role"] for m in case["measures"]] == [None, "helsesykepleier"]
    assert [m["attendees"] for m in case["meetings"]] == ["Mor, kontaktlærer"]
    text = export_as_text(export)
    assert "Status i dag: Borte" in text and "Til stede: Mor, kontaktlærer" in text
    assert all(database.run_sync(counts).values())
    deleted = database.run_sync(
        lambda s: repo.delete_pupil_records(s, tenant_id="t1", pupil_name="Ada", group_name="5B")
    )
    assert deleted == 1
    assert database.run_sync(counts) == dict.fromkeys(counts_keys(), 0)


def counts_keys() -> list[str]:
    return [model.__tablename__ for model in MEETING_TABLES]
