"""Triage as the guide means it (issue 14): each situation a contact teacher meets reaches the
right step, and nothing said about a child's safety is dropped. Over real HTTP, real SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import Exchange, User
from tests.harness import RunningBot, bot_settings, running_bot
from tests.scenarios.conftest import oslo
from tests.scenarios.records import cases, deadlines, log_entries

NB = Translator("nb")
NN = Translator("nn")
LADDER = guide().ladder


async def why(bot: RunningBot, teacher: User, pupil: str) -> Exchange:
    """«Hvorfor Ole?» under the new case: the guide's wording the short reply leaves out."""
    return await bot.channel.send(teacher, NB("report.why.value", pupil=pupil))


def titles(exchange: object) -> list[str]:
    replies = getattr(exchange, "replies", [])
    return [
        action["title"]
        for reply in replies
        for action in (reply.get("suggestedActions") or {}).get("actions", [])
    ]


# 1. Safety first ---------------------------------------------------------------------------


async def test_bullying_with_documented_absence_still_brings_the_obs_and_a_flagged_case(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(
        teacher,
        "Ida i 4B har vært borte 2 dager, hun sier at klassekameratene mobber henne "
        "og at hun ikke tør å komme",
    )
    answer = await bot.channel.send(teacher, "ja")  # documented
    assert LADDER.unsafe_environment in answer.text
    assert "aktivitetsplikt" in answer.text.lower()
    assert "rektor" in answer.text
    assert "ingen sak" not in answer.text
    (case,) = cases(database_url)
    assert case.unsafe_environment is True and case.status == "open"


@pytest.mark.parametrize(
    "message",
    [
        "Frida i 5A blir mobbet",
        "Frida i 5A vert mobba",
        "Frida i 5A blir utestengt av de andre",
        "Frida i 5A vert plaga i friminutta",
        "Frida i 5A tør ikke komme på skolen",
        "Frida i 5A tør ikkje kome på skulen",
        "Frida i 5A har blitt utsatt for vold",
        "Frida i 5A vert haldt utanfor",
    ],
)
async def test_a_sign_of_an_unsafe_school_environment_alone_opens_a_flagged_case(
    bot: RunningBot, teacher: User, database_url: str, message: str
) -> None:
    answer = await bot.channel.send(teacher, message)
    assert LADDER.unsafe_environment in answer.text, answer.text
    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name) == ("Frida", "5A")
    assert case.unsafe_environment is True and case.status == "open"
    assert "bekymringsfullt fravær" not in answer.text.split("\n")[0]


async def test_a_sign_in_an_answer_flags_the_case_too(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    question = await bot.channel.send(teacher, "Ole i 5B har vært borte 2 dager")
    assert question.text == NB("slot.documented.ask")
    answer = await bot.channel.send(teacher, "ja, men han sier at han blir plaget i friminuttene")
    assert LADDER.unsafe_environment in answer.text
    (case,) = cases(database_url)
    assert case.unsafe_environment is True


async def test_the_flag_is_shown_to_leaders_in_the_case_list(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Frida i 5A blir mobbet")
    listing = await bot.channel.send(teacher, "vis mine saker")
    assert NB("triage.list.unsafe") in listing.searchable


# 2. The judgement path (step 8, the OBS) ---------------------------------------------------


async def test_a_worry_of_the_teacher_reaches_the_ladder_as_judgement(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "jeg er bekymret for fraværet til Ole i 5B")
    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name, case.level) == ("Ole", "5B", 0)
    assert "dette er bekymringsfullt fravær" not in answer.text
    assert "du vurderer" in answer.text.lower()
    assert LADDER.obs_other_worries.split(".")[0] in (await why(bot, teacher, "Ole")).text
    kinds = [d.kind for d in deadlines(database_url, case.id)]
    assert kinds == ["contact_guardians"]


async def test_wellbeing_quotes_the_wellbeing_example(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "Ida i 4B sier hun ikke liker seg på skolen")
    (case,) = cases(database_url)
    assert case.criteria == ["obs_wellbeing"]
    assert LADDER.criterion("obs_wellbeing").quote in (await why(bot, teacher, "Ida")).text
    assert "du vurderer" in answer.text.lower()


async def test_parents_struggling_quote_the_parents_example(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "foreldrene strever med å få Ole i 5B på skolen")
    (case,) = cases(database_url)
    assert case.criteria == ["obs_getting_to_school"]
    answer = await why(bot, teacher, "Ole")
    assert LADDER.criterion("obs_getting_to_school").quote in answer.text
    assert LADDER.criterion("obs_wellbeing").quote not in answer.text


async def test_zero_days_of_absence_is_an_answer(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    question = await bot.channel.send(teacher, "Ole i 5B har fravær")
    assert question.text == NB("slot.days_absent.ask", pupil="Ole")
    answer = await bot.channel.send(teacher, "0")
    assert answer.text != NB("slot.days_absent.retry")


# 3. Permisjon is known absence ------------------------------------------------------------


async def test_leave_applied_for_is_the_travel_exception(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "Ole i 5B har søkt om permisjon, borte 5 dager")
    assert LADDER.travel_exception in answer.text
    assert cases(database_url) == []


async def test_leave_as_the_answer_to_known_travel(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    assert (await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")).text == NB(
        "slot.known_travel.ask"
    )
    answer = await bot.channel.send(teacher, "de har fått innvilget permisjon")
    assert LADDER.travel_exception in answer.text
    assert cases(database_url) == []


# 4. The 5-day alert that turns out not worrying (2.8) ---------------------------------------


async def test_alert_with_illness_suggests_example_1_and_closes_without_documentation(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager, han er syk")
    answer = await bot.channel.send(teacher, "nei")  # not known travel
    assert "Eksempel 1" in answer.text
    assert NB("triage.alert.not_concerning_hint") in (await why(bot, teacher, "Ole")).text
    offered = titles(answer)
    assert NB("triage.button.not_concerning.value", pupil="Ole") in offered
    (case,) = cases(database_url)
    done = await bot.channel.send(teacher, NB("triage.button.not_concerning.value", pupil="Ole"))
    assert "Er det kontakt ved varsel etter fem dager" in done.text
    (case,) = cases(database_url)
    assert case.status == "closed"
    assert log_entries(database_url, case.id) == []
    assert all(d.status != "open" for d in deadlines(database_url, case.id))


async def test_three_days_of_reported_illness_opens_no_case(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 3 dager på rad, han er syk")
    assert cases(database_url) == []


# 5. Pronouns in 2.3 follow the pupil ------------------------------------------------------


async def test_the_message_template_says_hun_for_a_girl_the_teacher_wrote_about(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ida i 4B har vært borte 5 dager, hun er syk")
    await bot.channel.send(teacher, "nei")  # not known travel
    (case,) = cases(database_url)
    assert case.pronoun == "hun"
    template = await bot.channel.send(teacher, NB("button.template.fravaersmelding", pupil="Ida"))
    assert "hennes trivsel" in template.text
    assert "hun sier at hun" in template.text
    assert " hans " not in template.text and " han " not in template.text


async def test_the_pronoun_is_asked_once_and_kept_on_the_case(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ida i 4B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    question = await bot.channel.send(teacher, "fraværsmelding for Ida")
    assert question.text == NB("triage.slot.pronoun.ask", pupil="Ida")
    template = await bot.channel.send(teacher, "hun")
    assert "hennes trivsel" in template.text
    (case,) = cases(database_url)
    assert case.pronoun == "hun"
    again = await bot.channel.send(teacher, "fraværsmelding for Ida")
    assert "hennes trivsel" in again.text


async def test_name_only_when_the_teacher_says_so(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "fraværsmelding for Ola")
    template = await bot.channel.send(teacher, "bare navnet")
    assert "Olas trivsel" in template.text
    assert " hans " not in template.text


# 6. Deadlines in school days; say so when the school's holidays are not entered -----------


async def test_evaluate_after_3_weeks_is_15_school_days_across_christmas(
    bot: RunningBot, teacher: User, clock: FixedClock, database_url: str
) -> None:
    clock.set(oslo(2026, 12, 18, 10, 0))  # Friday before the Christmas holiday
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        done = await bot.channel.send(teacher, text)
    (case,) = cases(database_url)
    due = {d.kind: d.due_at for d in deadlines(database_url, case.id) if d.status == "open"}
    # 4-8, 11-15 and 18-22 January: fifteen school days after the holiday
    assert due["evaluate_measures"] == oslo(2027, 1, 22, 15, 0)
    assert "fredag 22. januar" in done.text
    assert NB("triage.calendar.missing") not in done.text  # this school's calendar is entered


@pytest.fixture
async def bot_without_calendar(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    settings = bot_settings(database_url, leaders=["aad-rektor"])
    async with running_bot(settings, clock=clock) as running:
        yield running


async def test_without_a_school_calendar_every_deadline_says_so(
    bot_without_calendar: RunningBot, teacher: User, database_url: str
) -> None:
    bot = bot_without_calendar
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    report = await bot.channel.send(teacher, "nei")
    assert NB("triage.calendar.missing") in report.text
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag"):
        await bot.channel.send(teacher, text)
    escalated = await bot.channel.send(teacher, "Kari Lærer")
    assert NB("triage.calendar.missing") in escalated.text


async def test_without_a_school_calendar_leaders_are_told_at_the_start(
    bot_without_calendar: RunningBot, database_url: str
) -> None:
    rektor = User("aad-rektor", "Rita Rektor")
    hello = await bot_without_calendar.channel.send(rektor, "hei")
    assert NB("triage.calendar.missing.leaders") in hello.text
    teacher_hello = await bot_without_calendar.channel.send(User("aad-per", "Per"), "hei")
    assert NB("triage.calendar.missing.leaders") not in teacher_hello.text


# 8. The agreed next contact becomes a dated deadline with a reminder ------------------------


async def log_contact(bot: RunningBot, teacher: User, next_steps: str, author: str) -> object:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in ("loggfør kontakt for Ole", "i dag", NB("criterion.visma_alert"), "Syk"):
        await bot.channel.send(teacher, text)
    for text in (next_steps, "0", author):
        await bot.channel.send(teacher, text)
    return await bot.channel.send(teacher, "Lagre")


async def test_the_agreed_meeting_becomes_a_deadline_with_a_reminder(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    saved = await log_contact(bot, teacher, "nærværsmøte fredag kl 12", "Kari Lærer")
    (case,) = cases(database_url)
    (agreed,) = [d for d in deadlines(database_url, case.id) if d.kind == "next_contact"]
    assert agreed.status == "open"
    assert agreed.due_at == oslo(2026, 11, 27, 15, 0)
    assert agreed.remind_at == oslo(2026, 11, 27, 8, 0)
    assert "fredag 27. november" in saved.text


async def test_a_written_date_is_understood_too(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await log_contact(bot, teacher, "Nytt møte 8.12 med foresatte", "Kari Lærer")
    (case,) = cases(database_url)
    (agreed,) = [d for d in deadlines(database_url, case.id) if d.kind == "next_contact"]
    assert agreed.due_at == oslo(2026, 12, 8, 15, 0)


async def test_meg_as_the_author_is_the_user(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await log_contact(bot, teacher, "Ingen", "meg")
    (case,) = cases(database_url)
    (entry,) = log_entries(database_url, case.id)
    assert entry.author == teacher.name
    assert [d.kind for d in deadlines(database_url, case.id) if d.status == "open"] == []


# 9. Facts a form cannot hold; the guide's own services; names -----------------------------


async def test_vet_ikke_for_known_travel_means_the_school_does_not_know(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    answer = await bot.channel.send(teacher, "vet ikke")
    assert answer.text != NB("slot.known_travel.retry")
    (case,) = cases(database_url)
    assert case.criteria == ["visma_alert"]


async def test_vet_ikke_for_documented_is_undocumented(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 2 dager")
    answer = await bot.channel.send(teacher, "vet ikke")
    assert answer.text != NB("slot.documented.retry")
    (case,) = cases(database_url)
    assert case.criteria == ["undocumented"]


@pytest.mark.parametrize(("recent", "worrying"), [("2", False), ("5", True)])
async def test_late_since_september_asks_about_the_last_month(
    bot: RunningBot, teacher: User, database_url: str, recent: str, worrying: bool
) -> None:
    question = await bot.channel.send(
        teacher, "Mia i 6A har kommet for sent 10 ganger siden september"
    )
    assert question.text == NB("slot.late_recent.ask", pupil="Mia")
    await bot.channel.send(teacher, recent)
    assert bool(cases(database_url)) is worrying


async def test_a_longer_period_is_an_answer_to_the_period_question(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    assert (await bot.channel.send(teacher, "Mia i 6A har kommet for sent 6 ganger")).text == NB(
        "slot.late_period.ask", pupil="Mia"
    )
    question = await bot.channel.send(teacher, "siden skolestart")
    assert question.text == NB("slot.late_recent.ask", pupil="Mia")


async def test_the_guides_own_services_are_not_refused_as_health_details(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    await bot.channel.send(teacher, "løft saken til Ole til nivå 1")
    answer = await bot.channel.send(
        teacher, "Miljøterapeut og fysioterapeut kobles på, BUP drøftes"
    )
    assert answer.text == NB("slot.responsible.ask", pupil="Ole")


@pytest.mark.parametrize("name", ["Oskar", "Ingvild", "Nikolai"])
async def test_names_before_the_class_are_picked_up(
    bot: RunningBot, teacher: User, database_url: str, name: str
) -> None:
    answer = await bot.channel.send(teacher, f"{name} i 5B har vært borte 5 dager")
    assert answer.text == NB("slot.known_travel.ask")


async def test_nei_is_not_a_name(bot: RunningBot, teacher: User, database_url: str) -> None:
    await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    answer = await bot.channel.send(teacher, "Nei")
    assert answer.text == NB("slot.pupil.retry")


# Every criterion has a scenario (docs/triage.md); this one is the guide's fourth.


async def test_at_school_but_not_in_class_is_the_fourth_criterion(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Per i 7C er på skolen, men kommer ikke inn i timen")
    (case,) = cases(database_url)
    assert case.criteria == ["leaves_class"]
    assert LADDER.criterion("leaves_class").quote in (await why(bot, teacher, "Per")).text


# 9 and 13 (smaller): the criteria when asked; the 2.3 button only where 2.3 applies --------


async def test_what_is_worrying_absence_shows_the_criteria(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "hva er bekymringsfullt fravær?")
    for criterion in LADDER.criteria:
        assert criterion.quote in answer.text
    assert LADDER.travel_exception in answer.text
    assert LADDER.unsafe_environment in answer.text


async def test_late_arrivals_do_not_offer_the_alert_message(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(
        teacher, "Mia i 6A har kommet for sent fire ganger denne måneden"
    )
    assert NB("button.template.fravaersmelding", pupil="Mia") not in titles(answer)
    assert NB("button.template.telefonsamtale", pupil="Mia") in titles(answer)
