"""Activities to and from JSON without msrest's generic machinery.

msrest reads and writes every activity through a reflective type system, validating as it goes:
in the benchmark that was a tenth of a turn's CPU. Activities are plain models with an
attribute map (attribute → JSON key and type); these functions follow the same map. Whatever
they are not sure of goes to msrest, so odd input is judged exactly as before.
"""

from __future__ import annotations

import functools
from datetime import datetime
from enum import Enum
from typing import Any

from botbuilder.schema import Activity
from botframework.connector import models as connector_models
from msrest.serialization import Model, Serializer


class FastSerializer(Serializer):
    """Outgoing activities to JSON without msrest's generic machinery.

    msrest validates every outgoing activity against the schema and then walks it, cards
    included, key by key through its type system: the largest cost left in sending a reply.
    An activity is our own object, so it is turned into JSON directly from the same attribute
    map msrest uses (same keys, same ISO dates); anything else still goes through msrest.
    """

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        if data_type == "Activity" and isinstance(data, Model):
            return model_to_json(data)
        return super().body(data, data_type, **kwargs)


def model_to_json(value: Any) -> Any:
    if isinstance(value, Model):
        document = {}
        for attribute, spec in value._attribute_map.items():
            item = getattr(value, attribute, None)
            if item is not None:
                document[spec["key"]] = model_to_json(item)
        return document
    if isinstance(value, datetime):
        return Serializer.serialize_iso(value)
    if isinstance(value, dict):
        return {key: model_to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [model_to_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


class _Unsure(Exception):
    """The fast reader met something msrest should judge (a wrong type, an odd date)."""


_MODELS: dict[str, type[Model]] = {
    name: cls
    for name, cls in vars(connector_models).items()
    if isinstance(cls, type) and issubclass(cls, Model)
}


def activity_from_json(document: dict[str, Any]) -> Activity:
    """An incoming activity from its JSON, the inverse of `model_to_json`, without msrest's
    generic deserialiser (a tenth of a turn's CPU). Anything it is not sure of (a value of
    the wrong type, an unknown type name) is handed to msrest, so bad input is judged exactly
    as before."""
    try:
        return _read_model(Activity, document)
    except _Unsure:
        return Activity().deserialize(document)


def _read_model(cls: type[Model], document: Any) -> Model:
    if not isinstance(document, dict):
        raise _Unsure
    # msrest's Model declares __hash__ as an instance method; its classes hash as any class does.
    unknown = document.keys() - _keys(cls)  # type: ignore[arg-type]
    if unknown & _attributes(cls):  # type: ignore[arg-type]
        raise _Unsure  # msrest also reads attribute names (snake_case) as keys; let it
    values = {}
    for attribute, spec in cls._attribute_map.items():
        item = document.get(spec["key"])
        if item is not None:
            values[attribute] = _read(spec["type"], item)
    model = cls(**values)
    if unknown:
        # As msrest does: keys the schema does not know are kept as they came. Teams sends
        # some every turn (`conversation.tenantId`, where the schema says `tenantID`).
        model.additional_properties = {key: document[key] for key in unknown}
    return model


@functools.cache
def _keys(cls: type[Model]) -> frozenset[str]:
    return frozenset(spec["key"] for spec in cls._attribute_map.values())


@functools.cache
def _attributes(cls: type[Model]) -> frozenset[str]:
    return frozenset(cls._attribute_map)


def _read(type_name: str, value: Any) -> Any:
    if type_name == "str":
        if not isinstance(value, str):
            raise _Unsure
        return value
    if type_name == "object":
        return value
    if type_name in ("bool", "int"):
        if type(value) is not (bool if type_name == "bool" else int):
            raise _Unsure
        return value
    if type_name == "iso-8601":
        return _read_datetime(value)
    if type_name.startswith("["):
        if not isinstance(value, list):
            raise _Unsure
        return [_read(type_name[1:-1], item) for item in value]
    if type_name.startswith("{"):
        if not isinstance(value, dict):
            raise _Unsure
        return {key: _read(type_name[1:-1], item) for key, item in value.items()}
    model = _MODELS.get(type_name)
    if model is None:
        raise _Unsure
    return _read_model(model, value)


def _read_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Unsure
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Unsure from None
    if moment.tzinfo is None:
        raise _Unsure
    return moment
