"""The commit a work tree has checked out, read from the repository's own files.

Every report names the scanned commit. Asking `git rev-parse HEAD` means starting Python's
`subprocess` machinery and a git process: ~8 ms, a twentieth of a warm scan. The common
layouts (a `.git` directory or a `.git` file pointing at a worktree's or submodule's git
directory; loose or packed refs) are read here; anything else (`GIT_DIR` and friends, a
reftable, a ref that cannot be found) says "ask git" and the caller does.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

# Environment variables that change where git looks for the repository or what it trusts.
_GIT_LOCATORS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)
_OBJECT_NAME = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_MAX_SYMBOLIC_DEPTH = 5


class AskGit(Exception):
    """The files do not say for sure: ask git itself."""


def head_commit(directory: Path) -> str | None:
    """The full object name of HEAD's commit for the work tree holding `directory`; None
    outside a repository. Raises `AskGit` for layouts this does not read."""
    if any(name in os.environ for name in _GIT_LOCATORS):
        raise AskGit("git's location is set in the environment")
    git_dir = _git_dir(directory)
    if git_dir is None:
        return None
    common = _common_dir(git_dir)
    if (common / "reftable").exists():
        raise AskGit("refs are kept in a reftable")
    target = _read(git_dir / "HEAD")
    for _ in range(_MAX_SYMBOLIC_DEPTH):
        if _OBJECT_NAME.fullmatch(target):
            return target
        if not target.startswith("ref: refs/"):
            break
        target = _ref(git_dir, common, target.removeprefix("ref: "))
    raise AskGit("HEAD does not lead to an object name")


def _git_dir(directory: Path) -> Path | None:
    try:
        start = directory.resolve()
        device = start.stat().st_dev
    except OSError as error:
        raise AskGit(str(error)) from error
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        try:
            info = dot_git.stat()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise AskGit(str(error)) from error
        if info.st_dev != device:  # git stops at a file system's boundary
            raise AskGit("the repository is on another file system")
        if stat.S_ISDIR(info.st_mode):
            return dot_git
        link = _read(dot_git)  # a worktree's or a submodule's: "gitdir: <path>"
        if not link.startswith("gitdir: "):
            raise AskGit(".git is neither a directory nor a link to one")
        return (folder / link.removeprefix("gitdir: ")).resolve()
    return None


def _common_dir(git_dir: Path) -> Path:
    """Where the refs shared by all worktrees live."""
    try:
        return (git_dir / _read(git_dir / "commondir")).resolve()
    except AskGit:
        return git_dir


def _ref(git_dir: Path, common: Path, name: str) -> str:
    """What a ref holds: an object name, or `ref: …` for a symbolic one."""
    for folder in (git_dir, common):  # a worktree's own refs first (refs/bisect …)
        try:
            return _read(folder / name)
        except AskGit:
            pass
    packed = _read(common / "packed-refs")  # AskGit when there is none
    for line in packed.splitlines():
        value, _, ref = line.partition(" ")
        if ref == name:
            return value
    raise AskGit(f"{name} not found (an unborn branch?)")


def _read(path: Path) -> str:
    """A small regular file's text (never a pipe or device, which could block)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise AskGit(f"{path} is not a regular file")
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise AskGit(str(error)) from error
