"""Answers composed from the guide: the bot's frame (catalog text) around the guide's own words.

Pure functions of the guide and a translator, so they are tested without botbuilder and the
dialogs only send what they return. Replies stay short enough for a phone; a full template is
only sent when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from content.i18n import Translator
from content.models import Guide, LadderLevel, ProcedureStep

Translate = Callable[..., str]
UNDRINGSSAMTALE = ("undringssamtale_1", "undringssamtale_2")


def _limits(level: LadderLevel, translate: Translate) -> str:
    texts = [limit.text for limit in level.time_limits]
    return ", ".join(texts) if texts else translate("ladder.no_limits")


def ladder_overview(guide: Guide, translate: Translate) -> dict[str, Any]:
    """Data for the `ladder_overview` card: each level with its time limits, and the OBS."""
    return {
        "title": translate("ladder.overview.heading"),
        "levels": [
            {
                "level": level.level,
                "name": level.name,
                "limits": _limits(level, translate),
                "button": translate("ladder.button", level=level.level),
            }
            for level in guide.ladder.levels
        ],
        "unsafe_notice": guide.ladder.unsafe_environment,
    }


def level_details(guide: Guide, number: int, translate: Translate) -> dict[str, Any]:
    """Data for the `ladder_level` card: the level's actions, limits and templates."""
    level = guide.ladder.level(number)
    return {
        "title": translate("ladder.level.title", level=level.level, name=level.name),
        "actions": list(level.actions),
        "limits_label": translate("ladder.limits"),
        "limits": _limits(level, translate),
        "templates": [{"id": t, "title": guide.template(t).title} for t in level.templates],
        "template_button": translate("ladder.template_button"),
    }


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
