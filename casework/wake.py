"""A wake-up call between a conversation and a background loop, handed to both by `create_app`.

A conversation that queued a message for now (the report to leadership) calls `kick()`; the
reminder scheduler waits on it between sweeps and delivers at once instead of at the next
sweep. Several kicks before the loop wakes count as one.
"""

from __future__ import annotations

import asyncio
import contextlib


class Wake:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def kick(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> bool:
        """True when kicked within `timeout` seconds (and the kick is used up)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout=timeout)
        kicked = self._event.is_set()
        self._event.clear()
        return kicked
