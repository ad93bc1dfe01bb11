"""HTTP routes: `/api/messages` for the Bot Framework channel, `/healthz` and `/readyz` for probes.

Bad requests are answered here, before the SDK sees them, so that no malformed body can reach
a code path that answers 500 or prints a stack trace. A well-formed activity then passes the
adapter's gate (401 unauthenticated, 403 tenant not allowed) before any dialog runs.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError

from bot.auth import AuthenticationUnavailable, TenantDenied, Unauthorized, record_tenant_denied
from bot.fastpath.wire import activity_from_json
from bot.keys import (
    ADAPTER_KEY,
    BOT_KEY,
    DATABASE_KEY,
    SCHEDULER_KEY,
    SERVICES_KEY,
    TELEMETRY_KEY,
)
from ops.telemetry import note_activity_type, turn_failed
from storage import migrate
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)


def problem(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


# A client that sends its body slower than this is cut off (a slow body held a worker's
# connection open for as long as the client liked).
BODY_TIMEOUT_S = 10.0
# No Teams activity nests deeper than a dozen levels; a deeper body is refused before msrest's
# recursive deserializer (or json's) can fail on it.
MAX_DEPTH = 32
UTF8 = frozenset({"utf-8", "utf8"})


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Iterative, so a hostile body cannot make this recurse either."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


async def read_body(request: web.Request) -> Any | web.Response:
    """The JSON body, or the problem response that answers it."""
    charset = (request.charset or "utf-8").lower()
    if charset not in UTF8:
        return problem(400, "charset must be utf-8")
    try:
        async with asyncio.timeout(BODY_TIMEOUT_S):
            raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return problem(413, "body too large")
    except TimeoutError:
        return problem(408, "body not received in time")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError included
        return problem(400, "body is not valid JSON")
    if too_deep(body):
        return problem(400, "body is nested too deeply")
    return body


async def messages(request: web.Request) -> web.Response:
    """With telemetry on, the turn's span and metrics are around everything (ops/telemetry.py)."""
    telemetry = request.app[TELEMETRY_KEY]
    if not telemetry.enabled:
        return await serve_activity(request)
    with telemetry.turn() as turn:
        response = await serve_activity(request)
        turn.status = response.status
        return response


async def serve_activity(request: web.Request) -> web.Response:
    if not is_json(request):
        return problem(415, "Content-Type must be application/json")
    body = await read_body(request)
    if isinstance(body, web.Response):
        return body
    activity = parse_activity(body)
    if activity is None:
        return problem(400, "body is not a valid activity")
    note_activity_type(activity.type)
    adapter = request.app[ADAPTER_KEY]
    try:
        admitted = await adapter.admit(activity, request.headers.get("Authorization") or None)
    except Unauthorized:
        return problem(401, "unauthorized")
    except AuthenticationUnavailable:
        turn_failed("signing_keys_unavailable")
        return problem(503, "cannot check tokens now, try again")
    except TenantDenied as denied:
        await _record_denial(request.app, activity, denied)
        return problem(403, "tenant not allowed")
    try:
        invoke_response = await adapter.process_activity(
            admitted, activity, request.app[BOT_KEY].on_turn
        )
    except DatabaseUnavailable:
        turn_failed("database_unavailable")
        return problem(503, "database unavailable, try again")
    if invoke_response:
        if invoke_response.status >= 500:
            # An invoke whose turn failed or found no handler: the user was told in chat, and
            # a client action must never see a server error (botbuilder answers 501).
            return web.json_response({}, status=200)
        return web.json_response(invoke_response.body, status=invoke_response.status)
    return web.Response(status=201)


async def _record_denial(app: web.Application, activity: Activity, denied: TenantDenied) -> None:
    services = app[SERVICES_KEY]
    log.warning("activity denied: tenant %r is not allowed", denied.tenant_id)
    try:
        await record_tenant_denied(
            services.database, activity=activity, denied=denied, at=services.clock.now()
        )
    except DatabaseUnavailable:
        # The answer stays 403: a retry would be denied again, and the log line above remains.
        log.error("could not write the audit record for a denied tenant")


def is_json(request: web.Request) -> bool:
    # aiohttp raises on some malformed Content-Type headers (e.g. ";0*") instead of parsing them.
    try:
        request.charset  # noqa: B018  (parsed here, so a broken parameter is a 415 too)
        return request.content_type == "application/json"
    except (IndexError, ValueError, LookupError):
        return False


def parse_activity(body: Any) -> Activity | None:
    """An activity with what every turn needs, or None for anything else."""
    if not isinstance(body, dict):
        return None
    try:
        activity = activity_from_json(body)
    except (DeserializationError, TypeError, ValueError, AttributeError):
        return None
    if not isinstance(activity.type, str) or not activity.type:
        return None
    if not isinstance(activity.service_url, str) or not activity.service_url.startswith("http"):
        return None
    conversation = activity.conversation
    if conversation is None or not isinstance(conversation.id, str) or not conversation.id:
        return None
    if activity.from_property is None or not isinstance(activity.from_property.id, str):
        return None
    if activity.text is not None and not isinstance(activity.text, str):
        return None
    return activity


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the process answers. Readiness (can it serve a turn?) is `/readyz`."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """503 unless the database answers, its schema is at head and the scheduler runs."""
    checks = {"database": "ok", "migrations": "ok", "scheduler": "ok"}
    try:
        if not await request.app[DATABASE_KEY].run_statements(migrate.at_head):
            checks["migrations"] = "behind"
    except DatabaseUnavailable:
        checks["database"] = checks["migrations"] = "unreachable"
    if not request.app[SCHEDULER_KEY].running:
        checks["scheduler"] = "stopped"
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "not ready", **checks}
    return web.json_response(body, status=200 if ready else 503)


@web.middleware
async def no_stack_traces(request: web.Request, handler: Any) -> web.StreamResponse:
    """The last guard: an unexpected error is logged by type and answered without details."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except DatabaseUnavailable:
        return problem(503, "database unavailable, try again")
    except Exception as error:
        log.error("request failed: %s on %s", type(error).__name__, request.path)
        return problem(500, "internal error")


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
