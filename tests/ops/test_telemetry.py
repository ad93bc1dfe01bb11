"""Telemetry (issue 19) through the real app, recorded by OpenTelemetry's in-memory exporter and
reader: a span and the latency/error metrics per turn, a span per reminder delivery, the reminder
and throttling metrics, the database's outage time; none of it carrying what a user typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from bot.keys import DATABASE_KEY, TELEMETRY_KEY
from content.clock import FixedClock
from devkit.local_channel import User
from ops.telemetry import Telemetry
from tests.bot.test_faults import live_database_url, outage  # noqa: F401 (fixture)
from tests.harness import bot_settings, running_bot
from tests.scheduler.conftest import oslo, scheduled_bot, settings_for
from tests.scheduler.test_scheduler_throttling import evaluations, two_cases

PUPIL = "Kristoffer"


@dataclass
class Recorded:
    spans: InMemorySpanExporter = field(default_factory=InMemorySpanExporter)
    reader: InMemoryMetricReader = field(default_factory=InMemoryMetricReader)

    def telemetry(self) -> Telemetry:
        tracer = TracerProvider()
        tracer.add_span_processor(SimpleSpanProcessor(self.spans))
        return Telemetry(tracer, MeterProvider(metric_readers=[self.reader]))

    def finished(self, name: str) -> list[ReadableSpan]:
        return [span for span in self.spans.get_finished_spans() if span.name == name]

    def metrics(self) -> dict[str, dict[tuple[tuple[str, Any], ...], Any]]:
        """metric name -> {sorted attributes: value (sum, gauge value or histogram count/sum)}."""
        found: dict[str, dict[tuple[tuple[str, Any], ...], Any]] = defaultdict(dict)
        data = self.reader.get_metrics_data()
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    for point in metric.data.data_points:
                        key = tuple(sorted(point.attributes.items()))
                        value = getattr(point, "value", None)
                        found[metric.name][key] = (
                            (point.count, point.sum) if value is None else value
                        )
        return found


def total(values: dict[Any, Any]) -> float:
    return sum(v[0] if isinstance(v, tuple) else v for v in values.values())


async def test_each_turn_has_a_span_and_latency_and_a_failed_turn_counts_its_error(
    database_url: str,
) -> None:
    recorded, teacher = Recorded(), User("aad-kari", "Kari Lærer")
    async with running_bot(bot_settings(database_url), telemetry=recorded.telemetry()) as bot:
        await bot.channel.send(teacher, f"{PUPIL} i 5B har vært borte 5 dager")
        bot.channel.fail_next(1)  # the reply fails: the turn ends in the error handler
        await bot.channel.send(teacher, "hjelp")
    turns = recorded.finished("turn")
    messages = [span for span in turns if span.attributes["naervaer.activity.type"] == "message"]
    assert len(messages) == 2
    assert {span.attributes["http.response.status_code"] for span in messages} <= {200, 201}
    failed = [span for span in messages if "error.type" in span.attributes]
    assert len(failed) == 1 and failed[0].status.is_ok is False
    metrics = recorded.metrics()
    assert total(metrics["naervaer.turn.duration"]) == len(turns)
    errors = metrics["naervaer.turn.errors"]
    assert total(errors) == 1
    assert [dict(key)["error.type"] for key in errors] == [failed[0].attributes["error.type"]]
    everything = json.dumps([dict(span.attributes) for span in turns]) + repr(metrics)
    assert PUPIL not in everything and "hjelp" not in everything and "Kari" not in everything


async def test_reminder_deliveries_have_spans_and_the_reminder_and_throttling_metrics(
    database_url: str,
) -> None:
    recorded, clock = Recorded(), FixedClock(oslo(2026, 10, 8, 9, 0))
    settings = settings_for(database_url)
    async with scheduled_bot(settings, clock, telemetry=recorded.telemetry()) as bot:
        a, b = await two_cases(bot)
        before = recorded.metrics()
        recorded.spans.clear()
        bot.channel.fail_conversation(a.conversation_id, 429, {"Retry-After": "2"})
        await bot.sweep(2026, 10, 29, 8, 0)
        during = recorded.metrics()
        outcomes = sorted(
            s.attributes["naervaer.reminder.outcome"] for s in recorded.finished("reminder.deliver")
        )
        await bot.sweep(2026, 10, 29, 8, 0, 2)  # Retry-After has passed
        after = recorded.metrics()
        assert (evaluations(bot, a), evaluations(bot, b)) == (1, 1)

    def grew(name: str, then: dict[str, Any], now: dict[str, Any]) -> float:
        return total(now.get(name, {})) - total(then.get(name, {}))

    assert outcomes == ["sent", "throttled"]
    assert grew("naervaer.reminders.sent", before, during) == 1
    assert during["naervaer.reminders.failed"][(("reason", "throttled"),)] >= 1
    assert grew("naervaer.connector.throttled", before, during) == 1
    waits = during["naervaer.connector.retry_wait"][(("reason", "throttled"),)]
    assert waits[1] >= 2.0  # the Retry-After is the wait
    assert grew("naervaer.reminders.due", before, during) == 2
    # A's reminder, taken up again after its Retry-After, fell due once, not twice.
    assert grew("naervaer.reminders.due", during, after) == 0
    assert total(during["naervaer.reminders.backlog"]) == 1  # A's, held for 2 s
    assert grew("naervaer.reminders.sent", during, after) == 1
    assert total(after["naervaer.reminders.backlog"]) == 0


async def test_a_database_outage_is_counted_with_its_duration(
    live_database_url: str,  # noqa: F811
) -> None:
    recorded, teacher = Recorded(), User("aad-kari", "Kari Lærer")
    settings = bot_settings(live_database_url)
    async with running_bot(settings, telemetry=recorded.telemetry()) as bot:
        await bot.channel.send(teacher, "hjelp")
        with outage(bot.app[DATABASE_KEY]):
            refused = await bot.channel.send(teacher, "hjelp")
            down = recorded.metrics()
        await bot.channel.send(teacher, "hjelp")
        after = recorded.metrics()
    assert refused.status == 503
    assert total(down["naervaer.db.down"]) == 1
    assert total(down["naervaer.turn.errors"]) >= 1
    assert total(after["naervaer.db.down"]) == 0
    assert total(after["naervaer.db.outages"]) == 1
    assert total(after["naervaer.db.outage.duration"]) > 0


async def test_telemetry_is_off_without_a_connection_string(database_url: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        assert bot.app[TELEMETRY_KEY].enabled is False


def test_with_a_connection_string_the_azure_monitor_distro_records(database_url: str) -> None:
    # In a process of its own: the distro sets OpenTelemetry's global providers once.
    script = (
        "from opentelemetry import trace, metrics\n"
        "from bot.app import create_app\n"
        "from bot.keys import TELEMETRY_KEY\n"
        "from tests.harness import bot_settings\n"
        f"app = create_app(bot_settings({database_url!r}))\n"
        "print(app[TELEMETRY_KEY].enabled, type(trace.get_tracer_provider()).__name__,"
        " type(metrics.get_meter_provider()).__name__)\n"
    )
    env = dict(os.environ)
    env["APPLICATIONINSIGHTS_CONNECTION_STRING"] = (
        "InstrumentationKey=00000000-0000-4000-8000-000000000000;"
        "IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/"
    )
    env["APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL"] = "true"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "TracerProvider", "MeterProvider"]
