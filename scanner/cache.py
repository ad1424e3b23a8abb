"""A persistent cache of per-file results, keyed by what the result is a function of.

A key is the SHA-256 of the file's bytes and path, the extraction mode, and a fingerprint of
everything else extraction depends on: trackscan's own scanner code, the parser libraries,
the Python version (the syntax check uses CPython's parser) and the options that change
per-file results. A stale entry is therefore never found; it is just not used again, and
entries unused for `MAX_AGE_DAYS` are pruned.

Storage is one SQLite database in WAL mode: readers (the worker processes) never block, and
concurrent runs serialise their single end-of-run write transaction. Values carry a digest
and begin with their own key (so a value moved to another key, even one of the same file,
is never trusted); an entry that does not verify or decode, and a database that is corrupt
or of another layout, is ignored and rebuilt. The cache only ever makes a scan faster: any
failure to use it becomes a warning and the scan goes on without it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scanner import serialize
from scanner.model import FileScan, Language, ProblemKind

SCHEMA = 2  # 2: values begin with their own key
DATABASE = "cache.sqlite3"
MAX_AGE_DAYS = 30
_TOUCH_AFTER = 24 * 3600  # refresh an entry's last use at most daily


class CacheError(Exception):
    """The cache directory or database cannot be used; the scan runs without it."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Hit:
    scan: FileScan
    complete: bool  # a full extraction, not only a syntax check
    stale: bool  # its last-use time wants refreshing


def entry_key(fingerprint: str, mode: str, language: Language, path: str, content: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in (fingerprint, mode, language.value, path):
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    digest.update(content)
    return digest.digest()


def _value_digest(value: bytes) -> bytes:
    return hashlib.sha256(value).digest()[:16]


def prepare_directory(directory: Path) -> None:
    """Create the directory, marked so that git, backup tools and trackscan leave it alone."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by trackscan\n*\n", encoding="utf-8")
        tag = directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by trackscan.\n",
                encoding="utf-8",
            )
    except OSError as error:
        raise CacheError(f"cannot create cache directory {directory}: {error.strerror}") from None


class Cache:
    """One connection to the cache database; each process opens its own."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.path = directory / DATABASE
        try:
            self.connection = self._connect()
        except sqlite3.DatabaseError:
            # Not a database, or a damaged one: start afresh (readers of the old file keep
            # their open handle, so a concurrent run is not disturbed).
            self._discard_files()
            try:
                self.connection = self._connect()
            except sqlite3.Error as error:
                raise CacheError(f"cannot open cache {self.path}: {error}") from None
        except sqlite3.Error as error:
            raise CacheError(f"cannot open cache {self.path}: {error}") from None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                self._create_table(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _create_table(connection: sqlite3.Connection) -> None:
        with connection:  # a new database, or another layout (older trackscan): replace it
            connection.execute("BEGIN IMMEDIATE")
            # Checked again under the lock: a concurrent run may have just created it.
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                connection.execute("DROP TABLE IF EXISTS entries")
                connection.execute(
                    "CREATE TABLE entries (key BLOB PRIMARY KEY, digest BLOB NOT NULL, "
                    "value BLOB NOT NULL, used_at INTEGER NOT NULL) WITHOUT ROWID"
                )
                connection.execute(f"PRAGMA user_version={SCHEMA}")

    def _discard_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def key(self, mode: str, language: Language, path: str, content: bytes) -> bytes:
        return entry_key(self.fingerprint, mode, language, path, content)

    def has_entries(self) -> bool:
        try:
            return self.connection.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None
        except sqlite3.Error:
            return False

    def get(self, key: bytes, path: str, language: Language) -> Hit | None:
        """The cached result for `key`, or None when there is none to trust."""
        try:
            row = self.connection.execute(
                "SELECT digest, value, used_at FROM entries WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        digest, value, used_at = row
        if not isinstance(value, bytes) or digest != _value_digest(value):
            return None
        if value[:1] not in (b"0", b"1") or value[1 : 1 + len(key)] != key:
            return None  # another key's value (another version of this file, another mode)
        try:
            scan = serialize.decode(value[1 + len(key) :])
        except ValueError:
            return None
        if scan.path != path or scan.language is not language:
            return None  # a foreign entry: never trust it for this file
        stale = not isinstance(used_at, int) or time.time() - used_at > _TOUCH_AFTER
        return Hit(scan, complete=value[:1] == b"1", stale=stale)

    def write(self, entries: Iterable[Entry], touched: Iterable[bytes]) -> None:
        """Store new entries, refresh used ones and prune old ones, in one transaction."""
        now = int(time.time())
        rows = [(e.key, _value_digest(e.value), e.value, now) for e in entries]
        touches = [(now, key) for key in touched]
        try:
            self._write(rows, touches, now)
        except sqlite3.OperationalError as error:  # locked for too long, read-only, disk full
            raise CacheError(f"cannot write cache {self.path}: {error}") from None
        except sqlite3.DatabaseError:  # damaged since it was opened: rebuild it
            self.connection.close()
            self._discard_files()
            try:
                self.connection = self._connect()
                self._write(rows, [], now)
            except sqlite3.Error as error:
                raise CacheError(f"cannot rebuild cache {self.path}: {error}") from None

    def _write(
        self,
        rows: list[tuple[bytes, bytes, bytes, int]],
        touches: list[tuple[int, bytes]],
        now: int,
    ) -> None:
        with self.connection:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.executemany(
                "INSERT OR REPLACE INTO entries (key, digest, value, used_at) VALUES (?, ?, ?, ?)",
                rows,
            )
            self.connection.executemany("UPDATE entries SET used_at = ? WHERE key = ?", touches)
            self.connection.execute(
                "DELETE FROM entries WHERE used_at < ?", (now - MAX_AGE_DAYS * 86400,)
            )

    def close(self) -> None:
        self.connection.close()


def encode_entry(key: bytes, scan: FileScan, complete: bool) -> Entry | None:
    """The entry to store for a scan, or None when it must not be cached."""
    if any(problem.kind is ProblemKind.INTERNAL_ERROR for problem in scan.problems):
        return None  # a bug, perhaps a passing one: retry it on the next run
    try:
        return Entry(key, (b"1" if complete else b"0") + key + serialize.encode(scan))
    except TypeError:
        return None
