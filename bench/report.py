"""The benchmark's Markdown: the machine, one row per bot, ratios to the echo baseline, targets."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench.loadgen import LoadResult
from bench.profile import ProfileSummary

BASELINE = "echo"
CPU_RATIO_TARGET = 0.30  # issue 19 (issue 8 set 0.35)
P95_RATIO_TARGET = 0.30
RSS_TARGET_MB = 200.0
COLUMNS = (
    "bot",
    "turns",
    "errors",
    "turns/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "CPU ms/turn",
    "peak RSS MB",
    "CPU ×echo",
    "p95 ×echo",
)


@dataclass
class TargetResult:
    target: str
    load: LoadResult
    cpu_ms_per_turn: float
    peak_rss_mb: float
    profile: ProfileSummary | None = None


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"Machine: nproc {os.cpu_count()}, {model}, Python {platform.python_version()}, "
        f"botbuilder {version('botbuilder-core')}, aiohttp {version('aiohttp')}"
    )


def _ratio(value: float, baseline: float | None) -> str:
    return f"{value / baseline:.2f}" if baseline else "–"


def table(results: list[TargetResult]) -> str:
    base = next((r for r in results if r.target == BASELINE), None)
    base_cpu = base.cpu_ms_per_turn if base else None
    base_p95 = base.load.percentile_ms(95) if base else None
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in results:
        load = r.load
        cells = [
            r.target,
            str(load.turns),
            str(load.errors),
            f"{load.turns_per_second:.0f}",
            *(f"{load.percentile_ms(q):.1f}" for q in (50, 95, 99, 100)),
            f"{r.cpu_ms_per_turn:.2f}",
            f"{r.peak_rss_mb:.0f}",
            _ratio(r.cpu_ms_per_turn, base_cpu),
            _ratio(load.percentile_ms(95), base_p95),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(results: list[TargetResult]) -> str:
    base = next((r for r in results if r.target == BASELINE), None)
    lines = []
    for r in results:
        if r.target == BASELINE:
            continue
        checks = [f"0 errors: {'met' if r.load.errors == 0 else 'NOT met'}"]
        checks.append(f"RSS < {RSS_TARGET_MB:.0f} MB: {_met(r.peak_rss_mb < RSS_TARGET_MB)}")
        if base is not None:
            cpu = r.cpu_ms_per_turn / base.cpu_ms_per_turn
            p95 = r.load.percentile_ms(95) / base.load.percentile_ms(95)
            checks.insert(0, f"CPU ≤ {CPU_RATIO_TARGET}× echo: {_met(cpu <= CPU_RATIO_TARGET)}")
            checks.insert(1, f"p95 ≤ {P95_RATIO_TARGET}× echo: {_met(p95 <= P95_RATIO_TARGET)}")
        lines.append(f"- {r.target}: " + "; ".join(checks))
        lines += [f"  - error: {sample}" for sample in r.load.error_samples]
    return "\n".join(lines)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"
