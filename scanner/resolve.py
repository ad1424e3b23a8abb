"""Join each file's raw calls with the repository's definitions: static name or dynamic.

Every language keeps its own qualified-name scheme (`py:pkg.mod.NAME`, `js:web/src/x#NAME`);
a `Namespace` per scheme answers "what is this target bound to?" one step at a time, and
`Resolver` follows references, joins concatenations and stops at cycles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from scanner.index import FileIndex
from scanner.javascript.modules import JS, JsNamespace
from scanner.model import (
    Call,
    Concat,
    Dynamic,
    FileScan,
    Language,
    NameExpr,
    NameFormat,
    Parameter,
    Properties,
    RawCall,
    Reference,
    Static,
    Symbol,
    Wrapper,
)
from scanner.options import ExtractOptions, SymbolName
from scanner.python_modules import PY, join_components, module_name_for
from scanner.wrappers import Linker

# Components of a dotted name, keeping `["a.b"]` subscripts whole.
_COMPONENT = re.compile(r'\["(?:[^"\\]|\\.)*"\]|[^.\[]+')


def split_components(dotted: str) -> list[str]:
    return _COMPONENT.findall(dotted)


class Namespace(Protocol):
    def lookup(self, target: str) -> NameExpr | None:
        """What `target` is bound to (possibly another reference), None when unknown."""


class PythonNamespace:
    """Python definitions, found by module name even when the import root differs.

    `from app.events import X` must find `src/app/events.py` (module `src.app.events`):
    modules are indexed under every dotted suffix of their name, and a suffix that names
    more than one module only counts when all of them agree.

    Module names come from paths alone, so the index of modules is built without parsing;
    a module's definitions are loaded from the `FileIndex` the first time a lookup needs
    them. Where two files define the same qualified name, the later in discovery order wins,
    whatever order they were loaded in.
    """

    MAX_HOPS = 32

    def __init__(self, files: FileIndex | Iterable[FileScan]) -> None:
        self.index = files if isinstance(files, FileIndex) else FileIndex.of(files)
        self.constants: dict[str, tuple[int, NameExpr]] = {}
        # Modules by the last component of their name; by any dotted suffix as asked for.
        self.modules_by_last: dict[str, set[str]] = {}
        self.modules_by_suffix: dict[str, set[str]] = {}
        self.module_paths: dict[str, list[str]] = {}
        self.star_imports: dict[str, list[str]] = {}
        # A class (by its qualified name, without the scheme) -> its bases, in order.
        self.class_bases: dict[str, list[str]] = {}
        self.loaded_modules: set[str] = set()
        self.keys_added: dict[str, set[str]] = {}  # by path: constants read from it so far
        self.looked_up: dict[str, NameExpr | None] = {}
        for path in self.index.paths([Language.PYTHON]):
            module = module_name_for(path)
            self.module_paths.setdefault(module, []).append(path)
            self.modules_by_last.setdefault(module.rpartition(".")[2], set()).add(module)

    def modules_ending_with(self, suffix: str) -> set[str]:
        """The modules named `suffix` or `<something>.suffix`."""
        found = self.modules_by_suffix.get(suffix)
        if found is None:
            last = suffix.rpartition(".")[2]
            dotted = f".{suffix}"
            found = {
                module
                for module in self.modules_by_last.get(last, ())
                if module == suffix or module.endswith(dotted)
            }
            self.modules_by_suffix[suffix] = found
        return found

    def candidate_paths(self, target: str) -> list[str]:
        """Files a lookup of `target` may read first: to load them together, up front."""
        parts = split_components(target[len(PY) :])
        paths: list[str] = []
        for split in range(len(parts) - 1, 0, -1):
            for module in sorted(self.modules_ending_with(".".join(parts[:split]))):
                paths.extend(
                    path
                    for path in self.module_paths[module]
                    if self.index.partial_for(path, parts[split]) is None
                )
        return paths

    def _load_module(self, module: str, name: str | None = None) -> None:
        """Read a module's definitions: in full, or, for a lookup under its module-level
        `name`, from the scans of its calls if those hold all of that name's."""
        if module in self.loaded_modules:
            return
        paths = self.module_paths.get(module, [])
        if name is not None and paths:
            partial = [self.index.partial_for(path, name) for path in paths]
            if all(scan is not None for scan in partial):
                for path, scan in zip(paths, partial, strict=True):
                    assert scan is not None
                    self._add_constants(module, path, scan)
                return
        self.loaded_modules.add(module)
        for path in paths:
            self._add_constants(module, path, self.index.get(path))

    def _add_constants(self, module: str, path: str, scan: FileScan) -> None:
        order = self.index.order[path]
        added = self.keys_added.setdefault(path, set())
        earlier = frozenset(added)  # read already, from the scan of its calls
        names = None if scan.complete_names is None else frozenset(scan.complete_names)
        prefix = f"{PY}{module}."
        for key, value in scan.definitions.constants:
            if key in earlier:
                continue
            if names is not None:
                first = split_components(key[len(prefix) :])[:1] if key.startswith(prefix) else []
                if not first or first[0] not in names:
                    continue
            added.add(key)
            owner, _, last = key.rpartition(".")
            if last.startswith("*") and isinstance(value, Reference):
                self.star_imports.setdefault(module, []).append(value.target[len(PY) :])
            elif last.startswith("^") and isinstance(value, Reference):
                bases = self.class_bases.setdefault(owner[len(PY) :], [])
                bases.append(value.target[len(PY) :])
            elif key not in self.constants or self.constants[key][0] <= order:
                self.constants[key] = (order, value)

    def _constant(self, key: str) -> NameExpr | None:
        """What `key` is bound to, after loading every module that could define it."""
        parts = split_components(key[len(PY) :])
        for end in range(1, len(parts)):
            module = ".".join(parts[:end])
            if module in self.module_paths:
                self._load_module(module, parts[end])
        found = self.constants.get(key)
        return None if found is None else found[1]

    def lookup(self, target: str) -> NameExpr | None:
        # Memoized: a lookup loads every module that could define its answer first, so
        # modules loaded later never change it.
        if target not in self.looked_up:
            self.looked_up[target] = self._lookup(split_components(target[len(PY) :]), 0)
        return self.looked_up[target]

    def _lookup(self, parts: list[str], hops: int) -> NameExpr | None:
        if hops > self.MAX_HOPS:
            return None
        for split in range(len(parts) - 1, 0, -1):
            name = ".".join(parts[:split])
            candidates = self.modules_ending_with(name)
            if not candidates:
                continue
            if name in candidates:
                candidates = {name}  # an exact module name beats suffix matches
            found = {
                result
                for module in sorted(candidates)
                if (result := self._in_module(module, parts[split:], hops)) is not None
            }
            if len(found) == 1:
                return found.pop()
            if found:
                return Dynamic("ambiguous: defined differently in several modules")
        return None

    def _in_module(self, module: str, attrs: list[str], hops: int) -> NameExpr | None:
        exact = self._constant(f"{PY}{module}.{join_components(attrs)}")
        if exact is not None:
            return exact
        # A prefix bound to something else: `Events` imported from elsewhere, then `.X`.
        for cut in range(len(attrs) - 1, 0, -1):
            alias = self._constant(f"{PY}{module}.{join_components(attrs[:cut])}")
            if isinstance(alias, Reference) and alias.target.startswith(PY):
                rest = split_components(alias.target[len(PY) :]) + attrs[cut:]
                return self._lookup(rest, hops + 1)
        self._load_module(module)
        for star in self.star_imports.get(module, []):
            found = self._lookup([*star.split("."), *attrs], hops + 1)
            if found is not None:
                return found
        # A member a class does not define itself comes from its bases, in order.
        for cut in range(len(attrs) - 1, 0, -1):
            for base in self.class_bases.get(f"{module}.{join_components(attrs[:cut])}", ()):
                found = self._lookup([*split_components(base), *attrs[cut:]], hops + 1)
                if found is not None:
                    return found
        return None


def is_enum_member(name: NameExpr | None, target: str) -> bool:
    """Whether `target` is an enum member: the Python extractor defines each member's `.name`
    beside it (`scanner.python`), as its last component."""
    return isinstance(name, Static) and name.value == target.rsplit(".", 1)[-1]


class Resolver:
    """Evaluates name expressions to strings across every namespace."""

    MAX_DEPTH = 64

    def __init__(self, namespaces: dict[str, Namespace]) -> None:
        self.namespaces = namespaces
        self.memo: dict[str, str | None] = {}

    def value(self, expr: NameExpr, depth: int = 0) -> str | None:
        if isinstance(expr, Static):
            return expr.value
        if isinstance(expr, (Dynamic, Parameter, Symbol)) or depth > self.MAX_DEPTH:
            return None
        if isinstance(expr, Concat):
            parts = [self.value(part, depth + 1) for part in expr.parts]
            return None if any(p is None for p in parts) else "".join(p for p in parts if p)
        if expr.formatted:
            return self._formatted(expr.target, depth)
        return self._reference(expr.target, depth)

    def _formatted(self, target: str, depth: int) -> str | None:
        """The text a name formats to in an f-string: its value, unless it is an enum member
        (found through aliases: `PREFIX = Pages.HOME`), whose text depends on the Python
        version. A value built by `+` is a plain string whatever its parts."""
        for _ in range(self.MAX_DEPTH):
            if is_enum_member(self.bound(f"{target}.name"), target):
                return None
            bound = self.bound(target)
            if not isinstance(bound, Reference):
                return None if bound is None else self.value(bound, depth + 1)
            target = bound.target
        return None

    def bound(self, target: str) -> NameExpr | None:
        """What a qualified name is bound to, one step (None when nothing is)."""
        namespace = self.namespaces.get(target.split(":", 1)[0] + ":")
        return namespace.lookup(target) if namespace is not None else None

    def follow(self, expr: NameExpr | None) -> NameExpr | None:
        """Follow references to what they end at: a `Symbol`, a `Parameter`, a string…"""
        for _ in range(self.MAX_DEPTH):
            if not isinstance(expr, Reference):
                return expr
            expr = self.bound(expr.target)
        return None

    def _reference(self, target: str, depth: int) -> str | None:
        if target in self.memo:
            return self.memo[target]
        self.memo[target] = None  # a cycle resolves to "unknown"
        scheme = target.split(":", 1)[0] + ":"
        namespace = self.namespaces.get(scheme)
        bound = namespace.lookup(target) if namespace is not None else None
        result = None if bound is None else self.value(bound, depth + 1)
        self.memo[target] = result
        return result


# One namespace per qualified-name scheme, each loading definitions on demand. A builder
# may also take the index as a plain `Iterable[FileScan]`: all loaded already.
NAMESPACES: dict[str, Callable[[FileIndex], Namespace]] = {
    PY: PythonNamespace,
    JS: JsNamespace,
}


@dataclass(frozen=True, slots=True)
class Resolution:
    calls: tuple[Call, ...]
    wrappers: tuple[Wrapper, ...]
    # The names of the wrappers and clients found: files that spell them are extracted again
    # with these as `ExtractOptions.symbols`, to record their calls (see `scanner.link`).
    symbols: tuple[SymbolName, ...] = ()


def resolve_all(
    files: Iterable[FileScan],
    index: FileIndex | None = None,
    options: ExtractOptions | None = None,
) -> Resolution:
    """Every call of `files` (SDK calls, wrapper call sites, calls on clients from other
    files), with its event name resolved where it is static, and the wrappers found.

    Names resolve against the definitions in `index` (every discovered file, loaded on
    demand), by default those of `files` themselves.
    """
    files = tuple(files)
    index = index if index is not None else FileIndex.of(files)
    namespaces = {scheme: build(index) for scheme, build in NAMESPACES.items()}
    for namespace in namespaces.values():
        if isinstance(namespace, Localizing):
            files = tuple(namespace.localize(scan) for scan in files)
    _prefetch(index, namespaces, (raw.event for scan in files for raw in scan.calls))
    resolver = Resolver(dict(namespaces))
    linked = Linker(files, resolver, options or ExtractOptions()).link()
    calls = [
        resolve_call(raw, resolver, (raw.location, raw.method) in linked.forwarding)
        for raw in linked.calls
    ]
    calls.sort(key=lambda call: (call.location.path, call.location.line, call.location.column))
    symbols = tuple(sorted(linked.symbols, key=lambda s: (s.name, s.path)))
    return Resolution(tuple(calls), tuple(linked.wrappers), symbols)


def resolve(
    files: Iterable[FileScan],
    index: FileIndex | None = None,
    options: ExtractOptions | None = None,
) -> tuple[Call, ...]:
    """Every call of `files`, with its event name resolved where it is static."""
    return resolve_all(files, index, options).calls


@runtime_checkable
class Prefetching(Protocol):
    def candidate_paths(self, target: str) -> list[str]:
        """Files a lookup of `target` is likely to read."""


@runtime_checkable
class Localizing(Protocol):
    def localize(self, scan: FileScan) -> FileScan:
        """`scan` with references that depend on where it sits made plain (JavaScript
        path aliases: the same specifier names different modules in different projects)."""


def _prefetch(
    index: FileIndex, namespaces: dict[str, Namespace], events: Iterable[NameExpr | None]
) -> None:
    """Load the files the calls' references point at in one batch, not one by one."""
    paths: list[str] = []
    for target in sorted({t for event in events for t in reference_targets(event)}):
        namespace = namespaces.get(target.split(":", 1)[0] + ":")
        if isinstance(namespace, Prefetching):
            paths.extend(namespace.candidate_paths(target))
    index.prefetch(paths)


def reference_targets(expr: NameExpr | None) -> Iterator[str]:
    if isinstance(expr, Reference):
        yield expr.target
    elif isinstance(expr, Concat):
        for part in expr.parts:
            yield from reference_targets(part)


_IGLU = re.compile(r"^iglu:[^/]+/([^/]+)/[^/]+/[^/]+$")


def event_name(value: str, name_format: NameFormat) -> str:
    """A resolved name argument as the event name (an Iglu URI names its schema)."""
    if name_format is NameFormat.IGLU:
        match = _IGLU.match(value)
        if match:
            return match.group(1)
    return value


def resolve_call(raw: RawCall, resolver: Resolver, forwarding: bool = False) -> Call:
    event = None if raw.event is None else resolver.value(raw.event)
    if event is not None:
        event = event_name(event, raw.name_format)
    return Call(
        location=raw.location,
        end_line=raw.end_line,
        end_column=raw.end_column,
        language=raw.language,
        method=raw.method,
        callee=raw.callee,
        event=event,
        dynamic=raw.event is not None and event is None,
        expression=raw.expression,
        properties=_plain(raw.properties),
        sdk=raw.sdk,
        wrapper=raw.wrapper,
        forwarding=forwarding,
    )


def _plain(properties: Properties | None) -> Properties | None:
    """Properties as a report shows them: a wrapper's parameter is just unknown keys."""
    if properties is None or properties.parameter is None:
        return properties
    return Properties(properties.entries, True)
