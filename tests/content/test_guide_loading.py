"""Broken guide data fails at load time, loudly and naming the file; invariants hold."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from content.loader import GUIDE_DIR, GuideDataError, guide, load_guide
from content.models import AnnualWheel, Ladder, Principles, Procedure, Template, TimeLimit


def test_the_shipped_guide_loads_once() -> None:
    assert guide() is guide()
    assert load_guide() == guide()


@pytest.fixture
def guide_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guide"
    shutil.copytree(GUIDE_DIR, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}: the test no longer breaks anything"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES: list[tuple[str, str, str, str]] = [
    # (file, text to replace, replacement, what the error must mention)
    ("ladder.yaml", "levels:\n  - level: 0", "levels:\n  - level: [0", "ladder.yaml"),
    ("ladder.yaml", "  - level: 3\n", "  - level: 4\n", "ladder.yaml"),
    ("procedure.yaml", "  - number: 8\n", "  - number: 9\n", "procedure.yaml"),
    ("principles.yaml", "  - id: good_days\n", "  - id: preventive\n", "duplicate"),
    ("annual_wheel.yaml", "  12:\n", "  13:\n", "annual_wheel.yaml"),
    ("templates/sjekkliste.yaml", "intro: >-", "introduction: >-", "sjekkliste.yaml"),
    ("templates/sosiogram.yaml", "id: sosiogram", "id: sosiogramm", "file name"),
    (
        "templates/fravaersmelding.yaml",
        "placeholders: [pupil, hans",
        "placeholders: [hans",
        "pupil",
    ),
    ("procedure.yaml", "templates: [fravaersmelding", "templates: [fravaersmeldingen", "unknown"),
    ("documentation.yaml", "  - {id: reason, label: Grunn for kontakt}\n", "", "documentation"),
]


@pytest.mark.parametrize(("file", "old", "new", "mentioned"), BREAKAGES)
def test_a_broken_file_fails_loading_with_a_clear_error(
    guide_copy: Path, file: str, old: str, new: str, mentioned: str
) -> None:
    _replace(guide_copy / file, old, new)
    with pytest.raises(GuideDataError, match=re.escape(mentioned)):
        load_guide(guide_copy)


def test_a_missing_template_fails_loading(guide_copy: Path) -> None:
    (guide_copy / "templates" / "banking_time.yaml").unlink()
    with pytest.raises(GuideDataError, match="missing templates: banking_time"):
        load_guide(guide_copy)


def test_a_missing_file_is_named(guide_copy: Path) -> None:
    (guide_copy / "principles.yaml").unlink()
    with pytest.raises(GuideDataError, match=re.escape("principles.yaml")):
        load_guide(guide_copy)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _drop_level(data: dict[str, Any]) -> None:
    data["levels"] = data["levels"][:3]


def _drop_criterion(data: dict[str, Any]) -> None:
    data["criteria"] = data["criteria"][1:]


def _seven_steps(data: dict[str, Any]) -> None:
    data["steps"] = data["steps"][:7]


def _eleven_months(data: dict[str, Any]) -> None:
    del data["months"]["7"]


def _three_principles(data: dict[str, Any]) -> None:
    data["principles"] = data["principles"][:3]


def _duplicate_item_id(data: dict[str, Any]) -> None:
    data["sections"][0]["items"][1]["id"] = data["sections"][0]["items"][0]["id"]


def _wrong_part(data: dict[str, Any]) -> None:
    data["part"] = 3


INVARIANTS: list[tuple[type[BaseModel], Callable[[], BaseModel], Callable[..., None]]] = [
    (Ladder, lambda: guide().ladder, _drop_level),
    (Ladder, lambda: guide().ladder, _drop_criterion),
    (Procedure, lambda: guide().procedure, _seven_steps),
    (AnnualWheel, lambda: guide().annual_wheel, _eleven_months),
    (Principles, lambda: guide().principles, _three_principles),
    (Template, lambda: guide().template("telefonsamtale"), _duplicate_item_id),
    (Template, lambda: guide().template("telefonsamtale"), _wrong_part),
]


@pytest.mark.parametrize(("model", "source", "break_it"), INVARIANTS)
def test_model_invariants(
    model: type[BaseModel], source: Callable[[], BaseModel], break_it: Callable[..., None]
) -> None:
    data = _dump(source())
    model.model_validate(data)
    break_it(data)
    with pytest.raises(ValidationError):
        model.model_validate(data)


@pytest.mark.parametrize(
    ("limit", "valid"),
    [
        ({"kind": "contact_guardians", "rule": "same_day", "text": "samme dag"}, True),
        ({"kind": "contact_guardians", "rule": "same_day", "weeks": 1, "text": "x"}, False),
        ({"kind": "evaluate_measures", "rule": "after_weeks", "text": "x"}, False),
        ({"kind": "evaluate_measures", "rule": "after_weeks", "weeks": 3, "text": "x"}, True),
        ({"kind": "evaluate_measures", "rule": "after_days", "weeks": 3, "text": "x"}, False),
        ({"kind": "call_the_police", "rule": "same_day", "text": "x"}, False),
    ],
)
def test_time_limit_amount_fits_its_rule(limit: dict[str, Any], valid: bool) -> None:
    if valid:
        TimeLimit.model_validate(limit)
    else:
        with pytest.raises(ValidationError):
            TimeLimit.model_validate(limit)
