"""A case at a glance (the status card) and a page of cases (the case list card)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide


@dataclass(frozen=True)
class StatusView:
    case_id: int
    pupil: str
    group: str
    level: int
    owner: str
    opened: date
    criteria: tuple[str, ...]
    unsafe: bool
    deadlines: tuple[tuple[str, datetime], ...]
    last_log: date | None


def case_status_card(
    guide: Guide, view: StatusView, now: datetime, translate: Translator, *, viewer: str
) -> dict[str, Any]:
    """Data for the `case_status` card; `now` and the deadlines are local times. `viewer` (the
    user's Teams id) is whom Teams refreshes the card for when it is opened again."""
    level = guide.ladder.level(view.level)
    criteria = ", ".join(translate(f"criterion.{c}") for c in view.criteria) or "–"
    facts = [
        (translate("status.level"), f"{level.level} – {level.name}"),
        (translate("status.criteria"), criteria),
        (translate("status.owner"), view.owner),
        (translate("status.opened"), translate.short_day(view.opened)),
        (
            translate("status.last_log"),
            translate.short_day(view.last_log) if view.last_log else "–",
        ),
    ]
    if view.unsafe:
        facts.append((translate("status.unsafe"), translate("status.unsafe.value")))
    deadlines = [
        {
            "label": translate(f"deadline.{kind}"),
            "date": translate(
                "status.due", day=translate.short_day(at.date()), time=translate.clock(at.time())
            ),
            "overdue": at < now,
        }
        for kind, at in view.deadlines
    ]
    actions: list[tuple[str, dict[str, Any]]] = [
        (translate("intent.title.log_contact"), {"intent": "log_contact"}),
        (translate("status.evaluate"), {"intent": "evaluate"}),
        (
            translate("status.escalate", level=view.level + 1),
            {"intent": "escalate", "level": view.level + 1},
        ),
        (translate("status.close"), {"intent": "close_case"}),
    ]
    if view.level >= 3:
        actions.pop(2)
    return {
        "case_id": view.case_id,
        "viewer": viewer,
        "title": translate("status.title", pupil=view.pupil, group=view.group),
        "facts": [{"label": label, "value": value} for label, value in facts],
        "deadlines_title": translate("status.deadlines")
        if deadlines
        else translate("status.no_deadlines"),
        "deadlines": deadlines,
        "actions": [
            {"title": title, "data": {**data, "case_id": view.case_id}} for title, data in actions
        ],
    }


@dataclass(frozen=True)
class ListView:
    """One page of a case list; a row is (id, pupil, group, level, owner, next due, overdue,
    unsafe school environment)."""

    rows: tuple[tuple[int, str, str, int, str, datetime | None, bool, bool], ...]
    counts: Mapping[int, int]
    page: int
    has_more: bool
    everyone: bool
    staff_note: bool
    filters: Mapping[str, Any]


def case_list_card(view: ListView, translate: Translator) -> dict[str, Any]:
    rows = [
        {
            # The unsafe-environment flag (issue 14) goes with the name, so leaders see it.
            "pupil": f"{pupil} {translate('triage.list.unsafe')}" if unsafe else pupil,
            "group": group,
            "level": level,
            "owner": owner,
            "next_deadline": translate.short_day(due.date()) if due else "–",
            "overdue": overdue,
            "case_id": case_id,
        }
        for case_id, pupil, group, level, owner, due, overdue, unsafe in view.rows
    ]
    title = translate("list.title.all" if view.everyone else "list.title.mine")
    data: dict[str, Any] = {
        "title": title,
        "counts": [
            {"label": translate("list.count", level=level), "value": count}
            for level, count in sorted(view.counts.items())
        ],
        "rows": rows,
        "pupil_label": translate("list.pupil"),
        "level_label": translate("list.level"),
        "deadline_label": translate("list.deadline"),
        "empty_text": translate("list.empty"),
    }
    paging = {"intent": "list_cases", **view.filters}
    if view.page > 0:
        data["previous_page"] = {
            "label": translate("list.previous"),
            "data": {**paging, "page": view.page - 1},
        }
    if view.has_more:
        data["next_page"] = {
            "label": translate("list.next"),
            "data": {**paging, "page": view.page + 1},
        }
    if view.staff_note:
        data["staff_note"] = translate("list.staff_note")
    return data
