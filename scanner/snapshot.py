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
import stat
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scanner import serialize
from scanner.discover import Discovery, SourceFile
from scanner.model import Language, ProblemKind, ScanResult

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
class Recheck:
    """What the stamps alone tell of a tree against its snapshot."""

    unchanged: bool = False  # every stamp as it was: the saved result holds
    # The directories are as they were, so the file list is too; here with today's stamps.
    # None when a directory changed: the tree must be walked again.
    found: Discovery | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    """A snapshot as read back: the tree it was made from and its result, still encoded."""

    signature: str
    # As JSON read them (lists, compared as they are): [path, stamp] for each watched path,
    # [path, language, stamp] for each file.
    watched: list[Any]
    files: list[Any]
    skipped: frozenset[str]  # files the first pass left unparsed: they spell no needle
    body: bytes

    def recheck(self, root: Path) -> Recheck:
        if not self.watched:
            return Recheck()
        prefix = f"{root}/"
        try:
            for relative, stamp in self.watched:
                path = relative if relative.startswith("/") else prefix + relative
                if _stamp_now(path) != stamp:
                    return Recheck()
            now = [_stamp_now(prefix + relative) for relative, _, _ in self.files]
            if all(
                stamp == stamp_now for (_, _, stamp), stamp_now in zip(self.files, now, strict=True)
            ):
                return Recheck(unchanged=True)
            files = []
            for (relative, language, _), stamp_now in zip(self.files, now, strict=True):
                if not stamp_now:
                    return Recheck()  # gone, or no longer a file: walk again
                files.append(SourceFile(relative, prefix + relative, Language(language), stamp_now))
        except (TypeError, ValueError):  # not the lists it should hold: a damaged snapshot
            return Recheck()
        watched = tuple((path, tuple(stamp)) for path, stamp in self.watched)
        return Recheck(found=Discovery(tuple(files), (), watched))

    def still_skipped(self, files: tuple[SourceFile, ...]) -> frozenset[str]:
        """The files the last first pass left unparsed that have not changed since: they
        still spell no needle, so this scan need not read them to know it."""
        before = {relative: stamp for relative, _, stamp in self.files if relative in self.skipped}
        return frozenset(
            source.path
            for source in files
            if source.stamp and before.get(source.path) == list(source.stamp)
        )

    def result(self) -> ScanResult | None:
        try:
            result = serialize.decode_as(self.body, ScanResult)
        except ValueError:
            return None
        return replace(result, stats=replace(result.stats, reused=True))


def _stamp_now(path: str) -> Any:
    """`stamp_of` a regular file or directory as a list (as JSON gives it back), or [] when
    it is absent or something else (as an absent watched path was saved); os, not pathlib:
    this runs for every file."""
    try:
        info = os.stat(path)  # noqa: PTH116
    except OSError:
        return []
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return []
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


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
            watched, files, skipped = stamps["watched"], stamps["files"], stamps["skipped"]
            if not all(isinstance(value, list) for value in (watched, files, skipped)):
                return None
            return Saved(str(header["signature"]), watched, files, frozenset(skipped), body)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(
        self,
        signature: str,
        result: ScanResult,
        found: Discovery,
        started_ns: int,
        skipped: frozenset[str],
    ) -> None:
        """Keep `result` for the next scan, if it can be trusted then (best effort);
        `skipped` are the files its first pass left unparsed."""
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
        stamps = {
            "watched": watched,
            "files": [(f.path, f.language.value, f.stamp) for f in found.files],
            "skipped": sorted(skipped),
        }
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
