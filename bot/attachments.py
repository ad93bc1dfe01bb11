"""A file a user sends the bot in the personal chat: found on the activity, downloaded in memory.

Teams delivers a file to a bot as an attachment of content type
`application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a short-lived
pre-authenticated link (no bearer token is needed, and none is sent to it). The body is read in
chunks up to `MAX_FILE_BYTES` and never written to disk; nothing of it is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
MAX_FILE_BYTES = 10 * 1024 * 1024  # what casework.absence reads at most
TIMEOUT = ClientTimeout(total=20)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class SentFile:
    url: str
    name: str


class TooLarge(Exception):
    pass


def _fetchable(url: str) -> bool:
    """https, or plain http on loopback only (the local channel in tests and `naervaer chat`)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
    )


def sent_file(activity: Any) -> SentFile | None:
    """The first file attachment of a message, if it has one."""
    for attachment in activity.attachments or []:
        if getattr(attachment, "content_type", None) != FILE_DOWNLOAD_INFO:
            continue
        content = attachment.content if isinstance(attachment.content, dict) else {}
        url = content.get("downloadUrl")
        if isinstance(url, str) and _fetchable(url):
            return SentFile(url=url, name=str(attachment.name or content.get("fileType") or ""))
    return None


async def download(url: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None when it could not be fetched; `TooLarge` past `limit`."""
    body = bytearray()
    try:
        async with ClientSession(timeout=TIMEOUT) as session, session.get(url) as response:
            if response.status != 200:
                return None
            if (response.content_length or 0) > limit:
                raise TooLarge
            async for chunk in response.content.iter_chunked(CHUNK):
                body.extend(chunk)
                if len(body) > limit:
                    raise TooLarge
    except (ClientError, TimeoutError):
        return None
    return bytes(body)
