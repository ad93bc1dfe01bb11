"""The answer to a report: the case opened or continued, what to do now, the templates; and
«Hvorfor?», the guide's wording behind the case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.i18n import Translator
from content.models import Guide
from content.replies.triage import (
    OBS_CRITERIA,
    alert_lines,
    judgement_lines,
    leadership_button,
    not_concerning_button,
    not_documenting_quote,
    obs_sentence,
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
) -> tuple[str, list[str]]:
    """What to do now and by when, short enough for a phone (issue 15), with at most three
    buttons: the message home, the next step, and «Hvorfor?» for the guide's wording."""
    level = guide.ladder.level(case.level)
    values = {"pupil": case.pupil, "group": case.group, "level": case.level, "name": level.name}
    triage = triage or Triage()
    lines = [unsafe_notice(guide, translate), ""] if case.unsafe_environment else []
    if triage.judgement:
        facts = {**values, "created": case.created}
        lines += judgement_lines(guide, facts, triage.criteria, translate)[:1]
    elif triage.unsafe_only:
        key = "triage.case.unsafe.new" if case.created else "triage.case.unsafe.continued"
        lines += [translate(key, **values)]
    elif assessment.concerning:
        key = "report.case.new" if case.created else "report.case.continued"
        lines += [translate(key, **values)]
    else:
        lines += [translate("report.procedure_only", **values)]
    lines += ["", translate("report.do_now"), *deadline_lines(translate, deadlines, today)]
    alert = triage.alert and case.level == 0
    if alert:
        lines += ["", alert_lines(guide, triage.illness, translate)[0]]
    concerning = assessment.concerning or triage.judgement
    offered = set(template_ids) | (set(TEMPLATE_BUTTON_ORDER) if concerning else set())
    if not triage.message_home:
        # 2.3 is the message «Når det har kommet et varsel i Visma om høyt fravær» (issue 14)
        offered.discard("fravaersmelding")
    templates = [t for t in TEMPLATE_BUTTON_ORDER if t in offered]
    buttons = [translate(f"button.template.{t}", pupil=case.pupil) for t in templates[:1]]
    if case.unsafe_environment:
        buttons = [leadership_button(translate, case.pupil, case.group)]
    if alert and triage.illness:
        buttons.append(not_concerning_button(translate, case.pupil))
    else:
        buttons.append(translate("button.log.value", pupil=case.pupil))
    buttons.append(translate("report.why.value", pupil=case.pupil))
    return "\n".join(lines), buttons


@dataclass(frozen=True)
class WhyFacts:
    """What «Hvorfor?» needs of a case: who, the level, the criteria it was opened on."""

    pupil: str
    group: str
    level: int
    criteria: tuple[str, ...] = ()


def why_reply(guide: Guide, case: WhyFacts, translate: Translator) -> tuple[str, list[str]]:
    """The guide's wording behind a case (what the case-opened reply leaves out): the criteria
    quoted (1.3), what the level asks for, and at level 0 after the 5-day alert when no
    documentation is needed (2.8); buttons for the other templates and both next steps."""
    level = guide.ladder.level(case.level)
    known = {criterion.id for criterion in guide.ladder.criteria}
    quotes = [guide.ladder.criterion(c).quote for c in case.criteria if c in known]
    lines = [translate("report.why.intro", pupil=case.pupil, group=case.group)]
    lines += [f"• «{quote}»" for quote in quotes]
    if not quotes or set(case.criteria) & set(OBS_CRITERIA):
        lines.append(f"• «{obs_sentence(guide)}»")  # the teacher's judgement (1.3's OBS)
    lines += ["", translate("escalate.actions"), *(f"• {action}" for action in level.actions)]
    alert = case.level == 0 and "visma_alert" in case.criteria
    if alert:
        lines += ["", translate("triage.alert.not_concerning_hint")]
        lines.append(f"«{not_documenting_quote(guide)}» (2.8)")
    else:
        lines += ["", translate("report.document")]
    templates = [t for t in level.templates if t != "dokumentering"]
    buttons = [translate(f"button.template.{t}", pupil=case.pupil) for t in templates[:2]]
    if alert:
        buttons = [*buttons[:1], not_concerning_button(translate, case.pupil)]
    buttons.append(translate("button.log.value", pupil=case.pupil))
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
