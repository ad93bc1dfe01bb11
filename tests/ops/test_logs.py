"""`naervaer serve` logs as an operator reads it: one JSON object per line, at INFO, for start,
listening, and stop (SIGTERM, as App Service and Container Apps stop a container)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_logs_start_listening_and_stop_as_json_lines(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'naervaer.db'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NAERVAER_LOG_LEVEL": "INFO",
    }
    env.pop("APPLICATIONINSIGHTS_CONNECTION_STRING", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[dict[str, Any]] = []
    try:
        assert server.stderr is not None
        for raw in server.stderr:  # until the bot says it listens
            lines.append(json.loads(raw))
            if lines[-1].get("event") == "listening":
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            assert answer.status == 200
        server.send_signal(signal.SIGTERM)
        _, rest = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    lines += [json.loads(raw) for raw in rest.splitlines() if raw.strip()]
    events = [line["event"] for line in lines if "event" in line]
    assert {"migrated", "start", "listening", "stop"} <= set(events)
    assert events.index("start") < events.index("listening") < events.index("stop")
    start = next(line for line in lines if line.get("event") == "start")
    assert start["level"] == "INFO" and start["db"] == "sqlite" and start["telemetry"] == "off"
    assert "naervaer.db" not in json.dumps(lines)  # never the database's URL or path
