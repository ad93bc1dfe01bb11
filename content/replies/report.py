"""The answer to a report: the case opened or continued, what to do now, the templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide
from content.replies.triage import (
    alert_lines,
    judgement_lines,
    leadership_button,
    not_concerning_button,
)
from content.replies.when import deadline_lines
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
    # Set when the pupil's open case belongs to a colleague the reporter does not share it with.
    followed_by: str | None = None


@dataclass(frozen=True)
class Triage:
    """How the report reached the ladder (issue 14): the teacher's judgement (step 8), an unsafe
    school environment alone, and whether the 5-day alert came for illness."""

    judgement: bool = False
    criteria: tuple[str, ...] = ()
    unsafe_only: bool = False
    alert: bool = False
    illness: bool = False
    message_home: bool = True  # a Visma message home fits (the alert, or 1.2 steps 6-7)


def unsafe_notice(guide: Guide, translate: Translator) -> str:
    """The OBS of the ladder whatever the absence, with the duty to act and whom to tell."""
    return translate("triage.unsafe.notice", obs=guide.ladder.unsafe_environment)


def concern_reply(
    guide: Guide,
    case: CaseFacts,
    assessment: Assessment,
    deadlines: Sequence[tuple[str, datetime]],
    template_ids: Iterable[str],
    today: date,
    translate: Translator,
    triage: Triage | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """What to do now and by when, with buttons for the templates and the log."""
    level = guide.ladder.level(case.level)
    values = {"pupil": case.pupil, "group": case.group, "level": case.level, "name": level.name}
    triage = triage or Triage()
    lines = [unsafe_notice(guide, translate), ""] if case.unsafe_environment else []
    if triage.judgement:
        facts = {**values, "created": case.created}
        lines += judgement_lines(guide, facts, triage.criteria, translate)
    elif triage.unsafe_only:
        key = "triage.case.unsafe.new" if case.created else "triage.case.unsafe.continued"
        lines += [translate(key, **values)]
    elif assessment.concerning:
        key = "report.case.new" if case.created else "report.case.continued"
        lines += [translate(key, **values), translate("report.criteria")]
        lines += [f"• «{guide.ladder.criterion(c).quote}»" for c in assessment.criteria]
    else:
        lines += [translate("report.procedure_only", **values)]
    lines += ["", translate("report.do_now"), *deadline_lines(translate, deadlines, today)]
    concerning = assessment.concerning or triage.judgement
    if concerning and case.level == 0:
        lines.append(f"• {guide.ladder.level(0).actions[1]}")
    if triage.alert and case.level == 0:
        lines += ["", *alert_lines(guide, triage.illness, translate)]
    else:
        lines += ["", translate("report.document")]
    offered = set(template_ids) | (set(TEMPLATE_BUTTON_ORDER) if concerning else set())
    if not triage.message_home:
        # 2.3 is the message «Når det har kommet et varsel i Visma om høyt fravær» (issue 14)
        offered.discard("fravaersmelding")
    buttons = [
        (translate(f"report.button.{t}"), translate(f"report.button.{t}.value", pupil=case.pupil))
        for t in TEMPLATE_BUTTON_ORDER
        if t in offered
    ]
    if case.unsafe_environment:
        buttons.insert(0, leadership_button(translate, case.pupil, case.group))
    buttons.append((translate("button.log"), translate("button.log.value", pupil=case.pupil)))
    if triage.alert and case.level == 0:
        buttons.append(not_concerning_button(translate, case.pupil))
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
