"""The parts of a report's answer that triage adds (issue 14): the teacher's judgement (step 8,
the OBS of 1.3), a case opened on an unsafe school environment alone, and the 5-day alert that
may turn out not worrying (2.3 example 1, 2.8). Guide texts are quoted from the guide data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from content.i18n import Translator
from content.models import CriterionId, Guide

OBS_CRITERIA = (CriterionId.OBS_WELLBEING, CriterionId.OBS_GETTING_TO_SCHOOL)


def obs_sentence(guide: Guide) -> str:
    """«OBS! Iblant kan det være grunn til å være bekymret selv om ikke noen av disse kriteriene
    er oppfylt.» without its examples, so the one example that fits can be quoted on its own."""
    return guide.ladder.obs_other_worries.split(" Eksempel")[0]


def not_documenting_quote(guide: Guide) -> str:
    """2.8: «Er det kontakt ved varsel etter fem dager, og dette ikke er bekymringsfullt, er det
    ikke behov for å dokumentere.»"""
    text = guide.documentation.log_kinds[0].text
    return next(p.strip() for p in text.split("\n") if p.startswith("Er det kontakt ved varsel"))


def judgement_lines(
    guide: Guide, values: Mapping[str, Any], criteria: Iterable[str], translate: Translator
) -> list[str]:
    """Honest wording: the teacher judges it worrying; the guide's OBS and the example quoted."""
    key = "triage.case.judgement.new" if values["created"] else "triage.case.judgement.continued"
    step = guide.procedure.steps[7]
    lines = [translate(key, **values), translate("triage.judgement.guide")]
    lines.append(f"• «{step.what}» (1.2, trinn 8)")
    lines.append(f"• «{obs_sentence(guide)}»")
    for criterion in criteria:
        if criterion in OBS_CRITERIA:
            lines.append(f"• {translate('triage.judgement.example')} «{_quote(guide, criterion)}»")
    return lines


def _quote(guide: Guide, criterion: str) -> str:
    return guide.ladder.criterion(criterion).quote


def alert_lines(guide: Guide, illness: bool, translate: Translator) -> list[str]:
    """After the 5-day alert: contact the home with 2.3's message, then decide (2.8)."""
    example = "triage.alert.example_1" if illness else "triage.alert.example_2"
    return [
        translate(example),
        translate("triage.alert.not_concerning_hint"),
        f"«{not_documenting_quote(guide)}» (2.8)",
    ]


def not_concerning_button(translate: Translator, pupil: str) -> str:
    return translate("triage.button.not_concerning.value", pupil=pupil)


def leadership_button(translate: Translator, pupil: str, group: str) -> str:
    return translate("leadership.offer.value", pupil=pupil, group=group)
