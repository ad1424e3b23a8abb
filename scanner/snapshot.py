"""The last scan's whole result, reused when no file of the tree has changed since.

A warm scan served by the per-file cache still walks the tree and reads every file to find
its entry (the key is the file's content). A snapshot skips even that. It holds the result
of the last scan of a root with the same options and trackscan; the tree's *signature*
(every discovered file's path, language and stamp: size, mtime, ctime, inode, device, and
discovery's own notes); and the stamps of the paths that decided the file list (directories
walked, .gitignore files read: `Discovery.watched`). A scan then stats those paths and
files, without listing a directory or reading a file (`Saved.recheck`):

- every stamp as it was: the saved result is this scan's;
- only files changed: the file list is the saved one, and the files the last first pass
  left unparsed (they spell no needle) and that have not changed are not read again;
- a directory changed: the tree is walked again, and the saved result still holds if the
  signature is the same (a report written at the root touches the root, not the files).

Any change to a file changes its ctime, which no tool can set back, and adding, removing or
renaming an entry changes its directory's. The one gap is git's "racily clean" entry: a
path changed again within the filesystem's timestamp granularity of the moment it was read
can keep its stamp. So a snapshot is only written when every file is older than the scan's
start by `RACY_SECONDS` (a tree being edited gets none, and is scanned from the per-file
cache as before), and a directory that is not is saved as unknown.

Like the per-file cache, a snapshot is JSON that decodes only to `scanner.model` values, and
one that does not verify (truncated, corrupt, of another key) is ignored and replaced.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from scanner import serialize
from scanner.discover import Discovery, SourceFile, Stamp, stamp_of
from scanner.model import Language, ProblemKind, ScanResult, Value

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


def settled(stamp: Stamp, started_ns: int) -> bool:
    """Whether a path was last changed well before the scan began (an absent one is)."""
    newest = started_ns - RACY_SECONDS * 1_000_000_000
    return not stamp or (stamp[1] < newest and stamp[2] < newest)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Recheck(Value):
    """What the stamps alone tell of a tree against its snapshot."""

    unchanged: bool = False  # every stamp as it was: the saved result holds
    # The directories are as they were, so the file list is too; here with today's stamps.
    # None when a directory changed: the tree must be walked again.
    found: Discovery | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Saved(Value):
    """A snapshot as read back: the tree it was made from and its result, still encoded.

    Stamps are kept packed (`STAMP_FIELDS` 64-bit integers a path, in an array) and compared
    whole: a tree's worth of them is read and checked on every warm scan.
    """

    signature: str
    watched_paths: list[str]  # relative to the root, or absolute (above it)
    watched_stamps: array[int]  # an absent path: zeros; one changed just before: `UNKNOWN`
    file_paths: list[str]
    file_languages: list[str]
    file_stamps: array[int]
    skipped: frozenset[str]  # files the first pass left unparsed: they spell no needle
    body: bytes

    def recheck(self, root: Path) -> Recheck:
        """What the stamps of the watched paths and files under `root` say now."""
        if not self.watched_paths:
            return Recheck()
        prefix = f"{root}/"
        try:
            watched = (p if p.startswith("/") else prefix + p for p in self.watched_paths)
            if _stamps_now(watched) != self.watched_stamps:
                return Recheck()
            now = _stamps_now(prefix + relative for relative in self.file_paths)
            if now == self.file_stamps:
                return Recheck(unchanged=True)
            files = []
            for number, relative in enumerate(self.file_paths):
                stamp = tuple(now[number * STAMP_FIELDS : (number + 1) * STAMP_FIELDS])
                if not any(stamp):
                    return Recheck()  # gone, or no longer a file: walk again
                language = Language(self.file_languages[number])
                files.append(SourceFile(relative, prefix + relative, language, stamp))
        except (ValueError, IndexError, OverflowError):  # a damaged snapshot
            return Recheck()
        watched_stamps = _unpacked(self.watched_paths, self.watched_stamps)
        return Recheck(found=Discovery(tuple(files), (), watched_stamps))

    def still_skipped(self, files: tuple[SourceFile, ...]) -> frozenset[str]:
        """The files the last first pass left unparsed that have not changed since: they
        still spell no needle, so this scan need not read them to know it."""
        before = _unpacked(self.file_paths, self.file_stamps)
        was = {relative: stamp for relative, stamp in before if relative in self.skipped}
        return frozenset(s.path for s in files if s.stamp and was.get(s.path) == s.stamp)

    def result(self) -> ScanResult | None:
        try:
            result = serialize.decode_as(self.body, ScanResult)
        except ValueError:
            return None
        return replace(result, stats=replace(result.stats, reused=True))


STAMP_FIELDS = 5  # `scanner.discover.stamp_of`
_ABSENT = (0,) * STAMP_FIELDS
UNKNOWN = (-1,) * STAMP_FIELDS  # no path has it: never matches


def _stamps_now(paths: Iterable[str]) -> array[int]:
    """The stamps of regular files and directories, packed; zeros for a path that is absent
    or something else. os, not pathlib: this runs for every file of a tree."""
    stamps = array("q")
    for path in paths:
        try:
            info = os.stat(path)  # noqa: PTH116
        except OSError:
            stamps.extend(_ABSENT)
            continue
        if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
            stamps.extend(stamp_of(info))
        else:
            stamps.extend(_ABSENT)
    return stamps


def _packed(stamps: Iterable[Stamp]) -> str:
    """Stamps as base64 of a packed array (OverflowError for a value over 64 bits)."""
    packed = array("q")
    for stamp in stamps:
        packed.extend(stamp or _ABSENT)
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str, count: int) -> array[int]:
    packed = array("q")
    packed.frombytes(base64.b64decode(text, validate=True))
    if len(packed) != count * STAMP_FIELDS:
        raise ValueError("stamps and paths do not pair up")
    return packed


def _unpacked(paths: list[str], stamps: array[int]) -> tuple[tuple[str, Stamp], ...]:
    return tuple(
        (path, tuple(stamps[number * STAMP_FIELDS : (number + 1) * STAMP_FIELDS]))
        for number, path in enumerate(paths)
    )


def _skipped(paths: list[str], flags: bytes) -> frozenset[str]:
    if len(flags) != len(paths):
        raise ValueError("flags and paths do not pair up")
    return frozenset(path for path, flag in zip(paths, flags, strict=True) if flag)


def _split(text: str) -> list[str]:
    return text.split("\0") if text else []


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Snapshots(Value):
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
            watched_paths, file_paths = _split(stamps["watched"]), _split(stamps["files"])
            languages = _split(stamps["languages"])
            if len(languages) != len(file_paths):
                return None
            return Saved(
                str(header["signature"]),
                watched_paths,
                _unpack(stamps["watched_stamps"], len(watched_paths)),
                file_paths,
                languages,
                _unpack(stamps["file_stamps"], len(file_paths)),
                _skipped(file_paths, base64.b64decode(stamps["skipped"], validate=True)),
                body,
            )
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
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
        if not all(settled(source.stamp, started_ns) for source in found.files):
            return  # files being edited: the per-file cache serves the next run
        if result.warnings:
            return  # a warning (an unusable cache …) the next run must repeat
        if any(problem.kind is ProblemKind.INTERNAL_ERROR for problem in result.problems):
            return  # a bug, perhaps a passing one: retry it on the next run
        # With discovery's notes (a broken link, an unreadable directory) the stamps cannot
        # tell that nothing changed: only a full discovery can.
        watched = found.watched if not found.problems else ()
        # A directory changed just now (the first scan with the default cache creates it in
        # the root) is kept as unknown: the next scan walks the tree again, and reuses this
        # result if it finds the same files.
        watched_stamps = (stamp if settled(stamp, started_ns) else UNKNOWN for _, stamp in watched)
        try:
            body = serialize.encode(replace(result, files=()))
            stamps = {
                "watched": "\0".join(path for path, _ in watched),
                "watched_stamps": _packed(watched_stamps),
                "files": "\0".join(source.path for source in found.files),
                "languages": "\0".join(source.language.value for source in found.files),
                "file_stamps": _packed(source.stamp for source in found.files),
                # one byte a file: 1 when its first pass left it unparsed
                "skipped": base64.b64encode(
                    bytes(source.path in skipped for source in found.files)
                ).decode("ascii"),
            }
        except (TypeError, OverflowError):
            return
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
