"""A log entry (the 7 fields of guide 2.8): the summary card to check, and the text to paste
into Visma Sikker sak."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide
from content.replies.when import deadline_lines


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


def visma_lines(guide: Guide, entry: LogFields, records: Translator) -> list[str]:
    """The entry as the lines to paste into Visma Sikker sak, in the school's Norwegian."""
    pairs = _log_pairs(guide, entry, records)
    return [log_kind_name(guide, entry.level), *(f"{label}: {value}" for label, value in pairs)]


def saved_card(
    guide: Guide,
    entry: LogFields,
    next_due: tuple[str, datetime] | None,
    today: date,
    translate: Translator,
    records: Translator | None = None,
    *,
    heading: str | None = None,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Data for the `visma_text` card: the saved entry as a block to copy whole (a CodeBlock in
    Teams, one line per line elsewhere), then what comes next; the entry itself in the school's
    Norwegian (`records`), whatever the user's language."""
    kind = log_kind_name(guide, entry.level)
    lines = visma_lines(guide, entry, records or Translator("nb"))
    if next_due is None:
        after = [translate("log.no_deadline")]
    else:
        after = [translate("log.next", line=deadline_lines(translate, [next_due], today)[0])]
    return {
        "heading": heading,
        "title": translate("log.saved", kind=kind),
        "text": "\n".join(lines),
        "lines": lines,
        "after": [line for text in [*after, *notes] for line in text.split("\n") if line],
    }


FORM_FIELDS = ("contact_date", "level", "reason", "guardians_view", "next_steps", "author")


def log_form(
    guide: Guide,
    translate: Translator,
    *,
    case: tuple[str, str, int],
    values: dict[str, str],
    today: date,
    save_data: dict[str, Any],
    errors: list[str],
) -> dict[str, Any]:
    """Data for the `log_form` card: guide 2.8's fields on one card, filled with `values`
    (the defaults, or what the user typed), with `errors` on top. `case`: pupil, group, level."""
    pupil, group, current_level = case
    # Short labels on a phone; the guide's full wording is in the summary and the Visma text.
    labels = {name: translate(f"field.{name}") for name in FORM_FIELDS}
    # The date asks the form's first question: the card is sent without a text above it.
    labels["contact_date"] = translate("slot.contact_date.ask")
    labels["guardians_view"] = translate("slot.guardians_view.ask")
    return {
        "title": translate("cards.log.title", kind=log_kind_name(guide, current_level)),
        "subtitle": f"{pupil} ({group})",
        "errors": errors,
        "labels": labels,
        "values": {name: values.get(name, "") for name in FORM_FIELDS},
        "placeholders": {
            "guardians_view": translate("cards.log.placeholder.guardians_view"),
            "next_steps": translate("cards.log.placeholder.next_steps"),
        },
        "levels": [
            {"title": translate("slot.level.button", level=n), "value": str(n)}
            for n in range(current_level, 4)
        ],
        "today": today.isoformat(),
        "required": translate("cards.required"),
        "save": translate("button.save"),
        "save_data": save_data,
    }


def log_done(guide: Guide, entry: LogFields, translate: Translator, status: str) -> dict[str, Any]:
    """Data for the `done` card a used log card becomes: whose entry, when, by whom, and the
    status; short, as the whole entry follows in the Visma text. No buttons."""
    return {
        "title": translate(
            "cards.log.done_title",
            kind=log_kind_name(guide, entry.level),
            pupil=entry.pupil,
            group=entry.group,
        ),
        "subtitle": "",
        "facts": [
            {"label": translate("field.contact_date"), "value": translate.day(entry.contact_date)},
            {"label": translate("field.author"), "value": entry.author},
        ],
        "status": status,
    }
