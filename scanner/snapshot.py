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

Like the per-file cache, a snapshot's result is JSON that decodes only to `scanner.model`
values (its paths and stamps are plain strings and integers), and one that does not verify
(truncated, corrupt, of another key or format) is ignored and replaced.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scanner import serialize
from scanner.discover import Discovery, SourceFile, Stamp
from scanner.model import Language, ProblemKind, ScanResult, Value

FOLDER = "snapshots"
SUFFIX = ".snapshot"
FORMAT = 2  # the layout of a snapshot file; another is ignored (and replaced)
# Coarser than any timestamp granularity trackscan is likely to meet (FAT's is 2 s).
RACY_SECONDS = 3
# Snapshots of other roots, options or trackscan versions are removed once this old, as the
# per-file cache's unused entries are.
MAX_AGE_DAYS = 30


def tree_signature(found: Discovery) -> str | None:
    """A digest of what discovery saw, or None when a file's metadata is unknown."""
    import hashlib  # only when the tree changed: a warm scan of an unchanged one needs none

    if not all(source.stamp for source in found.files):
        return None
    # Joined and packed as in a snapshot, not formatted file by file (a tenth of the time),
    # each part after its length.
    try:
        parts = [*_file_sections(found.files), serialize.encode(found.problems)]
    except OverflowError:  # a value over 64 bits: no snapshot either
        return None
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
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
    skipped_flags: bytes  # a byte a file, 1 if the first pass left it unparsed
    body: bytes

    def skipped_paths(self) -> frozenset[str]:
        """The files the first pass left unparsed: they spell no needle."""
        return frozenset(
            p for p, flag in zip(self.file_paths, self.skipped_flags, strict=True) if flag
        )

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
        skipped = self.skipped_paths()
        was = {relative: stamp for relative, stamp in before if relative in skipped}
        return frozenset(s.path for s in files if s.stamp and was.get(s.path) == s.stamp)

    def result(self) -> ScanResult | None:
        try:
            result = serialize.decode_as(self.body, ScanResult)
        except ValueError:
            return None
        return replace(result, stats=replace(result.stats, reused=True))


STAMP_FIELDS = 5  # `scanner.discover.stamp_of`, which `_stamps_now` inlines
_ABSENT = (0,) * STAMP_FIELDS
UNKNOWN = (-1,) * STAMP_FIELDS  # no path has it: never matches
_STAMPED_KINDS = (stat.S_IFREG, stat.S_IFDIR)


def _stamps_now(paths: Iterable[str]) -> array[int]:
    """The stamps of regular files and directories, packed; zeros for a path that is absent
    or something else. os, not pathlib: this runs for every file of a tree."""
    stamps = array("q")
    # Bound once: a warm scan runs this loop ~11,000 times on the benchmark corpus, and
    # the lookups and calls around each stat took a third of its time.
    add, stat_path, kind_of, kinds = stamps.extend, os.stat, stat.S_IFMT, _STAMPED_KINDS
    for path in paths:
        try:
            info = stat_path(path)
        except OSError:
            add(_ABSENT)
            continue
        if kind_of(info.st_mode) in kinds:
            add((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev))
        else:
            add(_ABSENT)
    return stamps


def _packed(stamps: Iterable[Stamp]) -> bytes:
    """Stamps as a packed array (OverflowError for a value over 64 bits)."""
    packed = array("q")
    for stamp in stamps:
        packed.extend(stamp or _ABSENT)
    return packed.tobytes()


def _unpack(data: memoryview, count: int) -> array[int]:
    packed = array("q")
    packed.frombytes(data)
    if len(packed) != count * STAMP_FIELDS:
        raise ValueError("stamps and paths do not pair up")
    return packed


def _file_sections(files: Sequence[SourceFile]) -> tuple[bytes, bytes, bytes]:
    """The files' paths, languages and stamps, as a snapshot holds them (and the tree's
    signature hashes them)."""
    return (
        _joined(source.path for source in files),
        _joined(source.language.value for source in files),
        _packed(source.stamp for source in files),
    )


def _joined(texts: Iterable[str]) -> bytes:
    return "\0".join(texts).encode("utf-8", "surrogateescape")


def _paths(data: memoryview) -> list[str]:
    return str(data, "utf-8", "surrogateescape").split("\0") if data else []


def _unpacked(paths: list[str], stamps: array[int]) -> tuple[tuple[str, Stamp], ...]:
    return tuple(
        (path, tuple(stamps[number * STAMP_FIELDS : (number + 1) * STAMP_FIELDS]))
        for number, path in enumerate(paths)
    )


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Snapshots(Value):
    """The snapshot of one scan configuration (root, options, trackscan) in a cache directory.

    The file is a JSON header line (the key, the tree's signature, the sizes of the
    sections that follow and their checksum), then the sections, raw: the watched paths and
    their stamps, the files, their languages, stamps and first-pass flags, and the encoded
    result. Paths are joined by NUL bytes and stamps are 64-bit integers in this machine's
    byte order: a warm scan reads the whole file, and decoding JSON strings and base64 took
    a tenth of it.
    """

    path: Path
    key: str

    @classmethod
    def in_directory(cls, cache_dir: Path, key_text: str) -> Snapshots:
        """The snapshot file for this key (the key itself is in the file, and must match: two
        keys that share a file name only take turns in it)."""
        encoded = key_text.encode("utf-8", "surrogateescape")
        name = f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}{SUFFIX}"
        return cls(cache_dir / FOLDER / name, key_text)

    def read(self) -> Saved | None:
        """The saved snapshot, if there is one that verifies."""
        try:
            data = self.path.read_bytes()
            end = data.index(b"\n")
            header = json.loads(data[:end])
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                return None
            if header.get("key") != self.key or header.get("byteorder") != sys.byteorder:
                return None
            rest = memoryview(data)[end + 1 :]
            sizes = header["sections"]
            if sum(sizes) != len(rest) or zlib.crc32(rest) != header["checksum"]:
                return None
            sections, at = [], 0
            for size in sizes:
                sections.append(rest[at : at + size])
                at += size
            watched, watched_stamps, files, languages, file_stamps, skipped, body = sections
            watched_paths, file_paths = _paths(watched), _paths(files)
            file_languages = _paths(languages)
            if not (len(file_languages) == len(file_paths) == len(skipped)):
                return None
            return Saved(
                str(header["signature"]),
                watched_paths,
                _unpack(watched_stamps, len(watched_paths)),
                file_paths,
                file_languages,
                _unpack(file_stamps, len(file_paths)),
                bytes(skipped),
                bytes(body),
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
            sections = [
                _joined(path for path, _ in watched),
                _packed(watched_stamps),
                *_file_sections(found.files),
                # one byte a file: 1 when its first pass left it unparsed
                bytes(source.path in skipped for source in found.files),
                serialize.encode(replace(result, files=())),
            ]
        except (TypeError, OverflowError):
            return
        rest = b"".join(sections)
        header = {
            "format": FORMAT,
            "key": self.key,
            "signature": signature,
            "byteorder": sys.byteorder,
            "sections": [len(section) for section in sections],
            "checksum": zlib.crc32(rest),
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
