"""trackscan's scanner: discover files → extract calls → resolve names (→ match).

`scan()` runs the per-file stages and the cross-file join; matching against a plan is
`scanner.match.match()`. Nothing here renders or prints.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.cache import code_fingerprint
from scanner.discover import DiscoverOptions, SourceFile, discover
from scanner.index import FileIndex
from scanner.javascript import extract_javascript
from scanner.model import (
    FileScan,
    Language,
    Problem,
    ProblemKind,
    ScanResult,
    ScanStats,
    Shard,
)
from scanner.options import ExtractOptions, SymbolName
from scanner.parallel import Progress, Runner, default_jobs
from scanner.python import extract_python
from scanner.resolve import Resolution, resolve_all
from scanner.shard import in_shard
from scanner.source import DEFAULT_MAX_FILE_SIZE, read_source, skip_reason
from scanner.tasks import FileOutcome, FileTask, WorkerConfig

Extractor = Callable[[str, bytes, ExtractOptions], FileScan]

EXTRACTORS: dict[Language, Extractor] = {
    Language.PYTHON: extract_python,
    Language.JAVASCRIPT: extract_javascript,
    Language.TYPESCRIPT: extract_javascript,
}

# Wrappers of wrappers of wrappers…: each level can take one more pass over the files that
# spell the new names. Real code stops after two or three.
MAX_ROUNDS = 8


@dataclass(frozen=True, slots=True)
class ScanOptions:
    discover: DiscoverOptions = field(default_factory=DiscoverOptions)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # Re-raise unexpected exceptions instead of recording them (tests run strict).
    strict: bool = False
    jobs: int | None = None  # worker processes; None: one per CPU
    cache_dir: Path | None = None  # None: no cache
    shard: Shard | None = None  # scan only this part of the files
    # Parse only files that can hold a call (and, lazily, the ones their calls import).
    # Off only to check that it changes nothing.
    prefilter: bool = True
    # SDK presets, configured call patterns, wrapper inference (`ExtractOptions`).
    extraction: ExtractOptions = field(default_factory=ExtractOptions)

    def extraction_key(self) -> str:
        """The options that change what one file's extraction returns (the cache key)."""
        return f"max_file_size={self.max_file_size}\0{self.extraction.key()}"


def scan_bytes(path: str, content: bytes, language: Language, options: ScanOptions) -> FileScan:
    """Everything trackscan learns from one file: a pure function of its bytes (and of the
    options, as far as its bytes can tell them apart: `ExtractOptions.for_file`)."""
    skipped = skip_reason(path, content, language, options.max_file_size)
    if skipped is not None:
        return FileScan(path=path, language=language, problems=(skipped,))
    extractor = EXTRACTORS.get(language)
    if extractor is None:
        return FileScan(path=path, language=language)
    try:
        return extractor(path, content, options.extraction.for_file(path, content))
    except RecursionError:
        problem = Problem(path, None, ProblemKind.PARSE_ERROR, "too deeply nested to analyse")
        return FileScan(path=path, language=language, problems=(problem,))
    except Exception as error:  # a bug in trackscan must not lose the rest of the scan
        if options.strict:
            raise
        message = f"internal error while scanning: {type(error).__name__}: {error}"
        return FileScan(
            path=path,
            language=language,
            problems=(Problem(path, None, ProblemKind.INTERNAL_ERROR, message),),
        )


def scan(
    root: Path, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan every source file under `root` (or this shard's) and resolve its calls' names.

    Each file is read once, prefiltered, looked up in the cache and extracted, across
    processes; files that cannot hold a call are parsed only if a call refers to them.
    """
    options = options or ScanOptions()
    found = discover(root, options.discover)
    mine = [source for source in found.files if in_shard(source.path, options.shard)]
    with Runner(worker_config(options), options.jobs or default_jobs(), progress) as runner:

        def load(sources: Sequence[SourceFile]) -> list[FileScan]:
            tasks = [FileTask(source, full=True) for source in sources]
            return [outcome.scan for outcome in runner.run(tasks, show_progress=False)]

        outcomes = runner.run([FileTask(source) for source in mine])
        complete = {o.scan.path: o.scan for o in outcomes if o.complete}
        index = FileIndex(found.files, complete, load)
        scans = {outcome.scan.path: outcome.scan for outcome in outcomes}
        sources = {source.path: source for source in found.files}

        def read(path: str) -> bytes | None:
            content = read_source(sources[path].absolute, path)
            return None if isinstance(content, Problem) else content

        resolution = link(scans, read, options, index=index)
    files = tuple(scans.values())
    problems = [
        *(p for p in found.problems if in_shard(p.path, options.shard)),
        *(p for file in files for p in file.problems),
    ]
    problems.sort(key=problem_order)
    stats = scan_stats(outcomes, index.loaded_late)
    return ScanResult(
        files,
        tuple(problems),
        resolution.calls,
        stats,
        tuple(runner.warnings),
        resolution.wrappers,
    )


Reader = Callable[[str], bytes | None]
Rescan = Callable[[str, bytes, Language, ScanOptions], FileScan]


def link(
    files: dict[str, FileScan],
    read: Reader,
    options: ScanOptions,
    rescan: Rescan | None = None,
    index: FileIndex | None = None,
) -> Resolution:
    """Resolve, and extract again the files that spell newly found wrappers or clients.

    A wrapper's call sites (and calls on a client another file creates) are only recorded
    once their names are known; each round finds the next level of wrappers, until no
    new name turns up. Only files whose bytes spell a new name are read again.
    """
    plain = replace(options.extraction, symbols=())
    known: set[SymbolName] = set()
    for _ in range(MAX_ROUNDS):
        resolution = resolve_all(files.values(), index, plain)
        new = set(resolution.symbols) - known
        if not new:
            return resolution
        known |= new
        again = replace(
            options,
            extraction=replace(options.extraction, symbols=tuple(sorted(known, key=_order))),
        )
        needles = {name.name.encode("utf-8") for name in new}
        for path, scan in files.items():
            if scan.problems and not (scan.calls or scan.definitions.constants):
                continue  # skipped or unparsable: nothing new to learn
            content = read(path)
            if content is not None and any(needle in content for needle in needles):
                files[path] = (rescan or scan_bytes)(path, content, scan.language, again)
                if index is not None:
                    index.loaded[path] = files[path]
    return resolve_all(files.values(), index, plain)


def _order(name: SymbolName) -> tuple[str, str]:
    return (name.name, name.path)


def problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.kind.value)


def worker_config(options: ScanOptions) -> WorkerConfig:
    key = f"{code_fingerprint()}\0{options.extraction_key()}"
    fingerprint = hashlib.sha256(key.encode()).hexdigest()
    return WorkerConfig(options, scan_bytes, options.cache_dir, fingerprint, options.prefilter)


def scan_stats(outcomes: Sequence[FileOutcome], loaded_late: int) -> ScanStats:
    return ScanStats(
        files=len(outcomes),
        parsed=sum(1 for outcome in outcomes if outcome.complete),
        checked=sum(1 for outcome in outcomes if not outcome.complete),
        cached=sum(1 for outcome in outcomes if outcome.cached),
        loaded_for_definitions=loaded_late,
    )
