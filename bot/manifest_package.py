"""Build the Teams app package that a school uploads to its own Microsoft 365 tenant.

The package is a zip holding exactly `manifest.json`, `color.png`, `outline.png` and the nynorsk
and English localisation files `nn.json`, `en.json` (issue 15). The manifest
in `manifest/` is a template: the bot's Microsoft App ID, the version and the school's URLs differ
per installation, so they are filled in here as JSON values (never by text replacement, which
would break on quotes) and the result is checked against the official Teams schema kept in
`manifest/schema/` before anything is written. A package Teams would refuse fails here instead,
with the reason.

Environment variables read by `main` (the `naervaer manifest` command):
  NAERVAER_PRIVACY_URL, NAERVAER_TERMS_URL, NAERVAER_WEBSITE_URL, NAERVAER_DEVELOPER_NAME,
  NAERVAER_MANIFEST_DIR (where the template, icons and schema live; default: `manifest/` beside
  the `bot` package, which is right for a source checkout).
"""

import argparse
import copy
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PACKAGE_FILES = ("manifest.json", "color.png", "outline.png", "nn.json", "en.json")
SCHEMA_FILE = Path("schema") / "MicrosoftTeams.schema.json"
DEFAULT_MANIFEST_DIR = Path(__file__).resolve().parent.parent / "manifest"
DEFAULT_VERSION = "1.0.0"
ENV_DEFAULTS: dict[str, str] = {
    "NAERVAER_PRIVACY_URL": "https://example.invalid/personvern",
    "NAERVAER_TERMS_URL": "https://example.invalid/vilkar",
    "NAERVAER_WEBSITE_URL": "https://example.invalid/",
    "NAERVAER_DEVELOPER_NAME": "Nærværsløftet",
}
PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000"
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# Teams takes MAJOR.MINOR.PATCH only; pre-release tags are refused at upload.
_VERSION = re.compile(r"(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)")
# A fixed timestamp makes two builds of the same input byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ManifestError(ValueError):
    """The package cannot be built from the given input; the message says why."""


def manifest_dir() -> Path:
    return Path(os.environ.get("NAERVAER_MANIFEST_DIR", DEFAULT_MANIFEST_DIR))


def check_app_id(app_id: str) -> str:
    """Teams matches `botId` to the Azure Bot's Microsoft App ID, which is always a GUID."""
    if not _GUID.fullmatch(app_id) or app_id == PLACEHOLDER_APP_ID:
        raise ManifestError(
            f"app id {app_id!r} is not a GUID: use the Microsoft App ID of the Azure Bot, "
            "e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        )
    return app_id.lower()


def check_version(version: str) -> str:
    if not _VERSION.fullmatch(version):
        raise ManifestError(f"version {version!r} must look like 1.0.0 (MAJOR.MINOR.PATCH)")
    return version


def render_manifest(
    template: dict[str, Any],
    *,
    app_id: str,
    version: str,
    privacy_url: str,
    terms_url: str,
    website_url: str,
    developer_name: str,
) -> dict[str, Any]:
    """Return a filled copy of the template; the template itself is left untouched."""
    manifest = copy.deepcopy(template)
    manifest["id"] = check_app_id(app_id)
    manifest["version"] = check_version(version)
    for bot in manifest.get("bots", []):
        bot["botId"] = manifest["id"]
    manifest["developer"].update(
        name=developer_name,
        websiteUrl=website_url,
        privacyUrl=privacy_url,
        termsOfUseUrl=terms_url,
    )
    # Links the bot posts point at the school's own pages; nothing else needs to open in Teams.
    hosts = {urlsplit(url).hostname for url in (website_url, privacy_url, terms_url)}
    manifest["validDomains"] = sorted(host for host in hosts if host)
    return manifest


def validate_manifest(manifest: dict[str, Any], schema: dict[str, Any]) -> None:
    """Raise ManifestError listing every schema violation, each with its JSON path."""
    # Imported here because jsonschema is a dev dependency: the server never builds packages.
    try:
        from jsonschema import Draft4Validator, Draft6Validator, validators
    except ImportError as error:
        raise ManifestError("jsonschema is missing: pip install -e '.[dev]'") from error

    # The schema declares draft-04 but uses draft-06 `const` (for manifestVersion), as does
    # the AJV setup in @microsoft/app-manifest; without this the version pin goes unchecked.
    validator_class = validators.extend(
        Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]}
    )
    validator = validator_class(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(manifest), key=lambda error: error.json_path)
    if errors:
        lines = [f"  {error.json_path}: {error.message}" for error in errors]
        raise ManifestError("manifest.json does not match the Teams schema:\n" + "\n".join(lines))


def load_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ManifestError(f"{path} is missing (set NAERVAER_MANIFEST_DIR?)") from error


def build_package(
    *,
    app_id: str,
    version: str,
    out: Path,
    privacy_url: str,
    terms_url: str,
    website_url: str,
    developer_name: str,
    source_dir: Path | None = None,
) -> Path:
    """Fill, validate and zip the manifest with its icons; return the zip's path."""
    source = source_dir or manifest_dir()
    manifest = render_manifest(
        load_json(source / "manifest.json"),
        app_id=app_id,
        version=version,
        privacy_url=privacy_url,
        terms_url=terms_url,
        website_url=website_url,
        developer_name=developer_name,
    )
    validate_manifest(manifest, load_json(source / SCHEMA_FILE))
    contents = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode()}
    for icon in PACKAGE_FILES[1:3]:
        if not (source / icon).is_file():
            raise ManifestError(f"{source / icon} is missing (run manifest/draw_icons.py)")
        contents[icon] = (source / icon).read_bytes()
    # The nynorsk and English localisation files (issue 15) of manifest.json's additionalLanguages.
    for language in manifest["localizationInfo"].get("additionalLanguages", []):
        contents[language["file"]] = (source / language["file"]).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in PACKAGE_FILES:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, contents[name])
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="naervaer manifest",
        description="Build the Teams app package (manifest.json, color.png, outline.png).",
        epilog="URLs and developer name come from "
        + ", ".join(f"{name} (default {value})" for name, value in ENV_DEFAULTS.items()),
    )
    parser.add_argument("--app-id", required=True, help="Microsoft App ID of the Azure Bot (GUID)")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="app version, e.g. 1.0.0")
    parser.add_argument("--out", type=Path, default=Path("build/appPackage.zip"))
    return parser


def main(argv: list[str]) -> int:
    """Entry point for `naervaer manifest`; argv holds the arguments after `manifest`."""
    args = _parser().parse_args(argv)
    setting = {name: os.environ.get(name) or value for name, value in ENV_DEFAULTS.items()}
    try:
        path = build_package(
            app_id=args.app_id,
            version=args.version,
            out=args.out,
            privacy_url=setting["NAERVAER_PRIVACY_URL"],
            terms_url=setting["NAERVAER_TERMS_URL"],
            website_url=setting["NAERVAER_WEBSITE_URL"],
            developer_name=setting["NAERVAER_DEVELOPER_NAME"],
        )
    except ManifestError as error:
        sys.stderr.write(f"naervaer manifest: error: {error}\n")
        return 2
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
