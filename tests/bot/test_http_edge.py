"""The HTTP edge over real sockets: good turns get replies, bad bodies get 4xx and no traces."""

from __future__ import annotations

import aiohttp
import pytest

from content.i18n import Translator
from devkit.local_channel import User
from tests.harness import bot_settings, running_bot

NB = Translator("nb")


async def test_hjelp_is_answered_over_http(database_url: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        exchange = await bot.channel.send(User("aad-1", "Kari Lærer"), "hjelp")
    assert exchange.status in (200, 201)
    assert exchange.text == NB("help.text")
    actions = exchange.replies[0]["suggestedActions"]["actions"]
    assert NB("button.ladder.value") in [action["title"] for action in actions]


async def test_install_sends_one_welcome(database_url: str) -> None:
    user = User("aad-2", "Per Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        first = await bot.channel.install(user)
        again = await bot.channel.install(user)
    assert first.text == NB("welcome.text")
    assert again.replies == []


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'{"type": 5}', "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (
            b'{"type": "message", "serviceUrl": "x", "conversation": {"id": "c"}}',
            "application/json",
            400,
        ),
        (b"\xff\xfe\x00", "application/json", 400),
        (b"hello", "text/plain", 415),
        (b"{}", "application/x-www-form-urlencoded", 415),
        (b'{"text": "' + b"a" * 300_000 + b'"}', "application/json", 413),
    ],
)
async def test_bad_bodies_get_4xx_without_trace(
    database_url: str, body: bytes, content_type: str, status: int
) -> None:
    async with running_bot(bot_settings(database_url)) as bot, aiohttp.ClientSession() as http:
        async with http.post(
            f"{bot.url}/api/messages", data=body, headers={"Content-Type": content_type}
        ) as response:
            answer = await response.text()
        assert response.status == status
        assert "Traceback" not in answer and 'File "' not in answer
        # The server keeps serving after a bad request.
        exchange = await bot.channel.send(User("aad-3", "Ola"), "hjelp")
        assert exchange.text == NB("help.text")


async def test_healthz(database_url: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot, aiohttp.ClientSession() as http:
        async with http.get(f"{bot.url}/healthz") as response:
            assert response.status == 200
            assert (await response.json())["status"] == "ok"
