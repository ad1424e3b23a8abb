"""Qualified names as call sites spell them: what a second extraction pass looks for."""

from __future__ import annotations

import re

from scanner.javascript.functions import CALL
from scanner.javascript.modules import JS, split_target, target
from scanner.javascript.pending import spelled_names
from scanner.python_modules import PY, join_components

_COMPONENT = re.compile(r'\["(?:[^"\\]|\\.)*"\]|[^.\[]+')


def parent(qualified: str) -> str | None:
    """The receiver of a method's qualified name: `…segment_client.track` → `…segment_client`."""
    if qualified.startswith(JS):
        module, path = split_target(qualified)
        return target(module, path[:-1]) if len(path) > 1 else None
    parts = _COMPONENT.findall(qualified[len(PY) :])
    return PY + join_components(parts[:-1]) if len(parts) > 1 else None


def spelled(key: str) -> set[str]:
    """The identifiers a call site spells to reach a key: a JavaScript hook's name rather
    than its result's member, a Python function's or method's own name."""
    if key.startswith(JS):
        _, path = split_target(key)
        if CALL in path:
            head = path[: path.index(CALL)]
            return {head[-1].split("@", 1)[0]} if head else set()
        if path and path[0] == "default":
            return spelled_names(key)
        return {path[-1].split("@", 1)[0]} if path else set()
    parts = [p for p in _COMPONENT.findall(key[len(PY) :]) if p != "()" and not p.startswith("[")]
    return {parts[-1]} if parts else set()


def is_local(key: str) -> bool:
    """A function-local JavaScript function: only its own file can call it."""
    if not key.startswith(JS):
        return False
    _, path = split_target(key)
    return bool(path) and "@" in path[0]


def last_name(qualified: str) -> str:
    if qualified.startswith(JS):
        _, path = split_target(qualified)
        return path[-1].split("@", 1)[0] if path else ""
    parts = _COMPONENT.findall(qualified[len(PY) :])
    return parts[-1] if parts else ""
