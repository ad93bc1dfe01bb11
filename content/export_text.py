"""The readable export for an access request (innsyn), rendered from the plain dict storage
exports, so that storage stays free of Norwegian labels. Labels are in privacy_words.yaml."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from content.privacy import privacy_words
from content.render import fill

_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}


class _Writer:
    """Formats one export in one language; values from storage are ISO strings and enums."""

    def __init__(self, language: str, timezone: str) -> None:
        self.labels: dict[str, Any] = privacy_words()["export_labels"][language]
        self.locale = _BABEL_LOCALES[language]
        self.zone = ZoneInfo(timezone)
        self.lines: list[str] = []

    def value(self, raw: Any) -> str:
        if raw is None or raw == [] or raw == "":
            return self.labels["empty"]
        if isinstance(raw, bool):
            return self.labels["yes" if raw else "no"]
        if isinstance(raw, list):
            return ", ".join(self.value(item) for item in raw)
        text = str(raw)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return format_date(date.fromisoformat(text), "d. MMMM y", locale=self.locale)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", text):
            moment = datetime.fromisoformat(text).astimezone(self.zone)
            return format_datetime(moment, "d. MMMM y HH:mm", locale=self.locale)
        return self.labels["values"].get(text, text)

    def fields(self, row: dict[str, Any], names: tuple[str, ...], indent: str) -> None:
        for name in names:
            if name in row:
                self.lines.append(f"{indent}{self.labels[name]}: {self.value(row[name])}")

    def section(self, key: str, rows: list[dict[str, Any]], names: tuple[str, ...]) -> None:
        self.lines.append(f"  {self.labels[key]}:")
        if not rows:
            self.lines.append(f"    {self.labels['empty']}")
        for row in rows:
            self.lines.append("    -")
            self.fields(row, names, "      ")
            goals = row.get("goals", []) if key == "agreements" else []
            if goals:
                self.lines.append(f"      {self.labels['goals']}:")
            for goal in goals:
                self.lines.append("        -")
                self.fields(goal, ("goal", "responsible", "measure", "evaluate_on"), "          ")


_LOG_FIELDS = (
    "kind",
    "contact_date",
    "reason",
    "guardians_view",
    "next_steps",
    "level",
    "author",
)


def export_as_text(
    export: dict[str, Any], *, language: str = "nb", timezone: str = "Europe/Oslo"
) -> str:
    """The export from `storage.retention.export_pupil_records` as text a guardian can read."""
    writer = _Writer(language if language in _BABEL_LOCALES else "nb", timezone)
    labels = writer.labels
    values = {"pupil": export["pupil_name"], "group": export["group_name"]}
    writer.lines.append(fill(labels["title"], values))
    if not export["cases"]:
        writer.lines += ["", labels["none"]]
    for case in export["cases"]:
        writer.lines += ["", fill(labels["case"], {"id": case["id"]})]
        owner = {**case, "owner": case.get("owner_name")}
        writer.fields(owner, ("status", "level", "owner", "opened_at", "closed_at"), "  ")
        writer.fields(case, ("criteria", "unsafe_environment"), "  ")
        names = [member["display_name"] for member in case["members"]]
        writer.lines.append(f"  {labels['members']}: {writer.value(names)}")
        writer.section("log_entries", case["log_entries"], _LOG_FIELDS)
        writer.section("deadlines", case["deadlines"], ("kind", "due_at", "status"))
        measure_fields = ("description", "responsible", "evaluate_on", "status")
        writer.section("measures", case["measures"], measure_fields)
        agreement_fields = ("status", "situation", "main_goal", "evaluate_on")
        writer.section("agreements", case["agreements"], agreement_fields)
        meetings = case.get("meetings", [])
        writer.section("meetings", meetings, ("starts_at", "attendees", "status"))
    return "\n".join(writer.lines) + "\n"
