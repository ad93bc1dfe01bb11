"""The nynorsk and English catalogs say everything the bokmål one says, and say it safely.

A missing key would silently fall back to bokmål, a renamed placeholder would show "{pupil}" to
the user, and a translated button that the parsers or the recognizer do not understand would
leave the user stuck in a loop: each of those is checked here against the real catalogs.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from casework.school_time import SchoolTime
from casework.services import Services
from content.clock import FixedClock
from content.i18n import LOCALES_DIR, Translator
from content.loader import guide
from content.models import PLACEHOLDER
from content.nlu import default_recognizer
from dialogs.close_case import close_case_dialog
from dialogs.engine.form import Answer, FormDialog, Invalid
from dialogs.escalate import escalate_dialog
from dialogs.evaluate import evaluate_dialog
from dialogs.log_contact import log_contact_dialog
from dialogs.report import report_dialog
from storage.db import Database

OWNED_FILES = (
    "messages.po",
    "guide.po",
    "casework.po",
    "meeting.po",
    "triage.po",
    "nlu.po",
    "trust.po",
    "teams.po",
    "absence.po",
    "schools.po",
    "render.po",
    "cards.po",
    "cardforms.po",
    "agenda.po",
    "schools_admin.po",
    "flow.po",
)
TRANSLATIONS = ("nn", "en")
PUPIL_VALUES = {"pupil": "Ole", "level": 2}

# Texts the bot sends back to itself as if the user typed them. The recognizer understands
# bokmål and nynorsk only, so English has no entry for them and falls back to bokmål.
TYPED_BACK = frozenset(
    {
        "button.report.value",
        "button.ladder.value",
        "button.templates.value",
        "button.help.value",
        "button.procedure.value",
        "button.wheel.value",
        "button.log.value",
        "log.escalate_value",
        "triage.button.not_concerning.value",
        "meeting.minutes_value",
        "report.join_value",
        *(f"button.template.{t}" for t in ("naervaersmote", "samarbeidsavtale", "telefonsamtale")),
        *(f"button.template.{t}" for t in ("kartlegging_sarbarhet", "fravaersmelding")),
        *(f"button.template.{t}" for t in ("undringssamtale_1", "undringssamtale_2")),
    }
)
OMITTED = {"nn": frozenset[str](), "en": TYPED_BACK}


def _messages(language: str, filename: str) -> dict[str, str]:
    with (LOCALES_DIR / language / "LC_MESSAGES" / filename).open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


@pytest.mark.parametrize("language", ("nb", *TRANSLATIONS))
def test_no_key_is_defined_in_two_files(language: str) -> None:
    """The files are merged, the last read wins: «slot.measure.ask» in casework.po and in
    meeting.po made escalation ask «Tiltak {number}: …» with the braces shown."""
    files = sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"))
    seen = Counter(key for path in files for key in _messages(language, path.name))
    assert {key for key, count in seen.items() if count > 1} == set()


@pytest.mark.parametrize("filename", OWNED_FILES)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_bokmal_key_is_translated(language: str, filename: str) -> None:
    source, translated = _messages("nb", filename), _messages(language, filename)
    omitted = OMITTED[language] & set(source)
    assert set(source) - omitted - set(translated) == set()
    assert set(translated) - set(source) == set(), "keys bokmål no longer has"
    assert omitted & set(translated) == set(), "typed-back values must stay bokmål"


def test_omitted_keys_still_exist_in_bokmal() -> None:
    source = set().union(*(_messages("nb", filename) for filename in OWNED_FILES))
    assert TYPED_BACK - source == set()


@pytest.mark.parametrize("filename", OWNED_FILES)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_placeholders_match_bokmal(language: str, filename: str) -> None:
    source = _messages("nb", filename)
    wrong = {
        key: text
        for key, text in _messages(language, filename).items()
        if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(source[key])))
        or text.count("{") != text.count("}")
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "path", sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")), ids=lambda p: "/".join(p.parts[-3:])
)
def test_catalog_parses_without_duplicate_keys(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    assert len(catalog) > 0
    # read_po keeps the last of two equal msgids without a word; count them in the text instead.
    ids = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert [key for key, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize(
    ("language", "long_day", "clock"),
    [
        ("nb", "torsdag 26. november 2026", "09.05"),
        ("nn", "torsdag 26. november 2026", "09.05"),
        ("en", "Thursday 26 November 2026", "09:05"),
    ],
)
def test_translator_formats_dates_and_times(language: str, long_day: str, clock: str) -> None:
    translate = Translator(language)
    assert translate.day(date(2026, 11, 26)) == long_day
    assert translate.short_day(date(2026, 11, 26)) == long_day.removesuffix(" 2026")
    assert translate.clock(time(9, 5)) == clock


@pytest.mark.parametrize(
    ("language", "key", "values", "expected"),
    [
        ("nn", "escalate.done", {"pupil": "Ole", "group": "5B", "level": 2, "name": "N"}, "no på"),
        ("en", "escalate.done", {"pupil": "Ole", "group": "5B", "level": 2, "name": "N"}, "now at"),
        ("nn", "slot.too_long", {"length": 1200, "max": 1000}, "(1200 teikn; høgst 1000)"),
        ("en", "slot.too_long", {"length": 1200, "max": 1000}, "(1200 characters; at most 1000)"),
        ("nn", "close.kept", {"pupil": "Mia"}, "saka til Mia står framleis open"),
        ("en", "close.kept", {"pupil": "Mia"}, "Mia's case stays open"),
        ("en", "button.log.value", {"pupil": "Mia"}, "Loggfør Mia"),
    ],
)
def test_translator_renders_values(
    language: str, key: str, values: dict[str, object], expected: str
) -> None:
    text = Translator(language)(key, **values)
    assert expected in text
    assert PLACEHOLDER.search(text) is None


def _typed_back(language: str, key: str) -> str:
    return Translator(language)(key, **PUPIL_VALUES)


@pytest.mark.parametrize("key", sorted(TYPED_BACK))
def test_nynorsk_typed_back_values_mean_what_bokmal_means(key: str) -> None:
    recognizer = default_recognizer()
    bokmal = recognizer.recognize(_typed_back("nb", key))
    nynorsk = recognizer.recognize(_typed_back("nn", key))
    assert bokmal.intent != "unknown"
    assert (nynorsk.intent, nynorsk.entities) == (bokmal.intent, bokmal.entities)


# Buttons are parsed back by the same slot that offered them; the slots do not know the
# user's language, so each translated button must parse to what the bokmål one parses to.
BUTTON_VALUES = {
    "pupil": "Ole",
    "group": "5B",
    "user_name": "Kari",
    "reason_default": "Varsel",
    "current_level": 0,
    "level": 1,
}
FORMS = (report_dialog, evaluate_dialog, log_contact_dialog, escalate_dialog, close_case_dialog)


@pytest.fixture
def forms(database: Database) -> dict[str, FormDialog]:
    # Thursday 26 November 2026 in Oslo.
    clock = FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    services = Services(
        database=database,
        guide=guide(),
        recognizer=default_recognizer(),
        school=SchoolTime(clock=clock),
    )
    return {form.__name__: form(services) for form in FORMS}


def _parse(form: FormDialog, slot_name: str, text: str) -> Any:
    slot = form._slots[slot_name]  # the form's own slot, as its prompt validator uses it
    return slot.parse(Answer(text), BUTTON_VALUES)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translated_buttons_parse_like_bokmal(forms: dict[str, FormDialog], language: str) -> None:
    checked = 0
    for form in forms.values():
        for slot in form._slots.values():
            source = slot.buttons(Translator("nb"), BUTTON_VALUES)
            translated = slot.buttons(Translator(language), BUTTON_VALUES)
            assert len(translated) == len(source)
            for nb_value, value in zip(source, translated, strict=True):
                expected = _parse(form, slot.name, nb_value)
                found = _parse(form, slot.name, value)
                assert expected is not None and not isinstance(expected, Invalid)
                free_text = expected == nb_value and found == value
                assert found == expected or free_text, (slot.name, value)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("form", "slot", "typed", "expected"),
    [
        ("report_dialog", "late_period", "denne veka", "week"),
        ("report_dialog", "late_period", "denne uka", "week"),
        ("report_dialog", "late_period", "this month", "month"),
        ("report_dialog", "documented", "other, unexplained", "other_code"),
        ("report_dialog", "documented", "Anna utan forklaring", "other_code"),
        ("report_dialog", "documented", "no - my mother called", "no"),
        ("evaluate_dialog", "next", "hald fram", "continue"),
        ("evaluate_dialog", "next", "fortset", "continue"),
        ("evaluate_dialog", "next", "close", "close"),
        ("evaluate_dialog", "outcome", "partly", "partly"),
        ("escalate_dialog", "mapping", "skip", "skipped"),  # then asked why (issue 14)
        ("log_contact_dialog", "contact_date", "yesterday", "2026-11-25"),
        ("log_contact_dialog", "confirm", "edit", "edit"),
        ("log_contact_dialog", "edit_field", "guardians' view", "guardians_view"),
        ("log_contact_dialog", "edit_field", "synet til føresette", "guardians_view"),
        ("log_contact_dialog", "edit_field", "Foresattes syn", "guardians_view"),
    ],
)
def test_words_the_retry_texts_suggest_are_understood(
    forms: dict[str, FormDialog], form: str, slot: str, typed: str, expected: object
) -> None:
    assert _parse(forms[form], slot, typed) == expected
