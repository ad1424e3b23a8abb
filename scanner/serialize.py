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


def encode(value: Any) -> bytes:
    """A `scanner.model` value (a `FileScan`, a `ScanResult` …); TypeError for anything else."""
    return json.dumps(_encode(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):  # before str: our enums are str subclasses
        return {_TYPE: type(value).__name__, "v": value.value}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and _TYPES.get(type(value).__name__) is type(value):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_TYPE: type(value).__name__, **fields}
    raise TypeError(f"cannot cache a {type(value).__name__}")


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
    cls = _TYPES.get(value.pop(_TYPE, ""))
    if cls is None:
        raise ValueError("unknown type in cache entry")
    if issubclass(cls, enum.Enum):
        return cls(value["v"])
    return cls(**{key: _tuples(item) for key, item in value.items()})


def _tuples(value: Any) -> Any:
    """JSON arrays back to the tuples they were (objects inside are built already)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value
