"""The `js:` qualified-name scheme, module specifiers, and the namespace `resolve` queries.

A JavaScript name is `js:<module>#<path>`: the module is the file's root-relative path
without its extension (`web/src/events`), or `npm:<specifier>` for a bare specifier
(`npm:@acme/events`); the path is the member chain (`Events.LOGIN`, `default`,
`EVENTS.["Signed Up"]`). `js:<module>#` with an empty path is the module object itself.

Extraction is per file, so an import is recorded as written, resolved against the
importing file's directory only (`./events` from `web/src/app.ts` is `web/src/events`).
`JsNamespace` then does what a bundler would with the files actually scanned: try the
extensions and `index` files, follow `export *`, object spreads and aliases, and map
workspace package names (from `package.json`) to their entry files.

Keys with a last component starting with `*` are spreads (`...X` in an object literal,
`export * from`); `js:npm:<spec>#~<n>` keys are a package's candidate entry modules,
in order of preference.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Sequence

from scanner.discover import is_tsconfig_name
from scanner.index import FileIndex
from scanner.javascript.aliases import Aliases, rewrite_references
from scanner.model import Dynamic, FileScan, Language, NameExpr, Reference

JS = "js:"
NPM = "npm:"
# Module suffixes, in order of preference when two files share a module name
# (`events.ts` beside the `events.js` compiled from it).
MODULE_SUFFIXES = (
    ".ts",
    ".tsx",
    ".mts",
    ".cts",
    ".js",
    ".jsx",
    ".mjs",
    ".cjs",
    ".vue",
    ".svelte",
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# Components of a member path, keeping `["a.b"]` keys whole (as `resolve.split_components`).
_COMPONENT = re.compile(r'\["(?:[^"\\]|\\.)*"\]|[^.\[]+')


def split_components(path: str) -> list[str]:
    return _COMPONENT.findall(path)


def key_component(key: str) -> str:
    """How a member name appears in a qualified name: `LOGIN`, or `["Signed Up"]`."""
    return key if _IDENTIFIER.match(key) else "[" + json.dumps(key) + "]"


def module_id(path: str) -> str:
    """`web/src/events.ts` → `web/src/events` (also strips `.d.ts`-less declaration stems)."""
    lowered = path.lower()
    for suffix in MODULE_SUFFIXES:
        if lowered.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _encode(module: str) -> str:
    return module.replace("%", "%25").replace("#", "%23")


def _decode(module: str) -> str:
    return module.replace("%23", "#").replace("%25", "%")


def target(module: str, path: Sequence[str] = ()) -> str:
    return f"{JS}{_encode(module)}#{'.'.join(path)}"


def member(base: str, path: Sequence[str]) -> str:
    """A member of a qualified name: `js:m#Events` + [LOGIN] → `js:m#Events.LOGIN`."""
    if not path:
        return base
    joined = ".".join(path)
    return base + joined if base.endswith("#") else f"{base}.{joined}"


def split_target(qualified: str) -> tuple[str, list[str]]:
    module, _, path = qualified[len(JS) :].partition("#")
    return _decode(module), split_components(path) if path else []


def specifier_module(importer: str, specifier: str) -> str:
    """The module an import specifier names, as far as one file can tell."""
    if specifier.startswith(("./", "../")) or specifier in (".", ".."):
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
        return "" if joined == "." else joined
    return NPM + specifier.split("?", 1)[0]


class JsNamespace:
    """JavaScript definitions of the whole scan, looked up the way a bundler resolves imports.

    Module ids come from paths alone, so the map of modules is built without parsing; a
    module's definitions are loaded from the `FileIndex` the first time a lookup reaches it
    (the `package.json` manifests, which say where packages start, up front). Lookups give
    the same answers whatever was loaded when: a file only defines names of its own module.
    """

    MAX_HOPS = 48

    def __init__(self, files: FileIndex | Iterable[FileScan]) -> None:
        self.index = files if isinstance(files, FileIndex) else FileIndex.of(files)
        self.modules: dict[str, str] = {}  # module id -> the file that defines it
        self.constants: dict[str, NameExpr] = {}
        # object (or module) -> (position, spread target): `...X` and `export * from`
        self.spreads: dict[str, list[tuple[int, str]]] = {}
        # package specifier (`@acme/events`, `@acme/events/*`) -> candidate entry modules
        self.entries: dict[str, list[tuple[int, str]]] = {}
        paths = self.index.paths([Language.JAVASCRIPT, Language.TYPESCRIPT])
        for path in sorted(paths, key=_preference):
            self.modules.setdefault(module_id(path), path)
        self._resolved: dict[str, str | None] = {}
        manifests = [path for path in paths if _is_manifest(path)]
        configs = [path for path in paths if is_tsconfig_name(posixpath.basename(path))]
        self.index.prefetch([*configs, *manifests])
        self.aliases = Aliases([self.index.get(path) for path in configs], self.resolve_module)
        for path in manifests:
            self._index(self.index.get(path))
        self._loaded: set[str] = set()

    def _load(self, module: str) -> None:
        if module in self._loaded:
            return
        self._loaded.add(module)
        path = self.modules.get(module)
        if path is not None and not _is_manifest(path) and not path.endswith(".json"):
            self._index(self.index.get(path))

    def localize(self, scan: FileScan) -> FileScan:
        """`scan` as its own imports mean: references into bare specifiers that a tsconfig
        alias maps (`@/constants/events`) point at the module instead."""
        if not (scan.calls or scan.pending or scan.definitions.constants):
            return scan  # nothing that refers anywhere (most files: left unparsed)
        if not self.aliases or scan.tsconfig is not None or not self.aliases.maps(scan.path):
            return scan

        def rewrite(qualified: str) -> str:
            if not qualified.startswith(JS + NPM):
                return qualified
            spec, path = split_target(qualified)
            module = self.aliases.module_for(scan.path, spec[len(NPM) :])
            return qualified if module is None else target(module, path)

        localized: FileScan = rewrite_references(scan, rewrite)
        return localized

    def candidate_paths(self, qualified: str) -> list[str]:
        """The file a lookup of `qualified` reads first: to load them together, up front."""
        module = self.resolve_module(split_target(qualified)[0])
        path = None if module is None else self.modules.get(module)
        return [] if path is None or module in self._loaded else [path]

    def _index(self, scan: FileScan) -> None:
        for key, value in self.localize(scan).definitions.constants:
            if not key.startswith(JS) or "#" not in key:
                continue
            module, _, path = key[len(JS) :].partition("#")
            if path.startswith("~") and module.startswith(NPM) and isinstance(value, Reference):
                entry, _ = split_target(value.target)
                package = _decode(module)[len(NPM) :]
                self.entries.setdefault(package, []).append((int(path[1:]), entry))
                continue
            components = split_components(path)
            last = components[-1] if components else ""
            if last.startswith("*") and isinstance(value, Reference):
                owner = target(_decode(module), components[:-1])
                self.spreads.setdefault(owner, []).append((int(last[1:] or 0), value.target))
                continue
            self.constants[key] = value

    # -- modules ---------------------------------------------------------
    def resolve_module(self, spec: str) -> str | None:
        if spec not in self._resolved:
            self._resolved[spec] = None  # a package whose entry points back at itself
            self._resolved[spec] = self._resolve_module(spec)
        return self._resolved[spec]

    def _resolve_module(self, spec: str) -> str | None:
        if spec.startswith(NPM):
            return self._package_module(spec[len(NPM) :])
        stem = module_id(spec)
        if spec.lower().endswith(".d.ts"):
            stem = spec[: -len(".d.ts")]
        for candidate in (spec, stem, f"{stem}/index" if stem else "index"):
            if candidate in self.modules:
                return candidate
        return None

    def _package_module(self, spec: str) -> str | None:
        candidates = self.entries.get(spec)
        if candidates is None:
            candidates = self._wildcard_entries(spec)
        for _, module in sorted(candidates):
            found = self.resolve_module(module)
            if found is not None:
                return found
        return None

    def _wildcard_entries(self, spec: str) -> list[tuple[int, str]]:
        """`@acme/events/*` patterns (exports maps, or a package's files), longest first."""
        best: list[tuple[int, str]] = []
        best_length = -1
        for pattern, candidates in self.entries.items():
            prefix, star, suffix = pattern.partition("*")
            if not star or not spec.startswith(prefix) or not spec.endswith(suffix):
                continue
            if len(prefix) <= best_length or len(spec) < len(prefix) + len(suffix):
                continue
            middle = spec[len(prefix) : len(spec) - len(suffix)]
            best = [(order, module.replace("*", middle, 1)) for order, module in candidates]
            best_length = len(prefix)
        return best

    # -- names -----------------------------------------------------------
    def lookup(self, qualified: str) -> NameExpr | None:
        return self._find(qualified, 0)

    def _find(self, qualified: str, hops: int) -> NameExpr | None:
        if hops > self.MAX_HOPS:
            return None
        spec, path = split_target(qualified)
        module = self.resolve_module(spec)
        if module is None or not path:
            return None
        self._load(module)
        exact = self.constants.get(target(module, path))
        if exact is not None:
            return exact
        for cut in range(len(path) - 1, 0, -1):
            alias = self.constants.get(target(module, path[:cut]))
            if isinstance(alias, Reference):
                return self._follow(member(alias.target, path[cut:]), hops + 1)
            if alias is not None:
                return None  # a string has no members
        for cut in range(len(path) - 1, -1, -1):
            if cut == 0 and path[0] == "default":
                continue  # `export *` never re-exports a default export
            # the last spread wins, as at run time
            for _, spread in sorted(self.spreads.get(target(module, path[:cut]), []), reverse=True):
                found = self._follow(member(spread, path[cut:]), hops + 1)
                if found is not None:
                    return found
        return None

    def _follow(self, qualified: str, hops: int) -> NameExpr | None:
        """Follow references within the JS namespace to the value they end at."""
        found = self._find(qualified, hops)
        while isinstance(found, Reference) and found.target.startswith(JS):
            hops += 1
            if hops > self.MAX_HOPS:
                return Dynamic("too many indirections")
            found = self._find(found.target, hops)
        return found


def _is_manifest(path: str) -> bool:
    return posixpath.basename(path) == "package.json"


def _preference(path: str) -> tuple[int, str]:
    lowered = path.lower()
    for rank, suffix in enumerate(MODULE_SUFFIXES):
        if lowered.endswith(suffix):
            return rank, path
    return len(MODULE_SUFFIXES), path
