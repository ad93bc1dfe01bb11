"""In the benchmark our bot runs in production mode: callers' tokens checked, replies signed."""

from __future__ import annotations

from pathlib import Path

from bench.loadgen import teachers, tenant_ids
from bench.serve import BENCH_APP_ID, BotProcess, Identity
from devkit.local_channel import LocalChannel
from devkit.local_identity import OpenIdServer


async def test_the_benchmarked_bot_authenticates_callers_and_its_replies(tmp_path: Path) -> None:
    with OpenIdServer.running() as idp:
        identity = Identity(idp, tuple(tenant_ids(1, "school")))
        bot = BotProcess.start("ours", tmp_path, identity=identity)
        unsigned = LocalChannel(bot.url)
        signed = LocalChannel(bot.url, sign=identity.sign)
        try:
            await unsigned.start()
            await signed.start()
            (teacher,) = teachers(1, "school")
            (outsider,) = teachers(1, "elsewhere")  # a school the bot does not let in
            refused = await unsigned.send(teacher, text="hjelp")
            answered = await signed.send(teacher, text="hjelp")
            shut_out = await signed.send(outsider, text="hjelp")
        finally:
            await unsigned.close()
            await signed.close()
            bot.stop()

    assert (refused.status, refused.replies) == (401, [])
    assert answered.status in (200, 201) and answered.replies
    assert signed.authorizations == [f"Bearer msi-token-for-{BENCH_APP_ID}"]
    assert shut_out.status == 403
