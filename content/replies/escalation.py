"""Moving up the ladder: the 2.7 vulnerability mapping and the reply with the new deadlines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide
from content.replies.log import LogFields
from content.replies.when import deadline_lines

SKIPPED = "skipped"  # the 2.7 mapping left for later («hopp over»)


def vulnerability_groups(guide: Guide, translate: Callable[..., str]) -> list[dict[str, Any]]:
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
) -> tuple[str, list[str]]:
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
        translate(f"button.template.{t}", pupil=values["pupil"])
        for t in level.templates
        if t != "dokumentering"
    ][:3]
    if level.level == 2:
        # "Meld til ledelsen innen 1 uke": offered first, as Teams shows three suggestions.
        offer = translate("leadership.offer.value", pupil=values["pupil"], group=values["group"])
        buttons = [offer, *buttons[:2]]
    return "\n".join(lines), buttons


def mapping_record(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the case keeps of the mapping for the leadership report: the items, or why not."""
    if values["mapping"] == SKIPPED:
        return {"skipped": values.get("mapping_reason", "")}
    return {"items": [mark["id"] for mark in values["mapping"]]}


def mapping_log(
    guide: Guide, values: Mapping[str, Any], translate: Translator, today: date
) -> LogFields:
    """The mapping as an elevlogg entry: the marked items, or why it was skipped."""
    skipped = values["mapping"] == SKIPPED
    return LogFields(
        pupil=values["pupil"],
        group=values["group"],
        contact_date=today,
        reason=translate("triage.mapping.skipped" if skipped else "escalate.mapping.reason"),
        guardians_view=translate("escalate.mapping.guardians"),
        next_steps=values.get("mapping_reason", "")
        if skipped
        else vulnerability_text(guide, values["mapping"]),
        level=int(values["level"]),
        author=values["user_name"],
    )
