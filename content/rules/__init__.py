"""The guide's rules as pure functions: they take facts and dates and return ids and structured
results; the guide's texts are looked up by those ids elsewhere."""

from content.rules.criteria import (
    AbsenceFacts,
    Assessment,
    CriterionId,
    alert_fired,
    assess,
)
from content.rules.deadlines import (
    DEADLINE_KINDS,
    OSLO,
    DeadlineRule,
    RuleKind,
    due,
)
from content.rules.ladder import LEVELS, level_requirements, level_templates, log_kind
from content.rules.procedure import ProcedureAction, procedure_actions
from content.rules.unsafe_environment import suggests_unsafe_environment

__all__ = [
    "DEADLINE_KINDS",
    "LEVELS",
    "OSLO",
    "AbsenceFacts",
    "Assessment",
    "CriterionId",
    "DeadlineRule",
    "ProcedureAction",
    "RuleKind",
    "alert_fired",
    "assess",
    "due",
    "level_requirements",
    "level_templates",
    "log_kind",
    "procedure_actions",
    "suggests_unsafe_environment",
]
