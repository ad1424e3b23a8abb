"""The `py:` qualified-name scheme: module names from paths, and components joined.

Resolving and linking use these in the main process; nothing here needs libcst, so a scan
whose files all come from the cache or from worker processes never loads the parser.
"""

from __future__ import annotations

import json

PY = "py:"
CALL = "()"  # the component for "the value a call returns": `make_tracker.().track`


def module_name_for(path: str) -> str:
    """`src/app/events.py` → `src.app.events`; a package's `__init__.py` names the package."""
    parts = path[: -len(".py")].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def subscript_component(key: str) -> str:
    """How a literal dict key appears in a qualified name: `EVENTS["signup"]`."""
    return "[" + json.dumps(key) + "]"


def join_components(parts: list[str]) -> str:
    """`["mod", "EVENTS", '["a"]']` → `mod.EVENTS["a"]`: subscripts attach without a dot."""
    text = ""
    for part in parts:
        text += part if part.startswith("[") or not text else "." + part
    return text
