"""Replies about cases: what to do now and by when, log entries and their Visma text,
escalation, the status card and the case list.

Pure functions of the guide, plain values and a translator; the conversations send what they
return. Dates are formatted here (babel, the user's language), never in the conversations.
"""
