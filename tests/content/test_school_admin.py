"""What the municipality administrator types to add a school, read into a name and leaders."""

from __future__ import annotations

import pytest

from content.school_admin import NewSchool, parse_new_school, school_id_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "legg til skolen Vestbyen skole med leder rektor@vestbyen.example",
            NewSchool("Vestbyen skole", ("rektor@vestbyen.example",)),
        ),
        (
            "ny skole: Øvre Åsen skule, leiarar: A@b.no, c@d.no",
            NewSchool("Øvre Åsen skule", ("a@b.no", "c@d.no")),
        ),
        (
            "add school Hill School with leader 5d6e2b1a-8c3f-4e9d-b7a2-1f0c9e8d7a6b",
            NewSchool("Hill School", ("5d6e2b1a-8c3f-4e9d-b7a2-1f0c9e8d7a6b",)),
        ),
        ("legg til skolen Vestbyen skole", NewSchool("Vestbyen skole", ())),
        ("legg til leder per@skole.no", None),
        ("vis åpne saker", None),
    ],
)
def test_the_request_is_read(text: str, expected: NewSchool | None) -> None:
    assert parse_new_school(text) == expected


@pytest.mark.parametrize(
    ("name", "school_id"),
    [
        ("Vestbyen skole", "vestbyen"),
        ("Øvre Åsen skule", "ovre-asen"),
        ("Bjørnsletta skole og SFO", "bjornsletta-skole-og-sfo"),
        ("Kristiansund videregående skole med et veldig langt navn", "kristiansund-videregaende"),
    ],
)
def test_the_school_id_is_what_the_file_allows(name: str, school_id: str) -> None:
    assert school_id_for(name) == school_id
    assert 1 <= len(school_id) <= 27
