"""Config values that describe what to look for: `sdks = [...]` and `[[tool.trackscan.calls]]`.

Converters for `trackscan.config.OPTIONS`: a wrong type raises `TypeError` (the expected
type), anything else wrong raises `ValueError` with a message naming the entry and key, so
`check_table` can report `trackscan.toml: calls[1].event: ...` and stop with exit code 2.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.model import Method
from scanner.options import CallPattern
from scanner.sdks import PRESET_NAMES
from scanner.suggest import did_you_mean

ALL = "all"
_CALL_KEYS = ("callee", "method", "event", "properties", "language")
_LANGUAGES = {"python": "python", "javascript": "javascript", "typescript": "javascript"}
# Identifiers, `.`, `()`, `*`: what a callee as written can hold (`useAnalytics().track`).
_CALLEE = re.compile(
    r"^(?:[A-Za-z_$*][A-Za-z0-9_$*]*(?:\(\))?)(?:\.[A-Za-z_$*][A-Za-z0-9_$*]*(?:\(\))?)*$"
)


def sdk_list(value: Any, key: str = "sdks") -> tuple[str, ...]:
    """`["segment", "mixpanel"]` (or a comma-separated string); `all` for every preset."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError("a list of SDK names")
    names: list[str] = []
    for name in value:
        if name == ALL:
            names.extend(PRESET_NAMES)
        elif name in PRESET_NAMES:
            names.append(name)
        else:
            suggestion = did_you_mean(name, [*PRESET_NAMES, ALL])
            known = ", ".join([*PRESET_NAMES, ALL])
            raise ValueError(f"'{key}': unknown SDK '{name}'{suggestion}; known: {known}")
    if not names:
        raise ValueError(f"'{key}' must name at least one SDK: " + ", ".join(PRESET_NAMES))
    return tuple(dict.fromkeys(names))


def call_patterns(value: Any, key: str = "calls") -> tuple[CallPattern, ...]:
    """`[[tool.trackscan.calls]]` tables, each checked key by key."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise TypeError("an array of tables ([[calls]] entries)")
    return tuple(_pattern(entry, f"{key}[{index}]") for index, entry in enumerate(value))


def _pattern(entry: dict[str, Any], where: str) -> CallPattern:
    for name in entry:
        if name not in _CALL_KEYS:
            suggestion = did_you_mean(name, _CALL_KEYS)
            raise ValueError(
                f"{where}: unknown key '{name}'{suggestion}; expected " + ", ".join(_CALL_KEYS)
            )
    callee = entry.get("callee")
    if not isinstance(callee, str) or not callee.strip():
        raise ValueError(f"{where}.callee is required: the function as called, e.g. 'trackEvent'")
    if not _CALLEE.match(callee):
        raise ValueError(
            f"{where}.callee: {callee!r} is not a callee pattern (names joined by '.', with "
            "'()' for a call and '*' for anything: 'trackEvent', '*.track', "
            "'useAnalytics().track', 'self._track')"
        )
    method_name = entry.get("method", Method.TRACK.value)
    methods = [m.value for m in Method]
    if method_name not in methods:
        raise ValueError(f"{where}.method must be one of {', '.join(methods)}, got {method_name!r}")
    method = Method(method_name)
    event = _argument(entry.get("event"), f"{where}.event")
    if method.has_event_name and not event:
        raise ValueError(
            f"{where}.event is required for {method.value} calls: the argument's position "
            "(0 is the first), its keyword (Python) or its key in an object argument "
            "(JavaScript), or both as a list"
        )
    if not method.has_event_name and event:
        raise ValueError(f"{where}.event: {method.value} calls have no event name")
    properties = _argument(entry.get("properties"), f"{where}.properties")
    language = entry.get("language", "")
    if language and language not in _LANGUAGES:
        raise ValueError(
            f"{where}.language must be 'python' or 'javascript' (which includes TypeScript), "
            f"got {language!r}"
        )
    return CallPattern(callee.strip(), method, event, properties, _LANGUAGES.get(language, ""))


def _argument(value: Any, where: str) -> tuple[int | str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    checked: list[int | str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise ValueError(
                f"{where} must be a position, a name, or a list of both, got {value!r}"
            )
        if isinstance(item, int) and item < 0:
            raise ValueError(f"{where}: positions count from 0, got {item}")
        if isinstance(item, str) and not item.strip():
            raise ValueError(f"{where}: a name cannot be empty")
        checked.append(item)
    if not checked:
        raise ValueError(f"{where} must not be empty")
    return tuple(checked)
