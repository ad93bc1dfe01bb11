"""The guide «Nærværsløftet» as typed data.

Every model forbids unknown keys and is frozen: a typo in a data file must fail at start-up, not
show up as a missing sentence in a chat, and the one cached `Guide` is shared by every turn.
The invariants checked here are the ones other packages rely on (levels 0..3, steps 1..8,
twelve months, the template ids of the contract), so they cannot drift silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

TEMPLATE_IDS: tuple[str, ...] = (
    "undringssamtale_1",
    "undringssamtale_2",
    "fravaersmelding",
    "telefonsamtale",
    "naervaersmote",
    "samarbeidsavtale",
    "kartlegging_sarbarhet",
    "dokumentering",
    "sosiogram",
    "samtaleblomst",
    "samtaleskjema",
    "sjekkliste",
    "elevstemme",
    "relasjonskartlegging",
    "banking_time",
)


class CriterionId(StrEnum):
    """The guide's criteria for worrying absence (1.3), in the guide's order; the two OBS
    examples are the teacher's judgement."""

    VISMA_ALERT = "visma_alert"
    UNDOCUMENTED = "undocumented"
    LATE_ARRIVALS = "late_arrivals"
    LEAVES_CLASS = "leaves_class"
    OBS_WELLBEING = "obs_wellbeing"
    OBS_GETTING_TO_SCHOOL = "obs_getting_to_school"


CONCERN_IDS: tuple[str, ...] = tuple(criterion.value for criterion in CriterionId)


class DeadlineKind(StrEnum):
    CONTACT_GUARDIANS = "contact_guardians"
    ASK_OTHER_CODE_CAUSE = "ask_other_code_cause"
    REPORT_TO_LEADERSHIP = "report_to_leadership"
    EVALUATE_MEASURES = "evaluate_measures"
    START_INTERDISCIPLINARY = "start_interdisciplinary"
    NEXT_CONTACT = "next_contact"


class TimeRule(StrEnum):
    SAME_DAY = "same_day"
    AFTER_DAYS = "after_days"
    WITHIN_WEEKS = "within_weeks"
    AFTER_WEEKS = "after_weeks"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(values: list[str], what: str) -> None:
    duplicates = sorted({value for value in values if values.count(value) > 1})
    if duplicates:
        raise ValueError(f"duplicate {what}: {', '.join(duplicates)}")


class TimeLimit(_Strict):
    """A deadline as data; `text` keeps the guide's own words ("innen 1 uke")."""

    kind: DeadlineKind
    rule: TimeRule
    weeks: int | None = Field(default=None, ge=1)
    days: int | None = Field(default=None, ge=1)
    text: Text

    @model_validator(mode="after")
    def _amount_fits_rule(self) -> Self:
        needs = {
            TimeRule.SAME_DAY: (False, False),
            TimeRule.AFTER_DAYS: (False, True),
            TimeRule.WITHIN_WEEKS: (True, False),
            TimeRule.AFTER_WEEKS: (True, False),
        }[self.rule]
        if (self.weeks is not None, self.days is not None) != needs:
            raise ValueError(f"rule {self.rule} takes weeks={needs[0]}, days={needs[1]}")
        return self

    def delay(self) -> timedelta:
        """Calendar time from the triggering day to the deadline; school days are not our job."""
        return timedelta(days=self.days or 0, weeks=self.weeks or 0)


class PartIntro(_Strict):
    number: int = Field(ge=1, le=3)
    name: Text
    title: Text
    intro: Text
    links: tuple[str, ...] = ()


class Principle(_Strict):
    id: Id
    title: Text
    points: tuple[Text, ...] = Field(min_length=1)


class Principles(_Strict):
    section: Literal["1.1"]
    title: Text
    heading: Text
    intro: Text
    principles: tuple[Principle, ...] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        _unique([p.id for p in self.principles], "principle ids")
        return self


ProcedureTag = Literal["other_code", "absent_over_three_days", "visma_alert", "concern"]


class ProcedureStep(_Strict):
    number: int = Field(ge=1, le=8)
    what: Text
    when: Text
    who: tuple[Text, ...] = Field(min_length=1)
    applies_to: ProcedureTag | None = None
    time_limit: TimeLimit | None = None
    templates: tuple[Id, ...] = ()


class Procedure(_Strict):
    section: Literal["1.2"]
    title: Text
    columns: dict[Literal["what", "when", "who"], Text]
    steps: tuple[ProcedureStep, ...]

    @model_validator(mode="after")
    def _numbered_one_to_eight(self) -> Self:
        if [step.number for step in self.steps] != list(range(1, 9)):
            raise ValueError("the procedure must have steps numbered 1..8 in order")
        _unique([s.applies_to for s in self.steps if s.applies_to], "applies_to tags")
        return self

    def step_for(self, tag: ProcedureTag) -> ProcedureStep:
        return next(step for step in self.steps if step.applies_to == tag)


class ConcernCriterion(_Strict):
    id: Id
    kind: Literal["criterion", "obs"]
    quote: Text


class LadderLevel(_Strict):
    level: int = Field(ge=0, le=3)
    name: Text
    summary: Text
    actions: tuple[Text, ...] = Field(min_length=1)
    time_limits: tuple[TimeLimit, ...] = ()
    templates: tuple[Id, ...] = ()


class Ladder(_Strict):
    section: Literal["1.3"]
    title: Text
    source: Text
    intro: Text
    link: Text
    concern_heading: Text
    criteria: tuple[ConcernCriterion, ...]
    travel_exception: Text
    obs_other_worries: Text
    unsafe_environment: Text
    levels: tuple[LadderLevel, ...]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if [level.level for level in self.levels] != [0, 1, 2, 3]:
            raise ValueError("the ladder must have levels 0, 1, 2, 3 in order")
        ids = [criterion.id for criterion in self.criteria]
        _unique(ids, "concern criteria")
        if set(ids) != set(CONCERN_IDS):
            raise ValueError(f"concern criteria must be exactly {', '.join(CONCERN_IDS)}")
        return self

    def level(self, number: int) -> LadderLevel:
        return self.levels[number]

    def criterion(self, criterion_id: str) -> ConcernCriterion:
        return next(c for c in self.criteria if c.id == criterion_id)


class LogField(_Strict):
    id: Id
    label: Text


class LogKindId(StrEnum):
    """Guide 2.8: the absence log (fraværslogg) at level 0, the pupil log (elevlogg) from 1."""

    ABSENCE_LOG = "absence_log"
    PUPIL_LOG = "pupil_log"


class LogKind(_Strict):
    id: LogKindId
    name: Text
    min_level: int = Field(ge=0, le=3)
    max_level: int = Field(ge=0, le=3)
    text: Text


class Documentation(_Strict):
    section: Literal["2.8"]
    title: Text
    log_kinds: tuple[LogKind, ...] = Field(min_length=2, max_length=2)
    fields_heading: Text
    fields: tuple[LogField, ...] = Field(min_length=7, max_length=7)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        _unique([field.id for field in self.fields], "log field ids")
        _unique([kind.id for kind in self.log_kinds], "log kinds")
        return self

    def log_kind_for(self, level: int) -> LogKind:
        """Which log a contact at this ladder level belongs in (2.4 step 7, 2.8)."""
        return next(k for k in self.log_kinds if k.min_level <= level <= k.max_level)


class Month(_Strict):
    name: Text
    label: Text
    tasks: tuple[Text, ...]
    templates: tuple[Id, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _empty_month_explained(self) -> Self:
        if not self.tasks and not self.note:
            raise ValueError(f"{self.name} has no tasks and no note saying why")
        return self


class AnnualWheel(_Strict):
    section: Literal["3.0"]
    title: Text
    months: dict[int, Month]

    @model_validator(mode="after")
    def _twelve_months(self) -> Self:
        if sorted(self.months) != list(range(1, 13)):
            raise ValueError("the annual wheel must have months 1..12")
        return self


SectionStyle = Literal["prose", "bullets", "numbered", "table", "scale", "questions", "fields"]


class Item(_Strict):
    """One line of a form; blank answer fields are simply not modelled."""

    id: Id | None = None
    text: Text
    hint: str | None = None
    sub_items: tuple[Text, ...] = ()


class Section(_Strict):
    id: Id
    title: str | None = None
    text: str | None = None
    style: SectionStyle = "bullets"
    columns: tuple[Text, ...] = ()
    items: tuple[Item, ...] = ()
    blank_rows: int = Field(default=0, ge=0)


class Template(_Strict):
    id: Id
    section: Annotated[str, StringConstraints(pattern=r"^[23]\.[1-8]$")]
    part: Literal[2, 3]
    title: Text
    intro: str | None = None
    sections: tuple[Section, ...] = ()
    source: str | None = None
    links: tuple[str, ...] = ()
    also_covers: tuple[str, ...] = ()
    placeholders: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if int(self.section[0]) != self.part:
            raise ValueError(f"section {self.section} is not in part {self.part}")
        _unique([section.id for section in self.sections], f"{self.id} section ids")
        _unique([i.id for s in self.sections for i in s.items if i.id], f"{self.id} item ids")
        used = {name for text in self.texts() for name in PLACEHOLDER.findall(text)}
        if used != set(self.placeholders):
            raise ValueError(
                f"{self.id} uses placeholders {sorted(used)}, declares {sorted(self.placeholders)}"
            )
        return self

    def texts(self) -> Iterator[str]:
        """Every piece of guide text in the template, for placeholder and faithfulness checks."""
        yield self.title
        yield from (text for text in (self.intro, self.source) if text)
        for section in self.sections:
            yield from (text for text in (section.title, section.text) if text)
            yield from section.columns
            for item in section.items:
                yield item.text
                yield from (item.hint,) if item.hint else ()
                yield from item.sub_items

    def section_by_id(self, section_id: str) -> Section:
        return next(section for section in self.sections if section.id == section_id)


class Guide(_Strict):
    foreword: Text
    parts: tuple[PartIntro, ...]
    principles: Principles
    procedure: Procedure
    ladder: Ladder
    documentation: Documentation
    annual_wheel: AnnualWheel
    templates: dict[str, Template]

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        if [part.number for part in self.parts] != [1, 2, 3]:
            raise ValueError("the guide must have parts 1, 2, 3 in order")
        for key, template in self.templates.items():
            if key != template.id:
                raise ValueError(f"template {template.id!r} is filed under {key!r}")
        missing = sorted(set(TEMPLATE_IDS) - set(self.templates))
        if missing:
            raise ValueError(f"missing templates: {', '.join(missing)}")
        referenced = [
            *(t for step in self.procedure.steps for t in step.templates),
            *(t for level in self.ladder.levels for t in level.templates),
            *(t for month in self.annual_wheel.months.values() for t in month.templates),
        ]
        unknown = sorted(set(referenced) - set(self.templates))
        if unknown:
            raise ValueError(f"references to unknown templates: {', '.join(unknown)}")
        return self

    def template(self, template_id: str) -> Template:
        try:
            return self.templates[template_id]
        except KeyError:
            raise KeyError(f"no template {template_id!r} in the guide") from None

    def template_for_section(self, section: str) -> Template:
        """The template printed in a guide section ("3.6" is part of `elevstemme`)."""
        for template in self.templates.values():
            if section == template.section or section in template.also_covers:
                return template
        raise KeyError(f"no template for section {section!r}")
