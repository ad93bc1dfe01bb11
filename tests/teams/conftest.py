"""The scenarios' running bot and moved clock, for the Teams-native tests (issue 15)."""

from tests.scenarios.conftest import bot, clock, teacher

__all__ = ["bot", "clock", "teacher"]
