from dataclasses import replace

import pytest

from content.rules.criteria import ASKING_ORDER, FACT_NAMES, AbsenceFacts, assess

NOTHING_ELSE = AbsenceFacts(
    visma_alert=False,
    documented=True,
    late_count=0,
    leaves_class=False,
    wellbeing_concern=False,
    hard_to_get_to_school=False,
)


@pytest.mark.parametrize(
    ("changes", "concerning", "criteria", "travel_exception"),
    [
        ({"days_absent": 5, "known_travel": False}, True, ("visma_alert",), False),
        ({"visma_alert": True, "known_travel": False}, True, ("visma_alert",), False),
        ({"days_absent": 5, "known_travel": True}, False, (), True),
        (
            {"days_absent": 9, "visma_alert": False, "known_travel": False},
            True,
            ("visma_alert",),
            False,
        ),
        ({"days_absent": 4, "known_travel": False}, False, (), False),
        ({"consecutive_days": 5, "known_travel": False}, True, ("visma_alert",), False),
        ({"documented": False}, True, ("undocumented",), False),
        (
            {"days_absent": 5, "known_travel": True, "documented": False},
            True,
            ("undocumented",),
            False,
        ),
        ({"late_count": 4, "late_period": "month"}, True, ("late_arrivals",), False),
        ({"late_count": 4, "late_period": "week"}, True, ("late_arrivals",), False),
        ({"late_count": 3, "late_period": "month"}, False, (), False),
        ({"late_count": 3, "late_period": "week"}, False, (), False),
        ({"leaves_class": True}, True, ("leaves_class",), False),
        ({"wellbeing_concern": True}, True, ("obs_wellbeing",), False),
        ({"hard_to_get_to_school": True}, True, ("obs_getting_to_school",), False),
        (
            {"days_absent": 6, "known_travel": False, "documented": False, "leaves_class": True},
            True,
            ("visma_alert", "undocumented", "leaves_class"),
            False,
        ),
        ({}, False, (), False),
    ],
)
def test_criteria(
    changes: dict[str, object],
    concerning: bool,
    criteria: tuple[str, ...],
    travel_exception: bool,
) -> None:
    result = assess(replace(NOTHING_ELSE, **changes))
    assert result.concerning is concerning
    assert result.criteria == criteria
    assert result.travel_exception is travel_exception
    assert result.missing == ()


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        (AbsenceFacts(), ("days_absent", "visma_alert", "documented", "late_count")),
        (AbsenceFacts(days_absent=5), ("known_travel", "documented", "late_count")),
        (AbsenceFacts(days_absent=2), ("documented", "late_count")),
        (AbsenceFacts(visma_alert=False), ("documented", "late_count")),
        (AbsenceFacts(days_absent=1, late_count=5), ("documented", "late_period")),
        (AbsenceFacts(days_absent=1, late_count=2), ("documented", "leaves_class")),
        (AbsenceFacts(documented=False), ()),
    ],
)
def test_missing_lists_what_to_ask_next_in_asking_order(
    facts: AbsenceFacts, missing: tuple[str, ...]
) -> None:
    result = assess(facts)
    # Only the head of the list is pinned; the rest follows ASKING_ORDER.
    assert result.missing[: len(missing)] == missing
    assert list(result.missing) == sorted(result.missing, key=ASKING_ORDER.index)


def test_unknown_travel_keeps_the_alert_open_until_asked() -> None:
    result = assess(replace(NOTHING_ELSE, days_absent=5))
    assert (result.concerning, result.missing) == (False, ("known_travel",))


def test_obs_criteria_alone_need_judgement() -> None:
    assert assess(replace(NOTHING_ELSE, wellbeing_concern=True)).needs_judgement
    assert not assess(
        replace(NOTHING_ELSE, documented=False, wellbeing_concern=True)
    ).needs_judgement
    assert not assess(NOTHING_ELSE).needs_judgement


@pytest.mark.parametrize(("value", "flag"), [(True, True), (False, False), (None, False)])
def test_unsafe_environment_is_reported_but_not_a_criterion(value: bool | None, flag: bool) -> None:
    result = assess(replace(NOTHING_ELSE, unsafe_environment=value))
    assert result.unsafe_environment is flag
    assert result.concerning is False


def test_asking_order_names_real_facts() -> None:
    assert set(ASKING_ORDER) <= set(FACT_NAMES)


@pytest.mark.parametrize("bad", [{"days_absent": -1}, {"late_count": -2}, {"late_period": "year"}])
def test_impossible_facts_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        AbsenceFacts(**bad)  # type: ignore[arg-type]
