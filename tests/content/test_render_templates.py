"""Placeholders are filled once and only when known; every template renders for a chat."""

from __future__ import annotations

import re

import pytest

from content.loader import guide
from content.models import TEMPLATE_IDS
from content.render import SUMMARY_LIMIT, fill, render_template, template_summary
from content.rules.pronouns import pronoun_values


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("Hei {pupil}!", {"pupil": "Kari"}, "Hei Kari!"),
        ("{pupil} og {pupil}", {"pupil": "Ola"}, "Ola og Ola"),
        ("Frist {deadline}", {"pupil": "Kari"}, "Frist {deadline}"),
        ("Nivå {level}", {"level": 2}, "Nivå 2"),
        ("{pupil}", {"pupil": "{deadline}", "deadline": "i morgen"}, "{deadline}"),
        ("{ pupil } {0} {}", {"pupil": "Kari", "0": "x"}, "{ pupil } {0} {}"),
        ("Ingen plassholdere", {}, "Ingen plassholdere"),
    ],
)
def test_fill(text: str, values: dict[str, object], expected: str) -> None:
    assert fill(text, values) == expected


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_template_renders_with_the_pupil_filled(template_id: str) -> None:
    text = render_template(guide(), template_id, {"pupil": "Kari Nordmann"})
    template = guide().template(template_id)
    assert text.startswith(f"{template.section} {template.title}\n")
    assert "{pupil}" not in text
    assert "{" not in text


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_summary_fits_a_phone(template_id: str) -> None:
    summary = template_summary(guide(), template_id, {"pupil": "Kari"})
    assert len(summary) <= SUMMARY_LIMIT
    assert summary.startswith(f"{guide().template(template_id).section} ")


def test_a_short_template_is_summarised_whole_and_a_long_one_cut() -> None:
    assert template_summary(guide(), "sosiogram", limit=5000) == render_template(
        guide(), "sosiogram"
    )
    cut = template_summary(guide(), "undringssamtale_1", limit=200)
    assert len(cut) <= 200
    assert cut.endswith("…")


def test_message_template_names_the_pupil() -> None:
    text = render_template(
        guide(), "fravaersmelding", {"pupil": "Kari", **pronoun_values("Kari", "hun")}
    )
    assert text.count("Kari") == 2
    assert "hennes trivsel" in text and "hun sier at hun" in text


def test_message_template_without_a_pronoun_uses_the_name_alone() -> None:
    text = render_template(guide(), "fravaersmelding", {"pupil": "Kari"})
    assert "Karis trivsel" in text and "Kari sier at Kari" in text
    assert " hans " not in text and " han " not in text


def test_values_are_inserted_literally_when_rendering() -> None:
    text = render_template(guide(), "fravaersmelding", {"pupil": "{date}", "date": "1. mai"})
    assert "{date}" in text
    assert "1. mai" not in text


def test_unfilled_placeholder_stays_visible() -> None:
    assert "{pupil}" in render_template(guide(), "fravaersmelding")


def test_steps_are_numbered_and_points_bulleted() -> None:
    text = render_template(guide(), "telefonsamtale")
    assert re.findall(r"^(\d)\. ", text, re.M) == [str(n) for n in range(1, 8)]
    assert len(re.findall(r"^   • ", text, re.M)) == 5


def test_form_fields_show_given_values_and_blanks() -> None:
    text = render_template(guide(), "samarbeidsavtale", {"pupil": "Kari"})
    agreement = guide().template("samarbeidsavtale").section_by_id("agreement")
    assert f"{agreement.items[0].text}: Kari" in text
    assert f"{agreement.items[2].text}: …" in text


def test_every_item_of_a_form_is_rendered() -> None:
    text = render_template(guide(), "kartlegging_sarbarhet")
    template = guide().template("kartlegging_sarbarhet")
    items = [item for section in template.sections for item in section.items]
    assert len(items) == 37  # 2.7: the name field and 36 items in five groups
    assert all(item.text.rstrip(":") in text for item in items)


def test_unknown_template_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no template"):
        render_template(guide(), "no_such_form")
