"""absence.po says everything in bokmål, nynorsk and English, with the same placeholders, and
every problem code and field the code can produce has its text."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from casework.absence import ErrorCode, Field, NoticeCode
from casework.absence.columns import REQUIRED
from content.i18n import LOCALES_DIR
from content.models import PLACEHOLDER


def _messages(language: str) -> dict[str, str]:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "absence.po").open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def test_every_code_and_field_has_a_bokmal_text() -> None:
    keys = set(_messages("nb"))
    wanted = {f"absence.error.{code}" for code in ErrorCode}
    wanted |= {f"absence.notice.{code}" for code in NoticeCode}
    wanted |= {f"absence.field.{field}" for field in Field}
    wanted |= {f"absence.field_hint.{field}" for field in REQUIRED}
    assert wanted - keys == set()
    # The one key outside the namespace: the pasted-rows intent's title («Mente du …»).
    own = {key for key in keys if not key.startswith("absence.")}
    assert own <= {"intent.title.absence_import"}


@pytest.mark.parametrize("language", ["nn", "en"])
def test_translations_have_every_key_with_the_same_placeholders(language: str) -> None:
    source, translated = _messages("nb"), _messages(language)
    assert set(translated) == set(source)
    wrong = {
        key: text
        for key, text in translated.items()
        if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(source[key])))
    }
    assert wrong == {}
