"""«Mine frister» as a card: one line per deadline, most urgent first, each with «Gjør det nå»;
a leader's card ends with the school's overdue count and the button to those cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from content.i18n import Translator
from content.replies.when import due_phrase


@dataclass(frozen=True)
class AgendaLine:
    pupil: str
    group: str
    kind: str
    measure: str | None  # the measure evaluated, for a measure owner's deadline
    due_at: datetime  # local time
    do_now: Mapping[str, object]


def _line(translate: Translator, line: AgendaLine, now: datetime) -> dict[str, Any]:
    what = (
        translate("reminder.measure_text", what=line.measure)
        if line.measure
        else translate(f"deadline.{line.kind}")
    )
    today = now.date()
    overdue = line.due_at < now
    when = (
        translate("agenda.overdue", day=translate.short_day(line.due_at.date()))
        if overdue
        else due_phrase(translate, line.due_at, today)
    )
    return {
        "pupil": translate("agenda.pupil", pupil=line.pupil, group=line.group),
        "what": what,
        "when": when,
        "overdue": overdue or line.due_at.date() == today,
        "do_now_data": dict(line.do_now),
    }


def agenda_card(
    translate: Translator,
    period: str,
    lines: Sequence[AgendaLine],
    total: int,
    school_overdue: int | None,
    now: datetime,
) -> dict[str, Any]:
    """Data for the `agenda` card; `period` is today, week or all; times are local."""
    data: dict[str, Any] = {
        "title": translate(f"agenda.title.{period}"),
        "empty_text": translate(f"agenda.empty.{period}"),
        "lines": [_line(translate, line, now) for line in lines],
        "do_now": translate("reminder.do_now"),
    }
    if total > len(lines):
        data["more"] = translate("agenda.more", count=total - len(lines))
    if school_overdue is not None:
        data["school"] = {
            "text": translate("agenda.school_overdue", count=school_overdue),
            "button": translate("agenda.school_overdue.button"),
            "data": {"intent": "list_cases", "overdue": True},
        }
    return data
