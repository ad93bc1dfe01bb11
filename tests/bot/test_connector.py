"""The connector fast path: one client and one keep-alive connection across turns, and the bot's
token still on every outbound call."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount
from botframework.connector.auth import (
    AuthenticationConstants,
    ClaimsIdentity,
    MicrosoftAppCredentials,
    PasswordServiceClientCredentialFactory,
)
from msrest.pipeline import AsyncPipeline
from msrest.serialization import Model
from msrest.universal_http import ClientRequest

from bot.fastpath.connector import (
    TOKEN_REUSE_S,
    AiohttpSender,
    BearerTokenPolicy,
    FastAuthentication,
    SharedHttp,
    fast_authentication,
)
from bot.http import ADAPTER_KEY
from content.i18n import Translator
from devkit.local_channel import LocalChannel, User
from tests.harness import bot_settings, running_bot

NB = Translator("nb")
APP_ID = "00000000-0000-4000-8000-000000000b07"


@contextlib.asynccontextmanager
async def fast_bot(database_url: str) -> AsyncIterator[tuple[str, FastAuthentication]]:
    """The real app with the fast path wired as `create_adapter` wires it (idempotent)."""
    async with running_bot(bot_settings(database_url)) as bot:
        adapter = bot.app[ADAPTER_KEY]
        authentication = fast_authentication(adapter.bot_framework_authentication)
        adapter.bot_framework_authentication = authentication
        try:
            yield bot.url, authentication
        finally:
            await authentication.close()


async def test_two_turns_share_one_client_and_one_connection(database_url: str) -> None:
    user = User("aad-fast-1", "Kari Lærer")
    async with fast_bot(database_url) as (url, authentication):
        connector = LocalChannel(url)
        await connector.start()
        try:
            first = await connector.send(user, text="hjelp")
            clients_after_first = authentication.cached_clients()
            second = await connector.send(user, text="hjelp")
        finally:
            await connector.close()
    assert [first.status, second.status] == [201, 201]
    assert NB("help.text") in first.text
    assert NB("help.text") in second.text
    assert len(clients_after_first) == 1
    assert authentication.cached_clients()[0] is clients_after_first[0]
    assert len(connector.peers) == 1, "both replies should travel on one keep-alive connection"


async def test_a_reply_after_the_connector_restarts_still_arrives(database_url: str) -> None:
    user = User("aad-fast-2", "Per Lærer")
    async with fast_bot(database_url) as (url, _authentication):
        before = LocalChannel(url)
        await before.start()
        first = await before.send(user, text="hjelp")
        await before.close()  # the pooled connection to it is now closed by the server
        after = LocalChannel(url)
        await after.start(port=before.port)
        try:
            second = await after.send(user, text="hjelp")
        finally:
            await after.close()
    assert NB("help.text") in first.text
    assert second.status == 201
    assert NB("help.text") in second.text


class _FixedTokenCredentials(MicrosoftAppCredentials):
    """Entra ID is the edge faked here: it hands out one known token."""

    def get_access_token(self, force_refresh: bool = False) -> str:
        return "token-from-entra"


class _FixedTokenFactory(PasswordServiceClientCredentialFactory):
    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> MicrosoftAppCredentials:
        return _FixedTokenCredentials(app_id, "secret", "tenant", oauth_scope)


class _Configuration:
    APP_ID = APP_ID
    APP_PASSWORD = "secret"
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


async def test_an_authenticated_bot_still_sends_its_token() -> None:
    inner = ConfigurationBotFrameworkAuthentication(
        _Configuration(), credentials_factory=_FixedTokenFactory(APP_ID, "secret")
    )
    authentication = fast_authentication(inner)
    claims = ClaimsIdentity({AuthenticationConstants.AUDIENCE_CLAIM: APP_ID}, True)
    connector = LocalChannel("http://127.0.0.1:9")  # only its connector side is used
    await connector.start()
    try:
        factory = authentication.create_connector_factory(claims)
        client = await factory.create(connector.service_url, None)
        again = await authentication.create_connector_factory(claims).create(
            connector.service_url, None
        )
        reply = Activity(
            type="message",
            text="hei",
            conversation=ConversationAccount(id="a:proactive"),
            from_property=ChannelAccount(id="28:bot"),
            recipient=ChannelAccount(id="29:user"),
        )
        response = await client.conversations.send_to_conversation("a:proactive", reply)
    finally:
        await connector.close()
        await authentication.close()
    assert again is client
    assert response.id.startswith("reply-")
    assert connector.authorizations == ["Bearer token-from-entra"]


class _CountingCredentials(MicrosoftAppCredentials):
    """Entra ID faked: each token it hands out is new, so reuse shows in the header."""

    handed_out = 0

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.handed_out += 1
        return f"token-{self.handed_out}"


async def test_a_token_is_reused_for_a_minute_then_asked_for_again() -> None:
    now = [1000.0]
    credentials = _CountingCredentials(APP_ID, "secret", "tenant")
    policy = BearerTokenPolicy(credentials, clock=lambda: now[0])
    connector, http = LocalChannel("http://127.0.0.1:9"), SharedHttp()
    await connector.start()
    url = f"{connector.service_url}v3/conversations/a:1/activities"
    try:
        async with AsyncPipeline([policy], AiohttpSender(http)) as pipeline:
            for advance in (0.0, TOKEN_REUSE_S - 1, 2.0):
                now[0] += advance
                request = ClientRequest("POST", url)
                request.add_content({"type": "message", "text": "hei"})
                await pipeline.run(request)
    finally:
        await http.close()
        await connector.close()
    assert connector.authorizations == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


def test_wrapping_twice_keeps_one_cache() -> None:
    inner = ConfigurationBotFrameworkAuthentication(_Configuration())
    once = fast_authentication(inner)
    assert fast_authentication(once) is once


def test_fast_serializer_writes_what_msrest_writes() -> None:
    from datetime import UTC, datetime

    from botbuilder.schema import (
        ActionTypes,
        Activity,
        ActivityTypes,
        Attachment,
        CardAction,
        ChannelAccount,
        ConversationAccount,
        Entity,
        SuggestedActions,
    )
    from botframework.connector import models
    from msrest.serialization import Serializer

    from bot.fastpath.wire import FastSerializer
    from content.cards import render_card

    card = render_card(
        "log_summary",
        {"title": "Fraværslogg", "fields": [{"label": "Dato", "value": "i dag"}],
         "save": "Lagre", "edit": "Endre"},
    )  # fmt: skip
    activity = Activity(
        type=ActivityTypes.message,
        id="1",
        timestamp=datetime(2026, 11, 26, 8, 0, 1, 123000, tzinfo=UTC),
        channel_id="msteams",
        service_url="http://127.0.0.1:1/",
        from_property=ChannelAccount(id="28:bot", name="Nærværsløftet"),
        recipient=ChannelAccount(id="29:u", name="Kari", aad_object_id="aad"),
        conversation=ConversationAccount(id="a:1", conversation_type="personal", tenant_id="t"),
        text="Ole (5B) «Annet» 🙂 <b>x</b>",
        reply_to_id="msg-1",
        locale="nb-NO",
        attachments=[
            Attachment(content_type="application/vnd.microsoft.card.adaptive", content=card)
        ],
        suggested_actions=SuggestedActions(
            actions=[CardAction(type=ActionTypes.im_back, title="Ja", value="ja")]
        ),
        entities=[Entity(type="mention")],
        channel_data={"tenant": {"id": "t"}, "nested": [1, {"a": None}]},
        summary="Fraværslogg",
    )
    classes = {name: cls for name, cls in vars(models).items() if isinstance(cls, type)}
    assert FastSerializer(classes).body(activity, "Activity") == Serializer(classes).body(
        activity, "Activity"
    )


def test_fast_reader_reads_what_msrest_reads() -> None:
    from botbuilder.schema import Activity

    from bot.fastpath.wire import activity_from_json
    from devkit.local_channel import LocalChannel, User

    channel = LocalChannel("http://127.0.0.1:1")
    channel.service_url = "http://127.0.0.1:2/"
    user = User("aad-1", "Kari Lærer")
    documents = [
        channel.activity(user, text="Ole i 5B har vært borte 5 dager"),
        channel.activity(user, text="", value={"intent": "case_status", "case_id": 7}),
        channel.activity(
            user, type="conversationUpdate", membersAdded=[{"id": "28:bot"}, {"id": "29:u"}]
        ),
        channel.activity(user, entities=[{"type": "mention", "text": "<at>Bot</at>"}]),
        # msrest's business: snake_case keys, a number where a string belongs, an odd date
        {**channel.activity(user), "service_url": "http://127.0.0.1:3/"},
        {**channel.activity(user), "locale": 5},
        {**channel.activity(user), "timestamp": "26.11.2026"},
    ]

    def fields(value: Any) -> Any:
        """Every attribute, `additional_properties` included (which `serialize` leaves out)."""
        if isinstance(value, Model):
            return {name: fields(item) for name, item in vars(value).items()}
        if isinstance(value, list):
            return [fields(item) for item in value]
        return value

    def outcome(read: Any, document: dict[str, Any]) -> Any:
        try:
            return fields(read(document))
        except Exception as error:  # the same refusal counts as the same result
            return type(error)

    for document in documents:
        assert outcome(activity_from_json, document) == outcome(Activity().deserialize, document)


def test_what_teams_sends_is_read_without_msrest(monkeypatch) -> None:
    from bot.fastpath.wire import activity_from_json
    from devkit.local_channel import LocalChannel, User

    channel = LocalChannel("http://127.0.0.1:1")
    channel.service_url = "http://127.0.0.1:2/"
    document = channel.activity(User("aad-1", "Kari Lærer"), text="hjelp")
    document["channelData"]["clientActivityId"] = "1700000000000.123"

    def refuse(*_args: Any) -> None:
        raise AssertionError("msrest was asked to read an ordinary Teams activity")

    monkeypatch.setattr(Activity, "deserialize", refuse)
    activity = activity_from_json(document)

    tenant = document["conversation"]["tenantId"]
    assert activity.conversation.additional_properties == {"tenantId": tenant}
    assert activity.channel_data["clientActivityId"] == "1700000000000.123"
