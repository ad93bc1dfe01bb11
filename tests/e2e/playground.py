"""Microsoft 365 Agents Playground and a headless Chromium user, as async context managers.

The Playground (the Teams emulator `make run` starts) runs as a child process on a free port,
in a temporary working directory because it writes `devTools/` there. It installs the app in
its personal chat when the page loads and plays the Bot Framework connector for the bot: replies
and proactive messages go to its own HTTP API (the activities' serviceUrl). `tests/e2e/
playground_driver.mjs` plays the user in its web UI; `Browser` speaks its line protocol.
Only processes started here are stopped, by their own handles.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "tools" / "node_modules"
PLAYGROUND = NODE_MODULES / ".bin" / "agentsplayground"
DRIVER = Path(__file__).with_name("playground_driver.mjs")
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# The Playground sends every activity with this locale (hard-coded in 0.2.28).
LOCALE = "en-US"
RESERVED_PORTS = frozenset({3978, 56150})  # `make run`'s bot and Playground
START_TIMEOUT = 30.0
STEP_TIMEOUT = 45.0  # the driver itself gives up on a step after 20 s


class PlaygroundError(AssertionError):
    """The Playground or the browser did not do what the test asked; the message says what."""


def missing_tools() -> str | None:
    """Why these tests cannot run here, or None when everything they need is installed."""
    if shutil.which("node") is None:
        return "node is not installed (run scripts/install-browser-deps.sh)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/install-browser-deps.sh)"
    if not PLAYGROUND.exists():
        return "the Agents Playground is missing (run npm ci --prefix tools)"
    if not (NODE_MODULES / "playwright-core" / "package.json").exists():
        return "npm package playwright-core is missing (run npm ci --prefix tools)"
    return None


def free_port() -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port not in RESERVED_PORTS:
            return port


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _drain(stream: asyncio.StreamReader, into: list[str]) -> None:
    while line := await stream.readline():
        into.append(line.decode(errors="replace").rstrip())


@contextlib.asynccontextmanager
async def playground(bot_messages_url: str, workdir: Path) -> AsyncIterator[str]:
    """The Playground pointed at the bot; yields the URL of its web UI."""
    env = {**os.environ, "TEAMSAPPTESTER_BROWSER": "none"}
    process = await asyncio.create_subprocess_exec(
        str(PLAYGROUND),
        "--disable-telemetry",
        *("-e", bot_messages_url, "-c", "msteams", "-p", str(free_port())),
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output: list[str] = []
    drain: asyncio.Task[None] | None = None
    try:
        port = await _listening_port(process, output)
        drain = asyncio.create_task(_drain(process.stdout, output))  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}/"
    finally:
        await _stop(process)
        if drain is not None:
            await drain


async def _listening_port(process: asyncio.subprocess.Process, output: list[str]) -> int:
    """The port it really listens on: it takes a random one when the one asked for is taken."""
    assert process.stdout is not None

    async def read() -> int:
        while line := await process.stdout.readline():  # type: ignore[union-attr]
            output.append(line.decode(errors="replace").rstrip())
            if found := re.search(r"Listening on (\d+)", output[-1]):
                return int(found.group(1))
        raise PlaygroundError("the Playground exited:\n" + "\n".join(output))

    try:
        return await asyncio.wait_for(read(), START_TIMEOUT)
    except TimeoutError as error:
        raise PlaygroundError("the Playground did not start:\n" + "\n".join(output)) from error


class Browser:
    """The user at the Playground's web UI; every action waits for the bot's answer."""

    def __init__(self, process: asyncio.subprocess.Process, stderr: Path) -> None:
        self._process = process
        self._stderr = stderr
        # Turns: what the user sent the bot (a message typed, a button pressed). Filling a
        # card's inputs sends nothing, so it is counted apart; the card's «Lagre» is the turn.
        self.turns = 0
        self.cards_filled = 0

    async def _request(self, command: dict[str, Any] | None) -> list[str]:
        assert self._process.stdin is not None and self._process.stdout is not None
        if command is not None:
            self._process.stdin.write(json.dumps(command).encode() + b"\n")
            await self._process.stdin.drain()
        line = await asyncio.wait_for(self._process.stdout.readline(), STEP_TIMEOUT)
        if not line:
            raise PlaygroundError(f"the driver exited: {self._stderr.read_text()[-2000:]}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise PlaygroundError(
                f"{command}: {answer['error']}\nlast bot messages: {answer['messages']}"
            )
        return list(answer["messages"])

    async def say(self, text: str, *, expect: str) -> list[str]:
        self.turns += 1
        return await self._request({"op": "say", "text": text, "expect": expect})

    async def click(self, button: str, *, expect: str) -> list[str]:
        """A suggested action (the buttons under the newest message)."""
        self.turns += 1
        return await self._request({"op": "click", "button": button, "expect": expect})

    async def card(self, button: str, *, expect: str) -> list[str]:
        """An action on the newest Adaptive Card."""
        self.turns += 1
        return await self._request({"op": "card", "button": button, "expect": expect})

    async def press(self, card: str, button: str, *, expect: str) -> None:
        """A button on the newest card showing `card`; the card itself changes to show `expect`
        (Universal Actions: no new message)."""
        await self._request({"op": "press", "card": card, "button": button, "expect": expect})

    async def fill(self, fields: dict[str, str]) -> None:
        """Type into the newest card's inputs, found by their labels as a person finds them."""
        self.cards_filled += 1  # one card filled in, however many of its fields
        await self._request({"op": "fill", "fields": fields})

    async def cards(self) -> list[dict[str, Any]]:
        """Every Adaptive Card in the chat as rendered: its text and its buttons' titles."""
        return [json.loads(card) for card in await self._request({"op": "cards"})]

    async def wait(self, *, expect: str) -> list[str]:
        """A message the bot sent on its own since the last answer."""
        return await self._request({"op": "wait", "expect": expect})

    async def buttons(self) -> list[dict[str, Any]]:
        """The newest suggested actions as shown: `title`, and `clipped` when cut off."""
        return await self._request({"op": "buttons"})  # type: ignore[return-value]

    async def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        await self._request({"op": "screenshot", "path": str(path)})
        return path


@contextlib.asynccontextmanager
async def browser(
    url: str, workdir: Path, *, failure_png: Path | None = None
) -> AsyncIterator[Browser]:
    """Chromium on the Playground's page, after the bot's welcome has arrived."""
    stderr = workdir / "driver.stderr"
    env = dict(os.environ)
    if failure_png is not None:
        failure_png.parent.mkdir(parents=True, exist_ok=True)
        env["PLAYGROUND_FAILURE_PNG"] = str(failure_png)
    with stderr.open("wb") as errors:
        process = await asyncio.create_subprocess_exec(
            "node",
            str(DRIVER),
            url,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
    user = Browser(process, stderr)
    try:
        await user._request(None)  # the welcome
        yield user
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            await _stop(process)


if __name__ == "__main__":
    # `make test` prints this first, so a skipped end-to-end run is said out loud.
    reason = missing_tools()
    print(f"Playground e2e tests: SKIP, {reason}" if reason else "Playground e2e tests: will run")
