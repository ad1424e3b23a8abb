"""Read source files straight from git objects: past commits without touching the work tree.

`trackscan history` scans dozens of commits; checking each one out would be slow and would put
the user's uncommitted work at risk. Git's plumbing lists a commit's tree and streams blobs
through one long-lived `git cat-file --batch` process instead.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from scanner.discover import ALWAYS_SKIPPED_DIRS, DiscoverOptions, language_for
from scanner.errors import TrackscanError
from scanner.model import Language


class GitError(TrackscanError):
    slug = "git-error"


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # committer date, ISO 8601
    subject: str


@dataclass(frozen=True, slots=True)
class TreeFile:
    path: str  # relative to the scanned directory, "/" separators
    blob: str
    language: Language


def git(repo: Path, *args: str, input_text: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            input=input_text,
            check=False,
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise GitError(f"git {args[0]}: {message}", str(repo))
    return done.stdout


def repository_top(path: Path) -> tuple[Path, str]:
    """The checkout's top directory, and `path` relative to it ("" for the top itself)."""
    directory = path if path.is_dir() else path.parent
    top = Path(git(directory, "rev-parse", "--show-toplevel").strip())
    relative = directory.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if relative == "." else relative


def list_commits(
    repo: Path,
    since: str | None = None,
    until: str | None = None,
    first_parent: bool = True,
    ref: str = "HEAD",
) -> list[Commit]:
    """Commits reachable from `ref`, oldest first."""
    args = ["log", "--reverse", "--format=%H%x00%cI%x00%s"]
    if first_parent:
        args.append("--first-parent")
    if since:
        args.append(f"--since={since}")
    if until:
        args.append(f"--until={until}")
    args.append(ref)
    commits = []
    for line in git(repo, *args).splitlines():
        sha, date, subject = line.split("\0", 2)
        commits.append(Commit(sha, date, subject))
    return commits


def tagged_commits(repo: Path) -> list[Commit]:
    """One commit per tag, oldest first."""
    output = git(
        repo,
        "for-each-ref",
        "--sort=creatordate",
        "--format=%(objectname)%00%(*objectname)",
        "refs/tags",
    )
    shas: list[str] = []
    for line in output.splitlines():
        direct, peeled = line.split("\0")
        sha = peeled or direct
        if sha not in shas:
            shas.append(sha)
    if not shas:
        return []
    listing = git(repo, "log", "--no-walk=unsorted", "--format=%H%x00%cI%x00%s", *shas)
    commits = [Commit(*line.split("\0", 2)) for line in listing.splitlines()]
    return sorted(commits, key=lambda c: c.date)


def list_tree(
    repo: Path, commit: str, subdirectory: str, options: DiscoverOptions
) -> list[TreeFile]:
    """The source files of `commit` under `subdirectory`, filtered as discovery filters a walk."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if subdirectory:
        args += ["--", subdirectory + "/"]
    include = pathspec.GitIgnoreSpec.from_lines(options.include) if options.include else None
    exclude = pathspec.GitIgnoreSpec.from_lines(options.exclude) if options.exclude else None
    files = []
    for entry in git(repo, *args).split("\0"):
        if not entry:
            continue
        meta, full_path = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode == "120000":
            continue  # submodules and symbolic links
        path = full_path[len(subdirectory) + 1 :] if subdirectory else full_path
        parts = path.split("/")
        if any(part in ALWAYS_SKIPPED_DIRS for part in parts[:-1]):
            continue
        language = language_for(parts[-1])
        if language is None:
            continue
        if include is not None and not include.match_file(path):
            continue
        if exclude is not None and exclude.match_file(path):
            continue
        files.append(TreeFile(path, blob, language))
    return sorted(files, key=lambda f: f.path)


def file_at(repo: Path, commit: str, path: str) -> bytes | None:
    """One file's bytes at a commit, or None when it does not exist there."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "cat-file", "blob", f"{commit}:{path}"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


class BlobReader:
    """Streams blobs through one `git cat-file --batch` process."""

    def __init__(self, repo: Path) -> None:
        self.process = subprocess.Popen(
            ["git", "-C", str(repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def read(self, blob: str) -> bytes | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(blob.encode() + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3:
            return None  # "<sha> missing"
        size = int(header[2])
        content = self.process.stdout.read(size)
        self.process.stdout.read(1)  # the newline after each object
        return content

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_blobs(reader: BlobReader, files: list[TreeFile]) -> Iterator[tuple[TreeFile, bytes]]:
    for tree_file in files:
        content = reader.read(tree_file.blob)
        if content is not None:
            yield tree_file, content
