"""What the bot says when it speaks first: reminder cards, the leaders' messages, the digest.

Built at the moment of sending from the current rows, in the recipient's language, so a reminder
never shows a stale level and the outbox itself holds no pupil text. Only first names and
classes appear; free-text log entries never do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from botbuilder.schema import Activity

from content.answers import month_tasks
from content.cards import render_card
from content.i18n import Translator
from content.models import Guide
from dialogs.replies import text_reply, with_card
from storage.models import Case, Deadline, Measure

# "Gjør det nå" starts the conversation that settles the deadline.
DO_NOW_INTENT = {
    "contact_guardians": "log_contact",
    "ask_other_code_cause": "log_contact",
    "next_contact": "log_contact",
    "start_interdisciplinary": "log_contact",
    "evaluate_measures": "evaluate",
    "report_to_leadership": "report_to_leadership",
}
DIGEST_LIST_LIMIT = 5


def due_text(translate: Translator, due_at: datetime, tz: ZoneInfo) -> str:
    local = due_at.astimezone(tz)
    return translate(
        "reminder.due_text",
        day=translate.short_day(local.date()),
        time=translate.clock(local.time()),
    )


def reminder_card(
    translate: Translator, kind: str, case: Case, deadline: Deadline, tz: ZoneInfo
) -> Activity:
    """The card of a `due`, `overdue` or `leaders_overdue` reminder, with its three buttons."""
    what = translate(f"deadline.{deadline.kind}")
    overdue = kind != "due"
    day = translate.short_day(deadline.due_at.astimezone(tz).date())
    data = {
        "title": translate(f"reminder.title.{kind}"),
        "pupil": case.pupil_name,
        "group": case.group_name,
        "level_label": translate("reminder.level", level=case.level),
        "due_label": translate("reminder.due_label"),
        "due_text": due_text(translate, deadline.due_at, tz),
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
        "do_now_data": {
            "intent": DO_NOW_INTENT.get(deadline.kind, "case_status"),
            "case_id": case.id,
        },
        "deadline_id": deadline.id,
    }
    return with_card(render_card("reminder", data))


def owner_unreachable(
    translate: Translator, case: Case, deadline: Deadline, tz: ZoneInfo
) -> Activity:
    return text_reply(
        translate(
            "reminder.owner_unreachable",
            owner=case.owner_name,
            what=translate(f"deadline.{deadline.kind}"),
            pupil=case.pupil_name,
            group=case.group_name,
            day=due_text(translate, deadline.due_at, tz),
        )
    )


def _bullets(lines: Sequence[str], translate: Translator) -> str:
    return "\n".join(f"• {line}" for line in lines) if lines else translate("leadership.none")


def leadership_report(
    guide: Guide,
    translate: Translator,
    case: Case,
    measures: Sequence[Measure],
    deadlines: Sequence[Deadline],
    tz: ZoneInfo,
) -> Activity:
    """Guide 1.3 level 2: "meld til ledelsen". Facts of the case, no log entries' free text."""
    level = guide.ladder.level(case.level)
    criteria = [f"«{guide.ladder.criterion(c).quote}»" for c in case.criteria]
    open_deadlines = [
        f"{translate(f'deadline.{d.kind}')}: {due_text(translate, d.due_at, tz)}" for d in deadlines
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
    return text_reply(text)


@dataclass(frozen=True)
class Digest:
    week: int
    new: Sequence[Case]
    moved: Sequence[Case]
    overdue_total: int
    overdue: Sequence[tuple[Case, Deadline]]


def _case_lines(translate: Translator, cases: Sequence[Case]) -> list[str]:
    lines = [
        translate("digest.case_line", pupil=c.pupil_name, group=c.group_name, level=c.level)
        for c in cases[:DIGEST_LIST_LIMIT]
    ]
    if len(cases) > DIGEST_LIST_LIMIT:
        lines.append(translate("digest.more", count=len(cases) - DIGEST_LIST_LIMIT))
    return lines


def weekly_digest(translate: Translator, digest: Digest, tz: ZoneInfo) -> Activity:
    counts = {"new": len(digest.new), "moved": len(digest.moved), "overdue": digest.overdue_total}
    lines = [translate("digest.title", week=digest.week), translate("digest.counts", **counts)]
    if not any(counts.values()):
        lines.append(translate("digest.quiet"))
    if digest.new:
        lines += ["", translate("digest.new"), *_case_lines(translate, digest.new)]
    if digest.moved:
        lines += ["", translate("digest.moved"), *_case_lines(translate, digest.moved)]
    if digest.overdue:
        lines += ["", translate("digest.overdue")]
        lines += [
            translate(
                "digest.overdue_line",
                pupil=case.pupil_name,
                group=case.group_name,
                what=translate(f"deadline.{deadline.kind}"),
                day=translate.short_day(deadline.due_at.astimezone(tz).date()),
            )
            for case, deadline in digest.overdue
        ]
        if digest.overdue_total > len(digest.overdue):
            lines.append(translate("digest.more", count=digest.overdue_total - len(digest.overdue)))
    return text_reply("\n".join(lines))


def annual_wheel(guide: Guide, translate: Translator, day: date) -> Activity:
    text = month_tasks(guide, day.month, translate) + "\n\n" + translate("wheel.optin.footer")
    return text_reply(text)
