"""The load generator: N teachers and one leader, each in its own conversation, closed loop.

Every simulated user sends its next turn only after the previous one was answered (the bot
answers `/api/messages` after its replies reached the connector), and stops at its turn budget
or at the deadline, whichever comes first. A turn's latency is the time from sending the activity
to the end of the bot's HTTP answer, all replies included.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from devkit.local_channel import LocalChannel, Signer, User

SCENARIO = Path(__file__).resolve().parent / "scenario.yaml"
MAX_ERROR_SAMPLES = 5


@dataclass(frozen=True)
class ScenarioTurn:
    text: str | None
    value: dict[str, Any] | None
    expect: tuple[str, ...]

    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if self.text is not None:
            fields["text"] = self.text
        if self.value is not None:
            fields["value"] = self.value
        return fields


@dataclass(frozen=True)
class Scenario:
    teacher: tuple[ScenarioTurn, ...]
    leader: tuple[ScenarioTurn, ...]


def load_scenario(path: Path = SCENARIO) -> Scenario:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def turns(key: str) -> tuple[ScenarioTurn, ...]:
        return tuple(
            ScenarioTurn(item.get("text"), item.get("value"), tuple(item.get("expect") or ()))
            for item in raw.get(key) or ()
        )

    scenario = Scenario(turns("teacher"), turns("leader"))
    if not scenario.teacher:
        raise ValueError(f"{path}: no teacher turns")
    return scenario


def without_expectations(scenario: Scenario) -> Scenario:
    """For the echo baseline, which answers every turn but none of them in our words."""

    def strip(turns: tuple[ScenarioTurn, ...]) -> tuple[ScenarioTurn, ...]:
        return tuple(ScenarioTurn(turn.text, turn.value, ()) for turn in turns)

    return Scenario(strip(scenario.teacher), strip(scenario.leader))


@dataclass
class LoadResult:
    turns: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    wall_seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def record(self, latency: float, problem: str | None) -> None:
        self.turns += 1
        self.latencies.append(latency)
        if problem is not None:
            self.errors += 1
            if len(self.error_samples) < MAX_ERROR_SAMPLES:
                self.error_samples.append(problem)

    def percentile_ms(self, q: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.wall_seconds if self.wall_seconds else float("nan")


def tenant_ids(count: int, run: str) -> list[str]:
    return [f"bench-{run}-tenant-{i:04d}" for i in range(count)]


def teachers(count: int, run: str) -> list[User]:
    """Each in its own tenant and conversation, so no two share state or locks."""
    return [
        User(f"bench-{run}-teacher-{i:04d}", f"Lærer {i}", tenant_id=tenant)
        for i, tenant in enumerate(tenant_ids(count, run))
    ]


def problem_with(status: int, text: str, replies: int, turn: ScenarioTurn) -> str | None:
    if status >= 300:
        return f"HTTP {status} for {turn.text or turn.value!r}"
    if replies == 0:
        return f"no reply to {turn.text or turn.value!r}"
    lowered = text.lower()
    missing = [word for word in turn.expect if word.lower() not in lowered]
    if missing:
        return f"reply to {turn.text or turn.value!r} lacks {missing}"
    return None


async def play(
    connector: LocalChannel,
    user: User,
    turns: tuple[ScenarioTurn, ...],
    *,
    budget: int,
    deadline: float,
    result: LoadResult,
) -> None:
    for index in range(budget):
        if time.monotonic() >= deadline:
            return
        turn = turns[index % len(turns)]
        started = time.perf_counter()
        try:
            answer = await connector.send(user, **turn.fields())
            problem = problem_with(answer.status, answer.searchable, len(answer.replies), turn)
        except (TimeoutError, OSError, Exception) as error:  # any failure is a counted error
            problem = f"{type(error).__name__} on {turn.text or turn.value!r}"
        result.record(time.perf_counter() - started, problem)


async def run_load(
    bot_url: str,
    scenario: Scenario,
    *,
    users: int,
    turns_per_user: int,
    max_seconds: float,
    leader_aad_id: str | None,
    run: str | None = None,
    sign: Signer | None = None,
) -> LoadResult:
    """`run` names the tenants (`tenant_ids(users, run)`; a new run by default); `sign` makes
    the token the channel sends, for a bot that authenticates its callers."""
    connector = LocalChannel(bot_url, sign=sign, keep=False)
    await connector.start()
    result = LoadResult()
    run = run or uuid.uuid4().hex[:8]
    deadline = time.monotonic() + max_seconds
    players = [
        play(
            connector,
            user,
            scenario.teacher,
            budget=turns_per_user,
            deadline=deadline,
            result=result,
        )
        for user in teachers(users, run)
    ]
    if leader_aad_id and scenario.leader:
        # In the first teacher's school, so the open-case list has that teacher's cases in it.
        leader = User(leader_aad_id, "Leder", tenant_id=f"bench-{run}-tenant-0000")
        players.append(
            play(
                connector,
                leader,
                scenario.leader,
                budget=turns_per_user,
                deadline=deadline,
                result=result,
            )
        )
    started = time.perf_counter()
    try:
        await asyncio.gather(*players)
    finally:
        result.wall_seconds = time.perf_counter() - started
        await connector.close()
    return result
