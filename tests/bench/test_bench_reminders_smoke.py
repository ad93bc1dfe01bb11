"""`make bench-reminders` in a tiny configuration, so the benchmark cannot rot: two bot processes
on PostgreSQL, the connector that throttles like Teams (here with many injected 429/502/504), and
every reminder counted once at the connector. Times are printed by the run, never asserted; the
least time the limits allow is computed from the counts, so it is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.reminders_bench import PG_BIN

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (
    "delivered once",
    "twice or more",
    "missing",
    "due → last (s)",
    "least the limits allow (s)",
    "× least",
    "429 past a limit",
    "injected 429 / 502 / 504",
    "peak RSS MB (a, b)",
)


def postgres_arguments() -> list[str]:
    url = os.environ.get("NAERVAER_TEST_POSTGRES_URL")
    if url:
        return ["--database-url", url]
    if shutil.which("initdb") or (Path(PG_BIN) / "initdb").exists():
        return []  # the benchmark starts a throwaway cluster of its own
    pytest.skip("the reminder benchmark needs PostgreSQL: set NAERVAER_TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def row() -> dict[str, str]:
    command = [sys.executable, "-m", "bench.reminders_bench", "--staff", "12", "--tenants", "2"]
    command += ["--per-person", "2", "--tenant-limits", "10/1s", "--faults", "0.2"]
    command += ["--throttles", "0.1", "--timeout", "120", "--lead", "20", *postgres_arguments()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    header = "| " + " | ".join(COLUMNS) + " |"
    lines = done.stdout.splitlines()
    assert header in lines, done.stdout
    cells = lines[lines.index(header) + 2].strip("|").split("|")
    return dict(zip(COLUMNS, (cell.strip() for cell in cells), strict=True))


def test_every_reminder_arrives_once_through_injected_failures(row: dict[str, str]) -> None:
    assert (row["delivered once"], row["twice or more"], row["missing"]) == ("24", "0", "0")
    assert sum(int(n) for n in row["injected 429 / 502 / 504"].split(" / ")) > 0


def test_the_least_time_comes_from_the_limits(row: dict[str, str]) -> None:
    # Twelve reminders a tenant at 10 a second: the eleventh and twelfth wait one second.
    assert row["least the limits allow (s)"] == "1.00"
    assert row["429 past a limit"] == "0"  # paced: the connector never had to refuse one


def test_peak_memory_is_reported_for_both_bots(row: dict[str, str]) -> None:
    assert all(float(mb) > 0 for mb in row["peak RSS MB (a, b)"].split(", "))
