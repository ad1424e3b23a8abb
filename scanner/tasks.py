"""The unit of parallel work: one file read, prefiltered, looked up in the cache, extracted.

`FileScanner` runs in each worker process (and in the main one for `--jobs 1`). It reads
the file itself, so the bytes it hashes for the cache key are exactly the bytes it scans,
and results come back as small picklable `FileOutcome`s; only the main process writes the
cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.cache import Cache, CacheError, Entry, encode_entry
from scanner.discover import SourceFile
from scanner.model import FileScan, Language, Problem
from scanner.prefilter import PREFILTERS
from scanner.source import read_source, skip_reason

if TYPE_CHECKING:
    from scanner import ScanOptions

Extract = Callable[[str, bytes, Language, "ScanOptions"], FileScan]

FULL = "full"  # calls and definitions
CHECK = "check"  # cannot hold a call: syntax problems only, definitions loaded if needed


@dataclass(frozen=True, slots=True)
class FileTask:
    source: SourceFile
    full: bool = False  # extract fully whatever the prefilter says (a definitions load)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    scan: FileScan
    complete: bool  # `scan` holds the file's calls and definitions, not just its problems
    cached: bool = False
    entry: Entry | None = None  # a new cache entry for the main process to store
    touch: bytes | None = None  # a cache key whose last-use time wants refreshing


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """Everything a worker needs, sent once per process."""

    options: ScanOptions
    extract: Extract
    cache_dir: Path | None
    fingerprint: str
    prefilter: bool = True


class FileScanner:
    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self.cache: Cache | None = None
        self.warning: str | None = None
        if config.cache_dir is not None:
            try:
                self.cache = Cache(config.cache_dir, config.fingerprint)
            except CacheError as error:
                self.warning = str(error)

    def __call__(self, task: FileTask) -> FileOutcome:
        source = task.source
        content = read_source(source.absolute, source.path)
        if isinstance(content, Problem):
            return FileOutcome(FileScan(source.path, source.language, problems=(content,)), True)
        mode = self.mode(task, content)
        key = None
        if self.cache is not None:
            key = self.cache.key(mode, source.language, source.path, content)
            hit = self.cache.get(key, source.path, source.language)
            if hit is not None:
                touch = key if hit.stale else None
                return FileOutcome(hit.scan, hit.complete, True, None, touch)
        scan, complete = self.compute(mode, source, content)
        entry = encode_entry(key, scan, complete) if key is not None else None
        return FileOutcome(scan, complete, False, entry)

    def mode(self, task: FileTask, content: bytes) -> str:
        if task.full or not self.config.prefilter:
            return FULL
        prefilter = PREFILTERS.get(task.source.language)
        if prefilter is None or prefilter.may_have_calls(task.source.path, content):
            return FULL
        return CHECK

    def compute(self, mode: str, source: SourceFile, content: bytes) -> tuple[FileScan, bool]:
        options = self.config.options
        if mode == CHECK:
            skipped = skip_reason(source.path, content, source.language, options.max_file_size)
            if skipped is not None:
                return FileScan(source.path, source.language, problems=(skipped,)), True
            prefilter = PREFILTERS[source.language]
            if prefilter.syntax_ok(source.path, content):
                return FileScan(source.path, source.language), False
        # A full extraction; for a checked file that failed the quick check, this gives the
        # exact problem (and any call, should an odd encoding have hidden the needles).
        return self.config.extract(source.path, content, source.language, options), True

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
