"""The cooperation agreement of guide 2.6 (samarbeidsavtale): the card, and the text for the
elevlogg in Visma, which is always bokmål with the guide's own field names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from content.i18n import Translator
from content.models import Guide

TEMPLATE = "samarbeidsavtale"


@dataclass(frozen=True)
class GoalView:
    goal: str
    responsible: str
    measure: str
    evaluate_on: date | None
    status: str


@dataclass(frozen=True)
class AgreementView:
    case_id: int
    pupil: str
    group: str
    situation: str
    main_goal: str
    goals: tuple[GoalView, ...]
    evaluate_on: date | None


def labels(guide: Guide) -> dict[str, str]:
    """The form's field names as the guide prints them (Elev, Status (…), Hovedmål, Delmål, …)."""
    template = guide.template(TEMPLATE)
    items = [
        *template.section_by_id("agreement").items,
        *template.section_by_id("sub_goals").items,
    ]
    return {item.id: item.text for item in items if item.id}


def principle(guide: Guide) -> str:
    """The guide's principle shown with the sub-goals: challenge step by step, not avoidance."""
    text = guide.template(TEMPLATE).section_by_id("principle").text or ""
    first = text.replace("\n", " ").split(". ")[0].strip()
    return f"«{first}.»"


def _day(translate: Translator, day: date | None) -> str:
    return translate.day(day) if day else translate("agreement.no_date")


def _rows(guide: Guide, view: AgreementView, translate: Translator) -> list[tuple[str, str]]:
    names = labels(guide)
    return [
        (names["pupil"], f"{view.pupil} ({view.group})"),
        (names["status"], view.situation),
        (names["main_goal"], view.main_goal),
    ]


def _goal_rows(guide: Guide, goal: GoalView, translate: Translator) -> list[tuple[str, str]]:
    names = labels(guide)
    return [
        (names["sub_goal"], goal.goal),
        (names["responsible"], goal.responsible),
        (names["measure"], goal.measure),
        (names["evaluation_deadline"], _day(translate, goal.evaluate_on)),
        (translate("agreement.measure_status"), translate(f"agreement.status.{goal.status}")),
    ]


def agreement_card(
    guide: Guide, view: AgreementView, translate: Translator, actions: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """Data for the `agreement` card."""
    title = guide.template(TEMPLATE).section_by_id("agreement").title or ""
    return {
        "title": f"{title}: {view.pupil} ({view.group})",
        "facts": [{"label": k, "value": v} for k, v in _rows(guide, view, translate)],
        "principle": principle(guide),
        "goals": [
            {
                "heading": translate("agreement.goal_heading", number=n),
                "facts": [{"label": k, "value": v} for k, v in _goal_rows(guide, goal, translate)],
            }
            for n, goal in enumerate(view.goals, start=1)
        ],
        "next": translate("agreement.next", day=_day(translate, view.evaluate_on)),
        "actions": list(actions),
    }


def visma_agreement(guide: Guide, view: AgreementView) -> str:
    """Every field of 2.6, in bokmål, to paste into the elevlogg."""
    nb = Translator("nb")
    lines = [nb("agreement.visma.heading")]
    lines += [f"{label}: {value}" for label, value in _rows(guide, view, nb)]
    for number, goal in enumerate(view.goals, start=1):
        lines += ["", nb("agreement.goal_heading", number=number)]
        lines += [f"{label}: {value}" for label, value in _goal_rows(guide, goal, nb)]
    lines += ["", nb("agreement.next", day=_day(nb, view.evaluate_on))]
    return "\n".join(lines)
