"""Which Teams conversations may hold pupil data: personal chats only.

A team channel, a group chat and a meeting chat are read by everyone in them, so the bot never
shows, asks about or records a pupil there (issue 13). Teams names the scope in
`conversation.conversationType`; a channel thread sometimes arrives without it, so a missing
type counts as personal only when nothing else about the activity says "shared" (a group flag,
channel, team or meeting data, or a thread id, which Teams spells `19:…`).
"""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

PERSONAL = "personal"
_SHARED_DATA = ("channel", "team", "teamsChannelId", "teamsTeamId", "meeting")
THREAD_PREFIX = "19:"


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation
    if conversation is None:
        return False
    kind = getattr(conversation, "conversation_type", None)
    if kind is not None:
        return kind == PERSONAL
    if getattr(conversation, "is_group", None):
        return False
    data: Any = activity.channel_data
    if isinstance(data, dict) and any(data.get(key) for key in _SHARED_DATA):
        return False
    return not str(conversation.id or "").startswith(THREAD_PREFIX)


def names_bot(activity: Activity, members: Any) -> bool:
    """Whether `members` (added or removed) include the bot itself."""
    bot_id = activity.recipient.id if activity.recipient else None
    return bot_id is not None and any(member.id == bot_id for member in members or [])
