"""Adaptive Cards for Teams: templates as JSON data under `content/cards/`, one fill function.

The templates use a small subset of the Adaptive Cards Templating language, applied to the
parsed JSON (never to its text, so a value can hold quotes or braces safely):

- `"${a.b}"` inside a string binds a value; a string that is exactly one binding keeps the
  value's type, so `data` objects, booleans and numbers pass through unchanged.
- `"$data": "${list}"` on an array element repeats it once per item; inside, `${field}` reads
  the item and `${$root.x}` the data given to `render_card`.
- `"$when": "${path}"` / `"${!path}"` keeps an element only when the value is truthy / falsy.
  A missing path is falsy here, because that is how optional data (`escalate?`) is expressed.

A binding that names a missing value is a `CardTemplateError`, never an empty string: a card
with a silent hole would reach a teacher's phone. The cards receive already-translated text.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

CARDS_DIR = Path(__file__).parent / "cards"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

_BINDING = re.compile(r"\$\{([^}]*)\}")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(rf"^(\$root|\$data|{_NAME})(\.{_NAME})*$")
# Text properties of the schema are strings; a bound number there is shown, not kept as a number.
_TEXT_KEYS = frozenset({"text", "title", "value", "label", "placeholder", "altText"})
_DROP = object()


class CardTemplateError(ValueError):
    """A card template is missing, malformed, or binds a value the data does not have."""


class _Missing(LookupError):
    pass


def card_names() -> tuple[str, ...]:
    """Every card template shipped, so tests and tools can walk them all."""
    return tuple(sorted(path.stem for path in CARDS_DIR.glob("*.json")))


@functools.cache
def _template(name: str) -> dict[str, Any]:
    path = CARDS_DIR / f"{name}.json"
    try:
        with path.open(encoding="utf-8") as handle:
            template = json.load(handle)
    except OSError as exc:
        raise CardTemplateError(f"card {name!r}: no template {path}") from exc
    except json.JSONDecodeError as exc:
        raise CardTemplateError(f"card {name!r}: {path} is not valid JSON: {exc}") from exc
    if not isinstance(template, dict) or template.get("type") != "AdaptiveCard":
        raise CardTemplateError(f"card {name!r}: {path} is not an AdaptiveCard")
    return template


def render_card(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Fill template `name` with `data` and set `fallbackText` for clients that cannot render."""
    filler = _Filler(name, data)
    card = filler.node(_template(name), data, "$")
    card["fallbackText"] = card_as_text(card)
    return card


def card_attachment(card: Mapping[str, Any]) -> dict[str, Any]:
    """The activity attachment that carries a rendered card."""
    return {"contentType": CONTENT_TYPE, "content": card}


class _Filler:
    """One fill of one template; holds the root data and the card name for error messages."""

    def __init__(self, name: str, root: Mapping[str, Any]) -> None:
        self.name = name
        self.root = root

    def error(self, where: str, message: str) -> CardTemplateError:
        return CardTemplateError(f"card {self.name!r} at {where}: {message}")

    def lookup(self, expression: str, scope: Any, where: str) -> Any:
        path = expression.strip()
        if not _PATH.match(path):
            raise self.error(where, f"unsupported binding ${{{expression}}}")
        parts = path.split(".")
        value: Any = scope
        if parts[0] in ("$root", "$data"):
            value, parts = (self.root if parts[0] == "$root" else scope), parts[1:]
        for part in parts:
            if not isinstance(value, Mapping) or part not in value:
                raise _Missing(path)
            value = value[part]
        if value is None:
            raise _Missing(path)
        return value

    def value(self, expression: str, scope: Any, where: str) -> Any:
        try:
            return self.lookup(expression, scope, where)
        except _Missing as missing:
            raise self.error(where, f"no value for ${{{missing}}}") from None

    def condition(self, when: Any, scope: Any, where: str) -> bool:
        match = _BINDING.fullmatch(when) if isinstance(when, str) else None
        if match is None:
            raise self.error(where, f"$when must be one binding, not {when!r}")
        expression = match.group(1).strip()
        negate = expression.startswith("!")
        try:
            truthy = bool(self.lookup(expression.removeprefix("!"), scope, where))
        except _Missing:
            truthy = False
        return truthy != negate

    def string(self, text: str, scope: Any, where: str) -> Any:
        whole = _BINDING.fullmatch(text)
        if whole is None:
            return _BINDING.sub(lambda m: _as_text(self.value(m.group(1), scope, where)), text)
        value = self.value(whole.group(1), scope, where)
        if _is_number(value) and _is_text_property(where):
            return str(value)
        return copy.deepcopy(value)

    def node(self, node: Any, scope: Any, where: str) -> Any:
        if isinstance(node, str):
            return self.string(node, scope, where)
        if isinstance(node, list):
            return self.array(node, scope, where)
        if not isinstance(node, dict):
            return node
        if "$data" in node:
            scope = self.string(node["$data"], scope, f"{where}.$data")
            if isinstance(scope, list):
                raise self.error(where, "$data with a list only repeats elements of an array")
        if "$when" in node and not self.condition(node["$when"], scope, f"{where}.$when"):
            return _DROP
        filled = {}
        for key, child in node.items():
            if key in ("$data", "$when"):
                continue
            value = self.node(child, scope, f"{where}.{key}")
            if value is not _DROP:
                filled[key] = value
        return filled

    def array(self, items: list[Any], scope: Any, where: str) -> list[Any]:
        filled: list[Any] = []
        for index, item in enumerate(items):
            here = f"{where}[{index}]"
            if isinstance(item, dict) and "$data" in item:
                repeated = self.string(item["$data"], scope, f"{here}.$data")
                if isinstance(repeated, list):
                    template = {key: value for key, value in item.items() if key != "$data"}
                    scopes = [(entry, f"{here}#{n}") for n, entry in enumerate(repeated)]
                    filled.extend(self.node(template, entry, at) for entry, at in scopes)
                    continue
            filled.append(self.node(item, scope, here))
        return [value for value in filled if value is not _DROP]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text_property(where: str) -> bool:
    """`text`, `title`, ... of an element or action; a submit's `data` keeps its types."""
    keys = re.findall(r"\.([^.\[#]+)", where)
    return bool(keys) and keys[-1] in _TEXT_KEYS and "data" not in keys


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def card_as_text(card: Mapping[str, Any]) -> str:
    """The card as plain lines: the activity's `text`/`summary` and the card's `fallbackText`."""
    lines = _elements_text(card.get("body", []))
    actions = _actions_text(card.get("actions", []))
    if actions:
        lines.append(actions)
    return "\n".join(line for line in lines if line)


def _elements_text(elements: list[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for element in elements:
        if element.get("isVisible", True):
            lines.extend(_element_text(element))
    return lines


def _element_text(element: Mapping[str, Any]) -> list[str]:
    kind = element.get("type")
    if kind == "TextBlock":
        return [str(element.get("text", ""))]
    if kind == "CodeBlock":  # Teams only; its fallback shows the same lines elsewhere
        return str(element.get("codeSnippet", "")).split("\n")
    if kind == "RichTextBlock":
        return ["".join(str(run.get("text", "")) for run in element.get("inlines", []))]
    if kind == "FactSet":
        return [f"{fact['title']}: {fact['value']}" for fact in element.get("facts", [])]
    if kind == "ColumnSet":
        columns = element.get("columns", [])
        cells = [" – ".join(_elements_text(column.get("items", []))) for column in columns]
        return [_join_columns([cell for cell in cells if cell])]
    if kind == "Container":
        return _elements_text(element.get("items", []))
    if kind == "Input.Toggle":
        checked = element.get("value") == element.get("valueOn", "true")
        return [f"{'☑' if checked else '☐'} {element.get('title', '')}"]
    if kind == "Input.Date" and element.get("value"):
        return [f"{element.get('label', '')}: {_school_date(str(element['value']))}".lstrip(": ")]
    if kind in ("Input.Text", "Input.Time", "Input.Number") and element.get("value"):
        return [f"{element.get('label', '')}: {element['value']}".lstrip(": ")]
    if kind == "Input.ChoiceSet" and element.get("value"):
        chosen = str(element["value"]).split(",")
        titles = [
            c.get("title", "") for c in element.get("choices", []) if c.get("value") in chosen
        ]
        return [f"{element.get('label', '')}: {', '.join(titles)}".lstrip(": ")]
    if kind == "ActionSet":
        return [_actions_text(element.get("actions", []))]
    if kind == "Image" and element.get("altText"):
        return [str(element["altText"])]
    return []


def _join_columns(cells: list[str]) -> str:
    """Columns with " · ", except after a one-symbol column (a bullet or an icon) that leads."""
    line = ""
    for cell in cells:
        glue = " " if len(line) == 1 and not line.isalnum() else " · "
        line = f"{line}{glue}{cell}" if line else cell
    return line


def _school_date(value: str) -> str:
    """An ISO date as the school writes it (1.12.2025); anything else (a refused date shown
    back on its card, «32.13») as it was typed."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day}.{day.month}.{day.year}"


def _actions_text(actions: list[Mapping[str, Any]]) -> str:
    return " ".join(f"[{action['title']}]" for action in actions if action.get("title"))
