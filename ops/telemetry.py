"""Traces and metrics (OpenTelemetry): a span per turn and per reminder delivery, and the
numbers an operator watches (turn latency, errors by kind, reminders due/sent/failed/backlog,
throttling, database outages).

`Telemetry()` is off: every method returns at once and nothing of the SDK runs, so a turn pays
one attribute check. `Telemetry(tracer_provider, meter_provider)` records to those providers (the
tests pass in-memory ones); `for_azure_monitor(connection_string)` sets up Microsoft's
`azure-monitor-opentelemetry` distro once per process and records to Application Insights.

Attributes are vocabularies and numbers only: activity types, HTTP statuses, error class names,
outcomes. Never a user's or a pupil's name, message text, conversation or user id.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from opentelemetry import metrics, trace
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.trace import SpanKind, Status, StatusCode

NAME = "naervaer"
# Activity types as the Bot Framework defines them; anything else a caller sends is "other",
# so a caller cannot grow the metric's series.
ACTIVITY_TYPES = frozenset(
    {
        "message", "conversationUpdate", "invoke", "messageReaction", "typing", "event",
        "installationUpdate", "messageUpdate", "messageDelete", "endOfConversation",
    }
)  # fmt: skip
ERROR_STATUSES = {
    400: "bad_request", 401: "unauthorized", 403: "tenant_denied", 408: "slow_body",
    413: "too_large", 415: "not_json", 500: "internal", 503: "unavailable",
}  # fmt: skip


class Turn:
    """One request to /api/messages while it runs: the caller sets `status` (500 until then)."""

    __slots__ = ("activity_type", "failed", "status")

    def __init__(self) -> None:
        self.activity_type = "unknown"
        self.failed: str | None = None  # an error the turn handled, by class name
        self.status = 500


_current_turn: ContextVar[Turn | None] = ContextVar("naervaer_turn", default=None)


def turn_failed(kind: str) -> None:
    """Where a turn's error is handled (its class name); a no-op outside a measured turn."""
    turn = _current_turn.get()
    if turn is not None:
        turn.failed = kind


def note_activity_type(activity_type: object) -> None:
    turn = _current_turn.get()
    if turn is not None:
        turn.activity_type = activity_type if activity_type in ACTIVITY_TYPES else "other"


class Telemetry:
    def __init__(self, tracer_provider: Any = None, meter_provider: Any = None) -> None:
        self.enabled = tracer_provider is not None or meter_provider is not None
        tracer_provider = tracer_provider or trace.NoOpTracerProvider()
        meter = (meter_provider or metrics.NoOpMeterProvider()).get_meter(NAME)
        self._tracer = tracer_provider.get_tracer(NAME)
        self._turn_duration = meter.create_histogram(
            "naervaer.turn.duration", unit="s", description="Time from request to response"
        )
        self._turn_errors = meter.create_counter(
            "naervaer.turn.errors", unit="{error}", description="Failed or refused turns by kind"
        )
        self._due = meter.create_counter(
            "naervaer.reminders.due",
            unit="{reminder}",
            description="Fell due: taken up to be sent for the first time",
        )
        self._sent = meter.create_counter("naervaer.reminders.sent", unit="{reminder}")
        self._failed = meter.create_counter(
            "naervaer.reminders.failed", unit="{reminder}", description="Not sent, by reason"
        )
        self._throttled = meter.create_counter(
            "naervaer.connector.throttled", unit="{response}", description="429s from Teams"
        )
        self._retry_wait = meter.create_histogram(
            "naervaer.connector.retry_wait", unit="s", description="Waits before a resend"
        )
        self._outages = meter.create_counter("naervaer.db.outages", unit="{outage}")
        self._outage_time = meter.create_counter(
            "naervaer.db.outage.duration", unit="s", description="Time the database was away"
        )
        self._gauges = {"backlog": 0, "db_down": 0}
        for name, key, text in (
            ("naervaer.reminders.backlog", "backlog", "Not sent yet, after the last sweep"),
            ("naervaer.db.down", "db_down", "1 while the database cannot be reached"),
        ):
            meter.create_observable_gauge(name, callbacks=[self._observer(key)], description=text)

    def _observer(self, key: str) -> Any:
        def observe(_options: CallbackOptions) -> Iterator[Observation]:
            yield Observation(self._gauges[key])

        return observe

    @contextlib.contextmanager
    def turn(self) -> Iterator[Turn]:
        """A span and the latency/error metrics around one request (only when enabled)."""
        record, started = Turn(), time.perf_counter()
        token = _current_turn.set(record)
        try:
            with self._tracer.start_as_current_span("turn", kind=SpanKind.SERVER) as span:
                try:
                    yield record
                finally:
                    self._finish_turn(span, record, started)
        finally:
            _current_turn.reset(token)

    def _finish_turn(self, span: Any, record: Turn, started: float) -> None:
        kind = record.failed or ERROR_STATUSES.get(record.status)
        attributes: dict[str, str | int] = {
            "naervaer.activity.type": record.activity_type,
            "http.response.status_code": record.status,
        }
        if kind is not None:
            attributes["error.type"] = kind
            self._turn_errors.add(1, attributes)
            span.set_status(Status(StatusCode.ERROR))
        span.set_attributes(attributes)
        self._turn_duration.record(time.perf_counter() - started, attributes)

    @contextlib.contextmanager
    def delivery(self) -> Iterator[Any]:
        """A span around one reminder's send (with its resends after a 412/502/504)."""
        if not self.enabled:
            yield None
            return
        with self._tracer.start_as_current_span("reminder.deliver", kind=SpanKind.PRODUCER) as s:
            yield s

    def delivered(self, span: Any, outcome: str) -> None:
        """`outcome`: sent, throttled, gone, failed, or retried (a 412/502/504 tried again)."""
        if not self.enabled:
            return
        span.set_attribute("naervaer.reminder.outcome", outcome)
        if outcome == "sent":
            self._sent.add(1)
        elif outcome != "retried":
            self._failed.add(1, {"reason": outcome})
            span.set_status(Status(StatusCode.ERROR))

    def throttled(self, wait_s: float) -> None:
        if self.enabled:
            self._throttled.add(1)
            self._retry_wait.record(wait_s, {"reason": "throttled"})

    def retry_wait(self, wait_s: float) -> None:
        if self.enabled:
            self._retry_wait.record(wait_s, {"reason": "transient"})

    def reminders_due(self, count: int) -> None:
        if self.enabled:
            self._due.add(count)

    def reminders_backlog(self, count: int) -> None:
        self._gauges["backlog"] = count

    def database_down(self) -> None:
        self._gauges["db_down"] = 1
        if self.enabled:
            self._outages.add(1)

    def database_back(self, outage_s: float) -> None:
        self._gauges["db_down"] = 0
        if self.enabled:
            self._outage_time.add(outage_s)


_azure: Telemetry | None = None


def for_azure_monitor(connection_string: str) -> Telemetry:
    """Application Insights through the distro; configured once, as it sets global providers."""
    global _azure
    if _azure is None:
        from azure.monitor.opentelemetry import configure_azure_monitor
        from opentelemetry.sdk.resources import Resource

        # OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES name an instance set when given (they
        # become the cloud role in Application Insights); otherwise the role is "naervaer".
        named = "OTEL_SERVICE_NAME" in os.environ
        configure_azure_monitor(
            connection_string=connection_string,
            resource=Resource.create({} if named else {"service.name": NAME}),
            # Logs go to stderr as JSON lines (ops/logs.py), which App Service and Container Apps
            # collect; the distro's log export would also ship other libraries' messages.
            disable_logging=True,
        )
        _azure = Telemetry(trace.get_tracer_provider(), metrics.get_meter_provider())
    return _azure
