"""The scenarios' running bot and moved clock, for the record-integrity tests (issue 13)."""

from tests.scenarios.conftest import bot, clock, teacher

__all__ = ["bot", "clock", "teacher"]
