"""The bot's own words in bokmål, nynorsk and English, from babel message catalogs.

Message ids are stable keys (`help.text`), not source sentences: the bokmål catalog is the
source text, and a key missing from nynorsk or English falls back to bokmål. The guide's own
texts are not translated; they stay as the school wrote them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from babel.core import Locale
from babel.dates import format_date, format_time, get_month_names
from babel.messages.pofile import read_po

from content.render import fill

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "nb"
SUPPORTED_LANGUAGES = ("nb", "nn", "en")
_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def language_of(locale: str | None) -> str:
    """Map a Teams locale ("nn-NO", "en-US", "no") to one of our languages; bokmål otherwise."""
    if not locale:
        return DEFAULT_LANGUAGE
    primary = locale.replace("_", "-").split("-")[0].lower()
    if primary in ("nn",):
        return "nn"
    if primary == "en":
        return "en"
    return DEFAULT_LANGUAGE


# Where a reply's language is decided for the turn (bot/handler.py puts it there).
LANGUAGE_KEY = "naervaer.language"


@dataclass(frozen=True)
class LanguagePolicy:
    """Which language a user is answered in (issue 15).

    The school's language (`NAERVAER_LANGUAGE`) is everyone's default: many staff run Teams in
    English, but the guide, its templates and the Visma logs are Norwegian. The Teams locale
    counts only when it is nynorsk, or when the school chose to follow Teams
    (`NAERVAER_FOLLOW_TEAMS_LOCALE`). A user's own choice («snakk nynorsk») beats both.
    """

    school: str = DEFAULT_LANGUAGE
    follow_teams: bool = False

    @property
    def records(self) -> str:
        """The language of texts for Visma and parents: the school's Norwegian, never English."""
        return self.school if self.school in ("nb", "nn") else DEFAULT_LANGUAGE

    def choose(self, locale: str | None, chosen: str | None = None) -> str:
        if chosen in SUPPORTED_LANGUAGES:
            return chosen
        teams = language_of(locale) if locale else None
        if teams == "nn" or (self.follow_teams and teams):
            return teams
        return self.school if self.school in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


class MissingMessage(KeyError):
    """A key the bokmål catalog does not have: a programming error, caught by tests."""


class Catalogs:
    """All catalogs, read once at start-up."""

    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        self._messages: dict[str, dict[str, str]] = {}
        for language in SUPPORTED_LANGUAGES:
            messages: dict[str, str] = {}
            # One .po file per area of the bot (messages.po, report.po, ...), merged per language.
            for path in sorted((directory / language / "LC_MESSAGES").glob("*.po")):
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=_BABEL_LOCALES[language])
                messages.update(
                    (str(message.id), str(message.string))
                    for message in catalog
                    if message.id and message.string
                )
            self._messages[language] = messages

    def keys(self, language: str = DEFAULT_LANGUAGE) -> set[str]:
        return set(self._messages[language])

    def text(self, key: str, language: str, values: Mapping[str, object] | None = None) -> str:
        template = self._messages.get(language, {}).get(key)
        if template is None:
            template = self._messages[DEFAULT_LANGUAGE].get(key)
        if template is None:
            raise MissingMessage(key)
        return fill(template, values or {})

    def format_day(self, day: date, language: str, pattern_key: str = "format.date_long") -> str:
        """A date as people say it: "torsdag 26. november 2026"."""
        pattern = self.text(pattern_key, language)
        return format_date(day, pattern, locale=Locale.parse(_BABEL_LOCALES[language]))

    def format_clock(self, moment: time, language: str) -> str:
        pattern = self.text("format.time", language)
        return format_time(moment, pattern, locale=Locale.parse(_BABEL_LOCALES[language]))


@functools.cache
def catalogs() -> Catalogs:
    return Catalogs()


def month_name(month: int, language: str) -> str:
    return str(get_month_names("wide", locale=Locale.parse(_BABEL_LOCALES[language]))[month])


class Translator:
    """The catalogs bound to one user's language, for one turn."""

    def __init__(self, language: str, source: Catalogs | None = None) -> None:
        self.language = language
        self._catalogs = source or catalogs()

    @classmethod
    def for_locale(cls, locale: str | None) -> Translator:
        return cls(language_of(locale))

    def __call__(self, key: str, **values: object) -> str:
        return self._catalogs.text(key, self.language, values)

    def day(self, day: date) -> str:
        return self._catalogs.format_day(day, self.language)

    def short_day(self, day: date) -> str:
        """Without the year: "torsdag 26. november"."""
        return self._catalogs.format_day(day, self.language, "format.date_short")

    def clock(self, moment: time) -> str:
        return self._catalogs.format_clock(moment, self.language)

    def month(self, month: int) -> str:
        return month_name(month, self.language)
