"""`naervaer chat`: the real bot and a local channel in one process, talking through a terminal.

The bot runs exactly as served (same app, same database, real HTTP on loopback); only Teams is
replaced by this terminal. Buttons are listed with numbers; typing the number presses them.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import Any

from aiohttp import web

from bot.settings import Settings
from devkit.local_channel import LocalChannel, User


def button_choices(reply: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, message fields) for each button of a reply: suggested actions and card buttons
    (an Action.Execute pressed here is sent as its Action.Submit fallback would be)."""
    choices: list[tuple[str, dict[str, Any]]] = []
    for action in (reply.get("suggestedActions") or {}).get("actions", []):
        choices.append((action.get("title", ""), {"text": action.get("value", "")}))
    for attachment in reply.get("attachments") or []:
        for action in (attachment.get("content") or {}).get("actions", []):
            if action.get("type") in ("Action.Submit", "Action.Execute"):
                choices.append((action.get("title", ""), {"text": "", "value": action.get("data")}))
    return choices


def show(reply: dict[str, Any]) -> None:
    if reply.get("text"):
        print(reply["text"])
    for attachment in reply.get("attachments") or []:
        content = attachment.get("content") or {}
        fallback = content.get("fallbackText") or content.get("speak")
        if fallback:
            print(fallback)


async def chat(settings: Settings) -> int:
    from bot.app import create_app
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    channel = LocalChannel(f"http://127.0.0.1:{port}")
    await channel.start()
    user = User(
        aad_object_id=f"local-{getpass.getuser()}",
        name=getpass.getuser(),
        conversation_id="a:terminal",
    )
    try:
        await _loop(channel, user)
    finally:
        await channel.close()
        await runner.cleanup()
    return 0


async def _loop(channel: LocalChannel, user: User) -> None:
    print("Skriv til boten (hjelp viser hva den kan, Ctrl+D avslutter).")
    choices: list[tuple[str, dict[str, Any]]] = []
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        line = line.strip()
        fields: dict[str, Any] = {"text": line}
        if line.isdigit() and 0 < int(line) <= len(choices):
            fields = dict(choices[int(line) - 1][1])
        exchange = await channel.send(user, **fields)
        choices = []
        for reply in exchange.replies:
            show(reply)
            choices.extend(button_choices(reply))
        for number, (label, _) in enumerate(choices, start=1):
            print(f"  [{number}] {label}")
