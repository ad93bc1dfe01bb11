"""Bad input at the edge (issue 13, item 11): deeply nested JSON and odd charsets are 400, an
invoke whose turn fails is never a 5xx, and a database outage writes one log line going down
and one coming back, without personal data."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from bot.app import DATABASE_KEY
from bot.handler import NaervaerBot
from devkit.local_channel import User
from tests.bot.test_faults import live_database_url, outage  # noqa: F401
from tests.harness import bot_settings, running_bot

USER = User("aad-edge", "Kari Lærer")


async def raw_post(url: str, body: bytes, content_type: str) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{url}/api/messages", data=body, headers={"Content-Type": content_type}
        ) as response:
            await response.read()
            return response.status


def nested(depth: int) -> dict:
    value: dict = {"leaf": True}
    for _ in range(depth):
        value = {"x": value}
    return value


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b'{"a":' * 20_000 + b"1" + b"}" * 20_000, "application/json"),
        (b"{}", "application/json; charset=klingon"),
        ('{"text": "fravær"}'.encode("latin-1"), "application/json; charset=latin-1"),
        ('{"text": "fravær"}'.encode("latin-1"), "application/json"),
        (b"\xff\xfe{", "application/json; charset=utf-8"),
    ],
    ids=["deep-array", "deep-object", "unknown-charset", "latin-1", "undeclared-latin-1", "bad"],
)
async def test_odd_bodies_are_400(database_url: str, body: bytes, content_type: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        assert await raw_post(bot.url, body, content_type) == 400


async def test_a_deeply_nested_activity_is_400(database_url: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        activity = bot.channel.activity(USER, text="hjelp", value=nested(200))
        body = json.dumps(activity).encode()
        assert await raw_post(bot.url, body, "application/json") == 400
        assert (await bot.channel.send(USER, "hjelp")).status in (200, 201)


async def test_an_invoke_whose_turn_fails_is_not_a_server_error(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: NaervaerBot, turn_context: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr(NaervaerBot, "on_invoke_activity", broken)
    async with running_bot(bot_settings(database_url)) as bot:
        for name in ("adaptiveCard/action", "task/fetch", "composeExtension/query", "x"):
            invoke = bot.channel.activity(USER, type="invoke", name=name, value={"a": 1})
            assert await bot.channel.post(invoke) < 500


async def test_a_database_outage_is_logged_once_each_way_without_personal_data(
    live_database_url: str,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running_bot(bot_settings(live_database_url)) as bot:
        await bot.channel.send(USER, "hjelp")
        with caplog.at_level(logging.INFO, logger="storage.db"):
            with outage(bot.app[DATABASE_KEY]):
                for _ in range(3):
                    await bot.channel.send(USER, "Ole i 5B har vært borte 5 dager")
            await bot.channel.send(USER, "hjelp")
    lines = [r.getMessage() for r in caplog.records if r.name == "storage.db"]
    assert [line.split(" (")[0] for line in lines] == [
        "database unavailable",
        "database reachable again",
    ]
    assert not any("Ole" in line or "Kari" in line for line in lines)
