"""A local stand-in for the Bot Framework's token service: OpenID metadata, keys and MSI tokens.

Used by the authentication tests and by the benchmark, which runs our bot in production mode
(callers' JWTs validated, replies sent with an Entra token from a managed identity) on a machine
that cannot reach Entra ID. botbuilder fetched the metadata and keys with blocking `requests`
calls from the event loop (bot/fastpath/signing_keys.py now fetches them on a worker thread),
and msal fetches managed-identity tokens with `requests` too, so this server runs in its own
thread: a blocked caller's loop must not be the one that has to answer. Start one per test
module: botbuilder caches keys per metadata URL for a day, and a new port is a new URL, so
modules cannot see each other's keys.

    with OpenIdServer.running() as idp:
        settings = bot_settings(url, openid_metadata_url=idp.metadata_url, ...)
        token = idp.channel_token(app_id, service_url)
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CHANNEL_ISSUER = "https://api.botframework.com"
ENDORSED_CHANNELS = ["msteams", "emulator"]
MSI_SECRET = "local-identity-header"
CHANNEL_METADATA_PATH = "/channel/.well-known/openidconfiguration"
EMULATOR_METADATA_PATH = "/emulator/.well-known/openid-configuration"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class OpenIdServer:
    """Serves `/channel/...` and `/emulator/...` metadata, `/keys`, and an App Service MSI endpoint.

    `msi_requests` holds the query of every managed-identity token request, for assertions.
    For the key-fetch tests, `/keys` can be held (`hold_keys`: answered only on `release_keys`)
    or made to fail (`keys_status`), and `rotate` publishes a new signing key beside the old.
    """

    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = field(default_factory=lambda: f"local-{uuid.uuid4().hex[:8]}")
    base_url: str = ""
    msi_requests: list[dict[str, str]] = field(default_factory=list)
    retired: list[tuple[str, rsa.RSAPrivateKey]] = field(default_factory=list)
    keys_status: int = 200
    keys_requests: int = 0
    keys_asked: threading.Event = field(default_factory=threading.Event)
    _keys_open: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._keys_open.set()

    def rotate(self) -> None:
        """A new current key; the old one stays published, as Microsoft's rotation does."""
        self.retired.append((self.kid, self.key))
        self.key, self.kid = new_key(), f"local-{uuid.uuid4().hex[:8]}"

    def hold_keys(self) -> None:
        self.keys_asked.clear()
        self._keys_open.clear()

    def release_keys(self) -> None:
        self._keys_open.set()

    @property
    def holding_keys(self) -> bool:
        return not self._keys_open.is_set()

    def _serve_keys(self) -> dict[str, Any] | None:
        self.keys_requests += 1
        self.keys_asked.set()
        # Bounded, so a test that fails cannot leave the server thread waiting for ever.
        self._keys_open.wait(timeout=30)
        return self.jwks() if self.keys_status == 200 else None

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[OpenIdServer]:
        idp = cls()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(idp))
        idp.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, name="openid", daemon=True)
        thread.start()
        try:
            yield idp
        finally:
            server.shutdown()
            server.server_close()
            thread.join()

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}{CHANNEL_METADATA_PATH}"

    @property
    def emulator_metadata_url(self) -> str:
        return f"{self.base_url}{EMULATOR_METADATA_PATH}"

    @property
    def msi_endpoint(self) -> str:
        return f"{self.base_url}/msi/token"

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in [(self.kid, self.key), *self.retired]:
            jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            jwk.update(kid=kid, use="sig", alg="RS256", endorsements=ENDORSED_CHANNELS)
            keys.append(jwk)
        return {"keys": keys}

    def channel_token(
        self,
        app_id: str,
        service_url: str,
        *,
        key: rsa.RSAPrivateKey | None = None,
        kid: str | None = None,
        **claims: Any,
    ) -> str:
        """A token as the Bot Framework channel signs it; `claims` override or add (None drops)."""
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": CHANNEL_ISSUER,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 60,
            "iat": now - 60,
            "exp": now + 3600,
        }
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        headers = {"kid": kid or self.kid}
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers=headers)

    def _metadata(self, issuer: str) -> dict[str, Any]:
        return {
            "issuer": issuer,
            "jwks_uri": f"{self.base_url}/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def _msi_token(self, query: dict[str, str]) -> dict[str, Any]:
        self.msi_requests.append(query)
        return {
            "access_token": f"msi-token-for-{query.get('client_id', '')}",
            "expires_on": str(int(time.time()) + 3600),
            "resource": query.get("resource", ""),
            "token_type": "Bearer",
        }

    def answer(self, path: str, query: dict[str, str], headers: Any) -> dict[str, Any] | None:
        if path == CHANNEL_METADATA_PATH:
            return self._metadata(CHANNEL_ISSUER)
        if path == EMULATOR_METADATA_PATH:
            return self._metadata("https://login.microsoftonline.com/local/v2.0")
        if path == "/keys":
            return self._serve_keys()
        if path == "/msi/token" and headers.get("X-IDENTITY-HEADER") == MSI_SECRET:
            return self._msi_token(query)
        return None


def _handler_for(idp: OpenIdServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            body = idp.answer(parts.path, query, self.headers)
            data = json.dumps(body if body is not None else {"error": "not found"}).encode()
            failed = idp.keys_status if parts.path == "/keys" else 404
            self.send_response(200 if body is not None else failed)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows the tests' own output."""

    return Handler
