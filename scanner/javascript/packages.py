"""Workspace packages: a `package.json` maps its package name to its entry modules.

`import { Events } from '@acme/events'` in a monorepo means "the entry file of the package
named `@acme/events` in this tree". Each `package.json` is read on its own (a pure function
of its bytes, like every source file) into definitions the JS namespace understands:
`js:npm:@acme/events#~0` → the first candidate entry module, `#~1` the next, and so on.
Entries that point into build output (`dist/index.js`, `lib/esm/index.d.ts`) also get a
`src/` candidate, because build output is not scanned but its sources are.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from scanner.javascript.modules import NPM, target
from scanner.model import Definitions, FileScan, Language, Problem, ProblemKind, Reference

_BUILD_DIRS = frozenset({"dist", "build", "lib", "out", "esm", "cjs", "es"})
_FORMAT_DIRS = frozenset({"esm", "cjs", "es", "umd", "mjs", "types", "src", "lib"})
_ENTRY_FIELDS = ("source", "module", "main", "types", "typings", "browser")


def _leaves(value: Any) -> list[str]:
    """Every path in an exports value, conditions in the order written."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [path for item in value for path in _leaves(item)]
    if isinstance(value, dict):
        return [path for item in value.values() for path in _leaves(item)]
    return []


def _entries(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Subpath (`.`, `./constants`, `./*`) → candidate files, relative to the package."""
    exports = manifest.get("exports")
    if exports is None:
        main = [manifest[f] for f in _ENTRY_FIELDS if isinstance(manifest.get(f), str)]
        return {".": [*main, "index"], "./*": ["*"]}
    if isinstance(exports, dict) and any(str(key).startswith(".") for key in exports):
        return {key: _leaves(value) for key, value in exports.items() if key.startswith(".")}
    return {".": _leaves(exports)}


def _variants(path: str) -> list[str]:
    """The path itself, and its source file when it points into build output."""
    parts = posixpath.normpath(path).split("/")
    found = ["/".join(parts)]
    if len(parts) > 1 and parts[0] in _BUILD_DIRS:
        rest = parts[1:]
        while len(rest) > 1 and rest[0] in _FORMAT_DIRS:
            rest = rest[1:]
        found.append("/".join(["src", *rest]))
    return found


def extract_package(path: str, content: bytes) -> FileScan:
    try:
        manifest = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problem = Problem(path, None, ProblemKind.ENCODING_ERROR, "package.json is not UTF-8")
        return FileScan(path=path, language=Language.JAVASCRIPT, problems=(problem,))
    except json.JSONDecodeError as error:
        problem = Problem(
            path, error.lineno, ProblemKind.PARSE_ERROR, f"invalid JSON: {error.msg}", error.colno
        )
        return FileScan(path=path, language=Language.JAVASCRIPT, problems=(problem,))
    name = manifest.get("name") if isinstance(manifest, dict) else None
    if not isinstance(name, str) or not name:
        return FileScan(path=path, language=Language.JAVASCRIPT)
    directory = posixpath.dirname(path)
    constants = []
    for subpath, candidates in _entries(manifest).items():
        spec = name if subpath == "." else name + subpath[1:]
        modules: list[str] = []
        for candidate in candidates:
            for variant in _variants(candidate):
                module = posixpath.normpath(posixpath.join(directory, variant))
                if module not in modules and not module.startswith("../"):
                    modules.append(module)
        for order, module in enumerate(modules):
            key = target(NPM + spec) + f"~{order}"
            constants.append((key, Reference(target(module))))
    return FileScan(
        path=path,
        language=Language.JAVASCRIPT,
        definitions=Definitions(tuple(sorted(constants, key=lambda item: item[0]))),
    )
