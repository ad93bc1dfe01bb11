"""The rooms hold: each package imports only what its place in the layout allows.

Read from the source with `ast`, so the rule is checked without importing anything:
- only `bot/` and `dialogs/` know the Bot Framework SDK (botbuilder, botframework, msrest);
- `content/` imports no other package of the project, nor does `ops/` (telemetry and logs),
  which every package may import;
- dependencies point one way: bot → dialogs → reminders/casework → content/storage;
- `devkit/` (local doubles) is imported only by tests, bench/ and the chat CLI;
- `dialogs/` holds conversations (each registered) and their engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "dialogs", "reminders", "casework", "content", "storage", "ops", "devkit")
SDK = ("botbuilder", "botframework", "msrest", "jsonpickle")
# What each package may import of the project (besides itself).
ALLOWED = {
    "bot": {"dialogs", "reminders", "casework", "content", "storage", "ops", "devkit"},
    "dialogs": {"reminders", "casework", "content", "storage", "ops"},
    "reminders": {"casework", "content", "storage", "ops"},
    "casework": {"content", "storage", "ops"},
    "storage": {"ops"},
    "content": set(),
    "ops": set(),
    "devkit": set(),
}
DEVKIT_USERS = {"bot/chat.py"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_follow_the_layout(package: str) -> None:
    wrong = []
    for path in modules(package):
        name = path.relative_to(ROOT).as_posix()
        for imported in imports_of(path):
            top = imported.split(".")[0]
            if top in SDK and package not in ("bot", "dialogs"):
                wrong.append(f"{name}: {imported} (the SDK stays in bot/ and dialogs/)")
            allowed = top == package or top in ALLOWED[package]
            if top in PACKAGES and not allowed and not (top == "devkit" and name in DEVKIT_USERS):
                wrong.append(f"{name}: {imported}")
    assert wrong == []


def test_devkit_is_only_for_tests_bench_and_the_chat_cli() -> None:
    users = {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        if package != "devkit"
        for path in modules(package)
        if any(imported.split(".")[0] == "devkit" for imported in imports_of(path))
    }
    assert users <= DEVKIT_USERS


def test_dialogs_holds_only_registered_conversations_and_their_engine() -> None:
    """Every module of dialogs/ outside engine/ builds a conversation the registry lists."""
    from dialogs.registry import CONVERSATIONS

    builders = {conversation.build.__module__ for conversation in CONVERSATIONS}
    conversations = {
        f"dialogs.{path.stem}"
        for path in (ROOT / "dialogs").glob("*.py")
        if path.stem not in ("__init__", "registry", "welcome")
    }
    assert conversations == builders


@pytest.mark.parametrize("script", sorted(p.stem for p in (ROOT / "bench").glob("*.py")))
def test_every_bench_script_imports(script: str) -> None:
    """bench/ is run by hand, not by the suite: a moved module must still break a test."""
    import importlib

    importlib.import_module(f"bench.{script}")
