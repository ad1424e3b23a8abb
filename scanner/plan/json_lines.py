"""The line of every key and array item in a JSON text, for `file:line` plan errors.

`json.loads` says nothing about positions, and reading JSON through the YAML composer fails
on tab-indented files (Typewriter writes its `plan.json` with tabs) and is slow on large
plans. JSON's token grammar is small: one regular expression walks it, a stack tracks the
key path. Call it only on text `json.loads` already accepted.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

# Strings (with escapes), structural characters, and everything else up to a delimiter.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


@dataclass
class _Frame:
    """An open object or array (mutable scratch state, never leaves this module)."""

    path: KeyPath
    is_object: bool
    next_index: int = 0
    key: str = ""


def json_key_lines(text: str) -> dict[KeyPath, int]:
    """Map each key path (`("rules", 3, "name")`) to the 1-based line where it starts."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    lines: dict[KeyPath, int] = {}
    stack: list[_Frame] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == ",":
            expect_key = bool(stack) and stack[-1].is_object
            continue
        if token == ":":
            continue
        if token in ("}", "]"):
            stack.pop()
            expect_key = False
            continue
        line = bisect_right(newlines, match.start()) + 1
        if expect_key:
            frame = stack[-1]
            frame.key = _decode_key(token)
            key_path = (*frame.path, frame.key)
            lines[key_path] = line
            expect_key = False
            continue
        # A value: its path is the container's path plus the pending key or the next index.
        path: KeyPath = ()
        if stack:
            frame = stack[-1]
            if frame.is_object:
                path = (*frame.path, frame.key)
            else:
                path = (*frame.path, frame.next_index)
                frame.next_index += 1
        lines.setdefault(path, line)
        if token in ("{", "["):
            stack.append(_Frame(path, token == "{"))
            expect_key = token == "{"
    return lines


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    value = json.loads(token)
    return value if isinstance(value, str) else token[1:-1]
