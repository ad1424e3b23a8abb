"""The last scan's whole result, reused when no file of the tree has changed since.

A warm scan served by the per-file cache still reads every file to find its entry (the key
is the file's content). A snapshot skips even that: it holds the result of the last scan of
a root with the same options and trackscan, and the tree's *signature*: every discovered
file's path, size, mtime, ctime, inode and device, and discovery's own notes. Discovery
stats each file anyway, so a scan whose signature matches reads no file at all.

Any change to a file changes its ctime, which no tool can set back, and adding, removing,
renaming or un-ignoring a file changes the file list. The one gap is git's "racily clean"
entry: a file written again within the filesystem's timestamp granularity of the moment it
was read can keep its stat. So a snapshot is only written when every file is older than the
scan's start by `RACY_SECONDS`; a tree being edited gets none, and is scanned from the
per-file cache as before.

Like the per-file cache, a snapshot is JSON that decodes only to `scanner.model` values, and
one that does not verify (truncated, corrupt, of another key) is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scanner import serialize
from scanner.discover import Discovery
from scanner.model import ProblemKind, ScanResult

FOLDER = "snapshots"
# Coarser than any timestamp granularity trackscan is likely to meet (FAT's is 2 s).
RACY_SECONDS = 3
# Snapshots of other roots, options or trackscan versions are removed once this old, as the
# per-file cache's unused entries are.
MAX_AGE_DAYS = 30


def tree_signature(found: Discovery) -> str | None:
    """A digest of what discovery saw, or None when a file's metadata is unknown."""
    digest = hashlib.sha256()
    for source in found.files:
        if not source.stamp:
            return None
        digest.update(f"{source.path}\0{source.language.value}\0{source.stamp}\n".encode())
    digest.update(serialize.encode(found.problems))
    return digest.hexdigest()


def all_settled(found: Discovery, started_ns: int) -> bool:
    """Whether every file and watched path was last changed well before the scan began."""
    newest = started_ns - RACY_SECONDS * 1_000_000_000
    stamps = [*(source.stamp for source in found.files), *(stamp for _, stamp in found.watched)]
    return all(not stamp or (stamp[1] < newest and stamp[2] < newest) for stamp in stamps)


@dataclass(frozen=True, slots=True)
class Saved:
    """A snapshot as read back: the tree it was made from and its result, still encoded."""

    signature: str
    # [path, stamp] pairs as JSON read them (lists): a tree's worth, compared as they are
    watched: list[Any]
    files: list[Any]
    body: bytes

    def unchanged(self, root: Path) -> bool:
        """Whether the tree is as it was, told from its stamps alone (no directory listed)."""
        if not self.watched:
            return False
        prefix = f"{root}/"
        try:
            for relative, stamp in (*self.watched, *self.files):
                path = relative if relative.startswith("/") else prefix + relative
                try:
                    # os, not pathlib: this runs for every file of the tree
                    info = os.stat(path)  # noqa: PTH116
                except OSError:
                    if stamp:
                        return False
                    continue
                if stamp != [
                    info.st_size,
                    info.st_mtime_ns,
                    info.st_ctime_ns,
                    info.st_ino,
                    info.st_dev,
                ]:
                    return False
        except (TypeError, ValueError):  # not [path, stamp] pairs: a damaged snapshot
            return False
        return True

    def result(self) -> ScanResult | None:
        try:
            result = serialize.decode_as(self.body, ScanResult)
        except ValueError:
            return None
        return replace(result, stats=replace(result.stats, reused=True))


@dataclass(frozen=True, slots=True)
class Snapshots:
    """The snapshot of one scan configuration (root, options, trackscan) in a cache directory.

    The file is a header line (key, signature, digest of the rest), a line of stamps (the
    tree's watched paths and files) and the encoded result.
    """

    path: Path
    key: str

    @classmethod
    def in_directory(cls, cache_dir: Path, key_text: str) -> Snapshots:
        key = hashlib.sha256(key_text.encode("utf-8", "surrogateescape")).hexdigest()
        return cls(cache_dir / FOLDER / f"{key[:32]}.json", key)

    def read(self) -> Saved | None:
        """The saved snapshot, if there is one that verifies."""
        try:
            data = self.path.read_bytes()
            header_line, _, rest = data.partition(b"\n")
            header = json.loads(header_line)
            if not isinstance(header, dict) or header.get("key") != self.key:
                return None
            if header.get("digest") != hashlib.sha256(rest).hexdigest():
                return None
            stamps_line, _, body = rest.partition(b"\n")
            stamps = json.loads(stamps_line)
            watched, files = stamps["watched"], stamps["files"]
            if not isinstance(watched, list) or not isinstance(files, list):
                return None
            return Saved(str(header["signature"]), watched, files, body)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(self, signature: str, result: ScanResult, found: Discovery, started_ns: int) -> None:
        """Keep `result` for the next scan, if it can be trusted then (best effort)."""
        if not all_settled(found, started_ns) or result.warnings:
            return  # racy paths, or a warning (an unusable cache …) the next run must repeat
        if any(problem.kind is ProblemKind.INTERNAL_ERROR for problem in result.problems):
            return  # a bug, perhaps a passing one: retry it on the next run
        try:
            body = serialize.encode(replace(result, files=()))
        except TypeError:
            return
        # With discovery's notes (a broken link, an unreadable directory) the stamps cannot
        # tell that nothing changed: only a full discovery can.
        watched = found.watched if not found.problems else ()
        stamps = {"watched": watched, "files": [(f.path, f.stamp) for f in found.files]}
        rest = json.dumps(stamps, separators=(",", ":")).encode() + b"\n" + body
        header = {
            "key": self.key,
            "signature": signature,
            "digest": hashlib.sha256(rest).hexdigest(),
        }
        data = json.dumps(header, sort_keys=True).encode() + b"\n" + rest
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.{time.time_ns()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            temporary.replace(self.path)  # atomic: a concurrent reader sees one whole file
        except OSError:
            temporary.unlink(missing_ok=True)
        self._prune()

    def _prune(self) -> None:
        """Remove snapshots (and a crashed run's temporary files) not written for a month."""
        oldest = time.time() - MAX_AGE_DAYS * 86400
        try:
            for other in self.path.parent.iterdir():
                if other != self.path and other.stat().st_mtime < oldest:
                    other.unlink()
        except OSError:
            pass  # another run pruned it first, or the folder is read-only: no matter
