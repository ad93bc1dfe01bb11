"""What the bot says when it speaks first: reminder cards, the leaders' messages, the digest.

Built at the moment of sending from the current rows, in the recipient's language, so a reminder
never shows a stale level and the outbox itself holds no pupil text. Only first names and
classes appear; free-text log entries never do. Each renderer is named in the table of kinds
(reminders/kinds.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from casework.agenda import do_now_data
from casework.messages import Message
from casework.school_time import SchoolTime
from casework.schools import MUNICIPALITY_MONTHS, month_start, overview_text
from casework.services import Services
from content.answers import month_tasks
from content.cards import render_card
from content.i18n import Translator
from content.intents import Intent
from content.replies.escalation import vulnerability_items
from storage import digest as digest_repo
from storage import repository as repo
from storage import schools as school_repo
from storage.models import Case, Deadline, Reminder
from storage.school_admin import stored_schools

DIGEST_LIST_LIMIT = 5


@dataclass(frozen=True)
class Composing:
    """One outbox row about to be sent, with what it is about (when the kind names a case or a
    deadline, both are open: delivery drops the row otherwise)."""

    session: Session
    services: Services
    translate: Translator
    row: Reminder
    case: Case | None
    deadline: Deadline | None
    now: datetime

    @property
    def school(self) -> SchoolTime:
        return self.services.school


Renderer = Callable[[Composing], Message]


def due_text(translate: Translator, due_at: datetime, school: SchoolTime) -> str:
    local = school.local(due_at)
    return translate(
        "reminder.due_text",
        day=translate.short_day(local.date()),
        time=translate.clock(local.time()),
    )


def reminder_card(c: Composing) -> Message:
    """The card of a `due`, `overdue` or `leaders_overdue` reminder, with its three buttons."""
    translate, case, deadline, kind = c.translate, c.case, c.deadline, c.row.kind
    assert case is not None and deadline is not None
    what = translate(f"deadline.{deadline.kind}")
    assert case.id is not None
    do_now = do_now_data(deadline.kind, case.id, deadline.measure_id)
    if deadline.measure_id is not None:
        measure = repo.get_measure(
            c.session, tenant_id=case.tenant_id, measure_id=deadline.measure_id
        )
        if measure is not None:
            what = translate("reminder.measure_text", what=measure.description)
    overdue = kind != "due"
    day = translate.short_day(c.school.day_of(deadline.due_at))
    data = {
        "title": translate(f"reminder.title.{kind}"),
        "pupil": case.pupil_name,
        "group": case.group_name,
        "level_label": translate("reminder.level", level=case.level),
        "due_label": translate("reminder.due_label"),
        "due_text": due_text(translate, deadline.due_at, c.school),
        "deadline_text": (
            translate("reminder.leaders_text", what=what, owner=case.owner_name)
            if kind == "leaders_overdue"
            else what
        ),
        "overdue": overdue,
        "overdue_text": translate("reminder.overdue_text", day=day) if overdue else "",
        "do_now": translate("reminder.do_now"),
        "postpone": translate("reminder.postpone"),
        "done": translate("reminder.done"),
        "do_now_data": do_now,
        "deadline_id": deadline.id,
    }
    return Message(card=render_card("reminder", data))


def used_reminder_card(
    translate: Translator, case: Case, deadline: Deadline, status: str
) -> dict[str, Any]:
    """What a reminder card becomes once «Ferdig» or «Utsett» is pressed: what and whose, the
    status line, no buttons (so it cannot be pressed again)."""
    level = translate("reminder.level", level=case.level)
    data = {
        "title": translate(f"deadline.{deadline.kind}"),
        "subtitle": f"{case.pupil_name} ({case.group_name}) · {level}",
        "facts": [],
        "status": status,
    }
    return render_card("done", data)


def owner_unreachable(c: Composing) -> Message:
    case, deadline, translate = c.case, c.deadline, c.translate
    assert case is not None and deadline is not None
    return Message(
        text=translate(
            "reminder.owner_unreachable",
            owner=case.owner_name,
            what=translate(f"deadline.{deadline.kind}"),
            pupil=case.pupil_name,
            group=case.group_name,
            day=due_text(translate, deadline.due_at, c.school),
        )
    )


def _bullets(lines: Sequence[str], translate: Translator) -> str:
    return "\n".join(f"• {line}" for line in lines) if lines else translate("leadership.none")


def leadership_report(c: Composing) -> Message:
    """Guide 1.3 level 2: "meld til ledelsen". Facts of the case, no log entries' free text."""
    case, translate, guide = c.case, c.translate, c.services.guide
    assert case is not None and case.id is not None
    measures = repo.measures(c.session, tenant_id=case.tenant_id, case_id=case.id)
    deadlines = repo.open_deadlines(c.session, tenant_id=case.tenant_id, case_id=case.id)
    level = guide.ladder.level(case.level)
    criteria = [f"«{guide.ladder.criterion(criterion).quote}»" for criterion in case.criteria]
    open_deadlines = [
        f"{translate(f'deadline.{d.kind}')}: {due_text(translate, d.due_at, c.school)}"
        for d in deadlines
    ]
    text = translate(
        "leadership.report",
        pupil=case.pupil_name,
        group=case.group_name,
        level=level.level,
        name=level.name,
        owner=case.owner_name,
        criteria=_bullets(criteria, translate),
        measures=_bullets([m.description for m in measures], translate),
        deadlines=_bullets(open_deadlines, translate),
    )
    return Message(text=text + triage_lines(case, guide, translate))


def triage_lines(case: Case, guide: Any, translate: Translator) -> str:
    """Issue 14: the 2.7 mapping (marked items, or why it was not done; its comments stay in
    the elevlogg) and the unsafe-environment flag, which leaders must always see."""
    lines = ["", translate("triage.leadership.mapping")]
    mapping = case.vulnerability or {}
    if "items" in mapping:
        labels = dict(vulnerability_items(guide))
        marked = [labels[item] for item in mapping["items"] if item in labels]
        lines.append(_bullets(marked, translate))
    elif "skipped" in mapping:
        lines.append(translate("triage.leadership.mapping.skipped", reason=mapping["skipped"]))
    else:
        lines.append(translate("triage.leadership.mapping.missing"))
    if case.unsafe_environment:
        lines += ["", translate("triage.leadership.unsafe")]
    return "\n".join(lines)


def _case_lines(translate: Translator, cases: Sequence[Case]) -> list[str]:
    lines = [
        translate("digest.case_line", pupil=c.pupil_name, group=c.group_name, level=c.level)
        for c in cases[:DIGEST_LIST_LIMIT]
    ]
    if len(cases) > DIGEST_LIST_LIMIT:
        lines.append(translate("digest.more", count=len(cases) - DIGEST_LIST_LIMIT))
    return lines


def weekly_digest(c: Composing) -> Message:
    translate, tenant_id, now = c.translate, c.row.tenant_id, c.now
    since = now - timedelta(days=7)
    total, overdue = digest_repo.overdue_deadlines(c.session, tenant_id=tenant_id, now=now)
    new = digest_repo.new_cases(c.session, tenant_id=tenant_id, since=since)
    moved = digest_repo.cases_moved(c.session, tenant_id=tenant_id, since=since)
    counts = {"new": len(new), "moved": len(moved), "overdue": total}
    week = now.isocalendar().week
    lines = [translate("digest.title", week=week), translate("digest.counts", **counts)]
    if not any(counts.values()):
        lines.append(translate("digest.quiet"))
    if new:
        lines += ["", translate("digest.new"), *_case_lines(translate, new)]
    if moved:
        lines += ["", translate("digest.moved"), *_case_lines(translate, moved)]
    if overdue:
        lines += ["", translate("digest.overdue")]
        lines += [
            translate(
                "digest.overdue_line",
                pupil=case.pupil_name,
                group=case.group_name,
                what=translate(f"deadline.{deadline.kind}"),
                day=translate.short_day(c.school.day_of(deadline.due_at)),
            )
            for case, deadline in overdue
        ]
        if total > len(overdue):
            lines.append(translate("digest.more", count=total - len(overdue)))
    return Message(text="\n".join(lines))


def municipality_digest(c: Composing) -> Message:
    """The municipality's week: counts per school of the tenant, never a name (issue 20)."""
    now = c.now
    since = month_start(now, MUNICIPALITY_MONTHS)
    counts = school_repo.municipality_counts(
        c.session, tenant_id=school_repo.teams_tenant(c.row.tenant_id), now=now, since=since
    )
    week = now.isocalendar().week
    tenant = school_repo.teams_tenant(c.row.tenant_id)
    directory = c.services.schools.with_stored(stored_schools(c.session, tenant_id=tenant))
    text = overview_text(directory, counts, c.row.tenant_id, c.translate)
    return Message(text=c.translate("municipality.digest", week=week) + "\n\n" + text)


def annual_wheel(c: Composing) -> Message:
    tasks = month_tasks(c.services.guide, c.row.day.month, c.translate)
    return Message(text=tasks + "\n\n" + c.translate("wheel.optin.footer"))


def meeting_tomorrow(c: Composing) -> Message:
    """The school day before the attendance meeting: when, who comes, the minutes' button."""
    case, translate = c.case, c.translate
    assert case is not None and case.id is not None
    meeting = repo.planned_meeting(c.session, tenant_id=case.tenant_id, case_id=case.id)
    if meeting is None:
        return Message(text=translate("reminder.meeting_moved", pupil=case.pupil_name))
    local = c.school.local(meeting.starts_at)
    text = translate(
        "reminder.meeting_tomorrow",
        pupil=case.pupil_name,
        group=case.group_name,
        day=translate.short_day(local.date()),
        time=translate.clock(local.time()),
        attendees=meeting.attendees,
    )
    return Message(text=text, buttons=(translate("meeting.minutes_value", pupil=case.pupil_name),))


def join_request(c: Composing) -> Message:
    """«Per Hansen vil bli med på saken – Godta / Avslå», to the case owner."""
    case, translate = c.case, c.translate
    assert case is not None
    request = repo.get_join_request(
        c.session, tenant_id=case.tenant_id, request_id=c.row.deadline_id
    )
    assert request is not None and request.id is not None
    data = {
        "title": translate(
            "join.card.title", requester=request.requester_name, pupil=case.pupil_name
        ),
        "text": translate("join.card.text", pupil=case.pupil_name, group=case.group_name),
        "actions": [
            {
                "title": translate(f"join.card.{answer}"),
                "data": {
                    "intent": Intent.ANSWER_JOIN.value,
                    "request_id": request.id,
                    "answer": answer,
                },
            }
            for answer in ("accept", "decline")
        ],
    }
    return Message(card=render_card("join_request", data))


def join_answer(c: Composing) -> Message:
    case, translate = c.case, c.translate
    assert case is not None
    request = repo.get_join_request(
        c.session, tenant_id=case.tenant_id, request_id=c.row.deadline_id
    )
    status = request.status if request is not None else "declined"
    key = "join.accepted" if status == "accepted" else "join.declined"
    return Message(
        text=translate(key, owner=case.owner_name, pupil=case.pupil_name, group=case.group_name)
    )
