"""Where the config file is, and reading its TOML into trackscan's table.

Kept apart from `trackscan.config` (which checks the values, and imports the scanner to do
so) so that the early start (`trackscan.early`) can find and read the same file before
anything else of trackscan loads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

CONFIG_FILE_NAMES = ("trackscan.toml", "pyproject.toml")


def config_file_path(root: Path, explicit: Path | None = None) -> Path | None:
    """`--config`, else `$TRACKSCAN_CONFIG` (returned whether or not it exists), else
    trackscan.toml or a pyproject.toml with a `[tool.trackscan]` table at the root."""
    if explicit is None and os.environ.get("TRACKSCAN_CONFIG"):
        explicit = Path(os.environ["TRACKSCAN_CONFIG"])
    if explicit is not None:
        return explicit
    directory = root if root.is_dir() else root.parent
    for name in CONFIG_FILE_NAMES:
        candidate = directory / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
            return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return b"[tool.trackscan" in pyproject.read_bytes()
    except OSError:
        return False


def toml() -> ModuleType:
    """The TOML reader, imported when a config file is read: most scans have none."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    reader: ModuleType = tomllib
    return reader


def trackscan_table(path: Path, data: dict[str, Any]) -> Any:
    """trackscan's part of a config file's TOML: `[tool.trackscan]` of a pyproject.toml, the
    whole of any other file (not necessarily a table: the caller checks)."""
    return data.get("tool", {}).get("trackscan", {}) if path.name == "pyproject.toml" else data
