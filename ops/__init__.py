"""What an operator watches: telemetry (OpenTelemetry) and structured logs.

Imports nothing of the project, so every package may use it (the layout's one shared floor).
"""
