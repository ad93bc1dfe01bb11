"""The case a conversation last talked about, so «hvorfor?» needs no name (issue 15).

Kept as the case's id only, in the conversation's own state beside the dialog stack: saved with
the turn, gone with the conversation. The edge hands each turn the state's accessor (bot/
handler.py); a turn without it (a card's automatic refresh, a test of a dialog alone) remembers
nothing. The id grants nothing: whoever reads it checks access again (casework.access). A
conversation that finds one case remembers it; one that found none, or showed several (a list,
the agenda), forgets, because «hvorfor?» after it could mean any of them.
"""

from __future__ import annotations

from botbuilder.core import StatePropertyAccessor, TurnContext

# Where the edge puts the accessor for this turn (the turn state, not the stored state).
LAST_CASE = "naervaer.last_case"
# The property's name in the stored conversation state.
PROPERTY = "LastCase"


def _accessor(context: TurnContext) -> StatePropertyAccessor | None:
    accessor = context.turn_state.get(LAST_CASE)
    return accessor if isinstance(accessor, StatePropertyAccessor) else None


async def remember_case(context: TurnContext, case_id: int | None) -> None:
    """`case_id` is now what this conversation talks about; None forgets the last one."""
    accessor = _accessor(context)
    if accessor is None:
        return
    if case_id is not None:
        await accessor.set(context, int(case_id))
    elif await accessor.get(context) is not None:
        await accessor.delete(context)  # botbuilder's delete fails on a missing property


async def last_case(context: TurnContext) -> int | None:
    accessor = _accessor(context)
    if accessor is None:
        return None
    value = await accessor.get(context)
    return value if isinstance(value, int) else None
