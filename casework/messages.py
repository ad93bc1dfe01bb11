"""A message as the bot means it, before any SDK shapes it: text, an Adaptive Card, buttons.

Reminders and notices are composed as `Message`s, outside any turn and without the Bot Framework
SDK; the edge turns one into an activity (`dialogs.engine.replies.to_activity`) when it sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    text: str | None = None
    card: dict[str, Any] | None = None
    # Suggested actions: each shows the command it sends as typed text.
    buttons: tuple[str, ...] = ()
