"""The unit of parallel work: one file read, prefiltered, looked up in the cache, extracted.

`FileScanner` runs in each worker process (and in the main one for `--jobs 1`). It reads
the file itself, so the bytes it hashes for the cache key are exactly the bytes it scans,
and results come back as small picklable `FileOutcome`s; only the main process writes the
cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.cache import Cache, CacheError, Entry, encode_entry
from scanner.discover import SourceFile
from scanner.model import FileScan, Language, Problem
from scanner.options import SymbolName
from scanner.prefilter import must_parse, syntax_check
from scanner.source import read_source, skip_reason, unparsed_scan

if TYPE_CHECKING:
    from scanner import ScanOptions

Extract = Callable[[str, bytes, Language, "ScanOptions"], FileScan]

FULL = "full"  # calls and definitions
CALLS = "calls"  # calls, and the definitions they need (`ExtractOptions.calls_only`)
CHECK = "check"  # cannot hold a call: syntax problems only, definitions loaded if needed
SKIP = "skip"  # cannot hold a call, not parsed: definitions loaded if needed


def cache_key(
    cache: Cache, mode: str, source: SourceFile, content: bytes, options: ScanOptions
) -> bytes:
    """A file's cache key for one mode of extraction. What the wrapper and client names
    add to it is only what this file's bytes can tell apart."""
    symbols = options.extraction.for_file(source.path, content).symbols
    detail = "".join(f"\0{s.name}\0{s.path}" for s in symbols)
    return cache.key(mode + detail, source.language, source.path, content)


@dataclass(frozen=True, slots=True)
class FileTask:
    source: SourceFile
    full: bool = False  # extract fully whatever the prefilter says (a definitions load)
    # Another shard's file: only its calls matter (for wrappers), so one that cannot hold a
    # call is left alone, not even checked for syntax errors.
    peek: bool = False
    # The wrappers and clients found so far (`ExtractOptions.symbols`), and, in a later
    # round, the names new in it: a file that spells none of these comes back `unchanged`.
    symbols: tuple[SymbolName, ...] = ()
    new: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Miss:
    """A file read and prefiltered, not in the cache: what `FileScanner.finish` needs."""

    task: FileTask
    content: bytes
    options: ScanOptions
    mode: str
    key: bytes | None


@dataclass(frozen=True, slots=True)
class Parse:
    """A `Miss` on its way to a worker: the bytes go with it, so the worker does not read,
    prefilter and hash the file again; the options are the worker's own (`options_for`)."""

    task: FileTask
    content: bytes
    mode: str
    key: bytes | None

    @classmethod
    def of(cls, miss: Miss) -> Parse:
        return cls(miss.task, miss.content, miss.mode, miss.key)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    scan: FileScan
    complete: bool  # `scan` holds the file's calls and definitions, not just its problems
    cached: bool = False
    entry: Entry | None = None  # a new cache entry for the main process to store
    touch: bytes | None = None  # a cache key whose last-use time wants refreshing
    unchanged: bool = False  # a later round: the file spells no new name, `scan` is empty
    skipped: bool = False  # cannot hold a call: not parsed, not cached

    @property
    def has_calls(self) -> bool:
        """`scan` holds every call of the file (its definitions may be partial)."""
        return self.complete or self.scan.complete_names is not None


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
        found = self.lookup(task)
        return found if isinstance(found, FileOutcome) else self.finish(found)

    def lookup(self, task: FileTask, ask_cache: bool = True) -> FileOutcome | Miss:
        """Everything short of extraction: read, prefilter, look up in the cache (unless
        the caller knows it holds nothing)."""
        source = task.source
        content = read_source(source.absolute, source.path, source.size)
        if isinstance(content, Problem):
            return FileOutcome(FileScan(source.path, source.language, problems=(content,)), True)
        if task.new and not any(name.encode("utf-8") in content for name in task.new):
            return FileOutcome(FileScan(source.path, source.language), False, unchanged=True)
        options = self.options_for(task)
        mode = self.mode(task, content, options)
        if task.peek and mode in (CHECK, SKIP):
            return FileOutcome(FileScan(source.path, source.language), False)
        if mode == SKIP:
            return self.skip(source, content, options)
        key = None
        if self.cache is not None:
            key = cache_key(self.cache, mode, source, content, options)
            hit = self.cache.get(key, source.path, source.language) if ask_cache else None
            if hit is not None:
                touch = key if hit.stale else None
                return FileOutcome(hit.scan, hit.complete, True, None, touch)
        return Miss(task, content, options, mode, key)

    def parse(self, sent: Parse) -> FileOutcome:
        """`finish` a miss the main process sent."""
        options = self.options_for(sent.task)
        return self.finish(Miss(sent.task, sent.content, options, sent.mode, sent.key))

    def finish(self, miss: Miss) -> FileOutcome:
        """Extract a file the cache does not hold (a quick check, or in full)."""
        source = miss.task.source
        scan, complete = self.compute(miss.mode, source, miss.content, miss.options)
        entry = encode_entry(miss.key, scan, complete) if miss.key is not None else None
        return FileOutcome(scan, complete, False, entry)

    def options_for(self, task: FileTask) -> ScanOptions:
        options = self.config.options
        if not task.symbols:
            return options
        return replace(options, extraction=replace(options.extraction, symbols=task.symbols))

    def mode(self, task: FileTask, content: bytes, options: ScanOptions) -> str:
        language = task.source.language
        if (
            task.full
            or not self.config.prefilter
            or must_parse(task.source.path, content, language, options.extraction)
        ):
            return CALLS if self.calls_only(task, options) else FULL
        if task.peek:
            return CHECK
        if not options.check_syntax:
            return SKIP
        if syntax_check(language, options.fast) is not None:
            return CHECK
        return FULL  # no quick syntax check in this language: parse it for its problems

    def calls_only(self, task: FileTask, options: ScanOptions) -> bool:
        """A first pass over a Python file wants its calls; its definitions are read in
        full only if a call needs them (`FileIndex`). Not in later rounds, whose scans
        replace whole ones, nor on the reference paths that check the fast ones."""
        return (
            task.source.language is Language.PYTHON
            and not (task.full or task.symbols)
            and self.config.prefilter
            and options.fast
        )

    def skip(self, source: SourceFile, content: bytes, options: ScanOptions) -> FileOutcome:
        """A file that cannot hold a call, left unparsed (`unparsed_scan`)."""
        scan, complete = unparsed_scan(source.path, content, source.language, options.max_file_size)
        return FileOutcome(scan, complete, skipped=not complete)

    def compute(
        self, mode: str, source: SourceFile, content: bytes, options: ScanOptions
    ) -> tuple[FileScan, bool]:
        if mode == CHECK:
            skipped = skip_reason(source.path, content, source.language, options.max_file_size)
            if skipped is not None:
                return FileScan(source.path, source.language, problems=(skipped,)), True
            check = syntax_check(source.language, options.fast)
            if check is not None and check(source.path, content):
                return FileScan(source.path, source.language), False
        if mode == CALLS:
            extraction = replace(options.extraction, calls_only=True)
            scan = self.config.extract(
                source.path, content, source.language, replace(options, extraction=extraction)
            )
            return scan, scan.complete_names is None
        # A full extraction; for a checked file that failed the quick check, this gives the
        # exact problem (and any call, should an odd encoding have hidden the needles).
        return self.config.extract(source.path, content, source.language, options), True

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
