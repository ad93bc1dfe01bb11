"""Channel tokens already verified, so a busy bot does not verify the same token on every message.

Teams sends the same bearer token with every activity until it nears expiry (about an hour).
botbuilder verifies it from scratch each time: decode, find the signing key, check the RSA
signature, the issuer, the audience, the channel's endorsement and the service-url claim (in the
benchmark a tenth of a turn's CPU). The outcome depends on the token, the activity's channel id
and service url, and the clock, so a successful outcome is kept under exactly those three, until
the token's `exp` and for at most five minutes: a signing key the Bot Framework withdraws stops
being accepted within that time. Refusals are never kept; a refused token is checked every time.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity

VERIFIED_FOR_S = 300.0
MAX_VERIFIED = 1024  # tokens are per bot and channel, not per user: a handful in practice

# (the Authorization header, the activity's channel id, the activity's service url)
TokenKey = tuple[str, str | None, str | None]


class VerifiedTokens:
    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        verified_for_s: float = VERIFIED_FOR_S,
        size: int = MAX_VERIFIED,
    ) -> None:
        self._clock = clock
        self._verified_for_s = verified_for_s
        self._size = size
        self._entries: OrderedDict[TokenKey, tuple[float, AuthenticateRequestResult]] = (
            OrderedDict()
        )

    def get(self, key: TokenKey) -> AuthenticateRequestResult | None:
        """A copy of the kept outcome (callers may change theirs), or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        until, result = entry
        if self._clock() >= until:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return _copy(result)

    def keep(self, key: TokenKey, result: AuthenticateRequestResult) -> None:
        """Keep a successful outcome; one without an expiry claim is not kept."""
        identity = result.claims_identity
        expires = identity.claims.get("exp") if identity is not None else None
        if not identity or not identity.is_authenticated or not isinstance(expires, int | float):
            return
        now = self._clock()
        until = min(float(expires), now + self._verified_for_s)
        if until <= now:
            return
        self._entries[key] = (until, _copy(result))
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)


def _copy(result: AuthenticateRequestResult) -> AuthenticateRequestResult:
    identity = result.claims_identity
    copied = AuthenticateRequestResult()
    copied.audience = result.audience
    copied.caller_id = result.caller_id
    copied.connector_factory = result.connector_factory
    copied.claims_identity = ClaimsIdentity(
        dict(identity.claims), identity.is_authenticated, identity.authentication_type
    )
    return copied
