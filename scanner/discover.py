"""Walk the scanned root and list the source files to read, honouring .gitignore files.

Directories that never hold first-party code (dependencies, virtual environments, build
output, caches) are pruned before descending; symlink loops and unreadable directories are
notes, not crashes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.model import Language, Problem, ProblemKind, Value

if TYPE_CHECKING:  # imported when a .gitignore, --include or --exclude needs it
    import pathspec

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


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SourceFile(Value):
    """A file discovery found, with the language it is scanned as."""

    path: str  # relative to the root, "/" separators
    absolute: str  # where to open it: the root joined with `path`
    language: Language
    # What the file's metadata said when it was found (`stamp_of`), or () when unknown.
    # Equal stamps mean an unchanged file (`scanner.snapshot`).
    stamp: Stamp = field(default=(), compare=False)

    @property
    def size(self) -> int | None:
        """Its size in bytes when it was found, if known."""
        return self.stamp[0] if self.stamp else None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DiscoverOptions(Value):
    """Which files under the root are scanned."""

    include: tuple[str, ...] = ()  # gitignore-style globs; empty means everything
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True


Stamp = tuple[int, ...]  # (size, mtime_ns, ctime_ns, inode, device): `stamp_of`


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Discovery(Value):
    """What discovery found: the files, its notes, and what decided the list."""

    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()
    # The paths whose metadata decided which files were found, with their stamps: every
    # directory walked (relative to the root), every .gitignore read, every directory pruned
    # as a virtual environment, and the directories above the root searched for the
    # checkout's top (absolute). If none of them changed, the file list is the same: adding,
    # removing or renaming an entry changes its directory's mtime (`scanner.snapshot`).
    watched: tuple[tuple[str, Stamp], ...] = ()


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def is_tsconfig_name(name: str) -> bool:
    return _TSCONFIG_NAME.match(name) is not None


def language_for(name: str) -> Language | None:
    last = name[name.rfind(".") :].lower()
    # Every source suffix is a single suffix (".d.ts" is skipped below), so the last decides.
    language = SOURCE_SUFFIXES.get(last)
    if language is None:
        if last == ".json" and (name in SOURCE_NAMES or is_tsconfig_name(name)):
            return SOURCE_NAMES.get(name, Language.JAVASCRIPT)
        return None  # most files in a tree: told apart by their last suffix alone
    if name.lower().endswith(SKIPPED_SUFFIXES):
        return None
    return language


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
        spec = _gitignore_spec(lines)
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
    """The state of one walk of a tree."""

    root: Path
    options: DiscoverOptions
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_files: set[tuple[int, int]] = field(default_factory=set)
    watched: list[tuple[str, Stamp]] = field(default_factory=list)
    include: pathspec.GitIgnoreSpec | None = None
    exclude: pathspec.GitIgnoreSpec | None = None

    def __post_init__(self) -> None:
        if self.options.include:
            self.include = _gitignore_spec(self.options.include)
        if self.options.exclude:
            self.exclude = _gitignore_spec(self.options.exclude)

    def note(self, path: str, kind: ProblemKind, message: str) -> None:
        self.problems.append(Problem(path, None, kind, message))

    def walk(
        self,
        directory: str,
        relative: str,
        rules: _IgnoreRules,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        # Strings and os.path, not pathlib, in this loop: it runs for every entry of a tree.
        try:
            entries = sorted(os.scandir(directory), key=_entry_name)
        except OSError as error:
            self.note(
                relative or ".", ProblemKind.UNREADABLE, f"cannot list directory: {error.strerror}"
            )
            return
        # Looked for in the listing, not with a stat each: a tree has thousands of folders.
        names = {entry.name for entry in entries}
        if relative and VENV_MARKER in names and _exists(directory, VENV_MARKER):
            return  # a virtual environment under any name (`visit` watches the folder)
        if self.options.respect_gitignore and ".gitignore" in names:
            gitignore = os.path.join(directory, ".gitignore")  # noqa: PTH118
            try:
                info = os.stat(gitignore)  # noqa: PTH116
            except OSError:
                pass
            else:
                if stat.S_ISREG(info.st_mode):
                    child = f"{relative}/.gitignore" if relative else ".gitignore"
                    self.watched.append((child, stamp_of(info)))
                    rules = rules.with_file(rules.top_relative(relative), Path(gitignore))
        for entry in entries:
            name = entry.name if entry.name.isascii() else displayable(entry.name)
            child = f"{relative}/{name}" if relative else name
            if entry.is_symlink() or _is_directory(entry):
                self.visit(entry, child, rules, ancestors)
                continue
            language = language_for(name)
            if language is None:
                continue  # its name says it is not a source file: no stat needed
            try:
                info = entry.stat()
            except OSError:
                self.note(child, ProblemKind.UNREADABLE, "cannot read file metadata")
                continue
            self.add_file(entry.path, child, info, language, rules)

    def visit(
        self,
        entry: os.DirEntry[str],
        child: str,
        rules: _IgnoreRules,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        """A directory or a symbolic link (to either)."""
        try:
            info = entry.stat(follow_symlinks=True)
        except OSError:
            if entry.is_symlink():
                self.note(child, ProblemKind.UNREADABLE, "broken symbolic link")
            else:
                self.note(child, ProblemKind.UNREADABLE, "cannot read file metadata")
            return
        if not stat.S_ISDIR(info.st_mode):
            language = language_for(entry.name)
            if language is not None:
                self.add_file(entry.path, child, info, language, rules)
            return
        if entry.name in ALWAYS_SKIPPED_DIRS:
            return
        if (rules.specs and rules.ignores(child, True)) or self._excluded(child, True):
            return
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            self.note(
                child,
                ProblemKind.SYMLINK_LOOP,
                "symbolic link loop: points to one of its parent directories",
            )
            return
        self.watched.append((child, stamp_of(info)))
        self.walk(entry.path, child, rules, ancestors | {identity})

    def add_file(
        self, path: str, child: str, info: os.stat_result, language: Language, rules: _IgnoreRules
    ) -> None:
        if not stat.S_ISREG(info.st_mode):
            return
        if (rules.specs and rules.ignores(child, False)) or self._excluded(child, False):
            return
        if self.include is not None and not self.include.match_file(child):
            return
        identity = (info.st_dev, info.st_ino)
        if identity in self.seen_files:
            return  # the same file reached through a symbolic link
        self.seen_files.add(identity)
        self.files.append(SourceFile(child, path, language, stamp_of(info)))

    def _excluded(self, relative: str, is_dir: bool) -> bool:
        if self.exclude is None:
            return False
        return self.exclude.match_file(relative + "/" if is_dir else relative)


def _gitignore_spec(lines: Sequence[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def displayable(name: str) -> str:
    """A file name as reports can show it: one that is not UTF-8 (a byte of another encoding,
    which Python keeps as a lone surrogate) gets that byte escaped, `caf\\xe9.py`, as
    no report could encode it. The file is still opened by its real name."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


VENV_MARKER = "pyvenv.cfg"


def _exists(directory: str, name: str) -> bool:
    return os.path.exists(os.path.join(directory, name))  # noqa: PTH110, PTH118


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return True  # let the stat that follows say what is wrong


def _outer_rules(root: Path, watched: list[tuple[str, Stamp]]) -> _IgnoreRules:
    """The ignore rules that apply from above the root, up to the enclosing checkout's top
    (the paths that decide them are added to `watched`)."""
    current = root.resolve()
    for top in [current, *current.parents]:
        _watch(top, watched)
        if (top / ".git").exists():
            break
    else:
        return _IgnoreRules()
    rules = _IgnoreRules(prefix=_posix_relative(current, top))
    exclude = top / ".git" / "info" / "exclude"
    _watch(exclude.parent, watched)
    if exclude.is_file():
        _watch(exclude, watched)
        rules = rules.with_file("", exclude)
    between = [p for p in reversed(current.parents) if p == top or top in p.parents]
    for directory in between:
        if (directory / ".gitignore").is_file():
            _watch(directory / ".gitignore", watched)
            rules = rules.with_file(_posix_relative(directory, top), directory / ".gitignore")
    return rules


def _watch(path: Path, watched: list[tuple[str, Stamp]]) -> None:
    try:
        watched.append((str(path), stamp_of(path.stat())))
    except OSError:
        watched.append((str(path), ()))  # absent: its parent's stamp tells if it appears


def _posix_relative(path: Path, top: Path) -> str:
    relative = path.relative_to(top).as_posix()
    return "" if relative == "." else relative


def discover(root: Path, options: DiscoverOptions | None = None) -> Discovery:
    """List the source files under `root` in a stable order."""
    options = options or DiscoverOptions()
    walk = _Walk(root, options)
    rules = _outer_rules(root, walk.watched) if options.respect_gitignore else _IgnoreRules()
    try:
        top = root.stat()
    except OSError as error:
        return Discovery((), (Problem(str(root), None, ProblemKind.UNREADABLE, str(error)),))
    if root.is_file():
        language = language_for(root.name)
        files = (SourceFile(root.name, str(root), language, stamp_of(top)),) if language else ()
        return Discovery(files)
    walk.watched.append(("", stamp_of(top)))
    walk.walk(str(root), "", rules, frozenset({(top.st_dev, top.st_ino)}))
    return Discovery(tuple(walk.files), tuple(walk.problems), tuple(walk.watched))
