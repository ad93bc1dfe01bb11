"""Run a bot under test as its own process: ours (as wired in the tree, or with the connector fast
path wired here) or the echo baseline, on a free loopback port with a fresh, migrated SQLite file,
or on a database the caller names (two processes on one PostgreSQL: `tests/scale`).

With an `Identity`, ours runs in production mode: an app id with a managed identity, callers'
JWTs validated against OpenID metadata and keys, replies sent with an Entra token, a tenant
allow-list. `devkit/local_identity.py` plays Entra ID and the channel's token service.

The parent side (`BotProcess`) starts `python -m bench.serve TARGET ...`, waits for the port, and
reads the child's CPU time and peak RSS from /proc, so the load generator's own work never counts.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from aiohttp import web

from devkit.local_identity import (
    CHANNEL_METADATA_PATH,
    EMULATOR_METADATA_PATH,
    MSI_SECRET,
    OpenIdServer,
)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("echo", "ours")
LEADER_AAD_ID = "bench-leader-0000"
BENCH_APP_ID = "00000000-0000-4000-8000-0000000be9c4"
BENCH_APP_TENANT = "00000000-0000-4000-8000-0000000be9c5"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STARTUP_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Identity:
    """What makes the bot under test authenticate: a local identity service and the tenants
    (the load generator's schools) the bot lets in."""

    idp: OpenIdServer
    tenants: tuple[str, ...]

    def sign(self, service_url: str) -> str:
        """The channel's token for one connector, as the Bot Framework signs it."""
        return self.idp.channel_token(BENCH_APP_ID, service_url)

    def arguments(self) -> list[str]:
        return ["--identity", self.idp.base_url, "--tenants", ",".join(self.tenants)]

    def environment(self) -> dict[str, str]:
        """msal finds App Service's managed-identity endpoint through these two variables."""
        env = {k: v for k, v in os.environ.items() if k not in OTHER_IDENTITY_VARIABLES}
        return env | {"IDENTITY_ENDPOINT": self.idp.msi_endpoint, "IDENTITY_HEADER": MSI_SECRET}


OTHER_IDENTITY_VARIABLES = (
    "IDENTITY_SERVER_THUMBPRINT",
    "IMDS_ENDPOINT",
    "MSI_ENDPOINT",
    "MSI_SECRET",
)


@dataclass
class BotProcess:
    target: str
    process: subprocess.Popen[bytes]
    url: str
    log: IO[bytes]

    @classmethod
    def start(
        cls,
        target: str,
        workdir: Path,
        *,
        database_url: str | None = None,
        name: str | None = None,
        now: datetime | None = None,
        scheduler_interval_s: float | None = None,
        identity: Identity | None = None,
        clock_offset_s: float | None = None,
    ) -> BotProcess:
        """`now` pins the child's clock (a FixedClock): replies and deadlines are reproducible.
        `clock_offset_s` runs it on real time moved by that many seconds instead (processes
        given the same offset agree on the moment). `identity` runs ours in production mode
        (authentication on)."""
        port, name = free_port(), name or target
        command = [sys.executable, "-m", "bench.serve", target, "--port", str(port)]
        command += ["--database-url", database_url or f"sqlite:///{workdir / f'{name}.db'}"]
        if now is not None:
            command += ["--now", now.isoformat()]
        if scheduler_interval_s is not None:
            command += ["--scheduler-interval", str(scheduler_interval_s)]
        if clock_offset_s is not None:
            command += ["--clock-offset", repr(clock_offset_s)]
        env = None
        if identity is not None:
            command += identity.arguments()
            env = identity.environment()
        log = (workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        bot = cls(target, process, f"http://127.0.0.1:{port}", log)
        bot._wait_until_listening(port)
        return bot

    def _wait_until_listening(self, port: int) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.target} exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)  # polling a child's start-up, not timing anything under test
        self.stop()
        raise RuntimeError(f"{self.target} did not listen on {port}")

    def cpu_seconds(self) -> float:
        """utime + stime of the bot process (all its threads) from /proc/<pid>/stat."""
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def build_app(
    target: str,
    database_url: str,
    *,
    now: datetime | None = None,
    scheduler_interval_s: float | None = None,
    identity_url: str | None = None,
    tenants: list[str] | None = None,
    clock_offset_s: float | None = None,
) -> web.Application:
    if target == "echo":
        from bench.echo_bot import create_echo_app

        return create_echo_app()
    from bot.app import create_app
    from bot.settings import Settings
    from content.clock import Clock, FixedClock, ShiftedClock
    from storage.migrate import upgrade

    production: dict[str, object] = {}
    if identity_url is not None:
        production = {
            "app_id": BENCH_APP_ID,
            "app_type": "UserAssignedMSI",
            "app_tenant_id": BENCH_APP_TENANT,
            "openid_metadata_url": f"{identity_url}{CHANNEL_METADATA_PATH}",
            "emulator_openid_metadata_url": f"{identity_url}{EMULATOR_METADATA_PATH}",
            "allowed_tenants": tenants or [],
        }
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        leaders=[LEADER_AAD_ID],
        log_level="WARNING",
        **production,
    )
    settings.ensure_safe_to_serve()
    upgrade(settings.database_url)
    clock: Clock | None = FixedClock(now) if now is not None else None
    if clock_offset_s is not None:
        clock = ShiftedClock(timedelta(seconds=clock_offset_s))
    if scheduler_interval_s is None:
        return create_app(settings, clock=clock)
    return create_app(settings, clock=clock, scheduler_interval_s=scheduler_interval_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--now", type=datetime.fromisoformat, help="a fixed clock (aware ISO)")
    parser.add_argument("--scheduler-interval", type=float, help="seconds between sweeps")
    parser.add_argument("--clock-offset", type=float, help="real time moved by these seconds")
    parser.add_argument("--identity", help="base url of the local identity service: auth on")
    parser.add_argument("--tenants", default="", help="comma-separated tenants to let in")
    args = parser.parse_args(argv)
    app = build_app(
        args.target,
        args.database_url,
        now=args.now,
        scheduler_interval_s=args.scheduler_interval,
        identity_url=args.identity,
        tenants=[tenant for tenant in args.tenants.split(",") if tenant],
        clock_offset_s=args.clock_offset,
    )
    if args.target == "echo":  # botbuilder's sample as it is
        web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)
    else:  # exactly as `naervaer serve` runs it
        from bot.cli import run_app

        run_app(app, host="127.0.0.1", port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
