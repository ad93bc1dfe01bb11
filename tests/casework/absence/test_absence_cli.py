"""`naervaer absence-summary` run as the installed command, as a school would script it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from absence_exports import BY_ID, CALENDAR_TOML, LISE, SCHOOL, SEMICOLON

from casework.absence import ErrorCode, ImportProblem
from content.loader import guide

NAERVAER = Path(sys.executable).parent / "naervaer"
LISTED = [
    "name", "group", "absence_days", "part_days", "documented_days", "undocumented_days",
    "leave_days", "longest_run", "single_days", "weekdays", "late_by_month", "left_early",
    "criteria",
]  # fmt: skip


def _run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAERVAER_")}
    return subprocess.run(
        [str(NAERVAER), "absence-summary", *map(str, args)],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "csv": tmp_path / "fravaer.csv",
        "xlsx": tmp_path / "fravaer.xlsx",
        "calendar": tmp_path / "skoleruta.toml",
    }
    paths["csv"].write_bytes(SEMICOLON.write(SCHOOL + LISE))
    paths["xlsx"].write_bytes(BY_ID["xlsx-english-date-cells"].write(SCHOOL))
    paths["calendar"].write_text(CALENDAR_TOML, encoding="utf-8")
    return paths


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_pupil_prints_the_issues_json(files: dict[str, Path], kind: str) -> None:
    result = _run(
        files[kind], "--pupil", "Nordmann, Ola", "--from", "01.09.2026", "--to", "2026-10-30",
        "--calendar", files["calendar"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["period"] == {"from": "2026-09-01", "to": "2026-10-30", "school_days": 39}
    (pupil,) = output["pupils"]
    assert list(pupil)[: len(LISTED)] == LISTED
    assert {key: pupil[key] for key in LISTED} == {
        "name": "Ola Nordmann",
        "group": "5B",
        "absence_days": 9,
        "part_days": 2,
        "documented_days": 6,
        "undocumented_days": 3,
        "leave_days": 2,
        "longest_run": 3,
        "single_days": 4,
        "weekdays": {"mon": 5, "tue": 0, "wed": 1, "thu": 1, "fri": 2},
        "late_by_month": {"2026-09": 4, "2026-10": 2},
        "left_early": 1,
        "criteria": ["visma_alert", "undocumented", "late_arrivals", "leaves_class"],
    }
    assert pupil["standout_weekdays"][0] == {
        "weekday": "mon", "days": 4, "of": 4, "among": "single_days"
    }  # fmt: skip
    assert pupil["runs"][0] == {"start": "2026-09-25", "end": "2026-10-05", "days": 2}
    assert (pupil["minutes_missed"], pupil["share_of_school_days"]) == (290, 0.231)
    quotes = {c.id: c.quote for c in guide().ladder.criteria}
    assert output["criteria_quotes"] == {c: quotes[c] for c in pupil["criteria"]}
    assert output["notices"] == [] and result.stderr == ""


def test_a_refused_file_is_a_norwegian_message_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    result = _run(path)
    assert (result.returncode, result.stdout) == (2, "")
    expected = ImportProblem(ErrorCode.NOT_SPREADSHEET, {"filename": "rapport.pdf"}).message()
    assert result.stderr.strip() == f"naervaer absence-summary: {expected}"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--pupil", "Nils"], "pupil_not_found"),
        (["--pupil", "Per Olsen"], "pupil_in_two_groups"),
        (["--from", "i går"], "bad_date"),
        (["--calendar", "finnes-ikke.toml"], "calendar_file"),
        (["--columns", "finnes-ikke.toml"], "mapping_file"),
    ],
)
def test_each_refusal_exits_2_with_nothing_on_stdout(
    files: dict[str, Path], args: list[str], code: str
) -> None:
    result = _run(files["csv"], *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("naervaer absence-summary: ")
    assert ErrorCode(code)  # the code exists; its message is checked in test_absence_import.py


def test_the_school_file_for_leaders(files: dict[str, Path]) -> None:
    result = _run(files["csv"], "--meeting-criteria", "--calendar", files["calendar"])
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    # Kari (2 days, documented, late once) and Per (1 day in each class) meet no criterion.
    assert [(p["name"], p["criteria"]) for p in output["pupils"]] == [
        ("Ola Nordmann", ["visma_alert", "undocumented", "late_arrivals", "leaves_class"]),
        ("Lise Berg", ["visma_alert"]),
    ]
    assert "Per Olsen" in result.stderr  # the notice that he is in two classes


def test_the_january_overview(files: dict[str, Path]) -> None:
    result = _run(files["csv"], "--first-term", "--calendar", files["calendar"])
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    # The calendar's school year 2026-2027: 1 August – 31 December 2026. School days (the test
    # calendar has no summer holiday): August 21, September 22 less the holiday's 3, October 22
    # less 2, November 21 less the planning day, December 23 less Christmas Day = 102.
    assert output["period"] == {"from": "2026-08-01", "to": "2026-12-31", "school_days": 102}
    # Lise has 10 days in November; Ola 9 this term, so he is not listed.
    assert [(p["name"], p["absence_days"], p["reasons"]) for p in output["pupils"]] == [
        ("Lise Berg", 10, {"sickness": 10})
    ]


def test_rows_on_stdin() -> None:
    text = "Elev;Dato;Type\nOla;02.12.2026;dag\nOla;03.12.2026;dag\n"
    result = _run("-", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pupils"][0]["longest_run"] == 2
