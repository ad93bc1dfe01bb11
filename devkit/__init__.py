"""Local doubles for development and tests: Teams and the connector, Entra ID's token service.

Never imported by production code: only tests, `bench/` and `naervaer chat` (a development tool)
use them. A test in tests/test_layout.py holds that line.
"""
