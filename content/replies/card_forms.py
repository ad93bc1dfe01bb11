"""One-card forms beside the log's (issue 15): the 3-week evaluation and the escalation's measure,
as the data of their cards, and what a used one becomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from content.i18n import Translator

EVALUATE_FIELDS = ("outcome", "next", "adjustment", "note")
ESCALATE_FIELDS = ("measure", "responsible")


def _choices(translate: Translator, slot: str, ids: Sequence[str]) -> list[dict[str, str]]:
    """A choice input's options: the typed question's button labels, sending the choice's id."""
    return [{"title": translate(f"slot.{slot}.{choice}"), "value": choice} for choice in ids]


def evaluate_form(
    translate: Translator,
    *,
    case: tuple[str, str],
    values: Mapping[str, str],
    outcomes: Sequence[str],
    nexts: Sequence[str],
    save_data: dict[str, Any],
    errors: Sequence[str],
) -> dict[str, Any]:
    """Data for the `evaluate_form` card, filled with `values` (the defaults, or what the user
    typed), with `errors` on top. `case`: pupil, group."""
    pupil, group = case
    return {
        "title": translate("cardforms.evaluate.title"),
        "subtitle": f"{pupil} ({group})",
        "errors": list(errors),
        "labels": {
            "outcome": translate("cardforms.evaluate.outcome"),
            "next": translate("cardforms.evaluate.next"),
            "adjustment": translate("cardforms.evaluate.adjustment"),
            "note": translate("slot.note.ask"),
        },
        "values": {name: values.get(name, "") for name in EVALUATE_FIELDS},
        "placeholders": {"adjustment": translate("cardforms.evaluate.adjustment_placeholder")},
        "outcomes": _choices(translate, "outcome", outcomes),
        "nexts": _choices(translate, "next", nexts),
        "required": translate("cards.required"),
        "save": translate("button.save"),
        "save_data": save_data,
    }


def escalate_form(
    translate: Translator,
    *,
    case: tuple[str, str, int],
    values: Mapping[str, str],
    last_step: bool,
    save_data: dict[str, Any],
    errors: Sequence[str],
) -> dict[str, Any]:
    """Data for the `escalate_form` card: the measure and who is responsible. `case`: pupil,
    group, the level moved to; `last_step`: the button saves (level 1), else more follows."""
    pupil, group, level = case
    return {
        "title": translate("cardforms.escalate.title", level=level),
        "subtitle": f"{pupil} ({group})",
        "errors": list(errors),
        "labels": {
            "measure": translate("cardforms.escalate.measure"),
            "responsible": translate("slot.responsible.ask"),
        },
        "values": {name: values.get(name, "") for name in ESCALATE_FIELDS},
        "placeholders": {"measure": translate("cardforms.escalate.measure_placeholder")},
        "hint": translate("cardforms.escalate.hint"),
        "required": translate("cards.required"),
        "save": translate("button.save" if last_step else "cardforms.escalate.next"),
        "save_data": save_data,
    }


def form_done(title: str, facts: Sequence[tuple[str, str]], status: str) -> dict[str, Any]:
    """Data for the `done` card a used form becomes: what was sent, and the status; no buttons."""
    return {
        "title": title,
        "subtitle": "",
        "facts": [{"label": label, "value": value} for label, value in facts],
        "status": status,
    }
