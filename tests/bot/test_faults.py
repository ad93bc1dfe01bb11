"""Faults at the edges: the database going away and coming back, the connector refusing replies.

The outage is real, not simulated: on SQLite the database file's directory is moved away (and the
pool emptied) so that connecting fails; on PostgreSQL the database stops accepting connections
and its sessions are ended. Connector failures are injected into the local channel.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.app import DATABASE_KEY
from content.i18n import Translator
from content.loader import guide
from content.render import render_template
from devkit.local_channel import User, as_shown
from storage.db import Database, is_sqlite, normalize_url
from tests.harness import RunningBot, bot_settings, running_bot

NB = Translator("nb")
ACCEPTED = (200, 201)


@pytest.fixture
def live_database_url(database_url: str, tmp_path: Path) -> str:
    """On SQLite, the database in a directory of its own, so the outage can move it away."""
    if not is_sqlite(database_url):
        return database_url
    source = Path(make_url(database_url).database or "")
    home = tmp_path / "live"
    home.mkdir()
    shutil.copyfile(source, home / source.name)
    return f"sqlite:///{home / source.name}"


@contextlib.contextmanager
def outage(database: Database) -> Iterator[None]:
    """The database cannot be reached inside the block, and can again after it."""
    url = database.url
    if url.get_backend_name() == "sqlite":
        home = Path(url.database or "").parent
        away = home.with_name(home.name + "-away")
        home.rename(away)
        database.engine.dispose()
        try:
            yield
        finally:
            away.rename(home)
        return
    admin = create_engine(normalize_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    try:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
        admin.dispose()


def replies(bot: RunningBot, user: User) -> list[str]:
    return [
        as_shown(reply.get("text") or "") for reply in bot.channel.received[user.conversation_id]
    ]


async def test_database_outage_answers_503_and_the_conversation_resumes(
    live_database_url: str,
) -> None:
    user = User("aad-outage", "Kari Lærer")
    async with running_bot(bot_settings(live_database_url)) as bot:
        menu = await bot.channel.send(user, "vis maler")  # a prompt is now waiting
        during = bot.channel.activity(user, text="telefonsamtalen")
        with outage(bot.app[DATABASE_KEY]):
            status = await bot.channel.post(during)
            assert status == 503
            assert replies(bot, user) == menu.texts
        retried = await bot.channel.post(during)  # the channel's retry once the database is back
        after = await bot.channel.send(user, "hjelp")

    assert retried in ACCEPTED
    assert replies(bot, user)[-2:] == [render_template(guide(), "telefonsamtale"), after.text]
    assert after.text == NB("help.text")


async def test_a_refused_reply_fails_the_turn_without_saving_half_of_it(database_url: str) -> None:
    user = User("aad-connector", "Per Lærer")
    title = guide().template("telefonsamtale").title
    async with running_bot(bot_settings(database_url)) as bot:
        bot.channel.fail_next(1, 503)
        failed = bot.channel.activity(user, text="vis maler")
        status = await bot.channel.post(failed)
        told = replies(bot, user)
        again = await bot.channel.send(user, "vis maler")

    assert status in ACCEPTED
    # The menu was refused; the apology that followed got through.
    assert told == [NB("error.turn_failed")]
    # The dialog state of the failed turn was not saved: no menu prompt is waiting, so asking
    # again opens the menu instead of answering a prompt the user never saw.
    assert title in again.text


async def test_with_the_connector_down_nothing_arrives_and_the_next_message_works(
    database_url: str,
) -> None:
    user = User("aad-down", "Ola Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        # Each failing turn calls the connector twice: the reply, then the apology.
        bot.channel.fail_next(4, 502)
        down = [await bot.channel.send(user, "hjelp") for _ in range(2)]
        back = await bot.channel.send(user, "hjelp")

    assert [exchange.status in ACCEPTED for exchange in down] == [True, True]
    assert [exchange.replies for exchange in down] == [[], []]
    assert back.text == NB("help.text")


async def test_a_retry_of_a_turn_that_failed_is_run_again(database_url: str) -> None:
    """The delivery is marked only with the turn's committed effects (issue 13, item 7): a turn
    whose reply was refused is answered when Teams retries it, and only once after that."""
    user = User("aad-once", "Siri Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        bot.channel.fail_next(1, 503)
        failed = bot.channel.activity(user, text="hjelp")
        await bot.channel.post(failed)
        retry = await bot.channel.post(failed)
        again = await bot.channel.post(failed)

    assert retry in ACCEPTED and again in ACCEPTED
    assert replies(bot, user) == [NB("error.turn_failed"), NB("help.text")]
