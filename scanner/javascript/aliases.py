"""tsconfig `paths` and `baseUrl`: what a bare import means from one file.

Extraction records `import { EVENTS } from '@/constants/events'` as a reference into
`npm:@/constants/events`, because one file cannot know its tsconfig. In the resolve stage,
`Aliases` finds the config governing the importing file (the nearest `tsconfig.json`, else
`jsconfig.json`, in its directory or above; when that one has project `references`, the
first referenced config whose `files`/`include`/`exclude` select the file, as TypeScript's
editor support and Vite's solution-style templates have it), merges its `extends` chain,
and names the
module the alias points at (`JsNamespace.localize` rewrites the references), as
TypeScript resolves them: the `paths` pattern
that matches (an exact one, else the longest prefix before the `*`), its substitutions in
order, then `baseUrl`; the first that names a scanned file wins. A specifier nothing maps
stays a package import.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from scanner.javascript.tsconfig import GOVERNING_NAMES
from scanner.javascript.tsglob import Selection
from scanner.model import FileScan, PendingCall, Reference, TsConfig

ResolveModule = Callable[[str], str | None]


@dataclasses.dataclass(frozen=True, slots=True)
class _Effective:
    """A config with its `extends` chain merged: paths relative to `paths_base`."""

    base_url: str | None = None
    paths: tuple[tuple[str, tuple[str, ...]], ...] = ()
    paths_base: str = ""
    include: tuple[str, ...] | None = None  # root-relative, from whichever config sets them
    exclude: tuple[str, ...] | None = None
    files: tuple[str, ...] | None = None

    @property
    def maps_anything(self) -> bool:
        return self.base_url is not None or bool(self.paths)


_NOTHING = _Effective()


class Aliases:
    MAX_EXTENDS = 16
    MAX_REFERENCE_DEPTH = 16  # solution configs referencing solution configs, this deep

    def __init__(self, configs: Iterable[FileScan], resolve_module: ResolveModule) -> None:
        self.configs = {scan.path: scan.tsconfig for scan in configs if scan.tsconfig is not None}
        self.resolve_module = resolve_module
        self._effective: dict[str, _Effective] = {}
        self._nearest: dict[str, str | None] = {}  # directory -> its nearest config
        self._owners: dict[str, str] = {}  # file -> the referenced config that selects it
        self._selections: dict[str, Selection] = {}
        self._specs: dict[tuple[str | None, str], str | None] = {}

    def __bool__(self) -> bool:
        return any(c.base_url is not None or c.paths for c in self.configs.values())

    # -- configs ---------------------------------------------------------
    def governing(self, path: str) -> _Effective:
        """The merged config in force for a source file (nothing maps when there is none)."""
        config = self.governing_config(path)
        return _NOTHING if config is None else self.effective(config)

    def governing_config(self, path: str) -> str | None:
        """The config in force for a source file: the nearest one, unless one of its project
        `references` selects the file."""
        nearest = self.nearest_config(posixpath.dirname(path))
        if nearest is None or not self.configs[nearest].references:
            return nearest
        if path not in self._owners:
            self._owners[path] = self._referenced(nearest, path, {nearest}) or nearest
        return self._owners[path]

    def nearest_config(self, directory: str) -> str | None:
        """The `tsconfig.json` (else `jsconfig.json`) in `directory` or the closest above."""
        if directory not in self._nearest:
            found = None
            current: str | None = directory
            while current is not None:
                names = [posixpath.join(current, name) for name in GOVERNING_NAMES]
                found = next((name for name in names if name in self.configs), None)
                if found is not None:
                    break
                current = posixpath.dirname(current) if current else None
            self._nearest[directory] = found
        return self._nearest[directory]

    def _referenced(self, config: str, path: str, seen: set[str], depth: int = 0) -> str | None:
        """The first config `config` references that selects `path`; a referenced config
        that does not is searched through its own references in turn (a solution config
        referencing solution configs). Each config is visited once, so cycles end."""
        if depth > self.MAX_REFERENCE_DEPTH:
            return None
        for reference in self.configs[config].references:
            if reference in seen or reference not in self.configs:
                continue  # a missing or broken config (a `tsconfig-ignored` note) is absent
            seen.add(reference)
            if self._selection(reference).selects(path):
                return reference
            found = self._referenced(reference, path, seen, depth + 1)
            if found is not None:
                return found
        return None

    def _selection(self, path: str) -> Selection:
        """The files a config selects: its (or its `extends` chain's) `files`, `include` and
        `exclude`; with neither `files` nor `include`, everything under its directory."""
        if path not in self._selections:
            config = self.effective(path)
            include = config.include
            if include is None:
                default = (posixpath.join(posixpath.dirname(path), "**/*"),)
                include = default if config.files is None else ()
            self._selections[path] = Selection.of(config.files or (), include, config.exclude or ())
        return self._selections[path]

    def effective(self, path: str, seen: tuple[str, ...] = ()) -> _Effective:
        if not seen and path in self._effective:
            return self._effective[path]
        config = self.configs.get(path)
        if config is None or path in seen or len(seen) > self.MAX_EXTENDS:
            return _NOTHING
        merged = _NOTHING
        for base in config.extends:
            found = self._config_path(base)
            if found is not None:
                merged = _merge(merged, self.effective(found, (*seen, path)))
        merged = _merge(merged, _own(path, config))
        if not seen:  # a base's result inside a cycle depends on where the walk began
            self._effective[path] = merged
        return merged

    def _config_path(self, path: str) -> str | None:
        """`extends: "./base"` names `base` or, failing that, `base.json`."""
        for candidate in (path, path + ".json"):
            if candidate in self.configs:
                return candidate
        return None

    # -- specifiers ------------------------------------------------------
    def module_for(self, importer: str, spec: str) -> str | None:
        """The scanned module a bare specifier names from `importer`, when an alias maps it."""
        governing = self.governing_config(importer)
        config = _NOTHING if governing is None else self.effective(governing)
        if not config.maps_anything:
            return None
        key = (governing, spec)
        if key not in self._specs:
            self._specs[key] = next(
                (m for c in candidates(config, spec) if (m := self.resolve_module(c))), None
            )
        return self._specs[key]

    def maps(self, path: str) -> bool:
        """Whether any alias applies to the file at `path`."""
        return self.governing(path).maps_anything


def _own(path: str, config: TsConfig) -> _Effective:
    return _Effective(
        base_url=config.base_url,
        paths=config.paths or (),
        paths_base=posixpath.dirname(path),
        include=config.include,
        exclude=config.exclude,
        files=config.files,
    )


def _merge(base: _Effective, over: _Effective) -> _Effective:
    """Options a config sets replace its base's whole (`paths` is not merged key by key);
    so do `files`, `include` and `exclude`, which stay relative to the config that sets them."""
    return _Effective(
        base_url=over.base_url if over.base_url is not None else base.base_url,
        paths=over.paths if over.paths else base.paths,
        paths_base=over.paths_base if over.paths else base.paths_base,
        include=over.include if over.include is not None else base.include,
        exclude=over.exclude if over.exclude is not None else base.exclude,
        files=over.files if over.files is not None else base.files,
    )


def candidates(config: _Effective, spec: str) -> list[str]:
    """Module paths to try for a bare specifier, in TypeScript's order."""
    found: list[str] = []
    pattern = _matching_pattern(config.paths, spec)
    if pattern is not None:
        key, substitutions = pattern
        prefix, star, suffix = key.partition("*")
        middle = spec[len(prefix) : len(spec) - len(suffix)] if star else ""
        # `paths` are relative to `baseUrl` when one is set, else to their own config.
        base = config.base_url if config.base_url is not None else config.paths_base
        for substitution in substitutions:
            found.append(_join(base, substitution.replace("*", middle, 1)))
    if config.base_url is not None:
        found.append(_join(config.base_url, spec))
    return [path for path in found if path and not path.startswith("../") and path != ".."]


def _matching_pattern(
    paths: tuple[tuple[str, tuple[str, ...]], ...], spec: str
) -> tuple[str, tuple[str, ...]] | None:
    """An exact pattern, else the `*` pattern with the longest prefix."""
    best: tuple[str, tuple[str, ...]] | None = None
    best_prefix = -1
    for key, substitutions in paths:
        if key == spec:
            return key, substitutions
        prefix, star, suffix = key.partition("*")
        if not star or len(spec) < len(prefix) + len(suffix):
            continue
        if spec.startswith(prefix) and spec.endswith(suffix) and len(prefix) > best_prefix:
            best, best_prefix = (key, substitutions), len(prefix)
    return best


def _join(directory: str, relative: str) -> str:
    joined = posixpath.normpath(posixpath.join(directory, relative))
    return "" if joined == "." else joined


def rewrite_references(value: Any, rewrite: Callable[[str], str]) -> Any:
    """`value` (a `FileScan`, or any part of one) with every `Reference` target and pending
    callee passed through `rewrite`, sharing whatever does not change."""
    if isinstance(value, Reference):
        new = rewrite(value.target)
        return value if new == value.target else Reference(new)
    if isinstance(value, tuple):
        items = tuple(rewrite_references(item, rewrite) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for field in dataclasses.fields(value):
        old = getattr(value, field.name)
        new = rewrite_references(old, rewrite)
        if new is not old:
            changes[field.name] = new
    if isinstance(value, PendingCall):
        callee = rewrite(value.target)
        if callee != value.target:
            changes["target"] = callee
    return dataclasses.replace(value, **changes) if changes else value
