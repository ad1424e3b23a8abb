"""Settings from defaults, the config file and command-line flags, in that order.

One table, `OPTIONS`, is the truth for both: config keys are the long flag names in
snake_case. Unknown keys warn (with a suggestion); a wrong type is a `ConfigError` (exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.links import check_template
from scanner.errors import ConfigError
from scanner.model import Value
from scanner.naming import EVENT_CONVENTIONS, PROPERTY_CONVENTIONS
from scanner.plan import PLAN_FORMATS
from scanner.suggest import did_you_mean
from trackscan.call_patterns import call_patterns, sdk_list
from trackscan.config_file import config_file_path, toml, trackscan_table


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Option(Value):
    """A config key: how to check and convert a value read from TOML."""

    convert: Callable[[Any, str], Any]
    is_path: bool = False  # relative to the config file's directory
    help: str = ""


def _string(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise TypeError("a string")
    return value


def _boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("a number")
    return float(value)


def _string_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("a list of strings")
    return tuple(value)


def _comma_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return _string_list(value, key)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]i?[bB]?|[bB])?\s*$")
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "ki": 1024,
    "m": 1000**2,
    "mi": 1024**2,
    "g": 1000**3,
    "gi": 1024**3,
}


def parse_size(value: Any, key: str = "") -> int:
    """`2097152`, `"2 MiB"`, `"500kB"` → bytes."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if not match:
        raise TypeError('a size in bytes, or a string such as "2 MiB"')
    unit = (match.group(2) or "").lower().rstrip("b")
    return int(float(match.group(1)) * _UNITS[unit])


def _source_url(value: Any, key: str) -> str:
    template = _string(value, key)
    problem = check_template(template)
    if problem is not None:
        raise TypeError(f"a URL template {problem}")
    return template


def _choice(*choices: str) -> Callable[[Any, str], str]:
    def convert(value: Any, key: str) -> str:
        if value not in choices:
            raise TypeError("one of " + ", ".join(repr(c) for c in choices))
        return str(value)

    return convert


def _positive_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError("a whole number of at least 1")
    return value


OPTIONS: dict[str, Option] = {
    "plan": Option(_string, is_path=True, help="tracking plan file"),
    "plan_format": Option(_choice(*PLAN_FORMATS), help="plan format (default: from content)"),
    "event_naming": Option(_choice(*EVENT_CONVENTIONS), help="event name convention"),
    "property_naming": Option(_choice(*PROPERTY_CONVENTIONS), help="property key convention"),
    "include": Option(_string_list, help="gitignore-style globs of files to scan"),
    "exclude": Option(_string_list, help="gitignore-style globs of files to skip"),
    "respect_gitignore": Option(_boolean),
    "max_file_size": Option(parse_size),
    "check_syntax": Option(_boolean, help="also parse files that cannot hold a call"),
    "fail_under": Option(_number),
    "fail_on": Option(_comma_list),
    "exit_zero": Option(_boolean),
    "json": Option(_string, is_path=True),
    "html": Option(_string, is_path=True, help="write the HTML report to this file"),
    "markdown": Option(_string, is_path=True, help="write the pull-request comment to this file"),
    "sarif": Option(_string, is_path=True, help="write SARIF 2.1.0 to this file"),
    "gitlab": Option(_string, is_path=True, help="write a GitLab Code Quality report here"),
    "github_annotations": Option(_boolean, help="print GitHub workflow annotations"),
    "source_url": Option(_source_url, help="link template with {commit}, {path} and {line}"),
    "baseline": Option(_string, is_path=True, help="JSON report to compare with"),
    "quiet": Option(_boolean),
    "verbose": Option(_boolean),
    "color": Option(_choice("auto", "always", "never")),
    "jobs": Option(_positive_int, help="worker processes (default: one per CPU)"),
    "cache": Option(_boolean, help="reuse per-file results from earlier runs"),
    "cache_dir": Option(_string, is_path=True, help="cache directory"),
    "shard": Option(_string, help="scan the K-th of N parts of the files: K/N"),
    "progress": Option(_boolean, help="progress bar on a terminal"),
    "sdks": Option(sdk_list, help="analytics SDK presets to look for (flag: --sdk, repeatable)"),
    "calls": Option(call_patterns, help="a team's own tracking calls ([[calls]] tables)"),
    "infer_wrappers": Option(_boolean, help="find wrapper functions and check their call sites"),
    "explain": Option(_boolean, help="list the call patterns and the wrappers found"),
}


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ConfigFile(Value):
    """The settings a config file holds, and what was wrong with it."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def find_config_file(root: Path, explicit: Path | None = None) -> Path | None:
    """`--config`, else `$TRACKSCAN_CONFIG`, else trackscan.toml or pyproject.toml at the root."""
    path = config_file_path(root, explicit)
    if path is not None and not path.is_file():  # only a named one can be missing
        raise ConfigError("config file not found", str(path))
    return path


def read_config(path: Path | None) -> ConfigFile:
    """Read and check `[tool.trackscan]` (or a trackscan.toml's top level)."""
    if path is None:
        return ConfigFile(None)
    tomllib = toml()
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config file: {error.strerror}", shown) from None
    except UnicodeDecodeError:
        raise ConfigError("config file is not valid UTF-8", shown) from None
    except tomllib.TOMLDecodeError as error:
        line = _toml_error_line(str(error))
        raise ConfigError(f"invalid TOML: {error}", shown, line) from None
    table = trackscan_table(path, data)
    if not isinstance(table, dict):
        raise ConfigError("[tool.trackscan] must be a table", shown)
    return check_table(table, path)


def check_table(table: dict[str, Any], path: Path) -> ConfigFile:
    shown = str(path)
    prefix = "[tool.trackscan] " if path.name == "pyproject.toml" else ""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, raw in table.items():
        option = OPTIONS.get(key)
        if option is None:
            suggestion = did_you_mean(key, OPTIONS)
            warnings.append(f"{shown}: unknown option {prefix}'{key}'{suggestion}; ignored")
            continue
        try:
            value = option.convert(raw, key)
        except TypeError as expected:
            raise ConfigError(f"{prefix}'{key}' must be {expected}, got {raw!r}", shown) from None
        except ValueError as problem:  # a value of the right type that is wrong in itself
            raise ConfigError(f"{prefix}{problem}", shown) from None
        if option.is_path and isinstance(value, str) and value != "-":
            value = str(path.parent / value)
        values[key] = value
    return ConfigFile(path, values, tuple(warnings))


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
