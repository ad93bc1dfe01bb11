"""The text rule of issue 15 (content.chat_text): no Markdown emphasis in any catalog text or
rendered template, and lines that survive the trip to Teams and the Agents Playground."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from content.chat_text import emphasis_in, for_chat
from content.i18n import LOCALES_DIR
from content.loader import guide
from content.render import render_template
from devkit.local_channel import as_shown


def _catalog_texts(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id and m.string}


@pytest.mark.parametrize(
    "path", sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")), ids=lambda p: "/".join(p.parts[-3:])
)
def test_no_catalog_text_holds_markdown_emphasis(path: Path) -> None:
    found = {key: emphasis_in(text) for key, text in _catalog_texts(path).items()}
    assert {key: marks for key, marks in found.items() if marks} == {}


def test_no_rendered_template_holds_markdown_emphasis() -> None:
    texts = {t: render_template(guide(), t, {"pupil": "Ole"}) for t in guide().templates}
    assert len(texts) >= 7
    assert {t: emphasis_in(text) for t, text in texts.items() if emphasis_in(text)} == {}


@pytest.mark.parametrize(
    "text",
    ["Én linje uten skift", "Linje 1\nLinje 2", "Avsnitt\n\nneste <3 & «sitat»", "a\n\n\nb"],
)
def test_lines_go_out_as_br_and_read_back_unchanged(text: str) -> None:
    wire = for_chat(text)
    assert "\n" not in wire
    assert wire.count("<br>") == text.count("\n")
    assert as_shown(wire) == text


def test_a_fenced_code_block_keeps_its_line_breaks() -> None:
    text = 'Innsyn (JSON)\n\n```json\n{"a": 1}\n```'
    assert for_chat(text) == text


def test_emphasis_marks_are_found_but_not_names_or_paths() -> None:
    assert emphasis_in("**Ole (5B)**: tekst") == ["**", "**"]
    assert emphasis_in("_Kilde: veilederen_") == ["_Kilde: veilederen_"]
    assert emphasis_in("ergo/fysio, item_1, snake_case_name, 1_000") == []
