"""How long a whole school's absence export of 100,000 rows takes to summarise (issue 17).

`python -m bench.absence_bench [--rows 100000] [--repeat 3]` writes one xlsx and one csv export
into a temporary directory (400 pupils in 16 classes over one school year, a mix of day and
lesson absence, late arrivals, leaving early and leave), then times `summarise_upload` on each:
reading the bytes, recognising the columns, every row to a registration, and every pupil's
picture. Target: under 2 s per file. Prints Markdown; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from casework.absence import AbsenceSummary, summarise_upload
from content.calendar import EXAMPLE_CALENDAR, SchoolCalendar

HEADERS = ["Elev", "Klasse", "Dato", "Time", "Fraværstype", "Minutter", "Dokumentert", "Årsak"]
KINDS = [("Dagsfravær", 0.35), ("Timefravær", 0.4), ("For sent", 0.2), ("Gikk tidlig", 0.05)]
REASONS = ["Sykdom", "Udokumentert", "Permisjon", "Reise", "Annet", "Egenmelding", ""]
DOCUMENTED = ["Ja", "Nei", ""]
TARGET_SECONDS = 2.0


def _rows(count: int, seed: int = 17) -> list[list[object]]:
    rng = random.Random(seed)
    pupils = [(f"Elev {n:03d} Testesen", f"{5 + n % 3}{'ABCDEF'[n % 6]}") for n in range(400)]
    first = date(2026, 8, 19)
    days = [first + timedelta(days=n) for n in range(300) if (first + timedelta(n)).weekday() < 5]
    kinds, weights = zip(*KINDS, strict=True)
    rows: list[list[object]] = []
    for _ in range(count):
        name, group = rng.choice(pupils)
        kind = rng.choices(kinds, weights)[0]
        lesson = "" if kind == "Dagsfravær" else str(rng.randint(1, 6))
        minutes = "" if kind == "Dagsfravær" else rng.choice([5, 10, 15, 45, 60])
        day = rng.choice(days)
        rows.append(
            [
                name,
                group,
                day,
                lesson,
                kind,
                minutes,
                rng.choice(DOCUMENTED),
                rng.choice(REASONS),
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Fravær")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([row[0], row[1], row[2].strftime("%d.%m.%Y"), *row[3:]])  # type: ignore[attr-defined]


def _time(path: Path, calendar: SchoolCalendar, repeat: int) -> tuple[list[float], int]:
    data = path.read_bytes()
    seconds: list[float] = []
    pupils = 0
    for _ in range(repeat):
        started = time.perf_counter()
        summary = summarise_upload(data, path.name, calendar, today=date(2027, 6, 1))
        seconds.append(time.perf_counter() - started)
        if not isinstance(summary, AbsenceSummary):
            raise SystemExit(f"{path.name}: refused: {summary.code}")
        pupils = len(summary.pupils)
    return seconds, pupils


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.absence_bench")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    calendar = SchoolCalendar.from_toml(EXAMPLE_CALENDAR)
    rows = _rows(args.rows)
    print(f"## Absence export: {args.rows:,} rows, 400 pupils, best and median of {args.repeat}\n")
    print("| file | size MB | pupils | best s | median s | target |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for kind, write in (("xlsx", write_xlsx), ("csv", write_csv)):
            path = Path(directory) / f"fravaer.{kind}"
            write(path, rows)
            seconds, pupils = _time(path, calendar, args.repeat)
            best, median = min(seconds), statistics.median(seconds)
            verdict = "met" if median < TARGET_SECONDS else "MISSED"
            size = path.stat().st_size / 2**20
            print(f"| {kind} | {size:.1f} | {pupils} | {best:.2f} | {median:.2f} | {verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
