"""Replies that render the same in Teams and in the Agents Playground (issue 15).

Both clients send a suggested action's text back, but the Playground sends its *title* and Teams
its *value*: they must be the same command, short enough not to be clipped. With suggested
actions attached, the Playground shows `text` as plain text and Teams as Markdown, so neither
`**` nor a bare line break may reach the wire (both clients collapse "\n" there).
"""

from __future__ import annotations

from typing import Any

from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import Exchange, User
from tests.harness import RunningBot

NB = Translator("nb")
# A command with a pupil called Ole («Ikke bekymringsfullt Ole»); what fits side by side is the
# Playground end-to-end test's to see (tests/e2e: no title clipped).
MAX_TITLE = 24

# Conversations that between them offer every kind of suggested action: the main tasks, a new
# case's templates and log, the triage answer, the log's questions, yes/no.
OPENINGS = (
    ("hjelp",),
    ("hva er meningen med livet",),
    ("Ole i 5B har vært borte 5 dager", "nei"),
    ("Ole i 5B har vært borte 5 dager", "nei", "loggfør kontakt for Ole"),
)


def actions(exchange: Exchange) -> list[dict[str, Any]]:
    return [
        action
        for reply in exchange.replies
        for action in (reply.get("suggestedActions") or {}).get("actions", [])
    ]


async def offered(bot: RunningBot, user: User, messages: tuple[str, ...]) -> list[Exchange]:
    return [await bot.channel.send(user, text) for text in messages]


async def test_every_suggested_action_sends_its_own_short_title(bot: RunningBot) -> None:
    seen: list[dict[str, Any]] = []
    for number, messages in enumerate(OPENINGS):
        user = User(f"aad-render-{number}", "Kari Lærer", locale="en-US")
        seen += [a for exchange in await offered(bot, user, messages) for a in actions(exchange)]
    assert len(seen) >= 12
    assert [a for a in seen if a["title"] != a["value"]] == []
    assert [a["title"] for a in seen if len(a["title"]) > MAX_TITLE] == []


async def test_each_button_of_a_new_case_is_understood_when_pressed(
    bot: RunningBot, teacher: User
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    case = await bot.channel.send(teacher, "nei")
    titles = [a["title"] for a in actions(case)]
    assert len(titles) >= 3
    for title in titles:
        pressed = await bot.channel.send(teacher, title)  # what the Playground sends
        assert NB("unknown.text") not in pressed.text, title
        await bot.channel.send(teacher, "avbryt")


def raw_texts(exchanges: list[Exchange]) -> list[str]:
    return [reply.get("text") or "" for exchange in exchanges for reply in exchange.replies]


async def test_no_reply_carries_markdown_emphasis_or_bare_line_breaks(bot: RunningBot) -> None:
    texts: list[str] = []
    for number, messages in enumerate((*OPENINGS, ("vis fraværsmelding for Ole",))):
        user = User(f"aad-render-md-{number}", "Kari Lærer")
        texts += raw_texts(await offered(bot, user, messages))
    assert len(texts) >= 8
    assert [t for t in texts if "**" in t] == []
    assert [t for t in texts if "\n" in t] == []


LOG = ("loggfør kontakt for Ole", "i dag", "varsel", "Syk med influensa", "Ringer igjen fredag")


def _of_type(node: Any, kind: str) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found += [node] if node.get("type") == kind else []
        found += [n for value in node.values() for n in _of_type(value, kind)]
    elif isinstance(node, list):
        found += [n for value in node for n in _of_type(value, kind)]
    return found


async def test_the_visma_text_is_a_code_block_that_keeps_its_lines(
    bot: RunningBot, teacher: User
) -> None:
    """Teams shows a CodeBlock with a copy button; other clients its fallback, one line each."""
    await offered(bot, teacher, ("Ole i 5B har vært borte 5 dager", "nei", *LOG, "0", "Kari"))
    saved = await bot.channel.send(teacher, "Lagre")
    cards = [a["content"] for r in saved.replies for a in r.get("attachments") or []]
    (block,) = [b for card in cards for b in _of_type(card, "CodeBlock")]
    lines = block["codeSnippet"].split("\n")
    kind = guide().documentation.log_kind_for(0).name
    labels = [field.label for field in guide().documentation.fields]
    assert lines[0] == kind
    assert [line.split(": ", 1)[0] for line in lines[1:]] == labels
    assert f"{labels[3]}: Syk med influensa" in lines
    fallback = [t["text"] for t in _of_type(block["fallback"], "TextBlock")]
    assert fallback == lines
    # Without cards (the summary, the card's fallbackText) the lines are lines too.
    (card,) = cards
    assert "\n".join(lines) in card["fallbackText"]


PHONE_SCREEN = 350  # characters before the buttons: about 8 lines on a phone
REPORTS = (
    ("Ole i 5B har vært borte 5 dager", "nei"),
    ("Emma i 5B har vært borte 5 dager, hun er syk", "nei"),
    ("Mia i 6A har kommet for sent fire ganger denne måneden",),
    ("Per i 7C har fravær med koden Annet i dag",),
)


async def test_the_case_opened_reply_fits_a_phone_screen(bot: RunningBot) -> None:
    for number, messages in enumerate(REPORTS):
        user = User(f"aad-render-phone-{number}", "Kari Lærer")
        *_, opened = await offered(bot, user, messages)
        assert len(opened.text) <= PHONE_SCREEN, opened.text
        pupil = messages[0].split()[0]
        assert NB("report.why.value", pupil=pupil) in [a["title"] for a in actions(opened)]
        assert [a for a in actions(opened)] and len(actions(opened)) <= 3


async def test_hvorfor_shows_the_guides_wording_one_tap_away(
    bot: RunningBot, teacher: User
) -> None:
    await offered(bot, teacher, REPORTS[0])
    why = await bot.channel.send(teacher, NB("report.why.value", pupil="Ole"))
    ladder = guide().ladder
    assert ladder.criterion("visma_alert").quote in why.text
    assert ladder.level(0).actions[1] in why.text
    assert "Er det kontakt ved varsel etter fem dager" in why.text  # 2.8
    assert NB("triage.button.not_concerning.value", pupil="Ole") in [
        a["title"] for a in actions(why)
    ]


async def test_status_deadlines_show_the_time(bot: RunningBot, teacher: User) -> None:
    await offered(bot, teacher, REPORTS[0])
    status = await bot.channel.send(teacher, "hvor står saken til Ole?")
    card = status.replies[0]["attachments"][0]["content"]
    shown = card["fallbackText"]
    due = NB("status.due", day="torsdag 26. november", time="15.00")
    assert due in shown, shown


EXPORT = "Elev;Klasse;Dato;Type;Dokumentert;Årsak\n" + "".join(
    f"Ola Nordmann;5B;{day}.11.2026;Dag;Nei;Udokumentert\n" for day in (2, 9, 16, 23, 24)
)


async def test_slow_answers_show_typing_before_anything_else(
    bot: RunningBot, teacher: User
) -> None:
    """A file to read, a school's cases to list: the typing indicator comes first."""
    attachment = bot.channel.file_attachment(EXPORT.encode("utf-8"), "fravaer.csv")
    upload = await bot.channel.send(teacher, "", attachments=[attachment])
    pasted = await bot.channel.send(teacher, EXPORT)
    listed = await bot.channel.send(teacher, "vis sakene mine")
    for exchange in (upload, pasted, listed):
        assert exchange.replies
        assert exchange.typing_at == [0]
    quick = await bot.channel.send(teacher, "hjelp")
    assert quick.typing_at == []
