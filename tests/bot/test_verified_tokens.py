"""A channel token botbuilder accepted is not verified again for a while, and nothing else is kept.

botbuilder's own validation runs against a local OpenID server; only the clock is ours.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult

from bot.adapter import auth_configuration
from bot.fastpath.connector import FastAuthentication
from bot.fastpath.verified_tokens import VERIFIED_FOR_S, VerifiedTokens
from devkit.local_identity import OpenIdServer
from tests.harness import bot_settings

APP_ID = "9d3c1c6a-0a55-4a4e-9f0b-5b3f3f0d7e21"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


class Counting(ConfigurationBotFrameworkAuthentication):
    """botbuilder's authentication, counting how often it really verifies."""

    verified = 0

    async def authenticate_request(self, activity: Activity, auth_header: str) -> Any:
        self.verified += 1
        return await super().authenticate_request(activity, auth_header)


@pytest.fixture(scope="module")
def idp() -> Iterator[OpenIdServer]:
    with OpenIdServer.running() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def authentication(idp: OpenIdServer, clock: Clock) -> FastAuthentication:
    settings = bot_settings(
        "sqlite://",
        app_id=APP_ID,
        app_password="local-secret",
        app_tenant_id="tenant",
        openid_metadata_url=idp.metadata_url,
        emulator_openid_metadata_url=idp.emulator_metadata_url,
    )
    inner = Counting(auth_configuration(settings))
    return FastAuthentication(inner, verified=VerifiedTokens(clock=clock))


def activity(service_url: str = SERVICE_URL) -> Activity:
    return Activity(type="message", channel_id="msteams", service_url=service_url)


async def admit(authentication: FastAuthentication, token: str, **fields: Any) -> Any:
    return await authentication.authenticate_request(activity(**fields), f"Bearer {token}")


def verified(authentication: FastAuthentication) -> int:
    return authentication.inner.verified  # type: ignore[attr-defined]


async def test_the_same_token_for_the_same_channel_is_verified_once(
    idp: OpenIdServer, authentication: FastAuthentication
) -> None:
    token = idp.channel_token(APP_ID, SERVICE_URL)

    first = await admit(authentication, token)
    second = await admit(authentication, token)

    assert verified(authentication) == 1
    assert isinstance(second, AuthenticateRequestResult)
    assert second.claims_identity.claims == first.claims_identity.claims
    assert second.claims_identity is not first.claims_identity  # each caller gets its own
    assert second.connector_factory is first.connector_factory
    assert second.audience == first.audience


async def test_another_service_url_is_verified_again_and_refused(
    idp: OpenIdServer, authentication: FastAuthentication
) -> None:
    token = idp.channel_token(APP_ID, SERVICE_URL)
    await admit(authentication, token)

    with pytest.raises(PermissionError):
        await admit(authentication, token, service_url="https://elsewhere.example/")
    assert verified(authentication) == 2


async def test_nothing_outlives_the_tokens_expiry_or_five_minutes(
    idp: OpenIdServer, authentication: FastAuthentication, clock: Clock
) -> None:
    short = idp.channel_token(APP_ID, SERVICE_URL, exp=int(clock.now) + 60)
    long = idp.channel_token(APP_ID, SERVICE_URL, exp=int(clock.now) + 3600)
    await admit(authentication, short)
    await admit(authentication, long)

    clock.now += 61
    await admit(authentication, short)  # past its exp by our clock: verified again
    await admit(authentication, long)  # still kept
    assert verified(authentication) == 3

    clock.now += VERIFIED_FOR_S
    await admit(authentication, long)
    assert verified(authentication) == 4


async def test_a_refused_token_is_checked_every_time(
    idp: OpenIdServer, authentication: FastAuthentication
) -> None:
    wrong_audience = idp.channel_token("someone-else", SERVICE_URL)

    for _ in range(2):
        with pytest.raises(PermissionError):
            await admit(authentication, wrong_audience)
    assert verified(authentication) == 2
