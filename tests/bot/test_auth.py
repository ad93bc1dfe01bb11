"""Bot Framework authentication through the real app, offline: botbuilder checks every token.

A local OpenID server (devkit/local_identity.py) plays login.botframework.com, so the keys,
issuer, audience, lifetime and serviceurl checks are botbuilder's own, unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from bot.settings import ConfigurationError, Settings
from content.i18n import Translator
from devkit.local_channel import LocalChannel, User, as_shown
from devkit.local_identity import MSI_SECRET, OpenIdServer, new_key
from tests.harness import bot_settings, running_bot

NB = Translator("nb")
APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
TENANT = "00000000-0000-4000-8000-00000000a11e"  # the local channel's tenant
OTHER_KEY = new_key()


@pytest.fixture(scope="module")
def idp() -> Iterator[OpenIdServer]:
    with OpenIdServer.running() as server:
        yield server


def auth_settings(database_url: str, idp: OpenIdServer, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "app_id": APP_ID,
        "app_password": "local-secret",
        "app_tenant_id": TENANT,
        "openid_metadata_url": idp.metadata_url,
        "emulator_openid_metadata_url": idp.emulator_metadata_url,
    }
    values.update(overrides)
    return bot_settings(database_url, **values)


@pytest.mark.parametrize(
    ("app_type", "password", "tenant", "allowed", "problem"),
    [
        ("UserAssignedMSI", "", TENANT, [], None),
        ("UserAssignedMSI", "secret", TENANT, [], "leave MicrosoftAppPassword empty"),
        ("UserAssignedMSI", "", "", [TENANT], "needs MicrosoftAppTenantId"),
        ("MultiTenant", "secret", "", [TENANT], None),
        ("MultiTenant", "secret", "", [], "NAERVAER_ALLOWED_TENANTS"),
        ("SingleTenant", "secret", TENANT, [], None),
    ],
)
def test_which_credentials_each_app_type_needs(
    app_type: str, password: str, tenant: str, allowed: list[str], problem: str | None
) -> None:
    settings = Settings(
        _env_file=None,
        host="0.0.0.0",
        app_id=APP_ID,
        app_type=app_type,
        app_password=password,
        app_tenant_id=tenant,
        allowed_tenants=allowed,
    )
    if problem is None:
        settings.ensure_safe_to_serve()
        return
    with pytest.raises(ConfigurationError, match=problem):
        settings.ensure_safe_to_serve()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"app_type": "MultiTenant", "app_tenant_id": "", "allowed_tenants": [TENANT]},
    ],
    ids=["SingleTenant", "MultiTenant"],
)
async def test_a_valid_channel_token_is_admitted(
    database_url: str, idp: OpenIdServer, overrides: dict[str, object]
) -> None:
    # A typing activity needs no reply, so no AAD token is fetched for the connector.
    async with running_bot(auth_settings(database_url, idp, **overrides)) as bot:
        channel = bot.channel
        token = idp.channel_token(APP_ID, channel.service_url)
        activity = channel.activity(User("aad-1", "Kari Lærer"), type="typing")
        assert await channel.post(activity, headers=bearer(token)) == 201


async def test_with_a_managed_identity_the_reply_travels_to_the_channel(
    database_url: str, idp: OpenIdServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # msal finds App Service's managed-identity endpoint through these two variables.
    monkeypatch.setenv("IDENTITY_ENDPOINT", idp.msi_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", MSI_SECRET)
    for name in ("IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET"):
        monkeypatch.delenv(name, raising=False)
    user = User("aad-2", "Per Lærer")
    settings = auth_settings(database_url, idp, app_type="UserAssignedMSI", app_password="")
    async with running_bot(settings) as bot:
        channel = bot.channel
        token = idp.channel_token(APP_ID, channel.service_url)
        status = await channel.post(channel.activity(user, text="hjelp"), headers=bearer(token))
        replies = channel.received[user.conversation_id]
    assert status in (200, 201)
    assert [as_shown(reply.get("text") or "") for reply in replies] == [NB("help.text")]
    asked = {(query.get("client_id"), query.get("resource")) for query in idp.msi_requests}
    assert (APP_ID, "https://api.botframework.com") in asked


def _bad_tokens(idp: OpenIdServer, channel: LocalChannel) -> dict[str, dict[str, str]]:
    """Each case: the headers of a request botbuilder must refuse."""
    url = channel.service_url
    now = int(time.time())
    valid = idp.channel_token(APP_ID, url)
    return {
        "missing header": {},
        "not bearer": {"Authorization": f"Basic {valid}"},
        "not a jwt": bearer("not.a.token"),
        "expired": bearer(idp.channel_token(APP_ID, url, exp=now - 3600, nbf=now - 7200)),
        "not yet valid": bearer(idp.channel_token(APP_ID, url, nbf=now + 3600)),
        "wrong audience": bearer(idp.channel_token("another-bot", url)),
        "no audience": bearer(idp.channel_token(APP_ID, url, aud=None)),
        "wrong issuer": bearer(idp.channel_token(APP_ID, url, iss="https://evil.example")),
        "other key": bearer(idp.channel_token(APP_ID, url, key=OTHER_KEY)),
        "unknown kid": bearer(idp.channel_token(APP_ID, url, key=OTHER_KEY, kid="rotated")),
        "other serviceurl": bearer(idp.channel_token(APP_ID, "https://evil.example/")),
        "no serviceurl": bearer(idp.channel_token(APP_ID, url, serviceurl=None)),
    }


async def test_bad_tokens_get_401_and_the_bot_keeps_serving(
    database_url: str, idp: OpenIdServer
) -> None:
    user = User("aad-3", "Ola Lærer")
    async with running_bot(auth_settings(database_url, idp)) as bot:
        channel = bot.channel
        answers: dict[str, tuple[int, str]] = {}
        for case, headers in _bad_tokens(idp, channel).items():
            answers[case] = await _post(bot.url, channel.activity(user, text="hjelp"), headers)
        good = bearer(idp.channel_token(APP_ID, channel.service_url))
        after = await channel.post(channel.activity(user, type="typing"), headers=good)
        replies = channel.received[user.conversation_id]
    refused = {case: status for case, (status, _) in answers.items()}
    assert refused == {case: 401 for case in answers}
    for _, body in answers.values():
        assert "Traceback" not in body and 'File "' not in body
    assert replies == []
    assert after == 201


async def test_a_token_for_another_channel_is_not_endorsed(
    database_url: str, idp: OpenIdServer
) -> None:
    # The keys are endorsed for msteams and the emulator only, as the real metadata says.
    async with running_bot(auth_settings(database_url, idp)) as bot:
        channel = bot.channel
        token = idp.channel_token(APP_ID, channel.service_url)
        activity = channel.activity(User("aad-4", "Siri"), type="typing", channelId="slack")
        assert await channel.post(activity, headers=bearer(token)) == 401


async def test_unreachable_signing_keys_answer_503(database_url: str, idp: OpenIdServer) -> None:
    closed = f"{idp.base_url}/nothing-here/.well-known/openidconfiguration"
    settings = auth_settings(database_url, idp, openid_metadata_url=closed)
    async with running_bot(settings) as bot:
        channel = bot.channel
        token = idp.channel_token(APP_ID, channel.service_url)
        activity = channel.activity(User("aad-5", "Nils"), type="typing")
        status, body = await _post(bot.url, activity, bearer(token))
    assert status == 503
    assert "Traceback" not in body


async def _post(url: str, activity: dict[str, Any], headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/api/messages", json=activity, headers=headers) as response,
    ):
        return response.status, await response.text()
