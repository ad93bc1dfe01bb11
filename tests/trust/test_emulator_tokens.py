"""Emulator tokens only when explicitly enabled, and never off loopback (issue 13, item 11).

An Emulator-style token is signed by Entra ID (here the local identity service's key, served
as the Emulator's OpenID metadata) with `appid` = the bot; it carries no serviceUrl, so it binds
no reply address."""

from __future__ import annotations

import time

import pytest

from bot.settings import ConfigurationError, Settings
from devkit.local_channel import User
from tests.bot.test_auth import APP_ID, TENANT, auth_settings, bearer, idp  # noqa: F401
from tests.harness import running_bot

EMULATOR_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"


def emulator_token(server, service_url: str) -> str:  # type: ignore[no-untyped-def]
    now = int(time.time())
    return server.channel_token(
        APP_ID,
        service_url,
        iss=EMULATOR_ISSUER,
        serviceurl=None,
        appid=APP_ID,
        ver="1.0",
        tid=TENANT,
        nbf=now - 60,
    )


@pytest.mark.parametrize(("allowed", "expected"), [(False, 401), (True, 201)])
async def test_emulator_tokens_only_when_enabled(
    database_url: str,
    idp,  # type: ignore[no-untyped-def]  # noqa: F811
    allowed: bool,
    expected: int,
) -> None:
    settings = auth_settings(database_url, idp, allow_emulator=allowed)
    async with running_bot(settings) as bot:
        channel = bot.channel
        activity = channel.activity(User("aad-emu", "Kari Lærer"), type="typing")
        token = emulator_token(idp, channel.service_url)
        assert await channel.post(activity, headers=bearer(token)) == expected


def test_the_emulator_path_refuses_to_serve_off_loopback() -> None:
    settings = Settings(_env_file=None, host="0.0.0.0", allow_emulator=True)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="NAERVAER_ALLOW_EMULATOR"):
        settings.ensure_safe_to_serve()
    Settings(_env_file=None, host="127.0.0.1", allow_emulator=True).ensure_safe_to_serve()  # type: ignore[call-arg]
