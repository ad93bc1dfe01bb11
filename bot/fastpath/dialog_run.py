"""One turn of the root dialog: botbuilder's `DialogExtensions.run_dialog` without what only a
skill or the Bot Framework Emulator uses.

`run_dialog` does, per turn, beside continuing or beginning the dialog: a check whether the
activity comes from a parent bot to a skill (its claims), a `DialogStateManager` that loads and
saves every memory scope, a trace activity with a snapshot of the whole dialog memory (sent
through the turn's send pipeline, then dropped by the adapter outside the Emulator's channel),
and an end-of-conversation activity for a skill's parent. This bot is no skill, reads no memory
scope (its dialogs keep their values in `DialogInstance.state`) and never talks to the Emulator
in production, so all of that was a fiftieth of a turn's CPU spent on nothing. What stays is the
SDK's own: the same `DialogSet`, `DialogContext`, turn services and the error event bubbled
from the leaf, so a dialog's `on_dialog_event` still sees a failure as it did.
"""

from __future__ import annotations

from botbuilder.core import StatePropertyAccessor, TurnContext
from botbuilder.dialogs import Dialog, DialogEvents, DialogSet, DialogTurnResult, DialogTurnStatus


async def run_dialog(
    dialog: Dialog, turn_context: TurnContext, accessor: StatePropertyAccessor
) -> DialogTurnResult:
    dialog_set = DialogSet(accessor)
    dialog_set.add(dialog)
    dialog_context = await dialog_set.create_context(turn_context)
    dialog_context.services.update(turn_context.turn_state)
    while True:
        try:
            result = await dialog_context.continue_dialog()
            if result.status == DialogTurnStatus.Empty:
                result = await dialog_context.begin_dialog(dialog.id)
            return result
        except Exception as error:
            handled = await dialog_context.emit_event(
                DialogEvents.error, error, bubble=True, from_leaf=True
            )
            if not handled:
                raise
