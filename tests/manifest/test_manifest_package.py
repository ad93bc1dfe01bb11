"""The Teams app package: what Teams' upload checks would refuse must fail here, offline."""

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft6Validator, validators

from bot.manifest_package import ManifestError, build_package, main

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "manifest"
SCHEMA = json.loads((MANIFEST_DIR / "schema" / "MicrosoftTeams.schema.json").read_text("utf-8"))
TEMPLATE = json.loads((MANIFEST_DIR / "manifest.json").read_text("utf-8"))
APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
URLS = {
    "privacy_url": "https://skole.example.no/personvern",
    "terms_url": "https://kommune.example.no/vilkar",
    "website_url": "https://skole.example.no/",
}


def build(tmp_path: Path, **overrides: str) -> Path:
    arguments: dict[str, Any] = {
        "app_id": APP_ID,
        "version": "1.2.3",
        "out": tmp_path / "build" / "appPackage.zip",
        "developer_name": "Nordbyen skole",
        **URLS,
    }
    return build_package(**(arguments | overrides))


def packaged_manifest(package: Path) -> dict[str, Any]:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read("manifest.json").decode("utf-8"))


def schema_errors(manifest: dict[str, Any]) -> list[str]:
    # Built here rather than borrowed from the module, so a slip there cannot hide a bad manifest.
    validator_class = validators.extend(
        Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]}
    )
    return [error.message for error in validator_class(SCHEMA).iter_errors(manifest)]


def test_schema_is_a_valid_draft4_schema_of_version_119_or_newer() -> None:
    # The metaschema check runs without format checks: the schema's \p{L} patterns are
    # ECMAScript regexes that Python's re cannot compile, and no part we use relies on them.
    assert list(Draft4Validator(Draft4Validator.META_SCHEMA).iter_errors(SCHEMA)) == []
    version = SCHEMA["properties"]["manifestVersion"]["const"]
    assert tuple(int(part) for part in version.split(".")) >= (1, 19)
    assert TEMPLATE["manifestVersion"] == version
    assert TEMPLATE["$schema"].endswith(f"/v{version}/MicrosoftTeams.schema.json")


def test_built_manifest_validates_against_the_schema(tmp_path: Path) -> None:
    manifest = packaged_manifest(build(tmp_path))
    assert schema_errors(manifest) == []


def test_wrong_manifest_version_fails_the_schema() -> None:
    assert schema_errors(TEMPLATE | {"manifestVersion": "1.18"}) != []


def test_zip_holds_exactly_the_manifest_both_icons_and_the_localisations(tmp_path: Path) -> None:
    package = build(tmp_path)
    assert package == tmp_path / "build" / "appPackage.zip"
    with zipfile.ZipFile(package) as archive:
        names = sorted(archive.namelist())
        assert names == ["color.png", "en.json", "manifest.json", "nn.json", "outline.png"]
        for icon in ("color.png", "outline.png"):
            assert archive.read(icon) == (MANIFEST_DIR / icon).read_bytes()


def test_app_id_version_and_settings_are_filled_everywhere(tmp_path: Path) -> None:
    package = build(tmp_path, app_id=APP_ID.upper())
    manifest = packaged_manifest(package)
    assert manifest["id"] == APP_ID
    assert [bot["botId"] for bot in manifest["bots"]] == [APP_ID]
    assert manifest["version"] == "1.2.3"
    assert manifest["developer"] == {
        "name": "Nordbyen skole",
        "websiteUrl": URLS["website_url"],
        "privacyUrl": URLS["privacy_url"],
        "termsOfUseUrl": URLS["terms_url"],
    }
    assert manifest["validDomains"] == ["kommune.example.no", "skole.example.no"]
    with zipfile.ZipFile(package) as archive:
        text = archive.read("manifest.json").decode("utf-8")
    assert TEMPLATE["id"] not in text
    assert "example.invalid" not in text


def test_bot_is_personal_with_the_norwegian_commands() -> None:
    (bot,) = TEMPLATE["bots"]
    assert bot["scopes"] == ["personal"]
    (command_list,) = bot["commandLists"]
    assert command_list["scopes"] == ["personal"]
    titles = {command["title"] for command in command_list["commands"]}
    assert {
        "hjelp",
        "ny sak",
        "meld fravær",
        "mine saker",
        "åpne saker",
        "maler",
        "årshjul",
    } <= titles
    # Teams' documented limits are tighter than the schema's: 32 for a title, 128 for the text.
    for command in command_list["commands"]:
        assert len(command["title"]) <= 32 and 0 < len(command["description"]) <= 128


@pytest.mark.parametrize(
    "app_id",
    [
        "",
        "my-bot",
        "3f2504e0-4f89-41d3-9a0c-0305e82c330",
        "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301\n",
        "3f2504e04f8941d39a0c0305e82c3301",
        "00000000-0000-0000-0000-000000000000",
    ],
)
def test_an_app_id_that_is_not_a_guid_is_rejected(tmp_path: Path, app_id: str) -> None:
    with pytest.raises(ManifestError, match="not a GUID"):
        build(tmp_path, app_id=app_id)
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0", "1.0.0\n"])
def test_a_version_that_is_not_major_minor_patch_is_rejected(tmp_path: Path, version: str) -> None:
    with pytest.raises(ManifestError, match=r"MAJOR\.MINOR\.PATCH"):
        build(tmp_path, version=version)


def test_schema_violations_are_reported_with_their_path_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    with pytest.raises(ManifestError) as raised:
        build(tmp_path, developer_name="x" * 33, privacy_url="ftp://skole.example.no/")
    assert "$.developer.name" in str(raised.value)
    assert "$.developer.privacyUrl" in str(raised.value)
    assert not (tmp_path / "build").exists()


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    first = build(tmp_path, out=tmp_path / "a.zip").read_bytes()
    assert build(tmp_path, out=tmp_path / "b.zip").read_bytes() == first


def test_command_line_uses_defaults_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("NAERVAER_TERMS_URL", "NAERVAER_WEBSITE_URL", "NAERVAER_DEVELOPER_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NAERVAER_PRIVACY_URL", "https://skole.example.no/personvern")
    out = tmp_path / "appPackage.zip"
    assert main(["--app-id", APP_ID, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    manifest = packaged_manifest(out)
    assert manifest["version"] == "1.0.0"
    assert manifest["developer"]["privacyUrl"] == "https://skole.example.no/personvern"
    assert manifest["developer"]["termsOfUseUrl"] == "https://example.invalid/vilkar"


def test_command_line_rejects_a_non_guid_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "appPackage.zip"
    assert main(["--app-id", "min-bot", "--version", "2.0.0", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "'min-bot' is not a GUID" in error
    assert "Traceback" not in error
    assert not out.exists()


@pytest.mark.parametrize(("tag", "file"), [("nn-no", "nn.json"), ("en", "en.json")])
def test_each_localisation_file_translates_fields_the_manifest_has(tag: str, file: str) -> None:
    """Issue 15: nynorsk and English names and descriptions; every key names a real field."""
    languages = TEMPLATE["localizationInfo"]["additionalLanguages"]
    assert {"languageTag": tag, "file": file} in languages
    strings = json.loads((MANIFEST_DIR / file).read_text(encoding="utf-8"))
    assert strings["$schema"].endswith("MicrosoftTeams.Localization.schema.json")
    keys = [key for key in strings if key != "$schema"]
    assert {"name.short", "name.full", "description.short", "description.full"} <= set(keys)
    for key in keys:
        node: object = TEMPLATE
        for part in key.replace("]", "").replace("[", ".").split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
        assert (
            isinstance(node, str) and strings[key] and strings[key] != node
        ) or key == "name.short"
