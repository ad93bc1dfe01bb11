"""Replies about cases: what to do now and by when, log summaries, status, escalation.

Pure functions of the guide, plain values and a translator; the dialogs send what they return.
Dates are formatted here (babel, the user's language), never in the dialogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide
from content.rules import Assessment

TEMPLATE_BUTTON_ORDER = ("fravaersmelding", "telefonsamtale", "undringssamtale_1")


@dataclass(frozen=True)
class CaseFacts:
    """What a reply needs to know about a case, without the storage model."""

    pupil: str
    group: str
    level: int
    created: bool = False
    unsafe_environment: bool = False


def due_phrase(translate: Translator, due_at: datetime, today: date) -> str:
    """ "i dag, torsdag 26. november kl. 15.00" or "fredag 18. desember"; `due_at` is local."""
    day = due_at.date()
    if day == today:
        return translate(
            "when.today", day=translate.short_day(day), time=translate.clock(due_at.time())
        )
    if day.year == today.year:
        return translate("when.on", day=translate.short_day(day))
    return translate("when.on", day=translate.day(day))


def deadline_lines(
    translate: Translator, deadlines: Sequence[tuple[str, datetime]], today: date
) -> list[str]:
    return [
        translate(
            "deadline.line",
            what=translate(f"deadline.{kind}"),
            when=due_phrase(translate, at, today),
        )
        for kind, at in deadlines
    ]


def unsafe_notice(guide: Guide, translate: Translator) -> str:
    return translate("unsafe.notice", obs=guide.ladder.unsafe_environment)


def concern_reply(
    guide: Guide,
    case: CaseFacts,
    assessment: Assessment,
    deadlines: Sequence[tuple[str, datetime]],
    template_ids: Iterable[str],
    today: date,
    translate: Translator,
) -> tuple[str, list[tuple[str, str]]]:
    """What to do now and by when, with buttons for the templates and the log."""
    level = guide.ladder.level(case.level)
    values = {"pupil": case.pupil, "group": case.group, "level": case.level, "name": level.name}
    if assessment.concerning:
        key = "report.case.new" if case.created else "report.case.continued"
        lines = [translate(key, **values), translate("report.criteria")]
        lines += [f"• «{guide.ladder.criterion(c).quote}»" for c in assessment.criteria]
    else:
        lines = [translate("report.procedure_only", **values)]
    lines += ["", translate("report.do_now"), *deadline_lines(translate, deadlines, today)]
    if assessment.concerning and case.level == 0:
        lines.append(f"• {guide.ladder.level(0).actions[1]}")
    if case.unsafe_environment:
        lines += ["", unsafe_notice(guide, translate)]
    lines += ["", translate("report.document")]
    offered = set(template_ids) | (set(TEMPLATE_BUTTON_ORDER) if assessment.concerning else set())
    buttons = [
        (translate(f"report.button.{t}"), translate(f"report.button.{t}.value", pupil=case.pupil))
        for t in TEMPLATE_BUTTON_ORDER
        if t in offered
    ]
    buttons.append((translate("button.log"), translate("button.log.value", pupil=case.pupil)))
    return "\n".join(lines), buttons


def not_concerning_reply(
    guide: Guide, assessment: Assessment, values: Mapping[str, Any], translate: Translator
) -> str:
    pupil = values.get("pupil", "")
    if assessment.travel_exception:
        return translate(
            "report.not_concerning.travel", pupil=pupil, quote=guide.ladder.travel_exception
        )
    return translate("report.not_concerning", pupil=pupil, obs=guide.ladder.obs_other_worries)


@dataclass(frozen=True)
class LogFields:
    """The 7 fields of guide 2.8 for one contact with the home."""

    pupil: str
    group: str
    contact_date: date
    reason: str
    guardians_view: str
    next_steps: str
    level: int
    author: str


def _log_pairs(guide: Guide, entry: LogFields, translate: Translator) -> list[tuple[str, str]]:
    labels = {field.id: field.label for field in guide.documentation.fields}
    shown = {
        "pupil": f"{entry.pupil} ({entry.group})",
        "contact_date": translate.day(entry.contact_date),
        "reason": entry.reason,
        "guardians_view": entry.guardians_view,
        "next_steps": entry.next_steps,
        "level": str(entry.level),
        "author": entry.author,
    }
    return [(labels[key], value) for key, value in shown.items()]


def log_kind_name(guide: Guide, level: int) -> str:
    return guide.documentation.log_kind_for(level).name


def log_summary(guide: Guide, entry: LogFields, translate: Translator) -> dict[str, Any]:
    """Data for the `log_summary` card: the 7 fields to check, with Lagre / Endre."""
    return {
        "title": translate("log.summary", kind=log_kind_name(guide, entry.level)),
        "fields": [
            {"label": label, "value": value} for label, value in _log_pairs(guide, entry, translate)
        ],
        "save": translate("button.save"),
        "edit": translate("button.edit"),
    }


def visma_text(
    guide: Guide,
    entry: LogFields,
    next_due: tuple[str, datetime] | None,
    today: date,
    translate: Translator,
) -> str:
    """The saved entry as plain text to paste into Visma Sikker sak, and what comes next."""
    kind = log_kind_name(guide, entry.level)
    pairs = _log_pairs(guide, entry, translate)
    block = "\n".join([kind, *(f"{label}: {value}" for label, value in pairs)])
    lines = [translate("log.saved", kind=kind), "", block, ""]
    if next_due is None:
        lines.append(translate("log.no_deadline"))
    else:
        lines.append(translate("log.next", line=deadline_lines(translate, [next_due], today)[0]))
    return "\n".join(lines)


def vulnerability_groups(guide: Guide, translate: Translator) -> list[dict[str, Any]]:
    """The 2.7 form's groups with stable item ids ("social_2"), for the mapping card."""
    template = guide.template("kartlegging_sarbarhet")
    return [
        {
            "title": section.title or translate("slot.mapping.untitled"),
            "items": [
                {"id": f"{section.id}_{n}", "text": item.text}
                for n, item in enumerate(section.items)
            ],
        }
        for section in template.sections
        if section.style == "table"
    ]


def vulnerability_items(guide: Guide) -> list[tuple[str, str]]:
    groups = vulnerability_groups(guide, lambda key, **values: "")
    return [(item["id"], item["text"]) for group in groups for item in group["items"]]


def vulnerability_text(guide: Guide, marked: Sequence[Mapping[str, str]]) -> str:
    """The marked items with their comments, as one line each, in the form's order."""
    texts = dict(vulnerability_items(guide))
    lines = []
    for mark in marked:
        comment = f": {mark['comment']}" if mark.get("comment") else ""
        lines.append(f"• {texts[mark['id']]}{comment}")
    return "\n".join(lines)


def escalation_reply(
    guide: Guide,
    values: Mapping[str, Any],
    deadlines: Sequence[tuple[str, datetime]],
    today: date,
    translate: Translator,
) -> tuple[str, list[tuple[str, str]]]:
    level = guide.ladder.level(int(values["level"]))
    lines = [
        translate(
            "escalate.done",
            pupil=values["pupil"],
            group=values["group"],
            level=level.level,
            name=level.name,
        ),
        "",
        translate("escalate.deadlines"),
        *deadline_lines(translate, deadlines, today),
        "",
        translate("escalate.actions"),
        *(f"• {action}" for action in level.actions),
    ]
    buttons = [
        (
            guide.template(t).title,
            translate(f"template.say.{t}") + " " + translate("for_pupil", pupil=values["pupil"]),
        )
        for t in level.templates
        if t != "dokumentering"
    ][:3]
    if level.level == 2:
        # "Meld til ledelsen innen 1 uke": offered first, as Teams shows three suggestions.
        offer = translate("leadership.offer.value", pupil=values["pupil"], group=values["group"])
        buttons = [(translate("leadership.offer.button"), offer), *buttons[:2]]
    return "\n".join(lines), buttons


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
    guide: Guide, view: StatusView, now: datetime, translate: Translator
) -> dict[str, Any]:
    """Data for the `case_status` card; `now` and the deadlines are local times."""
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
            "date": translate.short_day(at.date()),
            "overdue": at < now,
        }
        for kind, at in view.deadlines
    ]
    actions = [
        (translate("button.log"), {"intent": "log_contact"}),
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
    """One page of a case list; a row is (id, pupil, group, level, owner, next due, overdue)."""

    rows: tuple[tuple[int, str, str, int, str, datetime | None, bool], ...]
    counts: Mapping[int, int]
    page: int
    has_more: bool
    everyone: bool
    staff_note: bool
    filters: Mapping[str, Any]


def case_list_card(view: ListView, translate: Translator) -> dict[str, Any]:
    rows = [
        {
            "pupil": pupil,
            "group": group,
            "level": level,
            "owner": owner,
            "next_deadline": translate.short_day(due.date()) if due else "–",
            "overdue": overdue,
            "case_id": case_id,
        }
        for case_id, pupil, group, level, owner, due, overdue in view.rows
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
