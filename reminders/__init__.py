"""Everything the bot says first: the table of reminder kinds, planning, composing, delivery.

`kinds.py` is the table (kind → who plans it, who receives it, what it says); `planning.py`
writes what is due into the outbox, `compose.py` renders a row when it is sent, `delivery.py`
leases and records, `scheduler.py` runs them on a timer. No Bot Framework SDK in here: the edge
hands the scheduler a sender that turns a `casework.messages.Message` into an activity.
"""
