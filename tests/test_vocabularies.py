"""The vocabularies agree with each other: intents, routes, reminder kinds and stored kinds."""

from __future__ import annotations

from content.intents import BUTTON_ONLY, Intent
from content.nlu import INTENTS
from dialogs.registry import CONVERSATIONS, ROOT_INTENTS
from reminders.kinds import KINDS, ReminderKind
from storage.models import STORED_REMINDER_KINDS


def test_the_intent_vocabulary_is_the_recognizers_plus_the_button_only_intents() -> None:
    assert {intent.value for intent in Intent} == set(INTENTS) | set(BUTTON_ONLY)
    assert not set(BUTTON_ONLY) & set(INTENTS)


def test_every_intent_is_routed_once_or_answered_by_the_root() -> None:
    routed = [intent for conversation in CONVERSATIONS for intent in conversation.intents]
    assert len(routed) == len(set(routed))
    assert set(routed) | ROOT_INTENTS == set(Intent)
    assert not set(routed) & ROOT_INTENTS


def test_the_table_of_reminder_kinds_is_what_the_outbox_may_store() -> None:
    assert set(KINDS) == set(ReminderKind)
    assert {kind.value for kind in KINDS} == set(STORED_REMINDER_KINDS)
