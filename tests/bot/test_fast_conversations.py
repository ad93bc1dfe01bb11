"""`FastConversations` sends what msrest's operations send: the same URL (a service url with a
path, ids that need quoting), headers and JSON body; and an error answer raises what msrest
raises, with the status and Retry-After the reminders read."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from botframework.connector.models import ErrorResponseException

from bot.fastpath.connector import FastAuthentication
from bot.proactive import Throttled, classify

APP_ID = "00000000-0000-4000-8000-000000000b08"
# Teams' ids are ASCII (a header carries the conversation's); the URL is sent as msrest quoted it.
CONVERSATION = "a:1Xy/Z?=&@thread.v2"
REPLY_TO = "1700000000000|x yø"
COMPARED = ("Accept", "Content-Type", "x-ms-conversation-id", "User-Agent", "Authorization")


class _FixedTokenCredentials(MicrosoftAppCredentials):
    """Entra ID is the edge faked here: it hands out one known token."""

    def get_access_token(self, force_refresh: bool = False) -> str:
        return "token-from-entra"


class Recorder:
    """A connector that keeps each request and answers what it is told to."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answer: tuple[int, dict[str, str], dict[str, Any]] = (200, {}, {"id": "sent-1"})

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(
            {
                "method": request.method,
                "path": request.raw_path,
                "headers": {k: request.headers.get(k) for k in COMPARED},
                "body": json.loads(await request.read()),
            }
        )
        status, headers, body = self.answer
        return web.json_response(body, status=status, headers=headers)


class _Factory:
    def __init__(self, credentials: MicrosoftAppCredentials) -> None:
        self.credentials = credentials

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return ConnectorClient(self.credentials, base_url=service_url)


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[Recorder, str]]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield recorder, f"http://127.0.0.1:{port}/emea/"
    finally:
        await runner.cleanup()


def reply() -> Activity:
    return Activity(
        type="message",
        text="Ole (5B): «Ring foresatte» i dag 🙂",
        conversation=ConversationAccount(id=CONVERSATION),
        from_property=ChannelAccount(id="28:bot"),
        recipient=ChannelAccount(id="29:user", aad_object_id="aad-1"),
        reply_to_id=REPLY_TO,
        locale="nb-NO",
    )


async def both_clients(service_url: str) -> tuple[ConnectorClient, ConnectorClient, Any]:
    credentials = _FixedTokenCredentials(APP_ID, "secret", "tenant")
    factory = _Factory(credentials)
    authentication = FastAuthentication(None)  # type: ignore[arg-type]  # only its clients
    fast = await authentication.connector_client(factory, APP_ID, service_url, None)  # type: ignore[arg-type]
    plain = await factory.create(service_url)
    return plain, fast, authentication


async def test_a_reply_and_a_send_go_out_as_msrest_sends_them(
    recorder: tuple[Recorder, str],
) -> None:
    connector, service_url = recorder
    plain, fast, authentication = await both_clients(service_url)
    try:
        answers = []
        for client in (plain, fast):
            conversations = client.conversations
            answers.append(await conversations.reply_to_activity(CONVERSATION, REPLY_TO, reply()))
            answers.append(await conversations.send_to_conversation(CONVERSATION, reply()))
    finally:
        await authentication.close()
    msrest_sent, fast_sent = connector.requests[:2], connector.requests[2:]
    assert fast_sent == msrest_sent
    assert fast_sent[0]["path"].startswith("/emea/v3/conversations/a%3A1Xy%2FZ%3F%3D%26%40thread")
    assert fast_sent[0]["headers"]["Authorization"] == "Bearer token-from-entra"
    assert [answer.id for answer in answers] == ["sent-1"] * 4


async def test_a_429_raises_what_msrest_raises_with_its_retry_after(
    recorder: tuple[Recorder, str],
) -> None:
    connector, service_url = recorder
    connector.answer = (429, {"Retry-After": "2"}, {"error": {"code": "throttled"}})
    plain, fast, authentication = await both_clients(service_url)
    errors = []
    try:
        for client in (plain, fast):
            with pytest.raises(ErrorResponseException) as raised:
                await client.conversations.send_to_conversation(CONVERSATION, reply())
            errors.append(raised.value)
    finally:
        await authentication.close()
    for error in errors:
        seen = classify(error)
        assert isinstance(seen, Throttled) and seen.retry_after == 2.0
    assert errors[1].error.error.code == errors[0].error.error.code == "throttled"
