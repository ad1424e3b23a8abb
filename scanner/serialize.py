"""`FileScan` (and the other values of `scanner.model`) ⇄ compact JSON, for the caches.

Not pickle: the default cache lives inside the scanned checkout, so a pull request could
plant a cache file, and unpickling runs code. Decoding builds only the frozen dataclasses and
enums of `scanner.model`, and rejects anything else with `ValueError`.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any, TypeVar

from scanner import model
from scanner.model import FileScan

_TYPE = "$"
T = TypeVar("T")


def _model_types() -> dict[str, type]:
    types: dict[str, type] = {}
    for name, value in vars(model).items():
        ours = isinstance(value, type) and value.__module__ == model.__name__
        if ours and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)):
            types[name] = value
    return types


_TYPES = _model_types()
# Each dataclass's field names, looked up once (`dataclasses.fields` for every value took a
# third of the time to encode a scan).
_FIELD_NAMES = {
    cls: tuple(field.name for field in dataclasses.fields(cls))
    for cls in _TYPES.values()
    if dataclasses.is_dataclass(cls)
}
_PLAIN = frozenset({str, int, float, bool, type(None)})  # exactly these: enums are str too
_DATACLASSES = {cls.__name__: cls for cls in _FIELD_NAMES}
_ENUMS = {name: cls for name, cls in _TYPES.items() if issubclass(cls, enum.Enum)}


def encode(value: Any) -> bytes:
    """A `scanner.model` value (a `FileScan`, a `ScanResult` …); TypeError for anything else."""
    return json.dumps(_encode(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return [_encode(item) for item in value]
    names = _FIELD_NAMES.get(kind)
    if names is not None:
        encoded = {_TYPE: kind.__name__}
        for name in names:
            encoded[name] = _encode(getattr(value, name))
        return encoded
    if isinstance(value, enum.Enum):  # before str: our enums are str subclasses
        return {_TYPE: kind.__name__, "v": value.value}
    if isinstance(value, (str, bool, int, float, tuple)):  # subclasses of the plain types
        return [_encode(item) for item in value] if isinstance(value, tuple) else value
    raise TypeError(f"cannot cache a {kind.__name__}")


def decode(data: bytes) -> FileScan:
    """The `FileScan` encoded in `data`; ValueError for anything that is not one."""
    return decode_as(data, FileScan)


def decode_as(data: bytes, expected: type[T]) -> T:
    """The `expected` value encoded in `data`; ValueError for anything that is not one."""
    try:
        value = json.loads(data, object_hook=_object)  # objects are built as they are parsed
    except (TypeError, KeyError, RecursionError, json.JSONDecodeError) as error:
        raise ValueError(f"not a cached {expected.__name__}: {error}") from None
    if not isinstance(value, expected):
        raise ValueError(f"not a cached {expected.__name__}")
    return value


def _object(value: dict[str, Any]) -> Any:
    name = value.pop(_TYPE, "")
    cls = _DATACLASSES.get(name)
    if cls is not None:
        return cls(**{key: _tuples(v) if type(v) is list else v for key, v in value.items()})
    enum_cls = _ENUMS.get(name)
    if enum_cls is None:
        raise ValueError("unknown type in cache entry")
    return enum_cls(value["v"])


def _tuples(value: list[Any]) -> tuple[Any, ...]:
    """JSON arrays back to the tuples they were (objects inside are built already)."""
    return tuple(_tuples(item) if type(item) is list else item for item in value)
