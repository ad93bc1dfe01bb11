"""The benchmark keeps running: a tiny `python -m bench` end to end, and its profile folding.

Nothing here is timed; the numbers the benchmark prints are not asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.profile import STDLIB, summarize
from bench.report import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
BOTS = ("echo", "ours")


@pytest.fixture(scope="module")
def bench_output() -> str:
    command = [sys.executable, "-m", "bench", "--users", "2", "--turns", "3", "--seconds", "60"]
    command += ["--sweep-rows", "300", "--sweep-due", "10", "--no-profile"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _row(output: str, bot: str) -> dict[str, str]:
    line = next(line for line in output.splitlines() if line.startswith(f"| {bot} |"))
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    return dict(zip(COLUMNS, cells, strict=True))


def test_the_table_has_every_column(bench_output: str) -> None:
    assert "| " + " | ".join(COLUMNS) + " |" in bench_output
    assert bench_output.startswith("Machine: nproc ")


@pytest.mark.parametrize("bot", BOTS)
def test_every_bot_completes_its_turns_without_errors(bench_output: str, bot: str) -> None:
    row = _row(bench_output, bot)
    assert row["errors"] == "0"
    assert int(row["turns"]) == 2 * 3 + 3  # two teachers and the leader, three turns each
    assert float(row["CPU ms/turn"]) > 0
    assert float(row["peak RSS MB"]) > 0


def test_the_sweep_reports_its_plan_and_a_measured_send_time(bench_output: str) -> None:
    assert "USING INDEX ix_deadline_status_remind_at" in bench_output
    assert "| rows returned (limit) | 10 |" in bench_output
    assert re.search(r"\| send 10 due reminders \| \d+\.\d\d s \|", bench_output)


def test_profile_folding_charges_stdlib_to_its_caller(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    storage = f"{ROOT}/storage/bot_state.py"
    web = "run (x/site-packages/aiohttp/web.py:1)"
    raw.write_text(
        f"{web};write ({storage}:50);uuid4 ({STDLIB}/uuid.py:7) 3\n"
        f"{web};send (x/site-packages/msrest/pipeline.py:9) 1\n"
    )
    summary = summarize(raw)
    assert summary.samples == 4
    assert summary.components == [("ours: storage", 3), ("msrest", 1)]
    assert summary.self_time[0] == ("uuid4 (uuid.py) ← write (storage/bot_state.py)", 3)
