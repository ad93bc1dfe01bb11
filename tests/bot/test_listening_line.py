"""`naervaer serve` says once, at INFO, where it listens (issue 15): `make run` otherwise never
told anyone the bot was up. The line names host and port only, nothing about pupils."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from tests.e2e.playground import free_port

NAERVAER = Path(sys.executable).with_name("naervaer")
LISTENING = re.compile(r" INFO bot\.cli listening on (\S+)$")
START_TIMEOUT = 60.0


async def test_serve_logs_one_line_with_host_and_port_when_listening(database_url: str) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("MicrosoftAppId", None)
    process = await asyncio.create_subprocess_exec(
        str(NAERVAER), "serve", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    lines: list[str] = []

    async def until_listening() -> None:
        while line := await process.stderr.readline():  # type: ignore[union-attr]
            lines.append(line.decode().rstrip())
            if LISTENING.search(lines[-1]):
                return

    try:
        await asyncio.wait_for(until_listening(), START_TIMEOUT)
        _, writer = await asyncio.open_connection("127.0.0.1", port)  # it really is listening
        writer.close()
    finally:
        process.terminate()
        await process.wait()
    rest = (await process.stderr.read()).decode().splitlines()
    said = [found.group(1) for line in lines + rest if (found := LISTENING.search(line))]
    assert said == [f"127.0.0.1:{port}"]
