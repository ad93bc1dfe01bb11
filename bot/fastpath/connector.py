"""Outbound calls to the Bot Framework connector without per-turn set-up.

botbuilder's CloudAdapter asks its authentication object for a ConnectorFactory, a ConnectorClient
and a UserTokenClient on every turn. Each client builds an msrest pipeline with a retry policy
(milliseconds of CPU) and sends through `requests` on a thread pool, one new TCP connection per
reply. `fast_authentication(inner)` wraps the authentication object so that:

- connector clients are built once per (app id, service url, audience) and kept in a small LRU;
- they send through one shared aiohttp session, so replies reuse keep-alive connections and no
  `requests` call runs on the loop thread;
- the user token client is built on first use and kept;
- the two calls every reply and reminder makes (`reply_to_activity`, `send_to_conversation`)
  go straight to the session (`FastConversations`): msrest built their URL, a request object
  and ran its policy pipeline per call, about a twentieth of a turn's CPU.

What authenticates is untouched: incoming requests are validated by `inner`, and credentials come
from `inner`'s credential factory, as before. A token `inner` accepted is not verified again for
a few minutes when it comes back with the same channel and service url
(bot/fastpath/verified_tokens.py).
The bearer token lookup (msal, which may call Entra ID when its cached token expires) moves off
the event loop, and a token msal handed out is reused for a minute.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import quote

import aiohttp
from botbuilder.schema import Activity, ResourceResponse
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AppCredentials,
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.models import ErrorResponseException
from msrest.exceptions import ClientRequestError
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import AsyncClientResponse, ClientRequest
from yarl import URL

from bot.fastpath.verified_tokens import VerifiedTokens
from bot.fastpath.wire import FastSerializer

MAX_CACHED_CLIENTS = 64
# msal hands out tokens with minutes of life left (it renews them earlier), so one minute of reuse
# never sends an expired token, and spares a thread hop and a cache lookup on almost every reply.
TOKEN_REUSE_S = 60.0
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)
ClientKey = tuple[str | None, str, str | None]


class SharedHttp:
    """One aiohttp session for every connector client, created on the loop that first needs it."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=REQUEST_TIMEOUT)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class _LoadedResponse(AsyncClientResponse):
    """A response read to the end, so its connection is back in the pool before msrest parses it."""

    def __init__(self, request: ClientRequest, raw: aiohttp.ClientResponse, body: bytes) -> None:
        super().__init__(request, raw)
        self.status_code = raw.status
        self.headers = dict(raw.headers)
        self.reason = raw.reason
        self._body = body

    def body(self) -> bytes:
        return self._body

    def raise_for_status(self) -> None:
        self.internal_response.raise_for_status()


class AiohttpSender(AsyncHTTPSender):
    """Sends msrest requests through the shared session."""

    def __init__(self, http: SharedHttp) -> None:
        self._http = http

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(self, *exc_details: object) -> None:
        return None

    def build_context(self) -> Any:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http_request: ClientRequest = request.http_request
        return Response(request, await exchange(self._http, http_request))


async def exchange(http: SharedHttp, request: ClientRequest) -> _LoadedResponse:
    """One request on the shared session, its answer read to the end; a transport failure is
    msrest's `ClientRequestError`, as msrest's own senders raise it."""
    try:
        raw, body = await _exchange(http, request)
    except aiohttp.ServerDisconnectedError:
        # A pooled connection the server closed while idle: the request never reached it.
        raw, body = await _exchange(http, request)
    except (aiohttp.ClientError, TimeoutError) as error:
        raise ClientRequestError(f"connector request failed: {type(error).__name__}") from error
    return _LoadedResponse(request, raw, body)


async def _exchange(
    http: SharedHttp, request: ClientRequest
) -> tuple[aiohttp.ClientResponse, bytes]:
    # As msrest quoted it: yarl would otherwise decode %3A, %40 and the like in the ids.
    url = URL(request.url, encoded=True)
    async with http.session().request(
        request.method, url, headers=request.headers, data=request.data
    ) as raw:
        return raw, await raw.read()


class BearerTokenPolicy(AsyncHTTPPolicy):
    """The bot's Entra ID token on every call; msal may block on the network, so not on the loop."""

    def __init__(
        self, credentials: AppCredentials, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self._credentials = credentials
        self._clock = clock
        self._token: tuple[float, str] | None = None  # (when msal handed it out, the token)
        app_id = getattr(credentials, "microsoft_app_id", None)
        anonymous = AuthenticationConstants.ANONYMOUS_SKILL_APP_ID
        self._needs_token = bool(app_id) and app_id != anonymous

    async def send(self, request: Request, **kwargs: Any) -> Response:
        await self.authorize(request.http_request.headers)
        assert self.next is not None  # the pipeline links every policy to the next
        return await self.next.send(request, **kwargs)

    async def authorize(self, headers: MutableMapping[str, str]) -> None:
        if self._needs_token:
            headers["Authorization"] = f"Bearer {await self._bearer()}"

    async def _bearer(self) -> str:
        now = self._clock()
        if self._token is not None and now - self._token[0] < TOKEN_REUSE_S:
            return self._token[1]
        token = await asyncio.to_thread(self._credentials.get_access_token)
        self._token = (now, token)
        return token


class FastConversations:
    """A connector client's `conversations`, with its two hot calls sent directly: the URL,
    headers and JSON body msrest would send (tests/bot/test_fast_conversations.py compares
    them), a non-2xx answer raised as msrest's `ErrorResponseException` with the response (the
    reminders read its status and Retry-After). Any other call, or one with options, goes to
    msrest's operations."""

    def __init__(
        self,
        inner: Any,
        client: ConnectorClient,
        http: SharedHttp,
        bearer: BearerTokenPolicy | None,
    ) -> None:
        self._inner = inner
        self._http = http
        self._bearer = bearer
        self._serialize = client._serialize
        self._deserialize = client._deserialize
        self._conversations = f"{client.config.base_url.rstrip('/')}/v3/conversations/"
        self._user_agent = client.config.user_agent

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **options: Any
    ) -> ResourceResponse | None:
        if options or not conversation_id or not activity_id:
            return await self._inner.reply_to_activity(
                conversation_id, activity_id, activity, **options
            )
        url = f"{self._url(conversation_id)}/{quote(activity_id, safe='')}"
        return await self._post(url, activity, {"x-ms-conversation-id": conversation_id})

    async def send_to_conversation(
        self, conversation_id: str, activity: Activity, **options: Any
    ) -> ResourceResponse | None:
        if options or not conversation_id:
            return await self._inner.send_to_conversation(conversation_id, activity, **options)
        return await self._post(self._url(conversation_id), activity, {})

    def _url(self, conversation_id: str) -> str:
        return f"{self._conversations}{quote(conversation_id, safe='')}/activities"

    async def _post(
        self, url: str, activity: Activity, extra: dict[str, str]
    ) -> ResourceResponse | None:
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            **extra,
            "User-Agent": self._user_agent,
        }
        request = ClientRequest("POST", url, headers=headers)
        if self._bearer is not None:
            await self._bearer.authorize(request.headers)
        request.data = json.dumps(self._serialize.body(activity, "Activity"))
        response = await exchange(self._http, request)
        if response.status_code not in (200, 201, 202):
            raise ErrorResponseException(self._deserialize, response)
        document = json.loads(response.body() or b"null")
        return ResourceResponse(id=document.get("id")) if isinstance(document, dict) else None


class CachingConnectorFactory(ConnectorFactory):
    """Hands out the cached client for this app id; builds it with `inner` the first time."""

    def __init__(self, owner: FastAuthentication, inner: ConnectorFactory, app_id: str | None):
        self._owner = owner
        self._inner = inner
        self._app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return await self._owner.connector_client(self._inner, self._app_id, service_url, audience)


class FastAuthentication(BotFrameworkAuthentication):
    def __init__(
        self, inner: BotFrameworkAuthentication, *, verified: VerifiedTokens | None = None
    ) -> None:
        self.inner = inner
        self.http = SharedHttp()
        self._verified = verified or VerifiedTokens()
        self._clients: OrderedDict[ClientKey, ConnectorClient] = OrderedDict()
        self._token_clients: dict[str | None, UserTokenClient] = {}

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        key = (auth_header, activity.channel_id, activity.service_url)
        verified = self._verified.get(key) if auth_header else None
        if verified is not None:
            return verified
        result = await self.inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = CachingConnectorFactory(
                self, result.connector_factory, app_id_of(result.claims_identity)
            )
        if auth_header:
            self._verified.keep(key, result)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self.inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = self.inner.create_connector_factory(claims_identity)
        return CachingConnectorFactory(self, inner, app_id_of(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        app_id = app_id_of(claims_identity)
        client = self._token_clients.get(app_id)
        if client is None:
            client = await self.inner.create_user_token_client(claims_identity)
            client = self._token_clients.setdefault(app_id, client)
        return client

    def create_bot_framework_client(self) -> Any:
        return self.inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.inner.authenticate_channel_request(auth_header)

    def cached_clients(self) -> list[ConnectorClient]:
        return list(self._clients.values())

    async def connector_client(
        self, factory: ConnectorFactory, app_id: str | None, service_url: str, audience: str | None
    ) -> ConnectorClient:
        key = (app_id, service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await factory.create(service_url, audience)
            bearer = (
                BearerTokenPolicy(client.config.credentials) if client.config.credentials else None
            )
            client.config.pipeline = self._pipeline(client, bearer)
            client._serialize = FastSerializer(client._serialize.dependencies)
            client.conversations._serialize = client._serialize
            client.conversations = FastConversations(
                client.conversations, client, self.http, bearer
            )
            # Two first turns may race here; keep one client so later turns all share it.
            client = self._clients.setdefault(key, client)
            if len(self._clients) > MAX_CACHED_CLIENTS:
                self._clients.popitem(last=False)
        self._clients.move_to_end(key)
        return client

    def _pipeline(self, client: ConnectorClient, bearer: BearerTokenPolicy | None) -> AsyncPipeline:
        config = client.config
        policies = [config.user_agent_policy, RawDeserializer(), config.http_logger_policy]
        if bearer is not None:
            policies.insert(1, bearer)
        return AsyncPipeline(policies, AiohttpSender(self.http))

    async def close(self) -> None:
        await self.http.close()


def app_id_of(claims_identity: ClaimsIdentity | None) -> str | None:
    """The bot's app id as botbuilder reads it: the audience claim, else the appid claim."""
    if claims_identity is None:
        return None
    app_id = claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
    if app_id is None:
        app_id = claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)
    return app_id


def fast_authentication(inner: BotFrameworkAuthentication) -> FastAuthentication:
    """Wrap once; wrapping an already fast authentication returns it unchanged."""
    return inner if isinstance(inner, FastAuthentication) else FastAuthentication(inner)
