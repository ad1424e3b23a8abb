"""Walk the scanned root and list the source files to read, honouring .gitignore files.

Directories that never hold first-party code (dependencies, virtual environments, build
output, caches) are pruned before descending; symlink loops and unreadable directories are
notes, not crashes.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from scanner.model import Language, Problem, ProblemKind

# Suffix → language; the longest matching suffix wins (".d.ts" before ".ts").
SOURCE_SUFFIXES: dict[str, Language] = {
    ".py": Language.PYTHON,
    ".js": Language.JAVASCRIPT,
    ".jsx": Language.JAVASCRIPT,
    ".mjs": Language.JAVASCRIPT,
    ".cjs": Language.JAVASCRIPT,
    ".ts": Language.TYPESCRIPT,
    ".tsx": Language.TYPESCRIPT,
    ".mts": Language.TYPESCRIPT,
    ".cts": Language.TYPESCRIPT,
    # components: the extractor reads the <script> blocks and their `lang`
    ".vue": Language.JAVASCRIPT,
    ".svelte": Language.JAVASCRIPT,
}
# Files read for what they tell the resolver: workspace package names for bare imports
# (and `tsconfig*.json` / `jsconfig*.json`, for their path aliases: `is_tsconfig_name`).
SOURCE_NAMES: dict[str, Language] = {"package.json": Language.JAVASCRIPT}
# `tsconfig.json` and `jsconfig.json` govern their directory; `tsconfig.base.json`,
# `tsconfig.app.json` … are read because `extends` names them.
_TSCONFIG_NAME = re.compile(r"^[tj]sconfig(?:[.-][^/]*)?\.json$", re.IGNORECASE)
# Declaration-only files: no calls, and they would shadow the real sources' definitions.
SKIPPED_SUFFIXES: tuple[str, ...] = (".pyi", ".d.ts", ".d.mts", ".d.cts")

ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".trackscan_cache",
        ".eggs",
        "site-packages",
        # build output
        "dist",
        "build",
        ".next",
        ".nuxt",
        ".svelte-kit",
        "out",
        "coverage",
        ".turbo",
        ".output",
        ".vercel",
        ".netlify",
        ".docusaurus",
        ".parcel-cache",
        ".angular",
        ".expo",
        "storybook-static",
        # package manager stores
        ".yarn",
        ".pnpm-store",
        "jspm_packages",
    }
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # relative to the root, "/" separators
    absolute: Path
    language: Language


@dataclass(frozen=True, slots=True)
class DiscoverOptions:
    include: tuple[str, ...] = ()  # gitignore-style globs; empty means everything
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True


@dataclass(frozen=True, slots=True)
class Discovery:
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()


def is_tsconfig_name(name: str) -> bool:
    return _TSCONFIG_NAME.match(name) is not None


def language_for(name: str) -> Language | None:
    if name[name.rfind(".") :].lower() not in _LAST_SUFFIXES:
        return None  # most files in a tree: told apart by their last suffix alone
    if name in SOURCE_NAMES:
        return SOURCE_NAMES[name]
    if is_tsconfig_name(name):
        return Language.JAVASCRIPT
    lowered = name.lower()
    if lowered.endswith(SKIPPED_SUFFIXES):
        return None
    for suffix in _LONGEST_FIRST:
        if lowered.endswith(suffix):
            return SOURCE_SUFFIXES[suffix]
    return None


_LONGEST_FIRST = sorted(SOURCE_SUFFIXES, key=len, reverse=True)
# The last suffix of every name `language_for` may accept (package.json, tsconfig*.json).
_LAST_SUFFIXES = frozenset(
    [suffix[suffix.rfind(".") :] for suffix in (*SOURCE_SUFFIXES, *SOURCE_NAMES)] + [".json"]
)


@dataclass
class _IgnoreRules:
    """The .gitignore files in force for one directory, outermost first.

    Bases and paths are relative to the enclosing git checkout's top directory (or to the
    root when there is none), so an anchored pattern such as `/build` in a parent directory's
    .gitignore keeps its meaning when only a subdirectory is scanned.
    """

    prefix: str = ""  # the scanned root, relative to the checkout's top
    specs: tuple[tuple[str, pathspec.GitIgnoreSpec], ...] = ()

    def with_file(self, base: str, gitignore: Path) -> _IgnoreRules:
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        return _IgnoreRules(self.prefix, (*self.specs, (base, spec)))

    def top_relative(self, relative: str) -> str:
        return "/".join(part for part in (self.prefix, relative) if part)

    def ignores(self, relative: str, is_dir: bool) -> bool:
        if not self.specs:
            return False
        path = self.top_relative(relative)
        # The deepest file with an opinion wins, as in git.
        for base, spec in reversed(self.specs):
            if base and not path.startswith(base + "/"):
                continue
            inner = path[len(base) + 1 :] if base else path
            result = spec.check_file(inner + "/" if is_dir else inner)
            if result.include is not None:
                return bool(result.include)
        return False


@dataclass
class _Walk:
    root: Path
    options: DiscoverOptions
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_files: set[tuple[int, int]] = field(default_factory=set)
    include: pathspec.GitIgnoreSpec | None = None
    exclude: pathspec.GitIgnoreSpec | None = None

    def __post_init__(self) -> None:
        if self.options.include:
            self.include = pathspec.GitIgnoreSpec.from_lines(self.options.include)
        if self.options.exclude:
            self.exclude = pathspec.GitIgnoreSpec.from_lines(self.options.exclude)

    def note(self, path: str, kind: ProblemKind, message: str) -> None:
        self.problems.append(Problem(path, None, kind, message))

    def walk(
        self,
        directory: Path,
        relative: str,
        rules: _IgnoreRules,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        # os.path, not pathlib, in this loop: a Path costs ~10 µs, for every entry of a tree.
        gitignore = os.path.join(directory, ".gitignore")  # noqa: PTH118
        if self.options.respect_gitignore and os.path.isfile(gitignore):  # noqa: PTH113
            rules = rules.with_file(rules.top_relative(relative), directory / ".gitignore")
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            self.note(
                relative or ".", ProblemKind.UNREADABLE, f"cannot list directory: {error.strerror}"
            )
            return
        for entry in entries:
            child = f"{relative}/{entry.name}" if relative else entry.name
            self.visit(entry, directory, child, rules, ancestors)

    def visit(
        self,
        entry: os.DirEntry[str],
        directory: Path,
        child: str,
        rules: _IgnoreRules,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        if not entry.is_symlink() and not _is_directory(entry) and language_for(entry.name) is None:
            return  # a plain file that is not a source file: its name says so, no stat needed
        try:
            info = entry.stat(follow_symlinks=True)
        except OSError:
            if entry.is_symlink():
                self.note(child, ProblemKind.UNREADABLE, "broken symbolic link")
            else:
                self.note(child, ProblemKind.UNREADABLE, "cannot read file metadata")
            return
        is_dir = stat.S_ISDIR(info.st_mode)
        if is_dir and entry.name in ALWAYS_SKIPPED_DIRS:
            return
        if is_dir and os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):  # noqa: PTH110, PTH118
            return  # a virtual environment under any name
        if rules.ignores(child, is_dir) or self._excluded(child, is_dir):
            return
        identity = (info.st_dev, info.st_ino)
        if is_dir:
            if identity in ancestors:
                self.note(
                    child,
                    ProblemKind.SYMLINK_LOOP,
                    "symbolic link loop: points to one of its parent directories",
                )
                return
            self.walk(directory / entry.name, child, rules, ancestors | {identity})
            return
        if not stat.S_ISREG(info.st_mode):
            return
        language = language_for(entry.name)
        if language is None or not self._included(child):
            return
        if identity in self.seen_files:
            return  # the same file reached through a symbolic link
        self.seen_files.add(identity)
        self.files.append(SourceFile(child, directory / entry.name, language))

    def _excluded(self, relative: str, is_dir: bool) -> bool:
        if self.exclude is None:
            return False
        return self.exclude.match_file(relative + "/" if is_dir else relative)

    def _included(self, relative: str) -> bool:
        return self.include is None or self.include.match_file(relative)


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return True  # let the stat that follows say what is wrong


def _outer_rules(root: Path) -> _IgnoreRules:
    """The ignore rules that apply from above the root, up to the enclosing checkout's top."""
    current = root.resolve()
    for top in [current, *current.parents]:
        if (top / ".git").exists():
            break
    else:
        return _IgnoreRules()
    rules = _IgnoreRules(prefix=_posix_relative(current, top))
    exclude = top / ".git" / "info" / "exclude"
    if exclude.is_file():
        rules = rules.with_file("", exclude)
    between = [p for p in reversed(current.parents) if p == top or top in p.parents]
    for directory in between:
        if (directory / ".gitignore").is_file():
            rules = rules.with_file(_posix_relative(directory, top), directory / ".gitignore")
    return rules


def _posix_relative(path: Path, top: Path) -> str:
    relative = path.relative_to(top).as_posix()
    return "" if relative == "." else relative


def discover(root: Path, options: DiscoverOptions | None = None) -> Discovery:
    """List the source files under `root` in a stable order."""
    options = options or DiscoverOptions()
    walk = _Walk(root, options)
    rules = _outer_rules(root) if options.respect_gitignore else _IgnoreRules()
    try:
        top = root.stat()
    except OSError as error:
        return Discovery((), (Problem(str(root), None, ProblemKind.UNREADABLE, str(error)),))
    if root.is_file():
        language = language_for(root.name)
        files = (SourceFile(root.name, root, language),) if language else ()
        return Discovery(files)
    walk.walk(root, "", rules, frozenset({(top.st_dev, top.st_ino)}))
    return Discovery(tuple(walk.files), tuple(walk.problems))
