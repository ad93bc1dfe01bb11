"""The loaded guide holds every part of the guide, with the counts printed in the guide.

Counts were made by hand from /work/shared/seed/naervaersloftet-veileder.txt; each row names
the guide section it comes from.
"""

from __future__ import annotations

import pytest

from content.loader import guide
from content.models import CONCERN_IDS, TEMPLATE_IDS, DeadlineKind, TimeRule


@pytest.mark.parametrize(
    ("template_id", "section_id", "count"),
    [
        ("undringssamtale_1", "areas", 61),  # 2.1: 17 + 26 + 18 areas over three pages
        ("undringssamtale_2", "suggestions", 14),  # 2.2: fourteen "- " suggestion lines
        ("telefonsamtale", "steps", 7),  # 2.4: steps 1-7
        ("naervaersmote", "steps", 7),  # 2.5: steps 1-7
        ("naervaersmote", "support_points", 4),  # 2.5: skole, fritid, elev, hjem
        ("naervaersmote", "model", 4),  # 2.5: the figure's four areas
        ("samarbeidsavtale", "agreement", 3),  # 2.6: Elev, Status, Hovedmål
        ("samarbeidsavtale", "sub_goals", 4),  # 2.6: Delmål, Ansvar, Tiltak, Frist
        ("kartlegging_sarbarhet", "emotional", 7),  # 2.7: first table, untitled
        ("kartlegging_sarbarhet", "behaviour_development", 8),  # 2.7
        ("kartlegging_sarbarhet", "social", 8),  # 2.7: Sosiale forhold
        ("kartlegging_sarbarhet", "physical", 7),  # 2.7: Fysiske tegn og signaler
        ("kartlegging_sarbarhet", "parents", 6),  # 2.7: Foreldre og relasjon foreldre-barn
        ("dokumentering", "fields", 7),  # 2.8: the seven "•" lines
        ("sosiogram", "questions", 3),  # 3.1
        ("samtaleblomst", "petals", 16),  # 3.2: sixteen petals
        ("samtaleblomst", "colours", 3),  # 3.2: grønn, gul, rød
        ("samtaleblomst", "questions", 6),  # 3.2: Spørsmål til samtaleblomst
        ("samtaleskjema", "wellbeing", 4),  # 3.3: Trivsel
        ("samtaleskjema", "wellbeing_questions", 2),  # 3.3: two open questions under Trivsel
        ("samtaleskjema", "interaction", 5),  # 3.3: Samhandling med andre
        ("samtaleskjema", "effort", 6),  # 3.3: Arbeidsinnsats
        ("sjekkliste", "questions", 9),  # 3.4
        ("elevstemme", "grades_1_4", 12),  # 3.5
        ("elevstemme", "grades_5_7", 21),  # 3.6
        ("relasjonskartlegging", "explanation", 5),  # 3.7: blå, grønn, gul, rød, hvit
        ("relasjonskartlegging", "grid", 5),  # 3.7: the example's five pupils
    ],
)
def test_items_per_form(template_id: str, section_id: str, count: int) -> None:
    section = guide().template(template_id).section_by_id(section_id)
    assert len(section.items) == count


@pytest.mark.parametrize(
    ("template_id", "section_id", "item_id", "count"),
    [
        ("telefonsamtale", "steps", "overview", 5),  # 2.4 step 1: five "▸" points
        ("naervaersmote", "steps", "clarify", 4),  # 2.5 step 4: a-d
    ],
)
def test_sub_items(template_id: str, section_id: str, item_id: str, count: int) -> None:
    section = guide().template(template_id).section_by_id(section_id)
    item = next(item for item in section.items if item.id == item_id)
    assert len(item.sub_items) == count


def test_support_points_put_the_school_first_and_home_last() -> None:
    template = guide().template("naervaersmote")
    assert [i.id for i in template.section_by_id("support_points").items] == [
        "school",
        "leisure",
        "pupil",
        "home",
    ]
    assert [i.id for i in template.section_by_id("model").items] == [
        "model_school",
        "model_leisure",
        "model_pupil",
        "model_home",
    ]


def test_every_contract_template_is_there_with_its_section_and_part() -> None:
    templates = guide().templates
    assert set(templates) == set(TEMPLATE_IDS)
    for number in range(1, 9):
        assert guide().template_for_section(f"2.{number}").part == 2
        assert guide().template_for_section(f"3.{number}").part == 3
    assert guide().template_for_section("3.6").id == "elevstemme"
    assert guide().template("sjekkliste").section == "3.4"


def test_four_principles_with_fourteen_points() -> None:
    principles = guide().principles.principles
    assert [p.id for p in principles] == [
        "preventive",
        "close_cooperation",
        "good_days",
        "robust_relations",
    ]
    assert [len(p.points) for p in principles] == [4, 2, 4, 4]  # 1.1


def test_procedure_has_eight_steps_with_when_and_who() -> None:
    steps = guide().procedure.steps
    assert [s.number for s in steps] == list(range(1, 9))
    assert all(step.what and step.when and step.who for step in steps)
    tags = {step.number: step.applies_to for step in steps if step.applies_to}
    assert tags == {5: "other_code", 6: "absent_over_three_days", 7: "visma_alert", 8: "concern"}
    assert guide().procedure.step_for("other_code").time_limit.kind == "ask_other_code_cause"


@pytest.mark.parametrize(
    ("level", "name", "action_count", "limits"),
    [
        (0, "Oppdage og utforske", 3, [("contact_guardians", "same_day", None)]),
        (1, "Videre oppfølging", 4, [("evaluate_measures", "after_weeks", 3)]),
        (
            2,
            "Samarbeid med flere",
            5,
            [("report_to_leadership", "within_weeks", 1), ("evaluate_measures", "after_weeks", 3)],
        ),
        (3, "Langvarig koordinert samarbeid", 1, [("start_interdisciplinary", "within_weeks", 3)]),
    ],
)
def test_ladder_levels_and_time_limits(
    level: int, name: str, action_count: int, limits: list[tuple[str, str, int | None]]
) -> None:
    step = guide().ladder.level(level)
    assert (step.level, step.name, len(step.actions)) == (level, name, action_count)
    assert [(t.kind, t.rule, t.weeks) for t in step.time_limits] == limits


def test_deadline_kinds_are_the_contract() -> None:
    assert {kind.value for kind in DeadlineKind} == {
        "contact_guardians",
        "ask_other_code_cause",
        "report_to_leadership",
        "evaluate_measures",
        "start_interdisciplinary",
        "next_contact",
    }
    limit = guide().ladder.level(2).time_limits[0]
    assert limit.rule is TimeRule.WITHIN_WEEKS
    assert limit.delay().days == 7


def test_concern_criteria_and_the_texts_around_them() -> None:
    ladder = guide().ladder
    assert [c.id for c in ladder.criteria] == list(CONCERN_IDS)
    assert [c.kind for c in ladder.criteria] == ["criterion"] * 4 + ["obs"] * 2
    assert "reise" in ladder.travel_exception
    assert "skolens lokale planer" in ladder.unsafe_environment


@pytest.mark.parametrize(
    ("month", "task_count"),
    # 3.0: Aug 2, Sept 2, Okt 1, Nov 2, Des 0, Jan 2, Feb 1, Mars 1, April 2, Mai 0, Juni 0;
    # July is not in the wheel.
    [
        (1, 2),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 0),
        (6, 0),
        (7, 0),
        (8, 2),
        (9, 2),
        (10, 1),
        (11, 2),
        (12, 0),
    ],
)
def test_annual_wheel_month(month: int, task_count: int) -> None:
    entry = guide().annual_wheel.months[month]
    assert len(entry.tasks) == task_count
    assert entry.tasks or entry.note


def test_annual_wheel_has_all_twelve_months() -> None:
    assert sorted(guide().annual_wheel.months) == list(range(1, 13))
    assert guide().annual_wheel.months[1].templates == ("sosiogram",)


def test_documentation_fields_and_logs() -> None:
    documentation = guide().documentation
    assert [f.id for f in documentation.fields] == [
        "pupil",
        "contact_date",
        "reason",
        "guardians_view",
        "next_steps",
        "level",
        "author",
    ]
    assert [documentation.log_kind_for(level).id for level in range(4)] == [
        "absence_log",
        "pupil_log",
        "pupil_log",
        "pupil_log",
    ]
    assert documentation.log_kinds[0].name == "Fraværslogg"


def test_parts_and_foreword() -> None:
    assert [part.number for part in guide().parts] == [1, 2, 3]
    assert guide().foreword.startswith("FORORD")
