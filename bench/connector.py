"""A lean stand-in for Teams and the Bot Framework connector, for the load generator.

Like `bot/local_channel.py` it posts Teams-shaped activities to `/api/messages` and serves the
connector endpoints the bot replies to, but it keeps only the replies of the turn in flight,
can bind a fixed port (to restart "the same" connector), and posts over an unbounded connection
pool so that fifty simulated teachers really send at once.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from bot.local_channel import User, teams_activity

TURN_TIMEOUT = ClientTimeout(total=60)
# The channel's token for a bot that authenticates callers: service url -> signed JWT.
Signer = Callable[[str], str]


@dataclass
class Turn:
    status: int
    replies: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """Reply texts and card content, for keyword checks on cards as well as messages."""
        parts = []
        for reply in self.replies:
            parts.append(reply.get("text") or "")
            for attachment in reply.get("attachments") or []:
                parts.append(json.dumps(attachment.get("content"), ensure_ascii=False))
        return "\n".join(parts)


class BenchConnector:
    """`await start()`, then `send(user, text=...)`; `close()` after. With `sign`, every activity
    carries the channel's bearer token, signed once for this connector's service url."""

    def __init__(self, bot_url: str, *, sign: Signer | None = None) -> None:
        self.bot_url = bot_url
        self._sign = sign
        self._headers: dict[str, str] = {}
        self.service_url = ""
        self.port = 0
        self.authorizations: list[str] = []
        self.peers: set[tuple[str, int]] = set()  # one per TCP connection the bot opened
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._post)
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

    async def _post(self, request: web.Request) -> web.Response:
        activity = await request.json()
        self.authorizations.append(request.headers.get("Authorization", ""))
        if request.transport is not None:
            self.peers.add(tuple(request.transport.get_extra_info("peername")[:2]))
        self._pending[request.match_info["conversation"]].append(activity)
        return web.json_response({"id": f"reply-{uuid.uuid4().hex[:12]}"})

    def activity(self, user: User, **fields: Any) -> dict[str, Any]:
        return teams_activity(user, self.service_url, **fields)

    async def send(self, user: User, **fields: Any) -> Turn:
        """One turn: the bot answers the POST only after its replies reached `_post`."""
        assert self._session is not None, "start() the connector first"
        self._pending.pop(user.conversation_id, None)
        url, activity = f"{self.bot_url}/api/messages", self.activity(user, **fields)
        async with self._session.post(url, json=activity, headers=self._headers) as response:
            await response.read()
            status = response.status
        return Turn(status, self._pending.pop(user.conversation_id, []))
