"""The measure ladder ("tiltakstrappa", guide 1.3) and where to document (guide 2.8).

Levels follow the BTI model the guide refers to:
0 "Oppdage og utforske": contact the guardians the same day, a wondering talk if needed.
1 "Videre oppfølging": measures with pupil and guardians, evaluated after 3 weeks.
2 "Samarbeid med flere": report to leadership within 1 week, map vulnerability (2.7),
  attendance meeting, measures evaluated after 3 weeks.
3 "Langvarig koordinert samarbeid": interdisciplinary cooperation within 3 weeks.
Template ids name the forms in part 2 of the guide; their texts live in the guide data.
"""

from __future__ import annotations

from typing import cast

from content.loader import guide
from content.models import LogKindId
from content.rules.deadlines import DeadlineRule, RuleKind

LEVELS: tuple[int, ...] = (0, 1, 2, 3)

# What each level requires is the guide's data (content/guide/ladder.yaml): its time limits
# and the forms it links. Documentation (2.8) belongs to every level and is not a level's form.
DOCUMENTATION = "dokumentering"


def _checked(level: int) -> int:
    if isinstance(level, bool) or level not in LEVELS:
        raise ValueError(f"the measure ladder has levels 0-3, not {level!r}")
    return level


def level_requirements(level: int) -> tuple[DeadlineRule, ...]:
    """The time limits that start when a pupil's case reaches `level`."""
    limits = guide().ladder.level(_checked(level)).time_limits
    return tuple(
        DeadlineRule(limit.kind.value, cast(RuleKind, limit.rule.value), limit.weeks or 0)
        for limit in limits
    )


def level_templates(level: int) -> tuple[str, ...]:
    """Ids of the guide's forms that belong to `level`, in the guide's order."""
    templates = guide().ladder.level(_checked(level)).templates
    return tuple(template for template in templates if template != DOCUMENTATION)


def log_kind(level: int) -> LogKindId:
    """Guide 2.8: the shared absence log is only for first contact at level 0; from level 1
    the pupil has an own log ("elevlogg")."""
    return LogKindId.ABSENCE_LOG if _checked(level) == 0 else LogKindId.PUPIL_LOG
