"""`tsconfig.json` / `jsconfig.json`: `baseUrl`, `paths`, `extends`, `references` and the
`include`/`exclude`/`files` that say which files a config governs, from one file.

`import { EVENTS } from '@/constants/events'` means whatever the nearest tsconfig's
`compilerOptions.paths` maps `@/*` to. Each config is read on its own, a pure function of
its bytes like every source file, into a `TsConfig` with root-relative paths;
`scanner.javascript.aliases` merges `extends` chains and applies them in the resolve stage.

The files are JSONC (comments, trailing commas), as TypeScript reads them. One that still
does not parse is noted and left out: a broken tsconfig never stops the scan.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from scanner.model import FileScan, Language, Problem, ProblemKind, TsConfig

GOVERNING_NAMES = ("tsconfig.json", "jsconfig.json")  # in order of preference

# A string, a comment, or a comma followed (after blanks and comments) by `}` or `]`.
_JSONC_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?(?:\*/|\Z)|,(?=(?:\s|//[^\n]*|/\*.*?\*/)*[}\]])',
    re.DOTALL,
)


def strip_jsonc(text: str) -> str:
    """JSON text with comments blanked and trailing commas removed; lines and columns stay."""

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith('"'):
            return token
        return re.sub(r"[^\n]", " ", token)

    return _JSONC_TOKEN.sub(blank, text)


def parse_jsonc(text: str) -> Any:
    """Parse JSONC (`json.JSONDecodeError` when it is not even that)."""
    return json.loads(strip_jsonc(text))


def _join(directory: str, relative: str) -> str:
    joined = posixpath.normpath(posixpath.join(directory, relative))
    return "" if joined == "." else joined


def _extends(directory: str, value: Any) -> tuple[str, ...]:
    """Relative bases only: a package's config (`@tsconfig/next`) is not in the tree."""
    values = value if isinstance(value, list) else [value]
    return tuple(
        _join(directory, item)
        for item in values
        if isinstance(item, str) and item.startswith(("./", "../"))
    )


def _paths(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    if not isinstance(value, dict):
        return None
    return tuple(
        (pattern, tuple(item for item in targets if isinstance(item, str)))
        for pattern, targets in value.items()
        if isinstance(targets, list) and pattern.count("*") <= 1
    )


def _references(directory: str, value: Any) -> tuple[str, ...]:
    """`references: [{"path": "./tsconfig.app.json"}, {"path": "../lib"}]`: as TypeScript
    reads them, a path ending in `.json` is the config, anything else a directory whose
    `tsconfig.json` it is."""
    found: list[str] = []
    for item in value if isinstance(value, list) else ():
        reference = item.get("path") if isinstance(item, dict) else None
        if not isinstance(reference, str) or not reference:
            continue
        config = _join(directory, reference)
        if not reference.lower().endswith(".json"):
            config = posixpath.join(config, "tsconfig.json")
        found.append(config)
    return tuple(found)


def _specs(directory: str, value: Any) -> tuple[str, ...] | None:
    """`include`, `exclude` or `files`, root-relative (`None` when the config leaves it out,
    so that an `extends` base's applies)."""
    if not isinstance(value, list):
        return None
    return tuple(
        _join(directory, item)
        for item in value
        if isinstance(item, str) and item and not posixpath.isabs(item)
    )


def read_tsconfig(path: str, data: Any) -> TsConfig:
    """The parts of a parsed config that say where bare imports go, and for which files."""
    directory = posixpath.dirname(path)
    if not isinstance(data, dict):
        return TsConfig()
    options = data.get("compilerOptions")
    options = options if isinstance(options, dict) else {}
    base_url = options.get("baseUrl")
    return TsConfig(
        extends=_extends(directory, data.get("extends")),
        base_url=_join(directory, base_url) if isinstance(base_url, str) else None,
        paths=_paths(options.get("paths")),
        references=_references(directory, data.get("references")),
        include=_specs(directory, data.get("include")),
        exclude=_specs(directory, data.get("exclude")),
        files=_specs(directory, data.get("files")),
    )


def extract_tsconfig(path: str, content: bytes) -> FileScan:
    try:
        data = parse_jsonc(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        message = f"{posixpath.basename(path)} is not UTF-8; its paths and baseUrl are not used"
        problem = Problem(path, None, ProblemKind.TSCONFIG_IGNORED, message)
        return FileScan(path=path, language=Language.JAVASCRIPT, problems=(problem,))
    except (json.JSONDecodeError, RecursionError) as error:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else None
        column = error.colno if isinstance(error, json.JSONDecodeError) else None
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "too deeply nested"
        name = posixpath.basename(path)
        message = f"invalid {name} ({reason}); its paths and baseUrl are not used"
        problem = Problem(path, line, ProblemKind.TSCONFIG_IGNORED, message, column)
        return FileScan(path=path, language=Language.JAVASCRIPT, problems=(problem,))
    return FileScan(path=path, language=Language.JAVASCRIPT, tsconfig=read_tsconfig(path, data))
