"""Turn the guide's texts into chat messages.

`fill` is the project's one placeholder function: dialogs and the message catalogs both use it,
so "{pupil}" means the same everywhere. It inserts values as given; dates are formatted by the
caller (`content.i18n`), which knows the user's language. The template renderer emits plain
lines (content.chat_text: no Markdown emphasis): headings on their own line, "• " bullets and
"1. " steps, so what a teacher copies into a message home is what they see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from content.models import PLACEHOLDER, Guide, Section, Template

BLANK = "…"
SUMMARY_LIMIT = 600
_INDENT = "   "
_LETTERED = re.compile(r"^[a-z]\. ")  # the guide's own "a." ... "d." points


def fill(text: str, values: Mapping[str, object]) -> str:
    """Replace `{name}` by `values[name]` in one pass, leaving unknown names visible.

    One pass means an inserted value is never expanded again, so a pupil's name typed as
    "{deadline}" stays literally that.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _item_lines(section: Section, values: Mapping[str, object]) -> Iterator[str]:
    for number, item in enumerate(section.items, start=1):
        text = fill(item.text, values)
        if section.style == "fields":
            value = values.get(item.id, BLANK) if item.id else BLANK
            yield f"{text.rstrip(':').strip()}: {value}"
            continue
        yield f"{number}. {text}" if section.style == "numbered" else f"• {text}"
        if item.hint:
            yield f"{_INDENT}{fill(item.hint, values)}"
        for sub in item.sub_items:
            marker = "" if _LETTERED.match(sub) else "• "
            yield f"{_INDENT}{marker}{fill(sub, values)}"
    if not section.items and section.style == "numbered":
        yield from (f"{number}. {BLANK}" for number in range(1, section.blank_rows + 1))


def _section_blocks(section: Section, values: Mapping[str, object]) -> Iterator[str]:
    if section.title:
        yield fill(section.title, values)
    if section.text:
        yield from (fill(paragraph, values) for paragraph in _paragraphs(section.text))
    if section.columns:
        yield " | ".join(fill(column, values) for column in section.columns)
    lines = list(_item_lines(section, values))
    if lines:
        yield "\n".join(lines)


def _blocks(template: Template, values: Mapping[str, object]) -> Iterator[str]:
    yield f"{template.section} {fill(template.title, values)}"
    if template.intro:
        yield from (fill(paragraph, values) for paragraph in _paragraphs(template.intro))
    for section in template.sections:
        yield from _section_blocks(section, values)
    if template.source:
        yield fill(template.source, values)
    yield from template.links


def render_template(
    guide: Guide, template_id: str, values: Mapping[str, object] | None = None
) -> str:
    """A template's whole text for a chat message, placeholders filled from `values`. With the
    pupil named and no pronoun given, 2.3's pronouns become the name alone (issue 14)."""
    from content.rules.pronouns import pronoun_values

    values = dict(values or {})
    if "pupil" in values:
        values = {**pronoun_values(str(values["pupil"]), None), **values}
    return "\n\n".join(_blocks(guide.template(template_id), values))


def _shortened(line: str, room: int) -> str:
    cut = line[: max(room - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,.:;")
    return f"{cut}…"


def template_summary(
    guide: Guide,
    template_id: str,
    values: Mapping[str, object] | None = None,
    limit: int = SUMMARY_LIMIT,
) -> str:
    """The title and first lines of a template, at most `limit` characters, for a phone screen."""
    full = render_template(guide, template_id, values)
    if len(full) <= limit:
        return full
    kept: list[str] = []
    used = 0
    for line in full.split("\n"):
        cost = len(line) + (1 if kept else 0)
        if used + cost > limit - 2:
            room = limit - used - (1 if kept else 0) - 2
            if room > 40 or not kept:
                kept.append(_shortened(line, room))
            else:
                kept.append("…")
            break
        kept.append(line)
        used += cost
    return "\n".join(kept).rstrip()
