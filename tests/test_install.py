"""Installs are reproducible: one lock, read the same way by `make`, CI and the Dockerfile.

- uv.lock is the resolution; requirements*.lock are its exports for pip (hashes included) and
  must be exactly what `uv export` writes from it now;
- every direct pin in pyproject.toml is the version the lock holds (babel over botbuilder's pin);
- the packages installed in this environment are the locked versions (no drift);
- the image gets every production package, and its base image is pinned.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)
PRODUCTION = ("bot", "dialogs", "reminders", "casework", "content", "storage", "ops")


def pins(path: Path) -> dict[str, str]:
    return {_norm(name): version for name, version in PIN.findall(path.read_text())}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def locked() -> dict[str, str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {_norm(p["name"]): p["version"] for p in lock["package"] if "version" in p}


def test_direct_pins_are_the_locked_versions() -> None:
    project = pyproject()["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["dev"]
    versions = locked()
    wrong = {}
    for requirement in direct:
        match = PIN.match(requirement)
        assert match, f"{requirement} is not pinned with =="
        name, version = _norm(match.group(1)), match.group(2)
        if versions.get(name) != version:
            wrong[name] = (version, versions.get(name))
    assert wrong == {}


def test_babel_is_a_current_release_over_botbuilders_pin() -> None:
    """babel 2.9.1 (botbuilder-dialogs' pin) imports `cgi`, which Python 3.13 removed."""
    assert "babel==2.9.1" not in " ".join(pyproject()["project"]["dependencies"])
    overrides = pyproject()["tool"]["uv"]["override-dependencies"]
    assert any(o.startswith("babel==") for o in overrides)
    assert tuple(int(p) for p in locked()["babel"].split(".")[:2]) >= (2, 12)


@pytest.mark.parametrize(
    ("export", "args"),
    [("requirements.lock", []), ("requirements-dev.lock", ["--extra", "dev"])],
)
def test_exports_are_what_uv_writes_from_the_lock(export: str, args: list[str]) -> None:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed (it comes with the dev extra)")
    command = [uv, "export", "--frozen", "--no-emit-project", "--no-header", "--no-dev"]
    written = subprocess.run(
        [*command, "--format", "requirements-txt", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert written == (ROOT / export).read_text(), f"{export} is stale: run `make lock`"


@pytest.mark.skipif(
    os.environ.get("NAERVAER_CHECK_INSTALL") != "1",
    reason="checked by `make test` (which installs from the lock first); a bare pytest in an "
    "older .venv is not failed for it",
)
def test_installed_packages_are_the_locked_versions() -> None:
    drift = {}
    for name, version in pins(ROOT / "requirements-dev.lock").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package locked for another platform or Python (markers)
        if installed != version:
            drift[name] = (version, installed)
    assert drift == {}, "the environment drifted from the lock: run `make install`"


def test_requires_python_names_the_range_the_lock_covers() -> None:
    requires = pyproject()["project"]["requires-python"]
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    assert lock["requires-python"].replace(" ", "") == requires.replace(" ", "")
    assert requires.startswith(">=3.11") and "<3.14" in requires


def test_the_image_installs_from_the_lock_with_every_production_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    for package in PRODUCTION:
        assert f"COPY {package}/ {package}/" in dockerfile, package
        assert f"!{package}/" in ignored, package
    assert "!requirements.lock" in ignored


def test_the_base_image_is_pinned() -> None:
    base = re.search(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert base is not None
    # A patch release and a Debian release (or a digest), never a floating tag like 3.11-slim.
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base.group(1))
