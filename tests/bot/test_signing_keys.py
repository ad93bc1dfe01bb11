"""The Bot Framework's signing keys are fetched off the event loop, with a timeout, and the last
good key set keeps serving while the key endpoint is slow or failing.

botbuilder fetched them with blocking `requests.get` (no timeout) inside its async validation:
on the first request, once a day, and (meant to, but an unknown key id raised first) on a key id
it did not know. A local OpenID server (devkit/local_identity.py, its own thread) plays the
endpoint; it can hold `/keys` unanswered or answer 500. Only the key cache's clock is ours.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from bot.fastpath import signing_keys
from bot.settings import Settings
from devkit.local_channel import LocalChannel, User
from devkit.local_identity import OpenIdServer
from tests.harness import bot_settings, running_bot

APP_ID = "5b0d2f7e-8c1a-4c55-9d1e-3a7f0c2b9e41"
TENANT = "00000000-0000-4000-8000-00000000a11e"  # the local channel's tenant
DAY_S = 24 * 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def idp() -> Iterator[OpenIdServer]:
    """One per test: the key cache is per metadata URL, and a new port is a new URL."""
    with OpenIdServer.running() as server:
        yield server
        server.release_keys()


def settings_for(database_url: str, idp: OpenIdServer) -> Settings:
    return bot_settings(
        database_url,
        app_id=APP_ID,
        app_password="local-secret",
        app_tenant_id=TENANT,
        openid_metadata_url=idp.metadata_url,
        emulator_openid_metadata_url=idp.emulator_metadata_url,
    )


async def typing(channel: LocalChannel, idp: OpenIdServer, who: str, **signing: object) -> int:
    """A turn that needs no reply (so no Entra token); each token is new (`jti`), so it is
    verified against the keys and not taken from the verified-token cache."""
    token = idp.channel_token(APP_ID, channel.service_url, jti=uuid.uuid4().hex, **signing)  # type: ignore[arg-type]
    activity = channel.activity(User(f"aad-{who}", who), type="typing")
    return await channel.post(activity, headers={"Authorization": f"Bearer {token}"})


async def test_a_turn_arriving_during_a_slow_key_fetch_is_not_held_up(
    database_url: str, idp: OpenIdServer
) -> None:
    clock = Clock()
    signing_keys.track(idp.metadata_url, clock=clock)
    async with running_bot(settings_for(database_url, idp)) as bot:
        channel = bot.channel
        assert await typing(channel, idp, "first") == 201
        old = {"key": idp.key, "kid": idp.kid}
        clock.now += signing_keys.UNKNOWN_KEY_REFRESH_S
        idp.rotate()  # the next token is signed with a key id the bot has not seen
        idp.hold_keys()
        rotated = asyncio.create_task(typing(channel, idp, "rotated"))
        assert await asyncio.to_thread(idp.keys_asked.wait, 10), "no refresh for a new key id"
        meanwhile = await typing(channel, idp, "meanwhile", **old)
        still_held = idp.holding_keys
        idp.release_keys()
        assert (meanwhile, still_held) == (201, True)
        assert await rotated == 201


async def test_a_failing_key_endpoint_leaves_the_last_good_keys_in_use(
    database_url: str, idp: OpenIdServer
) -> None:
    clock = Clock()
    keys = signing_keys.track(idp.metadata_url, clock=clock)
    async with running_bot(settings_for(database_url, idp)) as bot:
        channel = bot.channel
        assert await typing(channel, idp, "before") == 201
        idp.keys_status = 500
        clock.now += 2 * DAY_S  # the daily refresh is due, and the endpoint fails
        assert await typing(channel, idp, "during") == 201
        await keys.settled()
        assert idp.keys_requests == 2  # the refresh was tried (in the background) and failed
        assert await typing(channel, idp, "still") == 201
        clock.now += signing_keys.STALE_LIMIT_S  # keys this old are not trusted any more
        assert await typing(channel, idp, "too late") == 503
        idp.keys_status = 200
        clock.now += signing_keys.RETRY_AFTER_FAILURE_S
        assert await typing(channel, idp, "recovered") == 201


async def test_a_key_endpoint_that_never_answers_times_out_with_503(
    database_url: str, idp: OpenIdServer
) -> None:
    keys = signing_keys.track(idp.metadata_url, timeout_s=0.2)
    idp.hold_keys()
    async with running_bot(settings_for(database_url, idp)) as bot:
        assert await typing(bot.channel, idp, "first") == 503
        idp.release_keys()
        await keys.settled()  # the fetch that timed out ends (its thread gave up too)
        assert await typing(bot.channel, idp, "later") == 201
