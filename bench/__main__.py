"""`python -m bench` (`make bench`): our bot against botbuilder's echo baseline, in one run.

Each bot runs as its own process on a free port with a fresh SQLite database; this process plays
Teams and the connector. Ours runs in production mode, authentication on: every activity carries
the channel's signed JWT, which the bot validates, and replies go out with an Entra token from a
managed identity (both served by `devkit/local_identity.py`). The echo bot runs as Microsoft's
sample runs, without credentials. Per bot: a short warm-up that is not counted, the measured
closed-loop run (CPU and peak RSS read from /proc around it), and, for the last of our bots, a
short extra run under py-spy for the profile, so the profiler's overhead never lands in the
numbers. Then the reminder sweep. Prints Markdown; no number here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import uuid
from functools import partial
from pathlib import Path

from bench.loadgen import Scenario, load_scenario, run_load, tenant_ids, without_expectations
from bench.profile import Recording, render, summarize
from bench.report import TargetResult, machine, table, verdicts
from bench.serve import LEADER_AAD_ID, TARGETS, BotProcess, Identity
from bench.sweep import render_sweep, run_sweep
from devkit.local_channel import Signer
from devkit.local_identity import OpenIdServer

PROFILE_USERS = 10
PROFILE_TURNS = 100_000  # bounded by time, not count
PROFILE_SECONDS = 15.0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="simulated teachers (default 50)")
    parser.add_argument("--turns", type=int, default=40, help="turns per teacher (default 40)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound per bot")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated bots")
    parser.add_argument("--sweep-rows", type=int, default=100_000, help="0 skips the sweep")
    parser.add_argument("--sweep-due", type=int, default=1_000)
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy run")
    parser.add_argument("--no-auth", action="store_true", help="run ours without credentials")
    return parser.parse_args(argv)


async def measure(
    bot: BotProcess,
    scenario: Scenario,
    args: argparse.Namespace,
    *,
    profile: Path | None,
    run: str,
    sign: Signer | None,
) -> TargetResult:
    """Every load on one bot uses the schools of `run` (the tenants the bot lets in)."""
    if bot.target == "echo":
        scenario = without_expectations(scenario)
    load_on = partial(run_load, bot.url, scenario, run=run, sign=sign)
    warm_up = len(scenario.teacher)
    await load_on(users=2, turns_per_user=warm_up, max_seconds=30, leader_aad_id=None)
    cpu_before = bot.cpu_seconds()
    load = await load_on(
        users=args.users,
        turns_per_user=args.turns,
        max_seconds=args.seconds,
        leader_aad_id=LEADER_AAD_ID,
    )
    cpu_ms = (bot.cpu_seconds() - cpu_before) * 1000 / max(load.turns, 1)
    result = TargetResult(bot.target, load, cpu_ms, bot.peak_rss_mb())
    if profile is not None:
        recording = Recording.start(bot.process.pid, profile)
        if recording is not None:
            await load_on(
                users=PROFILE_USERS,
                turns_per_user=PROFILE_TURNS,
                max_seconds=PROFILE_SECONDS,
                leader_aad_id=LEADER_AAD_ID,
            )
            raw = recording.stop()
            result.profile = summarize(raw) if raw else None
    return result


def run_bots(args: argparse.Namespace, workdir: Path) -> list[TargetResult]:
    scenario = load_scenario()
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        raise SystemExit(f"unknown targets {sorted(unknown)}; choose from {TARGETS}")
    profiled = (
        None if args.no_profile else next((t for t in reversed(targets) if t != "echo"), None)
    )
    results = []
    with OpenIdServer.running() as idp:
        for target in targets:
            run = uuid.uuid4().hex[:8]
            identity = None
            if target != "echo" and not args.no_auth:
                schools = tenant_ids(max(args.users, PROFILE_USERS), run)
                identity = Identity(idp, tuple(schools))
            bot = BotProcess.start(target, workdir, identity=identity)
            try:
                profile = workdir / f"{target}.pyspy" if target == profiled else None
                sign = identity.sign if identity is not None else None
                measured = measure(bot, scenario, args, profile=profile, run=run, sign=sign)
                results.append(asyncio.run(measured))
            finally:
                bot.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="naervaer-bench-") as tmp:
        workdir = Path(tmp)
        results = run_bots(args, workdir)
        print(machine())
        print(
            f"Load: {args.users} teachers + 1 leader, closed loop, ≤{args.turns} turns each, "
            f"≤{args.seconds:.0f} s per bot; echo = botbuilder's echo bot on CloudAdapter.\n"
        )
        print(table(results))
        print()
        print(verdicts(results))
        for result in results:
            if result.profile is not None:
                print(f"\nProfile of {result.target} (top frames):\n")
                print(render(result.profile))
        if args.sweep_rows:
            from storage.migrate import upgrade

            url = f"sqlite:///{workdir / 'sweep.db'}"
            upgrade(url)
            print()
            print(render_sweep(run_sweep(url, rows=args.sweep_rows, due=args.sweep_due)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
