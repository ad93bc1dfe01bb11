"""Microsoft's own Adaptive Cards renderer, in headless Chromium, accepts every card as it is.

The schema says a card is well-formed; the renderer also says whether it parses every element
and property and stays within the host's limits (e.g. at most 5 actions). The PNGs under
`artifacts/cards/` are for a person to look at. Needs Chromium and `npm ci --prefix tools`
(`scripts/install-browser-deps.sh`); skips, saying what is missing, without them.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from content.cards import render_card
from tests.cards import samples

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("render_cards.mjs")
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "tools" / "node_modules"
ARTIFACTS = ROOT / "artifacts" / "cards"

CARDS: dict[str, Any] = {
    **{name: (name, make) for name, make in samples.SAMPLES.items()},
    "case_list_empty": ("case_list", functools.partial(samples.case_list, rows=False)),
    "ladder_level_no_escalate": (
        "ladder_level",
        functools.partial(samples.ladder_level, escalate=False),
    ),
}


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/install-browser-deps.sh)"
    for package in ("playwright-core", "adaptivecards"):
        if not (NODE_MODULES / package / "package.json").exists():
            return f"npm package {package} is missing (run npm ci --prefix tools)"
    return None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    cards = {label: render_card(name, make()) for label, (name, make) in CARDS.items()}
    source = tmp_path_factory.mktemp("cards") / "cards.json"
    source.write_text(json.dumps(cards, ensure_ascii=False), encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["node", str(SCRIPT), str(source), str(ARTIFACTS)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Teams' own CodeBlock (tests/cards/test_cards.py) is unknown to the web renderer, which then
# draws the element's fallback: what the fallback is for, so not a warning about the card.
TEAMS_ONLY = {
    (
        "parse",
        "UnknownElementType",
        'Unknown element type "CodeBlock". Fallback will be used if present.',
    )
}


@pytest.mark.parametrize("label", list(CARDS))
def test_renderer_accepts_card_without_warnings(rendered: dict[str, Any], label: str) -> None:
    events = rendered[label]["events"]
    assert [e for e in events if (e["phase"], e["event"], e["message"]) not in TEAMS_ONLY] == []


@pytest.mark.parametrize("label", list(CARDS))
def test_card_is_drawn_phone_wide_and_not_blank(rendered: dict[str, Any], label: str) -> None:
    with Image.open(rendered[label]["png"]) as image:
        width, height = image.size
        darkest, _ = image.convert("L").getextrema()
    assert width == 720  # 360 CSS pixels at a device scale of 2
    assert height > 150
    assert darkest < 100  # text was drawn
