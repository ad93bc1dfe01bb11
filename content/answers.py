"""Answers composed from the guide: the bot's frame (catalog text) around the guide's own words.

Pure functions of the guide and a translator, so they are tested without botbuilder and the
dialogs only send what they return. Replies stay short enough for a phone; a full template is
only sent when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide, LadderLevel, ProcedureStep
from content.rules import Assessment

Translate = Callable[..., str]
UNDRINGSSAMTALE = ("undringssamtale_1", "undringssamtale_2")


def _limits(level: LadderLevel, translate: Translate) -> str:
    texts = [limit.text for limit in level.time_limits]
    return ", ".join(texts) if texts else translate("ladder.no_limits")


def ladder_overview(guide: Guide, translate: Translate) -> str:
    lines = [translate("ladder.overview.heading")]
    for level in guide.ladder.levels:
        lines.append(
            translate(
                "ladder.overview.line",
                level=level.level,
                name=level.name,
                limits=_limits(level, translate),
            )
        )
    lines.append("")
    lines.append(guide.ladder.unsafe_environment)
    lines.append(translate("ladder.overview.pick"))
    return "\n".join(lines)


def level_details(guide: Guide, number: int, translate: Translate) -> str:
    level = guide.ladder.level(number)
    actions = "\n".join(f"• {action}" for action in level.actions)
    titles = ", ".join(guide.template(t).title for t in level.templates)
    return translate(
        "ladder.level",
        level=level.level,
        name=level.name,
        actions=actions,
        limits=_limits(level, translate),
        templates=titles,
    )


def _step_line(step: ProcedureStep) -> str:
    who = ", ".join(step.who)
    return f"{step.number}. {step.what}\n   ⏱ {step.when} · 👤 {who}"


def procedure_parts(guide: Guide, translate: Translate) -> list[str]:
    """The 8 steps in two messages: every day at school start, and when there is absence."""
    steps = guide.procedure.steps
    daily = [translate("procedure.heading.routine"), *(_step_line(s) for s in steps[:4])]
    absence = [translate("procedure.heading.absence"), *(_step_line(s) for s in steps[4:])]
    return ["\n".join(daily), "\n".join(absence)]


def template_menu(guide: Guide, translate: Translate) -> str:
    lines = [translate("templates.menu.heading")]
    for part in (2, 3):
        lines.append(translate(f"templates.menu.part{part}"))
        lines.extend(
            f"• {template.section} {template.title}"
            for template in guide.templates.values()
            if template.part == part
        )
    return "\n".join(lines)


def template_choices(guide: Guide) -> list[tuple[str, str]]:
    """(button title, template id) for every template, in guide order."""
    ordered = sorted(guide.templates.values(), key=lambda t: tuple(map(int, t.section.split("."))))
    return [(f"{t.section} {t.title}", t.id) for t in ordered]


def month_tasks(guide: Guide, month: int, translate: Translator) -> str:
    entry = guide.annual_wheel.months[month]
    name = translate.month(month)
    if not entry.tasks:
        return translate("wheel.empty", month=name, note=entry.note or "")
    tasks = "\n".join(f"• {task}" for task in entry.tasks)
    text = translate("wheel.month", month=name, tasks=tasks)
    if entry.templates:
        titles = ", ".join(guide.template(t).title for t in entry.templates)
        text += "\n" + translate("wheel.templates", templates=titles)
    return text


# Casework replies ---------------------------------------------------------------------------

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


def _log_lines(guide: Guide, entry: LogFields, translate: Translator, bold: bool) -> list[str]:
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
    mark = "**" if bold else ""
    return [f"{mark}{labels[key]}:{mark} {value}" for key, value in shown.items()]


def log_kind_name(guide: Guide, level: int) -> str:
    return guide.documentation.log_kind_for(level).name


def log_summary(guide: Guide, entry: LogFields, translate: Translator) -> str:
    heading = translate("log.summary", kind=log_kind_name(guide, entry.level))
    return "\n".join([heading, *_log_lines(guide, entry, translate, bold=True)])


def visma_text(
    guide: Guide,
    entry: LogFields,
    next_due: tuple[str, datetime] | None,
    today: date,
    translate: Translator,
) -> str:
    """The saved entry as plain text to paste into Visma Sikker sak, and what comes next."""
    kind = log_kind_name(guide, entry.level)
    block = "\n".join([kind, *_log_lines(guide, entry, translate, bold=False)])
    lines = [translate("log.saved", kind=kind), "", block, ""]
    if next_due is None:
        lines.append(translate("log.no_deadline"))
    else:
        lines.append(translate("log.next", line=deadline_lines(translate, [next_due], today)[0]))
    return "\n".join(lines)
