"""Realistic Norwegian data for every card, built from the guide's own data files where it can.

Shared by the schema tests and the headless rendering, so both look at the same cards.
"""

from __future__ import annotations

from typing import Any

from content.loader import guide


def ladder_overview() -> dict[str, Any]:
    ladder = guide().ladder
    levels = [
        {
            "level": level.level,
            "name": level.name,
            "limits": ", ".join(limit.text for limit in level.time_limits).capitalize(),
            "button": f"Nivå {level.level}",
        }
        for level in ladder.levels
    ]
    return {"title": ladder.title, "levels": levels, "unsafe_notice": ladder.unsafe_environment}


def ladder_level(*, escalate: bool = True) -> dict[str, Any]:
    level = guide().ladder.level(2)
    data: dict[str, Any] = {
        "title": f"Nivå {level.level}: {level.name}",
        "actions": list(level.actions),
        "limits_label": "Frister",
        "limits": ", ".join(limit.text for limit in level.time_limits),
        "templates": [
            {"id": template_id, "title": guide().template(template_id).title}
            for template_id in level.templates
        ],
        "template_button": "Vis mal",
    }
    if escalate:
        data["escalate"] = {"case_id": 42, "level": 3, "button": "Løft saken til nivå 3"}
    return data


def log_summary() -> dict[str, Any]:
    values = {
        "pupil": "Kari Nordmann",
        "contact_date": "mandag 1. desember 2025",
        "reason": "Varsel om høyt fravær i Visma, fem dager",
        "guardians_view": "Mor forteller om vondt i magen om morgenen før skolen",
        "next_steps": "Undringssamtale med Kari torsdag; nytt møte med foresatte 15. desember",
        "level": "Nivå 1",
        "author": "Per Hansen, kontaktlærer 7B",
    }
    fields = [
        {"label": field.label, "value": values[field.id]} for field in guide().documentation.fields
    ]
    return {"title": "Fraværslogg", "fields": fields, "save": "Lagre", "edit": "Endre"}


def reminder(*, overdue: bool = True) -> dict[str, Any]:
    return {
        "title": "Påminnelse om frist",
        "pupil": "Kari Nordmann",
        "group": "7B",
        "level_label": "Nivå 1: Videre oppfølging",
        "due_label": "Frist",
        "due_text": "fredag 5. desember 2025",
        "deadline_text": "Evaluer tiltakene etter 3 uker.",
        "overdue": overdue,
        "overdue_text": "Fristen er passert med 2 skoledager.",
        "do_now": "Evaluer nå",
        "postpone": "Utsett",
        "done": "Merk som gjort",
        "do_now_data": {"intent": "evaluate_measures", "case_id": 42, "silent": False},
        "deadline_id": 17,
    }


def case_list(*, rows: bool = True, paging: bool = True) -> dict[str, Any]:
    table = [
        ("Kari Nordmann", "7B", "1", "Per Hansen", "fre. 5. des.", True, 42),
        ("Ola Hansen", "5A", "0", "Per Hansen", "i dag", False, 43),
        ("Aisha Ali", "7B", "2", "Liv Berg", "man. 15. des.", False, 44),
    ]
    data: dict[str, Any] = {
        "title": "Mine saker",
        "counts": [
            {"label": "Åpne saker", "value": 3},
            {"label": "Frister passert", "value": 1},
        ]
        if rows
        else [],
        "rows": [
            dict(
                zip(
                    ("pupil", "group", "level", "owner", "next_deadline", "overdue", "case_id"),
                    row,
                    strict=True,
                )
            )
            for row in table
        ]
        if rows
        else [],
        "pupil_label": "Elev",
        "level_label": "Nivå",
        "deadline_label": "Neste frist",
        "empty_text": "Du har ingen åpne saker.",
        "staff_note": "Viser sakene der du er ansvarlig.",
    }
    if paging:
        data["next_page"] = {"label": "Neste side", "data": {"intent": "list_cases", "page": 2}}
        data["previous_page"] = {"label": "Forrige", "data": {"intent": "list_cases", "page": 0}}
    return data


def vulnerability_mapping() -> dict[str, Any]:
    template = guide().template("kartlegging_sarbarhet")
    groups = [
        {
            "title": section.title or "",
            "items": [
                {"id": f"{section.id}_{number}", "text": item.text}
                for number, item in enumerate(section.items, start=1)
            ],
        }
        for section in template.sections
        if section.style == "table"
    ]
    return {
        "title": f"{template.section} {template.title}",
        "intro": template.intro,
        "groups": groups,
        "comment_placeholder": "Kommentar",
        "submit": "Lagre kartleggingen",
    }


def case_status() -> dict[str, Any]:
    return {
        "case_id": 42,
        "viewer": "29:1a2b3c",
        "title": "Kari Nordmann, 7B",
        "facts": [
            {"label": "Nivå", "value": "1: Videre oppfølging"},
            {"label": "Ansvarlig", "value": "Per Hansen"},
            {"label": "Åpnet", "value": "3. november 2025"},
        ],
        "deadlines_title": "Frister",
        "deadlines": [
            {"label": "Evaluer tiltak", "date": "5. des.", "overdue": True},
            {"label": "Nytt møte med foresatte", "date": "15. des.", "overdue": False},
        ],
        "actions": [
            {"title": "Skriv logg", "data": {"intent": "write_log", "case_id": 42}},
            {"title": "Vis tiltakstrappa", "data": {"intent": "explain_ladder", "level": 1}},
            {"title": "Avslutt saken", "data": {"intent": "close_case", "case_id": 42}},
        ],
    }


def agreement() -> dict[str, Any]:
    from datetime import date

    from content.i18n import Translator
    from content.replies.agreement import AgreementView, GoalView, agreement_card

    view = AgreementView(
        case_id=42,
        pupil="Kari",
        group="7B",
        situation="Borte to dager i uka, gruer seg til gym",
        main_goal="Kari er på skolen hver dag",
        goals=(
            GoalView("Møter til første time", "Per Hansen", "Henting ved porten", None, "active"),
            GoalView("Deltar i gym", "helsesykepleier", "Samtaler", date(2025, 12, 5), "done"),
        ),
        evaluate_on=date(2025, 12, 5),
    )
    button = {"title": "Evaluer tiltakene", "data": {"intent": "evaluate_agreement", "case_id": 42}}
    return agreement_card(guide(), view, Translator("nb"), [button])


def measure() -> dict[str, Any]:
    return {
        "title": "Tiltak 1",
        "intro": "Fyll ut, eller skriv tiltaket i chatten.",
        "what_label": "Tiltak",
        "goal_label": "Delmål",
        "goal_placeholder": "Det eleven skal øve på",
        "required": "Må fylles ut",
        "responsible_label": "Ansvar",
        "responsible_default": "staff:aad-per",
        "choices": [
            {"title": "Per Hansen", "value": "staff:aad-per"},
            {"title": "helsesykepleier", "value": "role:helsesykepleier"},
        ],
        "evaluate_label": "Frist for evaluering",
        "evaluate_default": "2025-12-05",
        "save": "Lagre tiltaket",
    }


def join_request() -> dict[str, Any]:
    return {
        "title": "Per Hansen vil bli med på saken til Kari",
        "text": "Per Hansen meldte bekymring for Kari (7B). Godtar du, blir Per medansvarlig.",
        "actions": [
            {
                "title": "Godta",
                "data": {"intent": "answer_join", "request_id": 3, "answer": "accept"},
            },
            {
                "title": "Avslå",
                "data": {"intent": "answer_join", "request_id": 3, "answer": "decline"},
            },
        ],
    }


def visma_text() -> dict[str, Any]:
    kind = guide().documentation.log_kind_for(1).name
    values = log_summary()["fields"]
    lines = [kind, *(f"{field['label']}: {field['value']}" for field in values)]
    return {
        "title": f"✅ Lagret. Lim dette inn i {kind} i Visma Sikker sak:",
        "text": "\n".join(lines),
        "lines": lines,
        "after": ["Neste frist:", "• Ny kontakt med hjemmet – innen fredag 5. desember"],
    }


def log_form(*, errors: bool = False) -> dict[str, Any]:
    labels = {field.id: field.label for field in guide().documentation.fields}
    names = ("contact_date", "level", "reason", "guardians_view", "next_steps", "author")
    values = {
        "contact_date": "2025-12-01",
        "level": "1",
        "reason": "Varsel om høyt fravær i Visma",
        "guardians_view": "Mor forteller om vondt i magen om morgenen" if errors else "",
        "next_steps": "",
        "author": "Per Hansen",
    }
    return {
        "title": "Elevlogg – fyll ut og lagre",
        "subtitle": "Kari (7B)",
        "errors": ["Dato: Den datoen er ikke kommet ennå."] if errors else [],
        "labels": {name: labels[name] for name in names},
        "values": values,
        "placeholders": {
            "guardians_view": "For eksempel «syk, ikke bekymret for trivsel»",
            "next_steps": "For eksempel «ringer igjen fredag»",
        },
        "levels": [{"title": f"Nivå {n}", "value": str(n)} for n in range(1, 4)],
        "today": "2025-12-01",
        "required": "Må fylles ut",
        "save": "Lagre",
        "save_data": {"intent": "log_contact", "case_id": 42, "form": "0" * 32},
    }


def evaluate_form(*, errors: bool = False) -> dict[str, Any]:
    from content.i18n import Translator
    from content.replies.card_forms import evaluate_form as data

    values = {"outcome": "partly", "next": "continue", "adjustment": "", "note": "Mor er fornøyd"}
    return data(
        Translator("nb"),
        case=("Kari", "7B"),
        values=values if errors else {"next": "continue", "note": "Ikke snakket med dem ennå"},
        outcomes=("improved", "partly", "not_improved"),
        nexts=("continue", "close"),
        save_data={"intent": "evaluate", "case_id": 42, "form": "0" * 32},
        errors=["Justering: Skriv kort hva som endres."] if errors else [],
    )


def escalate_form(*, errors: bool = False) -> dict[str, Any]:
    from content.i18n import Translator
    from content.replies.card_forms import escalate_form as data

    return data(
        Translator("nb"),
        case=("Kari", "7B", 2),
        values={"measure": "" if errors else "Fast voksen tar imot", "responsible": "Per Hansen"},
        last_step=not errors,
        save_data={"intent": "escalate", "case_id": 42, "level": 2, "form": "0" * 32},
        errors=["Tiltak: Skriv tiltaket kort."] if errors else [],
    )


def done() -> dict[str, Any]:
    return {
        "title": "Kontakt med foresatte",
        "subtitle": "Kari (7B) · Nivå 1",
        "facts": [],
        "status": "✔ Gjort av Per Hansen 08:14",
    }


def agenda() -> dict[str, Any]:
    from datetime import datetime

    from content.i18n import Translator
    from content.replies.agenda import AgendaLine, agenda_card

    lines = [
        AgendaLine("Ole", "5B", "contact_guardians", None, datetime(2025, 11, 24, 15), {
            "intent": "log_contact", "case_id": 42}),
        AgendaLine("Kari", "7B", "evaluate_measures", "Henting ved porten",
                   datetime(2025, 11, 26, 15), {"intent": "evaluate_agreement", "case_id": 43,
                                                "measure_id": 7}),
    ]  # fmt: skip
    return agenda_card(Translator("nb"), "today", lines, 3, 4, datetime(2025, 11, 26, 9))


SAMPLES = {
    "agenda": agenda,
    "log_form": log_form,
    "evaluate_form": evaluate_form,
    "escalate_form": escalate_form,
    "done": done,
    "agreement": agreement,
    "join_request": join_request,
    "measure": measure,
    "ladder_overview": ladder_overview,
    "ladder_level": ladder_level,
    "log_summary": log_summary,
    "reminder": reminder,
    "case_list": case_list,
    "vulnerability_mapping": vulnerability_mapping,
    "case_status": case_status,
    "visma_text": visma_text,
}
