"""Every text in the data files is the guide's own text, checked against the extracted guide.

Comparison ignores whitespace (the PDF broke lines and columns anywhere) and, as a second try,
words hyphenated across a line break. Placeholders split a text into fragments that must each
appear. Our own notes (`note`, ids, month names) are not guide text and are not checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from content.loader import guide
from content.models import PLACEHOLDER, Guide

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = Path(
    os.environ.get("NAERVAER_GUIDE_TEXT", REPO_ROOT / "../shared/seed/naervaersloftet-veileder.txt")
)
pytestmark = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the guide's extracted text is not at {SEED} (NAERVAER_GUIDE_TEXT)"
)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> tuple[str, str]:
    raw = SEED.read_text(encoding="utf-8")
    joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
    return _squeeze(raw), _squeeze(joined)


@pytest.fixture(scope="module")
def raw_seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _in_seed(text: str, seed: tuple[str, str]) -> bool:
    fragments = [_squeeze(f) for f in PLACEHOLDER.split(text)[::2] if f.strip()]
    return all(any(fragment in variant for variant in seed) for fragment in fragments)


def _guide_texts(data: Guide) -> Iterator[tuple[str, str]]:
    for part in data.parts:
        yield f"part {part.number}", part.title
        yield f"part {part.number}", part.intro
    principles = data.principles
    yield "1.1", principles.intro
    for principle in principles.principles:
        yield "1.1", principle.title
        yield from (("1.1", point) for point in principle.points)
    for step in data.procedure.steps:
        yield f"1.2 step {step.number}", step.what
        yield f"1.2 step {step.number}", step.when
        yield from ((f"1.2 step {step.number}", who) for who in step.who)
    ladder = data.ladder
    for text in (
        ladder.intro,
        ladder.source,
        ladder.concern_heading,
        ladder.travel_exception,
        ladder.obs_other_worries,
        ladder.unsafe_environment,
    ):
        yield "1.3", text
    yield from (("1.3 " + c.id, c.quote) for c in ladder.criteria)
    for level in ladder.levels:
        where = f"1.3 level {level.level}"
        yield from ((where, text) for text in (level.name, level.summary, *level.actions))
        yield from ((where, limit.text) for limit in level.time_limits)
    for kind in data.documentation.log_kinds:
        yield "2.8", kind.name
        yield from (("2.8", paragraph) for paragraph in kind.text.split("\n"))
    yield from (("2.8", field.label) for field in data.documentation.fields)
    for number, month in data.annual_wheel.months.items():
        yield from ((f"3.0 month {number}", task) for task in month.tasks)
    for template in data.templates.values():
        yield from ((template.section, text) for text in template.texts())


def test_every_text_is_in_the_guide(seed: tuple[str, str]) -> None:
    missing = [
        f"{where}: {text}" for where, text in _guide_texts(guide()) if not _in_seed(text, seed)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hei! Ser at {pupil} har fått varsel på høyt fravær.", True),
        ("Tverrfaglig samarbeid med for eksempel PPT", True),  # hyphenated across a line break
        ("Hei! Ser at {pupil} har fått varsel på lavt fravær.", False),
        ("Foresatte skal ringes hver dag", False),
    ],
)
def test_the_comparison_itself_can_fail(seed: tuple[str, str], text: str, found: bool) -> None:
    assert _in_seed(text, seed) is found


def test_foreword_sentences_are_in_the_guide(seed: tuple[str, str]) -> None:
    sentences = re.split(r"(?<=[.!])\s+", guide().foreword)
    ours = [s for s in sentences if "¹" not in s and s.strip("-\n ")]
    assert len(ours) >= 15
    assert [s for s in ours if not _in_seed(s, seed)] == []


def _numbered_statements(raw_seed: str, heading: str, end: str) -> list[str]:
    block = raw_seed.split(heading)[-1].split(end)[0].split("Utsagn", 1)[1]
    return [_squeeze(text) for text in re.findall(r"^\d+ (.+?)(?=^\d+ |\Z)", block, re.M | re.S)]


@pytest.mark.parametrize(
    ("heading", "end", "section_id", "count"),
    [
        ("3.5 Undersøkelse av elevstemmen", "3.6 Undersøkelse", "grades_1_4", 12),
        ("3.6 Undersøkelse av elevstemmen", "3.7 Relasjonskartlegging", "grades_5_7", 21),
    ],
)
def test_survey_statements_match_the_guide_in_order(
    raw_seed: str, heading: str, end: str, section_id: str, count: int
) -> None:
    printed = _numbered_statements(raw_seed, heading, end)
    section = guide().template("elevstemme").section_by_id(section_id)
    assert [_squeeze(item.text) for item in section.items] == printed
    assert len(printed) == count


@pytest.mark.parametrize(
    ("start", "end", "pattern", "count"),
    [
        ("2.4 Mal for telefonsamtalen", "2.5 Mal for", r"^\d\. ", 7),
        ("2.4 Mal for telefonsamtalen", "2.5 Mal for", r"▸", 5),
        ("2.5 Mal for nærværsmøter", "Støttepunkt", r"^\d\. ", 7),
        ("Det som skal dokumenteres er", "DEL III", r"^• ", 7),
        ("1.1 Nærværsløftet", "1.2 Fraværsprosedyre", r"^• ", 14),
    ],
)
def test_counts_in_the_guide_text_match_the_data(
    raw_seed: str, start: str, end: str, pattern: str, count: int
) -> None:
    """Guards the hand-made counts of the completeness tests against the text itself."""
    block = raw_seed.split(start)[-1].split(end)[0]
    assert len(re.findall(pattern, block, re.M)) == count
