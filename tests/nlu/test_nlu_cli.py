"""The `nlu` command: one message as an argument, or one message per stdin line with --batch."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from content.nlu.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin_text: str = "") -> tuple[int, list[dict[str, object]]]:
    stdout = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin_text), stdout=stdout)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["eleven har vært borte 5 dager"],
            {"intent": "report_absence", "entities": {"days": 5}},
        ),
        (
            ["--locale", "nn-NO", "Mia har kome for seint fem gonger i november"],
            {
                "intent": "report_late",
                "entities": {"count": 5, "period": "month", "pupil": "Mia"},
            },
        ),
        (["bestill pizza"], {"intent": "unknown", "entities": {}}),
    ],
)
def test_single_text_prints_one_json_object(argv: list[str], expected: dict[str, object]) -> None:
    code, lines = run(argv)
    assert code == 0
    assert lines == [expected]


def test_batch_keeps_order_and_writes_non_ascii_as_is() -> None:
    stdout = io.StringIO()
    text = "hei\nvis åpne saker på 5. trinn\nmalen for nærværsmøte\n\n"
    assert main(["--batch"], stdin=io.StringIO(text), stdout=stdout) == 0
    lines = stdout.getvalue().splitlines()
    assert [json.loads(line)["intent"] for line in lines] == [
        "greeting",
        "list_cases",
        "show_template",
        "unknown",
    ]
    assert json.loads(lines[1])["entities"] == {"group": "5"}


def test_batch_output_has_no_ascii_escapes() -> None:
    stdout = io.StringIO()
    main(["--batch"], stdin=io.StringIO("status for Åse\n"), stdout=stdout)
    assert "Åse" in stdout.getvalue()
    assert "\\u" not in stdout.getvalue()


@pytest.mark.parametrize("argv", [[], ["--batch", "tekst"], ["--ukjent"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert main(argv, stdin=io.StringIO(""), stdout=io.StringIO()) == 2


def test_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "content.nlu.cli", "--batch"],
        input="avslutt\navslutt saken til ole\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=True,
    )
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"intent": "cancel", "entities": {}},
        {"intent": "close_case", "entities": {"pupil": "Ole"}},
    ]
