"""When school absence is worrying ("Bekymringsfullt skolefravær er", guide 1.3).

Facts are tri-state: None means nobody has said yet. `assess` decides on what is known and
lists in `missing` the unknown facts worth asking next, so a dialog can ask only those, in
order, and stop as soon as the absence is found worrying (one reason is enough to act).

Decisions where the guide leaves room:
- Five or more days absent means the Visma alert has fired (the alert comes after five days,
  documented or not), even if `visma_alert` says otherwise.
- The travel exception needs the school to KNOW about the travel; until someone says so, an
  alert counts as worrying only once `known_travel` is answered.
- "Late more than three times a month" holds from four late arrivals in a week or a month.
- The OBS examples (the pupil does not thrive, it is hard to get the pupil to school) make the
  absence worrying; `needs_judgement` tells that only such an example holds.
- An unsafe school environment is not a criterion of its own: it is reported separately
  because the school's own plan for it must be used (the OBS box of the ladder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Literal

from content.models import CriterionId

OBS_CRITERIA: frozenset[str] = frozenset(
    {CriterionId.OBS_WELLBEING, CriterionId.OBS_GETTING_TO_SCHOOL}
)
ALERT_AFTER_DAYS = 5
LATE_ARRIVALS_OVER = 3


@dataclass(frozen=True)
class AbsenceFacts:
    """What staff have told about one pupil's absence; None means not asked or not known."""

    days_absent: int | None = None
    consecutive_days: int | None = None
    visma_alert: bool | None = None
    known_travel: bool | None = None
    documented: bool | None = None
    other_code_unspecified: bool | None = None
    late_count: int | None = None
    late_period: Literal["week", "month"] | None = None
    leaves_class: bool | None = None
    wellbeing_concern: bool | None = None
    hard_to_get_to_school: bool | None = None
    unsafe_environment: bool | None = None

    def __post_init__(self) -> None:
        for name in ("days_absent", "consecutive_days", "late_count"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} cannot be negative: {value}")
        if self.late_period not in (None, "week", "month"):
            raise ValueError(f"late_period must be 'week' or 'month', not {self.late_period!r}")


# The order a dialog should ask in: the alert decides whether travel matters, and travel is
# cheaper to ask about than documentation.
ASKING_ORDER: tuple[str, ...] = (
    "days_absent",
    "visma_alert",
    "known_travel",
    "documented",
    "late_count",
    "late_period",
    "leaves_class",
    "wellbeing_concern",
    "hard_to_get_to_school",
)
FACT_NAMES: tuple[str, ...] = tuple(field.name for field in fields(AbsenceFacts))


@dataclass(frozen=True)
class Assessment:
    concerning: bool
    criteria: tuple[CriterionId, ...]
    travel_exception: bool
    missing: tuple[str, ...]
    unsafe_environment: bool

    @property
    def needs_judgement(self) -> bool:
        """Worrying only through the guide's OBS examples, which call for a person's judgement."""
        return self.concerning and all(c in OBS_CRITERIA for c in self.criteria)


# A criterion's verdict: True, False, or None with the facts that would settle it.
_Verdict = tuple[bool | None, tuple[str, ...]]


def alert_fired(facts: AbsenceFacts) -> bool | None:
    """Whether the Visma high-absence alert has come, from the alert itself or the day count."""
    # Days in a row are days absent too.
    days = max(facts.days_absent or 0, facts.consecutive_days or 0)
    if facts.visma_alert or days >= ALERT_AFTER_DAYS:
        return True
    if facts.visma_alert is False or facts.days_absent is not None:
        return False
    return None


def _visma_alert(facts: AbsenceFacts) -> _Verdict:
    fired = alert_fired(facts)
    if fired is None:
        return None, ("days_absent", "visma_alert")
    if not fired:
        return False, ()
    if facts.known_travel is None:
        return None, ("known_travel",)
    return not facts.known_travel, ()


def _undocumented(facts: AbsenceFacts) -> _Verdict:
    if facts.documented is None:
        return None, ("documented",)
    return not facts.documented, ()


def _late_arrivals(facts: AbsenceFacts) -> _Verdict:
    if facts.late_count is None:
        return None, ("late_count",)
    if facts.late_count <= LATE_ARRIVALS_OVER:
        return False, ()
    if facts.late_period is None:
        return None, ("late_period",)
    return True, ()


def _yes_no(name: str) -> Callable[[AbsenceFacts], _Verdict]:
    def verdict(facts: AbsenceFacts) -> _Verdict:
        value = getattr(facts, name)
        return (None, (name,)) if value is None else (value, ())

    return verdict


# In the guide's order.
_CRITERIA: tuple[tuple[CriterionId, Callable[[AbsenceFacts], _Verdict]], ...] = (
    (CriterionId.VISMA_ALERT, _visma_alert),
    (CriterionId.UNDOCUMENTED, _undocumented),
    (CriterionId.LATE_ARRIVALS, _late_arrivals),
    (CriterionId.LEAVES_CLASS, _yes_no("leaves_class")),
    (CriterionId.OBS_WELLBEING, _yes_no("wellbeing_concern")),
    (CriterionId.OBS_GETTING_TO_SCHOOL, _yes_no("hard_to_get_to_school")),
)


def assess(facts: AbsenceFacts) -> Assessment:
    """Apply the guide's criteria to what is known so far."""
    verdicts = [(criterion, rule(facts)) for criterion, rule in _CRITERIA]
    held = tuple(criterion for criterion, (holds, _) in verdicts if holds)
    concerning = bool(held)
    unknown = {fact for _, (holds, asks) in verdicts if holds is None for fact in asks}
    missing = () if concerning else tuple(f for f in ASKING_ORDER if f in unknown)
    travel_exception = not concerning and alert_fired(facts) is True and facts.known_travel is True
    return Assessment(
        concerning=concerning,
        criteria=held,
        travel_exception=travel_exception,
        missing=missing,
        unsafe_environment=facts.unsafe_environment is True,
    )
