"""How a reply's lines travel so that Teams and the Agents Playground both show them as lines.

Measured in the Playground (issue 15): a message with suggested actions is shown as plain text
with white space collapsed, one without them as Markdown, where a single "\\n" is a space too;
Teams reads Markdown the same way. Both show `<br>` as a line break, with or without buttons.
So the rule for every text reply: lines are written with "\\n" (catalogs, composers, tests), no
Markdown emphasis (`**`, `_`) anywhere, and on the way out a text of several lines becomes its
lines joined by `<br>`, each escaped as HTML so that a typed "<" stays a "<". A one-line text
goes as it is, and so does a fenced code block (the privacy export's ``` blocks, which Teams
shows line by line with a copy button); a client (devkit.local_channel.as_shown) reads it back.
"""

from __future__ import annotations

import html
import re

LINE_BREAK = "<br>"
FENCE = "```"
# What the catalogs and composed texts must not hold: Markdown emphasis, shown raw with buttons.
EMPHASIS = re.compile(r"\*\*|__|(?<![\w/])_(?=\S)[^_\n]+(?<=\S)_(?![\w/])")


def for_chat(text: str) -> str:
    """The text as sent: several lines joined by `<br>` and escaped; one line unchanged."""
    if "\n" not in text or FENCE in text:
        return text
    return LINE_BREAK.join(html.escape(line, quote=False) for line in text.split("\n"))


def emphasis_in(text: str) -> list[str]:
    """The Markdown emphasis marks in `text` (empty when it follows the rule)."""
    return [match.group(0) for match in EMPHASIS.finditer(text)]
