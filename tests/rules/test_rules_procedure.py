import pytest

from content.rules.criteria import AbsenceFacts
from content.rules.ladder import level_templates
from content.rules.procedure import procedure_actions

CONTACT = ("fravaersmelding", "telefonsamtale")


@pytest.mark.parametrize(
    ("facts", "steps"),
    [
        (AbsenceFacts(other_code_unspecified=True), [(5, "ask_other_code_cause", ())]),
        (AbsenceFacts(other_code_unspecified=False), []),
        (AbsenceFacts(consecutive_days=3), [(6, "contact_guardians", CONTACT)]),
        (AbsenceFacts(consecutive_days=2), []),
        (AbsenceFacts(consecutive_days=4, known_travel=True), []),
        (
            AbsenceFacts(days_absent=5, known_travel=False),
            [(7, "contact_guardians", CONTACT), (8, "contact_guardians", level_templates(0))],
        ),
        (AbsenceFacts(visma_alert=True), [(7, "contact_guardians", CONTACT)]),
        (AbsenceFacts(days_absent=5, known_travel=True), []),
        (AbsenceFacts(documented=False), [(8, "contact_guardians", level_templates(0))]),
        (
            AbsenceFacts(other_code_unspecified=True, consecutive_days=5, known_travel=False),
            [
                (5, "ask_other_code_cause", ()),
                (6, "contact_guardians", CONTACT),
                (7, "contact_guardians", CONTACT),
                (8, "contact_guardians", level_templates(0)),
            ],
        ),
    ],
)
def test_procedure_steps(
    facts: AbsenceFacts, steps: list[tuple[int, str, tuple[str, ...]]]
) -> None:
    actions = procedure_actions(facts)
    assert [(a.step, a.deadline_kind, a.template_ids) for a in actions] == steps
    assert all(a.rule == "same_day" for a in actions)


def test_action_gives_a_same_day_deadline_rule() -> None:
    (action,) = procedure_actions(AbsenceFacts(other_code_unspecified=True))
    assert (action.deadline_rule.kind, action.deadline_rule.rule) == (
        "ask_other_code_cause",
        "same_day",
    )
