"""Read the guide's data files under `content/guide/` into one validated `Guide`.

Each file is validated on its own so that an error names the file that holds it; the guide as a
whole is validated last for references between files. The 2.8 template is built from
`documentation.yaml` so that the log fields exist once, with the ids storage uses.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from content.models import (
    AnnualWheel,
    Documentation,
    Guide,
    Item,
    Ladder,
    PartIntro,
    Principles,
    Procedure,
    Section,
    Template,
)

GUIDE_DIR = Path(__file__).parent / "guide"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Model = TypeVar("_Model", bound=BaseModel)


class GuideDataError(ValueError):
    """A data file of the guide is missing, not YAML, or does not fit its model."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            # The C safe loader when PyYAML has it: same rules as yaml.safe_load, faster.
            return yaml.load(handle, Loader=_SafeLoader)
    except OSError as exc:
        raise GuideDataError(f"{path}: cannot read guide data file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise GuideDataError(f"{path}: not valid YAML: {exc}") from exc


def _validated(model: type[_Model], data: Any, path: Path) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise GuideDataError(f"{path}: does not fit {model.__name__}:\n{exc}") from exc


def _load(path: Path, model: type[_Model]) -> _Model:
    return _validated(model, _read_yaml(path), path)


def _load_parts(path: Path) -> tuple[PartIntro, ...]:
    data = _read_yaml(path)
    if not isinstance(data, list):
        raise GuideDataError(f"{path}: expected a list of parts")
    return tuple(_validated(PartIntro, entry, path) for entry in data)


def _load_templates(directory: Path) -> dict[str, Template]:
    templates: dict[str, Template] = {}
    for path in sorted(directory.glob("*.yaml")):
        template = _load(path, Template)
        if template.id != path.stem:
            raise GuideDataError(f"{path}: template id {template.id!r} differs from file name")
        templates[template.id] = template
    return templates


def documentation_template(documentation: Documentation) -> Template:
    """2.8 as a readable template: the two logs, then the fields every entry must hold."""
    logs = tuple(
        Section(id=kind.id, title=kind.name, text=kind.text, style="prose")
        for kind in documentation.log_kinds
    )
    fields = Section(
        id="fields",
        title=documentation.fields_heading,
        items=tuple(Item(id=field.id, text=field.label) for field in documentation.fields),
    )
    return Template(
        id="dokumentering",
        section=documentation.section,
        part=2,
        title=documentation.title,
        sections=(*logs, fields),
    )


def load_guide(path: Path | None = None) -> Guide:
    """Load and validate the guide from `path` (a copy of `content/guide/`, or the default)."""
    directory = path or GUIDE_DIR
    foreword_path = directory / "foreword.md"
    try:
        foreword = foreword_path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise GuideDataError(f"{foreword_path}: cannot read guide data file: {exc}") from exc
    documentation = _load(directory / "documentation.yaml", Documentation)
    templates = _load_templates(directory / "templates")
    if "dokumentering" in templates:
        raise GuideDataError("templates/dokumentering.yaml: 2.8 comes from documentation.yaml")
    templates["dokumentering"] = documentation_template(documentation)
    try:
        return Guide(
            foreword=foreword,
            parts=_load_parts(directory / "parts.yaml"),
            principles=_load(directory / "principles.yaml", Principles),
            procedure=_load(directory / "procedure.yaml", Procedure),
            ladder=_load(directory / "ladder.yaml", Ladder),
            documentation=documentation,
            annual_wheel=_load(directory / "annual_wheel.yaml", AnnualWheel),
            templates=templates,
        )
    except ValidationError as exc:
        raise GuideDataError(f"{directory}: the guide's files do not fit together:\n{exc}") from exc


@functools.cache
def guide() -> Guide:
    """The guide shipped with the package, read once per process."""
    return load_guide()
