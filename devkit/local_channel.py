"""A local stand-in for Teams and the Bot Framework connector, over real HTTP.

It posts Teams-shaped activities to the bot's `/api/messages` and serves the connector's REST
endpoints (`/v3/conversations/...`) that the bot replies to, so the bot's whole outbound path
runs as in production. Used by `naervaer chat`, the tests and the benchmark (one stand-in for
all of them). Failures can be injected: the next N connector calls answer a given status. With a
`TeamsThrottle` it also enforces Teams' rate limits (429 with `Retry-After`) and keeps, for each
accepted post, when it arrived (by the throttle's clock), for which tenant and conversation.

For load (`bench/`): `sign` puts the channel's bearer token on every activity, `keep=False`
forgets each turn's replies once returned, and posts go over an unbounded connection pool so
fifty simulated teachers really send at once. `port` binds a fixed port, to restart "the same"
connector.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from devkit.teams_throttle import TeamsThrottle

TENANT_ID = "00000000-0000-4000-8000-00000000a11e"
BOT_ID = "28:naervaer-local-bot"
TURN_TIMEOUT = ClientTimeout(total=60)
# The channel's token for a bot that authenticates callers: service url -> signed JWT.
Signer = Callable[[str], str]


@dataclass
class User:
    aad_object_id: str
    name: str
    locale: str = "nb-NO"
    tenant_id: str = TENANT_ID
    conversation_id: str = field(default_factory=lambda: f"a:{uuid.uuid4().hex}")

    @property
    def channel_id(self) -> str:
        return f"29:{self.aad_object_id}"


def as_shown(text: str) -> str:
    """A message's text as a chat client shows it: the bot sends lines joined by `<br>`, HTML-
    escaped (content.chat_text); a text without `<br>` is shown as it is."""
    if "<br>" not in text:
        return text
    return html.unescape(text.replace("<br>", "\n"))


@dataclass
class Exchange:
    status: int
    replies: list[dict[str, Any]]
    # Where typing indicators came, as the number of replies before each: [0] is "first".
    typing_at: list[int] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """What the user reads: a text's `<br>` lines as lines (content.chat_text)."""
        return [as_shown(reply.get("text") or reply.get("summary") or "") for reply in self.replies]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def searchable(self) -> str:
        """Reply texts and card content, for keyword checks on cards as well as messages."""
        parts = []
        for reply in self.replies:
            parts.append(as_shown(reply.get("text") or ""))
            for attachment in reply.get("attachments") or []:
                parts.append(json.dumps(attachment.get("content"), ensure_ascii=False))
        return "\n".join(parts)


@dataclass
class Invoked:
    """The HTTP answer to an invoke (status, JSON body) and the messages the turn sent."""

    status: int
    body: Any
    replies: list[dict[str, Any]]

    @property
    def card(self) -> dict[str, Any] | None:
        """The updated card, when the body is one (Universal Actions' card response)."""
        body = self.body if isinstance(self.body, dict) else {}
        if body.get("type") == "application/vnd.microsoft.card.adaptive":
            return body.get("value")
        return None


def teams_activity(user: User, service_url: str, **fields: Any) -> dict[str, Any]:
    """What Teams posts for a message from `user` in a personal chat; `fields` override."""
    activity: dict[str, Any] = {
        "type": "message",
        "id": f"msg-{uuid.uuid4().hex}",
        "timestamp": datetime.now(UTC).isoformat(),
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": user.channel_id, "name": user.name, "aadObjectId": user.aad_object_id},
        "recipient": {"id": BOT_ID, "name": "Nærværsløftet"},
        "conversation": {
            "id": user.conversation_id,
            "conversationType": "personal",
            "tenantId": user.tenant_id,
        },
        "channelData": {"tenant": {"id": user.tenant_id}},
        "locale": user.locale,
    }
    activity.update(fields)
    return activity


class LocalChannel:
    """Start with `await channel.start()`, point it at the bot with `bot_url`, `close()` after."""

    def __init__(
        self,
        bot_url: str = "",
        *,
        sign: Signer | None = None,
        keep: bool = True,
        throttle: TeamsThrottle | None = None,
    ) -> None:
        self.bot_url = bot_url
        self.throttle = throttle
        self.arrivals: list[tuple[float, str, str]] = []  # (time, tenant, conversation)
        self.tenants: dict[str, str] = {}  # conversation id -> tenant id
        self._sign = sign
        self._keep = keep
        self._headers: dict[str, str] = {}
        self.port = 0
        self.authorizations: list[str] = []  # the bot's bearer token on each reply
        self.peers: set[tuple[str, int]] = set()  # one per TCP connection the bot opened
        self.received: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.typing: dict[str, list[int]] = defaultdict(list)  # positions in `received`
        self._failures: list[int] = []
        # Per conversation: (status, headers) answers queued for that conversation only.
        self._conversation_failures: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        self.attempts: dict[str, int] = defaultdict(int)  # POSTs per conversation, failed or not
        self._delays: list[float] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._arrived = asyncio.Event()
        self.service_url = ""
        # Teams' member directory, as the connector's GET .../members/{id} answers it.
        self.members: dict[str, dict[str, Any]] = {}
        self.member_lookups: list[str] = []
        # Files a user "sent": what SharePoint/OneDrive serves at a file's downloadUrl.
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        # Cards replaced in place (PUT .../activities/{id}): (conversation, activity id, activity).
        self.updates: list[tuple[str, str, dict[str, Any]]] = []

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        app.router.add_get("/files/{file}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.service_url = f"http://{host}:{self.port}/"
        if self._sign is not None:
            self._headers = {"Authorization": f"Bearer {self._sign(self.service_url)}"}
        self._session = ClientSession(connector=TCPConnector(limit=0), timeout=TURN_TIMEOUT)

    async def close(self) -> None:
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    def fail_next(self, count: int, status: int = 503) -> None:
        self._failures.extend([status] * count)

    def fail_conversation(
        self, conversation_id: str, status: int, headers: dict[str, str] | None = None
    ) -> None:
        """The next post to this conversation only answers `status` (e.g. 429 + Retry-After)."""
        self._conversation_failures[conversation_id].append((status, headers or {}))

    def delay_next(self, count: int, seconds: float) -> None:
        """The next `count` replies are accepted only after `seconds`: a slow connector."""
        self._delays.extend([seconds] * count)

    def _observe(self, request: web.Request) -> None:
        self.authorizations.append(request.headers.get("Authorization", ""))
        if request.transport is not None:
            self.peers.add(tuple(request.transport.get_extra_info("peername")[:2]))

    async def _post(self, request: web.Request) -> web.Response:
        self._observe(request)
        if self._delays:
            await asyncio.sleep(self._delays.pop(0))
        conversation = request.match_info["conversation"]
        self.attempts[conversation] += 1
        if self._failures:
            return web.json_response({"error": "injected"}, status=self._failures.pop(0))
        if self._conversation_failures.get(conversation):
            status, headers = self._conversation_failures[conversation].pop(0)
            return web.json_response({"error": "injected"}, status=status, headers=headers)
        activity = await request.json()
        if self.throttle is not None:
            refused = self._throttled(conversation)
            if refused is not None:
                return refused
        activity["id"] = f"reply-{next(self._ids)}"
        if activity.get("type") == "typing":  # shown as "…", not a message in the chat
            self.typing[conversation].append(len(self.received[conversation]))
            return web.json_response({"id": activity["id"]})
        self.received[conversation].append(activity)
        self._arrived.set()
        return web.json_response({"id": activity["id"]})

    def _throttled(self, conversation: str) -> web.Response | None:
        assert self.throttle is not None
        tenant = self.tenants.get(conversation, "")
        wait = self.throttle.admit(conversation, tenant)
        if wait is not None:
            headers = {"Retry-After": self.throttle.retry_after(wait)}
            return web.json_response({"error": "throttled"}, status=429, headers=headers)
        self.arrivals.append((self.throttle.now(), tenant, conversation))
        return None

    async def _put(self, request: web.Request) -> web.Response:
        self._observe(request)
        activity = await request.json()
        conversation, activity_id = (
            request.match_info["conversation"],
            request.match_info["activity"],
        )
        self.received[conversation].append(activity)
        self.updates.append((conversation, activity_id, activity))
        return web.json_response({"id": activity_id})

    def add_member(self, user: User, *, upn: str, email: str | None = None) -> None:
        """Make `user` known to member lookups by their Teams id or aad object id."""
        member = {
            "id": user.channel_id,
            "name": user.name,
            "aadObjectId": user.aad_object_id,
            "userPrincipalName": upn,
            "email": email or upn,
            "tenantId": user.tenant_id,
            "userRole": "user",
        }
        self.members[user.channel_id] = self.members[user.aad_object_id] = member

    async def _member(self, request: web.Request) -> web.Response:
        member_id = request.match_info["member"]
        self.member_lookups.append(member_id)
        member = self.members.get(member_id)
        if member is None:
            error = {"code": "MemberNotFoundInConversation", "message": "The member was not found"}
            return web.json_response({"error": error}, status=404)
        return web.json_response(member)

    def serve_file(self, data: bytes) -> str:
        """Serve `data` at a new pre-authenticated download URL, as Teams links a sent file."""
        file_id = uuid.uuid4().hex
        self.files[file_id] = data
        return f"{self.service_url}files/{file_id}?tempauth=local"

    def file_attachment(self, data: bytes, name: str) -> dict[str, Any]:
        """The attachment Teams puts on a message when a user sends the bot a file."""
        return {
            "contentType": "application/vnd.microsoft.teams.file.download.info",
            "contentUrl": f"https://contoso.sharepoint.com/personal/files/{name}",
            "name": name,
            "content": {
                "downloadUrl": self.serve_file(data),
                "uniqueId": uuid.uuid4().hex,
                "fileType": name.rsplit(".", 1)[-1],
            },
        }

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file"]
        self.downloads.append(file_id)
        data = self.files.get(file_id)
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _create_conversation(self, request: web.Request) -> web.Response:
        return web.json_response({"id": f"a:{uuid.uuid4().hex}", "serviceUrl": self.service_url})

    def activity(self, user: User, **fields: Any) -> dict[str, Any]:
        """A Teams-shaped activity from `user`; `fields` override or add to it. Its
        conversation's tenant is remembered, as Teams knows the tenant of every chat."""
        self.tenants[user.conversation_id] = user.tenant_id
        return teams_activity(user, self.service_url, **fields)

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        assert self._session is not None, "start() the channel first"
        async with self._session.post(
            f"{self.bot_url}/api/messages", json=activity, headers=headers or self._headers
        ) as response:
            await response.read()
            return response.status

    async def post_for_body(self, activity: dict[str, Any]) -> tuple[int, Any]:
        """POST an activity and return the status and the JSON body (an invoke's answer)."""
        assert self._session is not None, "start() the channel first"
        async with self._session.post(
            f"{self.bot_url}/api/messages", json=activity, headers=self._headers
        ) as response:
            raw = await response.read()
            return response.status, (json.loads(raw) if raw else None)

    async def invoke(
        self,
        user: User,
        verb: str,
        data: dict[str, Any],
        *,
        trigger: str = "manual",
        reply_to_id: str | None = None,
    ) -> Invoked:
        """What Teams posts when `user` presses an Action.Execute (or a card refreshes): an
        `adaptiveCard/action` invoke whose `data` already holds the card's input values."""
        seen = len(self.received[user.conversation_id])
        action = {"type": "Action.Execute", "verb": verb, "data": data}
        value: dict[str, Any] = {"action": action, "trigger": trigger}
        fields: dict[str, Any] = {"type": "invoke", "name": "adaptiveCard/action", "value": value}
        if reply_to_id is not None:
            fields["replyToId"] = reply_to_id
        status, body = await self.post_for_body(self.activity(user, **fields))
        return Invoked(status, body, self.received[user.conversation_id][seen:])

    async def send(self, user: User, text: str | None = None, **fields: Any) -> Exchange:
        """Send one message and return the replies the bot posted while handling it."""
        if text is not None:
            fields["text"] = text
        seen = len(self.received[user.conversation_id])
        typed = len(self.typing[user.conversation_id])
        status = await self.post(self.activity(user, **fields))
        replies = self.received[user.conversation_id][seen:]
        typing_at = [at - seen for at in self.typing[user.conversation_id][typed:]]
        if not self._keep:
            del self.received[user.conversation_id]
            del self.typing[user.conversation_id]
        return Exchange(status, replies, typing_at)

    async def install(self, user: User) -> Exchange:
        seen = len(self.received[user.conversation_id])
        status = await self.post(
            self.activity(
                user,
                type="conversationUpdate",
                membersAdded=[{"id": BOT_ID}, {"id": user.channel_id}],
            )
        )
        return Exchange(status, self.received[user.conversation_id][seen:])

    async def wait_for(self, conversation_id: str, count: int, timeout: float = 10.0) -> None:
        """Wait until `count` activities have arrived in a conversation (proactive messages)."""
        async with asyncio.timeout(timeout):
            while len(self.received[conversation_id]) < count:
                self._arrived.clear()
                await self._arrived.wait()
