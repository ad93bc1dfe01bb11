"""Every card renders from realistic data into a valid Adaptive Card 1.5 with the agreed actions."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from content.cards import (
    CARDS_DIR,
    CONTENT_TYPE,
    CardTemplateError,
    card_as_text,
    card_attachment,
    card_names,
    render_card,
)
from content.loader import guide
from dialogs.engine.slots import MAX_PERSON
from tests.cards import samples

SCHEMA_PATH = CARDS_DIR / "schema" / "adaptive-card-1.5.json"

VARIANTS: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    *samples.SAMPLES.items(),
    ("ladder_level", functools.partial(samples.ladder_level, escalate=False)),
    ("reminder", functools.partial(samples.reminder, overdue=False)),
    ("case_list", functools.partial(samples.case_list, rows=False, paging=False)),
    ("log_form", functools.partial(samples.log_form, errors=True)),
    ("evaluate_form", functools.partial(samples.evaluate_form, errors=True)),
    ("escalate_form", functools.partial(samples.escalate_form, errors=True)),
]


# Teams' own element, not in Microsoft's 1.5 schema: a block of text shown as is, with a copy
# button (learn.microsoft.com, "Format cards in Teams": CodeBlock). Other hosts use `fallback`.
CODE_BLOCK = {
    "type": "object",
    "required": ["type", "codeSnippet", "fallback"],
    "properties": {
        "type": {"enum": ["CodeBlock"]},
        "codeSnippet": {"type": "string"},
        "language": {"enum": ["PlainText"]},
        "startLineNumber": {"type": "integer"},
        "fallback": {"$ref": "#/definitions/ImplementationsOf.Element"},
        "spacing": {"$ref": "#/definitions/Spacing"},
    },
    "additionalProperties": False,
}


@functools.cache
def _validator() -> jsonschema.Draft6Validator:
    schema = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))
    schema["definitions"]["CodeBlock"] = CODE_BLOCK
    elements = schema["definitions"]["ImplementationsOf.Element"]["anyOf"]
    elements.append({"required": ["type"], "allOf": [{"$ref": "#/definitions/CodeBlock"}]})
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _of_type(card: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [node for node in _walk(card) if isinstance(node, dict) and node.get("type") == kind]


def _submit_data(card: dict[str, Any]) -> list[Any]:
    return [action.get("data") for action in _of_type(card, "Action.Submit")]


def test_every_template_has_sample_data() -> None:
    assert set(card_names()) == set(samples.SAMPLES)


@pytest.mark.parametrize(("name", "make"), VARIANTS)
def test_card_is_valid_adaptive_card_1_5(name: str, make: Callable[[], dict[str, Any]]) -> None:
    card = render_card(name, make())
    errors = [error.message for error in _validator().iter_errors(card)]
    assert errors == []
    assert card["version"] == "1.5"
    text = json.dumps(card, ensure_ascii=False)
    assert "${" not in text
    assert not any(isinstance(n, dict) and {"$data", "$when"} & n.keys() for n in _walk(card))
    if "refresh" in card:  # Teams asks for the card's current state when it is shown
        assert card["refresh"]["action"]["type"] == "Action.Execute"
        assert card["refresh"]["action"]["verb"]
    buttons = {key: value for key, value in card.items() if key != "refresh"}
    for execute in _of_type(buttons, "Action.Execute"):
        # Universal Actions where Teams has them, the same press as a message elsewhere.
        assert execute["verb"]
        fallback = execute["fallback"]
        assert fallback["type"] == "Action.Submit"
        assert (fallback["title"], fallback["data"]) == (execute["title"], execute["data"])


@pytest.mark.parametrize(
    "broken",
    [
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Blink", "text": "x"}]},
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": 3}]},
        {"type": "AdaptiveCard", "version": "1.5", "colour": "red"},
        {
            "type": "AdaptiveCard",
            "version": "1.5",
            "actions": [{"type": "Action.Submit", "data": 1}],
        },
    ],
)
def test_schema_rejects_broken_cards(broken: dict[str, Any]) -> None:
    assert list(_validator().iter_errors(broken)) != []


def test_ladder_overview_has_one_row_and_one_button_per_level() -> None:
    data = samples.ladder_overview()
    card = render_card("ladder_overview", data)
    levels = [level.level for level in guide().ladder.levels]
    assert _submit_data(card) == [{"intent": "explain_ladder", "level": n} for n in levels]
    assert len(_of_type(card, "ColumnSet")) == len(levels)
    assert [a["title"] for a in card["actions"]] == [level["button"] for level in data["levels"]]
    for level in guide().ladder.levels:
        assert level.name in card["fallbackText"]
    assert guide().ladder.unsafe_environment in card["fallbackText"]


@pytest.mark.parametrize("escalate", [True, False])
def test_ladder_level_lists_templates_and_escalates_only_when_asked(escalate: bool) -> None:
    data = samples.ladder_level(escalate=escalate)
    card = render_card("ladder_level", data)
    shown = [{"intent": "show_template", "template": t["id"]} for t in data["templates"]]
    escalation = [{"intent": "escalate", "case_id": 42, "level": 3}] if escalate else []
    assert _submit_data(card) == shown + escalation
    assert len(card["actions"]) == len(escalation) <= 5
    for action in data["actions"]:
        assert action in card["fallbackText"]
    assert ("[Løft saken til nivå 3]" in card["fallbackText"]) is escalate


def test_log_summary_shows_the_seven_fields_and_save_or_edit() -> None:
    data = samples.log_summary()
    card = render_card("log_summary", data)
    facts = _of_type(card, "FactSet")[0]["facts"]
    assert len(facts) == len(guide().documentation.fields) == 7
    assert facts == [{"title": f["label"], "value": f["value"]} for f in data["fields"]]
    assert _submit_data(card) == [{"answer": "save"}, {"answer": "edit"}]
    assert "Navn på elev: Kari Nordmann" in card["fallbackText"]
    assert card["fallbackText"].endswith("[Lagre] [Endre]")


@pytest.mark.parametrize("overdue", [True, False])
def test_reminder_passes_do_now_data_through_and_marks_overdue(overdue: bool) -> None:
    data = samples.reminder(overdue=overdue)
    card = render_card("reminder", data)
    assert _submit_data(card) == [
        {"intent": "evaluate_measures", "case_id": 42, "silent": False},
        {"intent": "postpone_reminder", "deadline_id": 17},
        {"intent": "complete_deadline", "deadline_id": 17},
    ]
    assert ("⚠ " + data["overdue_text"] in card["fallbackText"]) is overdue
    assert "Frist: fredag 5. desember 2025" in card["fallbackText"]
    card["actions"][0]["data"]["case_id"] = 0
    assert data["do_now_data"]["case_id"] == 42


@pytest.mark.parametrize("errors", [False, True])
def test_log_form_has_the_fields_filled_and_one_save(errors: bool) -> None:
    data = samples.log_form(errors=errors)
    card = render_card("log_form", data)
    inputs = {n["id"]: n for n in _walk(card) if isinstance(n, dict) and "id" in n}
    assert {name: node.get("value") for name, node in inputs.items()} == data["values"]
    assert inputs["contact_date"]["type"] == "Input.Date"
    assert inputs["contact_date"]["max"] == data["today"]
    assert [c["value"] for c in inputs["level"]["choices"]] == ["1", "2", "3"]
    (save,) = _of_type(card, "Action.Execute")
    assert (save["title"], save["data"]) == ("Lagre", data["save_data"])
    red = [b["text"] for b in _of_type(card, "TextBlock") if b.get("color") == "Attention"]
    assert red == [f"⚠ {error}" for error in data["errors"]]


@pytest.mark.parametrize("errors", [False, True])
def test_evaluate_form_offers_the_outcomes_by_id_and_one_save(errors: bool) -> None:
    data = samples.evaluate_form(errors=errors)
    card = render_card("evaluate_form", data)
    inputs = {n["id"]: n for n in _walk(card) if isinstance(n, dict) and "id" in n}
    assert {name: node.get("value") for name, node in inputs.items()} == data["values"]
    assert [c["value"] for c in inputs["outcome"]["choices"]] == [
        "improved",
        "partly",
        "not_improved",
    ]
    assert [c["value"] for c in inputs["next"]["choices"]] == ["continue", "close"]
    (save,) = _of_type(card, "Action.Execute")
    assert (save["title"], save["data"]) == ("Lagre", data["save_data"])
    red = [b["text"] for b in _of_type(card, "TextBlock") if b.get("color") == "Attention"]
    assert red == [f"⚠ {error}" for error in data["errors"]]


@pytest.mark.parametrize("errors", [False, True])
def test_escalate_form_has_the_measure_and_the_responsible(errors: bool) -> None:
    data = samples.escalate_form(errors=errors)
    card = render_card("escalate_form", data)
    inputs = {n["id"]: n for n in _walk(card) if isinstance(n, dict) and "id" in n}
    assert {name: node.get("value") for name, node in inputs.items()} == data["values"]
    assert inputs["responsible"]["maxLength"] == MAX_PERSON
    (save,) = _of_type(card, "Action.Execute")
    assert save["title"] == ("Neste" if errors else "Lagre")
    assert save["data"] == data["save_data"]


def test_a_done_card_has_its_status_and_no_buttons() -> None:
    card = render_card("done", samples.done())
    assert "✔ Gjort av Per Hansen 08:14" in card["fallbackText"]
    assert "actions" not in card and _of_type(card, "FactSet") == []


def test_case_list_rows_are_selectable_and_overdue_is_marked() -> None:
    data = samples.case_list()
    card = render_card("case_list", data)
    selects = [
        n["selectAction"]["data"] for n in _of_type(card, "ColumnSet") if "selectAction" in n
    ]
    assert selects == [{"intent": "case_status", "case_id": row["case_id"]} for row in data["rows"]]
    red = [b["text"] for b in _of_type(card, "TextBlock") if b.get("color") == "Attention"]
    assert red == ["⚠ fre. 5. des."]
    assert [a["data"] for a in card["actions"]] == [
        data["previous_page"]["data"],
        data["next_page"]["data"],
    ]
    assert "Kari Nordmann – 7B · Per Hansen · 1 · ⚠ fre. 5. des." in card["fallbackText"]
    assert data["empty_text"] not in card["fallbackText"]


def test_empty_case_list_says_so_without_header_or_paging() -> None:
    data = samples.case_list(rows=False, paging=False)
    card = render_card("case_list", data)
    assert data["empty_text"] in card["fallbackText"]
    assert data["pupil_label"] not in card["fallbackText"]
    assert _of_type(card, "ColumnSet") == []  # no counts, header or rows
    assert card["actions"] == []


def test_vulnerability_mapping_has_a_toggle_and_comment_per_item() -> None:
    data = samples.vulnerability_mapping()
    card = render_card("vulnerability_mapping", data)
    ids = [item["id"] for group in data["groups"] for item in group["items"]]
    toggles = _of_type(card, "Input.Toggle")
    comments = _of_type(card, "Input.Text")
    assert len(ids) == 36
    assert [t["id"] for t in toggles] == [f"item_{i}" for i in ids]
    assert {(t["value"], t["valueOn"], t["valueOff"]) for t in toggles} == {
        ("false", "true", "false")
    }
    assert [c["id"] for c in comments] == [f"comment_{i}" for i in ids]
    assert {(c["isMultiline"], c["maxLength"]) for c in comments} == {(False, 500)}
    headings = [g["title"] for g in data["groups"] if g["title"]]
    assert [b["text"] for b in _of_type(card, "TextBlock")][2:] == headings
    assert _submit_data(card) == [{"answer": "vulnerability"}]
    assert "☐ Høyt skolefravær" in card["fallbackText"]


def test_case_status_shows_facts_deadlines_and_given_actions() -> None:
    data = samples.case_status()
    card = render_card("case_status", data)
    assert _submit_data(card) == [action["data"] for action in data["actions"]]
    assert "Ansvarlig: Per Hansen" in card["fallbackText"]
    assert "Evaluer tiltak · ⚠ 5. des." in card["fallbackText"]
    assert "Nytt møte med foresatte · 15. des." in card["fallbackText"]


def test_fallback_text_is_set_from_the_card() -> None:
    for name, make in samples.SAMPLES.items():
        card = render_card(name, make())
        fallback = card.pop("fallbackText")
        assert fallback == card_as_text(card)
        assert fallback.startswith(make()["title"])


@pytest.mark.parametrize(
    ("element", "text"),
    [
        ({"type": "TextBlock", "text": "Hei"}, "Hei"),
        ({"type": "TextBlock", "text": "Skjult", "isVisible": False}, ""),
        ({"type": "FactSet", "facts": [{"title": "Frist", "value": "i dag"}]}, "Frist: i dag"),
        ({"type": "Input.Toggle", "title": "Hygiene", "value": "false"}, "☐ Hygiene"),
        ({"type": "Input.Toggle", "title": "Hygiene", "value": "true"}, "☑ Hygiene"),
        (
            {"type": "Input.Text", "id": "c", "label": "Kommentar", "value": "Trøtt"},
            "Kommentar: Trøtt",
        ),
        ({"type": "Input.Text", "id": "c", "placeholder": "Kommentar"}, ""),
        (
            {
                "type": "ColumnSet",
                "columns": [
                    {"type": "Column", "items": [{"type": "TextBlock", "text": "Kari"}]},
                    {"type": "Column", "items": [{"type": "TextBlock", "text": "7B"}]},
                ],
            },
            "Kari · 7B",
        ),
        (
            {"type": "Container", "items": [{"type": "TextBlock", "text": "a"}] * 2},
            "a\na",
        ),
        (
            {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": "Ja"}]},
            "[Ja]",
        ),
    ],
)
def test_card_as_text(element: dict[str, Any], text: str) -> None:
    card = {"type": "AdaptiveCard", "body": [element], "actions": [{"title": "OK"}]}
    assert card_as_text(card) == "\n".join(line for line in (text, "[OK]") if line)


def test_unknown_binding_is_an_error_naming_the_value() -> None:
    data = samples.reminder()
    del data["pupil"]
    with pytest.raises(CardTemplateError, match=r"'reminder'.*\$\{pupil\}"):
        render_card("reminder", data)


def test_none_is_not_rendered_as_an_empty_text() -> None:
    with pytest.raises(CardTemplateError, match=r"\$\{title\}"):
        render_card("log_summary", {**samples.log_summary(), "title": None})


def test_unknown_card_is_an_error() -> None:
    with pytest.raises(CardTemplateError, match="no_such_card"):
        render_card("no_such_card", {})


def test_values_are_not_templates_themselves() -> None:
    tricky = 'Kari "${title}" {pupil} \\ }'
    card = render_card("reminder", {**samples.reminder(), "pupil": tricky})
    assert {"type": "TextBlock", "text": tricky} in [
        {"type": b["type"], "text": b["text"]} for b in _of_type(card, "TextBlock")
    ]


def test_rendering_twice_gives_independent_cards() -> None:
    first = render_card("case_status", samples.case_status())
    first["body"][0]["text"] = "endret"
    second = render_card("case_status", {**samples.case_status(), "title": "Ola"})
    assert second["body"][0]["text"] == "Ola"
    assert render_card("case_status", samples.case_status())["body"][0]["text"] != "endret"


def test_attachment_carries_the_card() -> None:
    card = render_card("log_summary", samples.log_summary())
    assert card_attachment(card) == {"contentType": CONTENT_TYPE, "content": card}
    assert CONTENT_TYPE == "application/vnd.microsoft.card.adaptive"
