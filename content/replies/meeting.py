"""The attendance meeting (guide 2.5) in chat: the agenda filled with the pupil's facts, the
four areas asked in the guide's order with their support points, and the minutes as text for the
elevlogg. The guide's own words come from the template `naervaersmote`; nothing is rephrased."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from content.i18n import Translator
from content.models import Guide, Item, Template

TEMPLATE = "naervaersmote"
# The guide's order: "vi skal alltid se på oss selv først" (school, leisure, pupil, home).
AREAS = ("school", "leisure", "pupil", "home")
_STEP_QUESTION = dict(zip(AREAS, range(4), strict=True))  # step 4's a-d, in the same order


@dataclass(frozen=True)
class MeetingFacts:
    """What the agenda says about the pupil (first name and class, never the log's text)."""

    pupil: str
    group: str
    level: int
    criteria: tuple[str, ...]
    measures: tuple[str, ...]


def _template(guide: Guide) -> Template:
    return guide.template(TEMPLATE)


def _area(guide: Guide, area: str) -> Item:
    points = _template(guide).section_by_id("support_points")
    return next(item for item in points.items if item.id == area)


def area_title(guide: Guide, area: str) -> str:
    return _area(guide, area).text


def order_principle(guide: Guide) -> str:
    """The guide's sentence on the order of the areas, quoted as written."""
    text = _template(guide).section_by_id("support_points").text or ""
    sentences = [part.strip() for part in text.replace("\n", " ").split(". ")]
    found = next(s for s in sentences if "oss selv først" in s)
    return found if found.endswith(".") else f"{found}."


def area_question(guide: Guide, area: str, number: int, translate: Translator) -> str:
    """One area of step 4: the guide's question and its support points as prompts."""
    steps = _template(guide).section_by_id("steps")
    clarify = next(item for item in steps.items if item.id == "clarify")
    question = clarify.sub_items[_STEP_QUESTION[area]]
    item = _area(guide, area)
    lines = [
        translate("minutes.area.heading", number=number, total=len(AREAS), area=item.text),
        question,
        translate("minutes.area.points"),
        *(f"• {point}" for point in item.sub_items),
    ]
    if number == 1:
        lines = [f"«{order_principle(guide)}»", "", *lines]
    return "\n".join(lines)


def agenda(
    guide: Guide,
    facts: MeetingFacts,
    starts_at: datetime,
    attendees: str,
    translate: Translator,
) -> str:
    """The 2.5 template as the meeting's agenda: when, who, the pupil's facts, the seven steps."""
    template = _template(guide)
    level = guide.ladder.level(facts.level)
    values = {"pupil": facts.pupil, "group": facts.group}
    lines = [
        translate("meeting.agenda.title", **values),
        translate(
            "meeting.agenda.when",
            day=translate.day(starts_at.date()),
            time=translate.clock(starts_at.time()),
        ),
        translate("meeting.agenda.attendees", attendees=attendees),
        translate("meeting.agenda.level", level=level.level, name=level.name),
    ]
    lines += [f"• «{guide.ladder.criterion(c).quote}»" for c in facts.criteria]
    if facts.measures:
        lines.append(translate("meeting.agenda.measures"))
        lines += [f"• {measure}" for measure in facts.measures]
    lines += ["", f"{template.section} {template.title}", template.intro or ""]
    steps = template.section_by_id("steps")
    for number, item in enumerate(steps.items, start=1):
        lines.append(f"{number}. {item.text}")
        lines += [f"   {sub}" for sub in item.sub_items]
    return "\n".join(lines)


def minutes_text(
    guide: Guide,
    areas: Sequence[tuple[str, str]],
    summary: str,
    measures: Sequence[str],
    held_on: date,
) -> tuple[str, str, str]:
    """(reason, what was found, next steps) of the elevlogg entry, in bokmål for Visma."""
    nb = Translator("nb")
    reason = nb("minutes.log.reason", day=nb.day(held_on), section=_template(guide).section)
    found = [f"{area_title(guide, area)}: {text}" for area, text in areas]
    found.append(nb("minutes.log.summary", summary=summary))
    return reason, "\n".join(found), "\n".join(f"• {line}" for line in measures)
