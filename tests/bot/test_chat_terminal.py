"""`naervaer chat` shows a card as its `fallbackText`: the terminal cannot render one. The log
card asks its date itself (no message text above it), and its fallback left the date and the
level out, so the terminal user saw the card's title and «[Lagre]» with no question, only the
buttons «I dag» and «I går» (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat import show
from content.cards import render_card
from tests.cards import samples


def card_reply(name: str, data: dict[str, Any]) -> dict[str, Any]:
    card = render_card(name, data)
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
    return {"type": "message", "text": "", "attachments": [attachment]}


def test_the_log_card_shows_its_date_and_level_in_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = samples.log_form()
    show(card_reply("log_form", data))
    printed = capsys.readouterr().out.splitlines()
    labels = data["labels"]
    assert printed[0] == data["title"]
    assert f"{labels['contact_date']}: 1.12.2025" in printed  # as the school writes it
    assert f"{labels['level']}: Nivå 1" in printed  # the choice's title, not its id


def test_the_visma_text_keeps_its_lines(capsys: pytest.CaptureFixture[str]) -> None:
    data = samples.visma_text()
    show(card_reply("visma_text", data))
    printed = capsys.readouterr().out
    assert data["text"] in printed
    assert data["text"].count("\n") >= 6  # 2.8's seven fields, one a line


def test_a_refused_date_shown_back_is_written_as_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = samples.log_form(errors=True)
    data["values"]["contact_date"] = "32.13"  # refused, and kept on the card as typed
    show(card_reply("log_form", data))
    assert f"{data['labels']['contact_date']}: 32.13" in capsys.readouterr().out.splitlines()
