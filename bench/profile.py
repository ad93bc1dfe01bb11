"""Where a turn's CPU goes: py-spy attached to the bot process during the measured phase.

py-spy samples only the thread that holds the GIL (`--gil`). The bot is one process whose two
busy threads (the event loop and the database thread) take turns on the GIL, so that is where its
CPU goes. Without `--gil`, a database thread waiting to get the GIL back after each SQLite call
was sampled as if it were running SQLite: that profile put a quarter of the CPU in SQLite, where
the statements' own thread CPU time is about 0.2 ms per turn. `summarize` folds the raw stacks
into the frames that cost most: inclusive (the frame was anywhere on the stack) and self (the
frame was the one running).
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import sysconfig
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE_HZ = 250
ROOT = Path(__file__).resolve().parent.parent
STDLIB = sysconfig.get_paths()["stdlib"]
FRAME = re.compile(r"^(?P<function>.*) \((?P<path>.*?)(:\d+)?\)$")
# Frames every sample passes through: they say nothing about where the turn's work is.
PLUMBING = ("<frozen", "asyncio/", "threading.py", "concurrent/futures/", "bench/serve.py")
PLUMBING += ("aiohttp/web.py", "aiohttp/web_protocol.py", "aiohttp/web_app.py", "aiohttp/web_m")


def short(path: str) -> str:
    """`site-packages/msrest/x.py` -> `msrest/x.py`; the project's and stdlib's relative too."""
    for prefix in (f"{ROOT}/", f"{STDLIB}/"):
        if path.startswith(prefix):
            return path[len(prefix) :]
    marker = "site-packages/"
    return path.split(marker, 1)[1] if marker in path else path


def is_stdlib(path: str) -> bool:
    return path.startswith(("<frozen", STDLIB)) and "site-packages" not in path


def component(path: str) -> str:
    """`ours` for the project's packages, else the top-level package (botbuilder, msrest, ...)."""
    relative = short(path)
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith(f"{ROOT}/"):
        return f"ours: {relative.split('/', 1)[0]}"
    return relative.split("/", 1)[0].removesuffix(".py")


def py_spy() -> str | None:
    candidate = Path(sys.executable).parent / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


@dataclass
class Recording:
    process: subprocess.Popen[bytes]
    output: Path

    @classmethod
    def start(cls, pid: int, output: Path) -> Recording | None:
        """None when py-spy is not installed; the benchmark runs without a profile then."""
        binary = py_spy()
        if binary is None:
            return None
        command = [binary, "record", "-p", str(pid), "-o", str(output), "--format", "raw"]
        command += ["-r", str(SAMPLE_RATE_HZ), "--nonblocking", "--full-filenames", "--gil"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return cls(process, output)

    def stop(self) -> Path | None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None
        return self.output if self.output.exists() else None


@dataclass(frozen=True)
class ProfileSummary:
    samples: int
    components: list[tuple[str, int]]
    self_time: list[tuple[str, int]]
    inclusive: list[tuple[str, int]]


def parse_frame(frame: str) -> tuple[str, str]:
    match = FRAME.match(frame)
    return (match["function"], match["path"]) if match else (frame, "")


def summarize(raw: Path, top: int = 30) -> ProfileSummary:
    components: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [parse_frame(frame) for frame in stack.split(";")]
        samples += count
        owner = _owner(frames)
        components[component(owner[1])] += count
        self_time[_label(frames[-1], owner)] += count
        for function, path in set(frames):
            if not short(path).startswith(PLUMBING):
                inclusive[f"{function} ({short(path)})"] += count
    return ProfileSummary(
        samples, components.most_common(top), self_time.most_common(top), inclusive.most_common(top)
    )


def _owner(frames: list[tuple[str, str]]) -> tuple[str, str]:
    """The running frame, or for standard-library work the nearest caller outside it."""
    return next((frame for frame in reversed(frames) if not is_stdlib(frame[1])), frames[-1])


def _label(leaf: tuple[str, str], owner: tuple[str, str]) -> str:
    text = f"{leaf[0]} ({short(leaf[1])})"
    return text if leaf == owner else f"{text} ← {owner[0]} ({short(owner[1])})"


def render(summary: ProfileSummary) -> str:
    if not summary.samples:
        return "no samples"
    lines = [f"{summary.samples} samples at {SAMPLE_RATE_HZ} Hz (the thread holding the GIL)", ""]
    tables = (
        ("by package", summary.components),
        ("self (stdlib charged to its caller)", summary.self_time),
        ("inclusive", summary.inclusive),
    )
    for title, rows in tables:
        lines += [f"| % {title} | frame |", "| ---: | --- |"]
        lines += [f"| {100 * n / summary.samples:.1f} | `{frame}` |" for frame, n in rows]
        lines.append("")
    return "\n".join(lines)
