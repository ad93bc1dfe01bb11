import pytest

from content.rules.ladder import LEVELS, level_requirements, level_templates, log_kind


@pytest.mark.parametrize(
    ("level", "requirements"),
    [
        (0, [("contact_guardians", "same_day", 0)]),
        (1, [("evaluate_measures", "after_weeks", 3)]),
        (2, [("report_to_leadership", "within_weeks", 1), ("evaluate_measures", "after_weeks", 3)]),
        (3, [("start_interdisciplinary", "within_weeks", 3)]),
    ],
)
def test_requirements(level: int, requirements: list[tuple[str, str, int]]) -> None:
    assert [(r.kind, r.rule, r.weeks) for r in level_requirements(level)] == requirements


@pytest.mark.parametrize(
    ("level", "templates", "log"),
    [
        (
            0,
            ("telefonsamtale", "fravaersmelding", "undringssamtale_1", "undringssamtale_2"),
            "absence_log",
        ),
        (1, ("naervaersmote", "samarbeidsavtale"), "pupil_log"),
        (2, ("kartlegging_sarbarhet", "naervaersmote", "samarbeidsavtale"), "pupil_log"),
        (3, (), "pupil_log"),  # the guide links only the documentation (2.8) at level 3
    ],
)
def test_templates_and_log(level: int, templates: tuple[str, ...], log: str) -> None:
    assert level_templates(level) == templates
    assert log_kind(level) == log


@pytest.mark.parametrize("function", [level_requirements, level_templates, log_kind])
@pytest.mark.parametrize("level", [-1, 4, True])
def test_levels_outside_the_ladder_are_rejected(function: object, level: int) -> None:
    with pytest.raises(ValueError):
        function(level)  # type: ignore[operator]


def test_levels() -> None:
    assert LEVELS == (0, 1, 2, 3)
