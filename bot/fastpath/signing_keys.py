"""The Bot Framework's token-signing keys, fetched off the event loop and kept when a fetch fails.

botbuilder's `JwtTokenExtractor` asks a per-URL `_OpenIdMetadata` for the key of each token. That
object fetched the OpenID metadata and the key set with `requests.get`, without a timeout, on the
event loop: on the first request, when its keys were a day old, and (meant to, but its lookup
raised IndexError first) for a key id it did not know. One slow answer from login.botframework.com
stopped every turn of the instance; a failing one answered every request 503 after a day.

`install()` puts `SigningKeys` in that per-URL cache (`JwtTokenExtractor.metadataCache`, a class
attribute, so process-wide as before). Each:
- fetches on a worker thread with a timeout, one fetch at a time; waiters share it;
- serves the keys it has and refreshes them in the background once they are a day old; a failed
  refresh is logged and retried after a minute, the last good keys stay in use for a week;
- on an unknown key id (a rotation) waits for one refresh, at most every five minutes, so random
  key ids cannot make the bot fetch on every request;
- raises `SigningKeysUnavailable` (answered 503) when it has no usable keys and cannot get them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from botframework.connector.auth import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

REFRESH_AFTER_S = 24 * 3600.0  # botbuilder's own refresh interval
STALE_LIMIT_S = 7 * 24 * 3600.0  # Microsoft publishes a new key weeks before signing with it
RETRY_AFTER_FAILURE_S = 60.0
UNKNOWN_KEY_REFRESH_S = 300.0
FETCH_TIMEOUT_S = 10.0
_fetcher = ThreadPoolExecutor(max_workers=2, thread_name_prefix="signing-keys")


class SigningKeysUnavailable(Exception):
    """No key set that may be used, and the endpoint did not give one in time."""


@dataclass(frozen=True)
class SigningKey:
    """What botbuilder reads of `_OpenIdConfig`: the key and the channels it is endorsed for."""

    public_key: Any
    endorsements: list[str]


class SigningKeys:
    """Stands in for botbuilder's `_OpenIdMetadata` for one metadata URL (same `get`)."""

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        timeout_s: float = FETCH_TIMEOUT_S,
    ) -> None:
        self.url = url
        self._clock = clock
        self._timeout_s = timeout_s
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._fetching: Future[None] | None = None
        self._lock = threading.Lock()

    async def get(self, key_id: str | None) -> SigningKey | None:
        now = self._clock()
        if self._fetched_at is None or now - self._fetched_at > STALE_LIMIT_S:
            await self._wait_for(self._fetch(now, every_s=0.0))
        elif now - self._fetched_at > REFRESH_AFTER_S:
            self._fetch(now, every_s=RETRY_AFTER_FAILURE_S)  # this turn uses the keys at hand
        key = self._keys.get(key_id or "")
        if key is None and key_id:
            # A key id we do not know: perhaps a rotation. Wait for one refresh, rate-limited.
            pending = self._fetch(now, every_s=UNKNOWN_KEY_REFRESH_S)
            if pending is not None:
                await self._wait_for(pending)
                key = self._keys.get(key_id)
        return key

    async def settled(self) -> None:
        """Wait for a fetch under way (if any) to end, whatever its outcome."""
        pending = self._fetching
        if pending is not None:
            await asyncio.wait([asyncio.wrap_future(pending)])

    def _fetch(self, now: float, *, every_s: float) -> Future[None] | None:
        """The fetch under way, else a new one unless one started less than `every_s` ago."""
        with self._lock:
            if self._fetching is not None:
                return self._fetching
            if self._tried_at is not None and now - self._tried_at < every_s:
                return None
            self._tried_at = now
            self._fetching = _fetcher.submit(self._refresh)
            return self._fetching

    async def _wait_for(self, pending: Future[None] | None) -> None:
        if pending is None:
            return
        try:
            async with asyncio.timeout(self._timeout_s):
                await asyncio.shield(asyncio.wrap_future(pending))
        except TimeoutError:
            log.error("Bot Framework signing keys not fetched within %.0f s", self._timeout_s)
            raise SigningKeysUnavailable(self.url) from None
        except (requests.RequestException, ValueError, KeyError) as error:
            if self._usable():
                return  # the last good keys still serve; the failure is logged
            raise SigningKeysUnavailable(self.url) from error

    def _usable(self) -> bool:
        fetched = self._fetched_at
        return fetched is not None and self._clock() - fetched <= STALE_LIMIT_S

    def _refresh(self) -> None:
        """On a worker thread: metadata, then the key set it names; kept only if both arrive."""
        try:
            keys = _download(self.url, self._timeout_s)
            self._keys, self._fetched_at = keys, self._clock()
        except (requests.RequestException, ValueError, KeyError) as error:
            kept = "keeping the last good set" if self._keys else "no keys yet"
            log.warning(
                "could not fetch the Bot Framework signing keys (%s); %s",
                type(error).__name__,
                kept,
                extra={"event": "signing_keys_failed", "error.type": type(error).__name__},
            )
            raise
        finally:
            with self._lock:
                self._fetching = None


def _download(url: str, timeout_s: float) -> dict[str, SigningKey]:
    metadata = requests.get(url, timeout=timeout_s)
    metadata.raise_for_status()
    response = requests.get(metadata.json()["jwks_uri"], timeout=timeout_s)
    response.raise_for_status()
    keys = {}
    for jwk in response.json()["keys"]:
        if "kid" in jwk:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            keys[jwk["kid"]] = SigningKey(public_key, list(jwk.get("endorsements", [])))
    return keys


class KeyCache(dict[str, Any]):
    """`JwtTokenExtractor.metadataCache`, handing out `SigningKeys` for every URL it is asked."""

    def get(self, url: str, default: Any = None) -> SigningKeys:
        keys = super().get(url)
        if not isinstance(keys, SigningKeys):
            keys = self[url] = SigningKeys(url)
        return keys


def install() -> KeyCache:
    """Idempotent; called when an adapter is built."""
    cache = JwtTokenExtractor.metadataCache
    if not isinstance(cache, KeyCache):
        cache = JwtTokenExtractor.metadataCache = KeyCache()
    return cache


def track(url: str, **options: Any) -> SigningKeys:
    """The keys for `url` with `options` (clock, timeout_s): for tests and the benchmark."""
    keys = install()[url] = SigningKeys(url, **options)
    return keys
