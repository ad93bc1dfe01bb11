"""The engine the conversations run on: the form engine, slot kinds, replies, ids, the root
router and the one registry of conversations and the intents they answer."""
