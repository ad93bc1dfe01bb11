"""Teams' retry of an activity whose turn did not complete is processed (issue 13, item 7).

The failures are injected at the true edges: the connector refusing replies, and the database
failing the turn's last write (the state write, which now carries the delivery mark)."""

from __future__ import annotations

import pytest

from bot.state_store import SqlStorage
from content.i18n import Translator
from devkit.local_channel import User, as_shown
from storage.db import DatabaseUnavailable
from tests.harness import bot_settings, running_bot
from tests.scenarios.records import cases, log_entries

NB = Translator("nb")
ACCEPTED = (200, 201)


async def test_a_retry_after_the_state_write_failed_is_processed(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = User("aad-retry", "Kari Lærer")
    real = SqlStorage.write_document
    failures = [DatabaseUnavailable("injected")]

    async def flaky(self: SqlStorage, *args: object, **kwargs: object) -> str:
        if failures:
            raise failures.pop()
        return await real(self, *args, **kwargs)  # type: ignore[arg-type]

    async with running_bot(bot_settings(database_url)) as bot:
        await bot.channel.send(user, "Ole i 5B har vært borte 5 dager")
        monkeypatch.setattr(SqlStorage, "write_document", flaky)
        answer = bot.channel.activity(user, text="nei")
        assert await bot.channel.post(answer) == 503  # Teams will retry
        assert await bot.channel.post(answer) in ACCEPTED
        assert await bot.channel.post(answer) in ACCEPTED  # done now: acknowledged only
        texts = [as_shown(r.get("text") or "") for r in bot.channel.received[user.conversation_id]]

    assert len(cases(database_url)) == 1
    # The failed turn's reply went out, then the retry's; the third post answered nothing.
    assert sum("Ole" in text and "5B" in text for text in texts[1:]) == 2


async def test_a_lagre_retried_by_teams_after_a_refused_reply_saves_once(
    database_url: str,
) -> None:
    user = User("aad-lagre", "Kari Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        await bot.channel.send(user, "Ole i 5B har vært borte 5 dager")
        await bot.channel.send(user, "nei")
        for text in ("loggfør kontakt for Ole", "i dag", "Varsel", "Syk", "Ringer", "0", "Kari"):
            await bot.channel.send(user, text)
        bot.channel.fail_next(2)
        lagre = bot.channel.activity(user, text="Lagre")
        await bot.channel.post(lagre)
        seen = len(bot.channel.received[user.conversation_id])
        assert await bot.channel.post(lagre) in ACCEPTED  # Teams' retry of the same activity
        retried = bot.channel.received[user.conversation_id][seen:]

    (case,) = cases(database_url)
    assert len(log_entries(database_url, case.id)) == 1
    # The entry as it was saved comes back as the Visma card, under «Allerede lagret».
    assert [r["summary"].split("\n")[0] for r in retried] == [NB("trust.already_saved")]
