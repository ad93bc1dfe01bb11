"""`python -m bench.reminders_bench` (`make bench-reminders`): an 08:00 burst of reminders
delivered by two bot processes on one PostgreSQL to a connector that throttles like Teams.

Default: 10,000 reminders (5 each for 2,000 staff in 5 tenants) due at 08:00. The connector
(`ThrottlingConnector`, a real aiohttp server on a free port in this process) enforces Teams'
limits per conversation and per tenant (`devkit/teams_throttle.py`: 429 with Retry-After past
them), and also answers a seeded share of posts 429 (Retry-After: 1), 502 or 504. Both bots run
`python -m bench.serve ours` on real time shifted to a minute before 08:00; once both are up, the
deadlines (reminder time 08:00) are written in one transaction, as a school's deadlines are there
the evening before, and the burst falls due when the bots' clocks reach 08:00. With
`--written-at-eight` the bots start at 08:00 and the deadlines fall due at their commit instead
(a catch-up: the server was down at 08:00, so nothing could be planned ahead). Reported:
reminders counted at the connector (once, twice, missing), the time from 08:00 (or the commit)
to the last one, the least time the limits allow (`least_seconds`), the bots' peak RSS. Without
`--database-url` a throwaway cluster is started (scripts/pg-throwaway.sh) and stopped again. No
number is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import math
import os
import random
import resource
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from bench.due import add_due_deadlines_for, reminder_deadline_ids, staff
from bench.serve import ROOT, BotProcess
from devkit.local_channel import LocalChannel
from devkit.teams_throttle import TeamsThrottle
from reminders.pacing import parse_rates
from storage.db import normalize_url
from storage.migrate import upgrade

EIGHT = datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))  # a Thursday
SCHEDULER_INTERVAL_S = 0.25
LEAD_S = 60.0  # the bots start this long before 08:00: time to start and to write the deadlines
PG_BIN = "/usr/lib/postgresql/15/bin"
Limits = tuple[tuple[int, float], ...]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders_bench", description=__doc__)
    parser.add_argument("--staff", type=int, default=2_000)
    parser.add_argument("--per-person", type=int, default=5, help="reminders each")
    parser.add_argument("--tenants", type=int, default=5)
    parser.add_argument("--conversation-limits", default="7/1s,60/30s")
    parser.add_argument("--tenant-limits", default="50/1s")
    parser.add_argument("--faults", type=float, default=0.01, help="share answered 502/504")
    parser.add_argument("--throttles", type=float, default=0.005, help="share answered 429")
    parser.add_argument("--database-url", help="a PostgreSQL server; default: a throwaway one")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--lead", type=float, default=LEAD_S, help="seconds the bots start before 08:00"
    )
    parser.add_argument(
        "--written-at-eight",
        action="store_true",
        help="the deadlines fall due as they are written (nothing planned before 08:00)",
    )
    return parser.parse_args(argv)


def limits(text_: str) -> Limits:
    return tuple((rate.count, rate.period.total_seconds()) for rate in parse_rates(text_))


def least_seconds(messages: Counter[str], rates: Limits) -> float:
    """From the first to the last of each key's messages under sliding windows: the k-th (from
    0) goes no sooner than floor(k / count) periods after the first; the slowest key counts."""
    return max(
        (
            math.floor((m - 1) / count) * period
            for m in messages.values()
            for count, period in rates
        ),
        default=0.0,
    )


class ThrottlingConnector(LocalChannel):
    """Teams' limits on real time, plus a seeded share of 429 (Retry-After: 1), 502 and 504."""

    def __init__(self, args: argparse.Namespace) -> None:
        throttle = TeamsThrottle(
            time.time, limits(args.conversation_limits), limits(args.tenant_limits)
        )
        super().__init__(throttle=throttle)
        self.faults, self.throttles = args.faults, args.throttles
        self.random = random.Random(19)
        self.injected: Counter[int] = Counter()

    async def _post(self, request: web.Request) -> web.Response:
        draw = self.random.random()
        status = 0
        if draw < self.faults:
            status = self.random.choice((502, 504))
        elif draw < self.faults + self.throttles:
            status = 429
        if not status:
            return await super()._post(request)
        self.injected[status] += 1
        headers = {"Retry-After": "1"} if status == 429 else {}
        return web.json_response({"error": "injected"}, status=status, headers=headers)

    async def wait_for_arrivals(self, count: int, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while len(self.arrivals) < count:
                self._arrived.clear()
                await self._arrived.wait()


class Postgres:
    """The server to use: the one named, or a throwaway cluster started (and stopped) here."""

    def __init__(self, server: str | None, workdir: Path) -> None:
        self.started = server is None
        self.dir = workdir / "pg"
        if server is None:
            env = os.environ | {"PATH": f"{PG_BIN}:{os.environ.get('PATH', '')}"}
            done = self._script("start", env)
            server = done.stdout.strip().splitlines()[-1]
        self.server: URL = normalize_url(server)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.database = f"bench_reminders_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {self.database}"))
        self.url = self.server.set(database=self.database).render_as_string(hide_password=False)

    def _script(
        self, action: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        command = ["bash", str(ROOT / "scripts/pg-throwaway.sh"), action, str(self.dir)]
        return subprocess.run(command, check=True, capture_output=True, text=True, env=env)

    def close(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)"))
        self.admin.dispose()
        if self.started:
            self._script("stop")


PROGRESS: list[str] = []


async def sample_outbox(database_url: str, committed: float) -> None:
    """Every 5 s from 5 s before the burst: how many reminders are planned and marked sent."""
    engine = create_engine(normalize_url(database_url))
    query = text("SELECT count(*), count(*) FILTER (WHERE status = 'sent') FROM reminder")
    step = -1
    try:
        while True:
            # a progress sample, not a measurement
            await asyncio.sleep(max(committed + 5.0 * step - time.time(), 0.0))
            step += 1
            with engine.connect() as connection:
                planned, sent = connection.execute(query).one()
            PROGRESS.append(f"{time.time() - committed:.0f} s: {planned} planned, {sent} sent")
    finally:
        engine.dispose()


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def start_bots(
    workdir: Path, database_url: str, args: argparse.Namespace, offset: float
) -> list[BotProcess]:
    """Both bots, on real time shifted by `offset` seconds."""
    bots: list[BotProcess] = []
    os.environ["NAERVAER_TEAMS_CONVERSATION_LIMITS"] = args.conversation_limits
    os.environ["NAERVAER_TEAMS_TENANT_LIMITS"] = args.tenant_limits
    try:
        for name in ("a", "b"):
            bots.append(
                BotProcess.start(
                    "ours",
                    workdir,
                    database_url=database_url,
                    name=name,
                    scheduler_interval_s=SCHEDULER_INTERVAL_S,
                    clock_offset_s=offset,
                )
            )
    except Exception:
        for bot in bots:
            bot.stop()
        raise
    return bots


async def run(args: argparse.Namespace, workdir: Path) -> list[str]:
    postgres = Postgres(args.database_url, workdir)
    connector = ThrottlingConnector(args)
    await connector.start()
    bots: list[BotProcess] = []
    try:
        upgrade(postgres.url)
        lead = 0.0 if args.written_at_eight else args.lead
        offset = EIGHT.timestamp() - lead - time.time()  # the bots' clocks: `lead` before 08:00
        bots = start_bots(workdir, postgres.url, args, offset)
        people = staff(args.staff, "bench", tenants=args.tenants)
        ids = await add_due_deadlines_for(
            postgres.url, connector, people, per_person=args.per_person, now=EIGHT
        )
        # The burst begins at 08:00 on the bots' clocks, or at the commit if that is later;
        # the bots' CPU is counted from the commit, so planning ahead is counted too.
        written, eight = time.time(), EIGHT.timestamp() - offset
        if not args.written_at_eight and written > eight:
            raise SystemExit(f"starting and writing took over {lead:.0f} s: 08:00 had passed")
        committed = max(written, eight)
        cpu_before = [bot.cpu_seconds() for bot in bots] + [own_cpu_seconds()]
        # The connector stands in for Teams and keeps every activity it is sent: its garbage
        # collections of them paused it 0.3-0.4 s at a time, every tenant at once (a dip in
        # every tenant's rate on both bots: 43.1-43.5 s instead of 42.7-42.8 s).
        gc.collect()
        gc.disable()
        sampling = asyncio.create_task(sample_outbox(postgres.url, committed))
        with contextlib.suppress(TimeoutError):  # what did not arrive is reported as missing
            await connector.wait_for_arrivals(len(ids), args.timeout)
        sampling.cancel()
        await asyncio.sleep(3 * SCHEDULER_INTERVAL_S)  # a late second send would arrive now
        rss = [bot.peak_rss_mb() for bot in bots]
        cpu = [bot.cpu_seconds() for bot in bots] + [own_cpu_seconds()]
        used = [after - before for after, before in zip(cpu, cpu_before, strict=True)]
        return report(args, connector, ids, committed, rss, used)
    finally:
        gc.enable()
        for bot in bots:
            bot.stop()
        await connector.close()
        postgres.close()


def report(
    args: argparse.Namespace,
    connector: ThrottlingConnector,
    ids: list[int],
    committed: float,
    rss: list[float],
    cpu: list[float],
) -> list[str]:
    activities = [a for chat in connector.received.values() for a in chat]
    counted = Counter(reminder_deadline_ids(iter(activities)))
    once = sum(1 for i in ids if counted[i] == 1)
    twice = sum(1 for times in counted.values() if times > 1)
    missing = sum(1 for i in ids if counted[i] == 0)
    last = max((at for at, _, _ in connector.arrivals), default=committed)
    by_tenant = Counter(tenant for _, tenant, _ in connector.arrivals)
    by_chat = Counter(chat for _, _, chat in connector.arrivals)
    least = max(
        least_seconds(by_tenant, limits(args.tenant_limits)),
        least_seconds(by_chat, limits(args.conversation_limits)),
    )
    took = last - committed
    refused = connector.throttle.refused if connector.throttle else {}
    injected = connector.injected
    return [
        f"Reminder burst: {len(ids):,} reminders for {args.staff:,} staff in {args.tenants} "
        f"tenants due at 08:00 ({when(args)}), 2 instances, PostgreSQL; limits per conversation "
        f"{args.conversation_limits}, per tenant {args.tenant_limits}",
        "",
        "| delivered once | twice or more | missing | due → last (s) | least the limits "
        "allow (s) | × least | 429 past a limit | injected 429 / 502 / 504 | peak RSS MB (a, b) |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {once} | {twice} | {missing} | {took:.2f} | {least:.2f} | "
        f"{took / least if least else float('nan'):.3f} | "
        f"{sum(refused.values())} | {injected[429]} / {injected[502]} / {injected[504]} | "
        f"{rss[0]:.0f}, {rss[1]:.0f} |",
        "",
        "Per tenant, seconds after the burst began: " + spans(connector, committed),
        "",
        f"CPU during the burst: bot a {cpu[0]:.1f} s, bot b {cpu[1]:.1f} s, connector and "
        f"load {cpu[2]:.1f} s ({1000 * (cpu[0] + cpu[1]) / max(len(ids), 1):.1f} ms a reminder "
        "in the bots)",
        "",
        "Outbox: " + "; ".join(PROGRESS),
    ]


def when(args: argparse.Namespace) -> str:
    if args.written_at_eight:
        return "written at 08:00, due at their commit"
    return f"written before 08:00, {args.lead:.0f} s lead"


def spans(connector: ThrottlingConnector, committed: float) -> str:
    """First and last accepted post of each tenant, the first showing when delivery began."""
    times: dict[str, list[float]] = {}
    for at, tenant, _ in connector.arrivals:
        times.setdefault(tenant, []).append(at - committed)
    return ", ".join(
        f"{tenant} {min(ts):.2f}–{max(ts):.2f} ({len(ts)})" for tenant, ts in sorted(times.items())
    )


def lines(argv: list[str] | None = None) -> Iterator[str]:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as workdir:
        os.chmod(workdir, 0o755)  # the throwaway cluster's user must reach its directory
        yield from asyncio.run(run(args, Path(workdir)))


def main(argv: list[str] | None = None) -> int:
    started = datetime.now(UTC)
    for line in lines(argv):
        print(line, flush=True)
    print(f"\n(run took {(datetime.now(UTC) - started).total_seconds():.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
