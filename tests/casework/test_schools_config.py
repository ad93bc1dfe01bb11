"""The schools file: what it accepts, what it refuses, and membership from patterns and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.schools import Person, SchoolDirectory, SchoolsError
from content.calendar import EXAMPLE_CALENDAR

BASE = Path(".")


def directory(*schools: dict[str, object]) -> SchoolDirectory:
    return SchoolDirectory.from_data({"school": list(schools)}, base=BASE)


def test_members_come_from_staff_patterns_leader_lists_and_confirmations() -> None:
    found = directory(
        {"id": "nordbyen", "name": "Nordbyen skole", "staff": ["*@NORDBYEN.example"]},
        {"id": "sentrum", "name": "Sentrum skole", "leaders": ["Rektor@sentrum.example", "aad-1"]},
        {"id": "vest", "name": "Vest skole", "tenant": "other-tenant", "staff": ["*"]},
    )

    def ids(aad: str, upn: str | None, confirmed: frozenset[str] = frozenset()) -> list[str]:
        return [s.id for s in found.member_of(Person("t", aad, upn, confirmed))]

    assert ids("x", "kari@nordbyen.example") == ["nordbyen"]
    assert ids("x", "rektor@sentrum.example") == ["sentrum"]
    assert ids("aad-1", None) == ["sentrum"]
    assert ids("x", "nora@vikar.example") == []
    assert ids("x", None, frozenset({"nordbyen"})) == ["nordbyen"]
    assert found.get("other-tenant", "vest") is not None and found.get("t", "vest") is None


def test_scopes_keep_the_default_school_on_the_bare_tenant() -> None:
    found = directory({"id": "a", "name": "A", "default": True}, {"id": "b", "name": "B"})
    assert [s.scope("t") for s in found.schools] == ["t", "t#b"]
    assert found.by_scope("t#b") is found.schools[1]


@pytest.mark.parametrize(
    "schools",
    [
        [{"id": "Nordbyen skole", "name": "x"}],
        [{"id": "a" * 28, "name": "x"}],
        [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}],
        [{"id": "a", "default": True}, {"id": "b", "default": True}],
    ],
)
def test_a_file_that_cannot_be_used_is_refused(schools: list[dict[str, object]]) -> None:
    with pytest.raises(SchoolsError):
        directory(*schools)


def test_each_school_reads_its_own_calendar(tmp_path: Path) -> None:
    path = tmp_path / "schools.toml"
    path.write_text(
        f'[[school]]\nid = "a"\nname = "A"\ncalendar = "{EXAMPLE_CALENDAR.as_posix()}"\n'
        '[[school]]\nid = "b"\nname = "B"\n',
        encoding="utf-8",
    )
    found = SchoolDirectory.from_toml(path)
    calendars = found.calendars()
    assert calendars["a"].spec is not None and calendars["b"].spec is None
