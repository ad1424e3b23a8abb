"""The scanner's entry points (`scanner.scan`, `scanner.ScanOptions` …): discover files →
extract calls → resolve names.

`scan()` runs the per-file stages and the cross-file join; matching against a plan is
`scanner.match.match()`. Nothing here renders or prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.discover import DiscoverOptions, Discovery, SourceFile, discover
from scanner.fingerprint import code_fingerprint
from scanner.model import (
    FileScan,
    Language,
    Problem,
    ProblemKind,
    ScanResult,
    ScanStats,
    Shard,
    Value,
)
from scanner.options import ExtractOptions, SymbolName
from scanner.shard import in_shard
from scanner.snapshot import Snapshots, tree_signature
from scanner.source import DEFAULT_MAX_FILE_SIZE, skip_reason

if TYPE_CHECKING:  # imported where used: a scan its snapshot answers needs none of them
    from scanner.index import FileIndex
    from scanner.linking import Reader
    from scanner.parallel import Progress, Runner
    from scanner.resolve import Resolution
    from scanner.tasks import FileOutcome, WorkerConfig

Extractor = Callable[[str, bytes, ExtractOptions], FileScan]


def extract_javascript(path: str, content: bytes, options: ExtractOptions) -> FileScan:
    from scanner.javascript import extract_javascript as extract

    return extract(path, content, options)


def extract_python(
    path: str, content: bytes, options: ExtractOptions, *, reference: bool = False
) -> FileScan:
    """`scanner.python.extract_python`, imported on first use: libcst takes a quarter of a
    second to load, and a scan served by the cache and worker processes never needs it."""
    from scanner.python import extract_python as extract

    return extract(path, content, options, reference=reference)


EXTRACTORS: dict[Language, Extractor] = {
    Language.PYTHON: extract_python,
    Language.JAVASCRIPT: extract_javascript,
    Language.TYPESCRIPT: extract_javascript,
}


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ScanOptions(Value):
    """How to scan: which files, how many processes, the cache, the fast paths."""

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
    # The fast paths: CPython's symbol tables as the quick Python syntax check, scopes and
    # positions from one light pass instead of libcst's providers (`scanner.python_walk`),
    # JavaScript files without calls only parsed, their definitions loaded on demand. Off
    # only to check that they change nothing (tests, `benchmarks/compare_paths.py`).
    fast: bool = True
    # Parse the files that cannot hold a call too, only to report their syntax errors. Off by
    # default: such a file cannot change the report, and checking every file of a large
    # repository costs more than finding its calls.
    check_syntax: bool = False

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
    extraction = options.extraction.for_file(path, content)
    try:
        if language is Language.PYTHON and not options.fast:
            return extract_python(path, content, extraction, reference=True)
        return extractor(path, content, extraction)
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
    processes; files that cannot hold a call are parsed only if a call refers to them. With a
    cache, a tree in which no file changed since the last scan is not read at all: its result
    is the last one (`scanner.snapshot`).
    """
    options = options or ScanOptions()
    started_ns = time.time_ns()
    snapshots = snapshots_for(root, options)
    saved = snapshots.read() if snapshots is not None else None
    found, signature, known_skips = None, None, frozenset[str]()
    if snapshots is not None and saved is not None:
        recheck = saved.recheck(root)
        if recheck.unchanged and (reused := saved.result()) is not None:
            return reused
        found = recheck.found or discover(root, options.discover)
        signature = tree_signature(found)
        if saved.signature == signature and (reused := saved.result()) is not None:
            # Only directories were touched (a report written at the root): the same files.
            snapshots.save(saved.signature, reused, found, started_ns, saved.skipped_paths())
            return reused
        known_skips = saved.still_skipped(found.files)
    found, result, skipped = _scan(root, options, progress, found, known_skips)
    if snapshots is not None:
        signature = signature or tree_signature(found)  # found here, if not before
        if signature is not None:
            snapshots.save(signature, result, found, started_ns, skipped)
    return result


def snapshots_for(root: Path, options: ScanOptions) -> Snapshots | None:
    """Where this scan's snapshot lives (with a cache), keyed by all that a result depends on
    besides the files: trackscan and its parsers, the root and the options."""
    if options.cache_dir is None:
        return None
    same_result = replace(options, jobs=None, cache_dir=None, strict=False)
    key = f"{code_fingerprint()}\0{root.resolve()}\0{same_result!r}"
    return Snapshots.in_directory(options.cache_dir, key)


def _scan(
    root: Path,
    options: ScanOptions,
    progress: Progress | None,
    found: Discovery | None,
    known_skips: frozenset[str],
) -> tuple[Discovery, ScanResult, frozenset[str]]:
    """The scan itself; `known_skips` are files known to hold no needle (not read again).
    Also returns the files found and those the first pass left unparsed."""
    from scanner.index import FileIndex
    from scanner.linking import link as link_rounds
    from scanner.parallel import Runner
    from scanner.tasks import FileTask
    from scanner.workers import default_jobs

    with Runner(worker_config(options), options.jobs or default_jobs(), progress) as runner:
        if found is None:
            runner.start_early()  # the workers load while this process finds the files
            found = discover(root, options.discover)
        mine = [source for source in found.files if in_shard(source.path, options.shard)]
        mine_paths = {source.path for source in mine}
        # With --shard, the other shards' files that can hold a call are extracted too:
        # wrappers and their call sites anywhere decide what this shard's calls are. Their
        # calls are linked, not reported.
        others = [source for source in found.files if source.path not in mine_paths]

        def load(sources: Sequence[SourceFile]) -> list[FileScan]:
            tasks = [FileTask(source, full=True) for source in sources]
            return [outcome.scan for outcome in runner.run(tasks, show_progress=False)]

        def again(symbols: tuple[SymbolName, ...], new: frozenset[str]) -> dict[str, FileScan]:
            names = tuple(sorted(new))
            tasks = [
                FileTask(source, peek=source.path not in mine_paths, symbols=symbols, new=names)
                for source in found.files
            ]
            return {
                outcome.scan.path: outcome.scan
                for outcome in runner.run(tasks, show_progress=False)
                if not outcome.unchanged and (outcome.has_calls or outcome.scan.path in mine_paths)
            }

        outcomes = first_pass(runner, mine, known_skips)
        peeked = [
            outcome
            for outcome in runner.run([FileTask(s, peek=True) for s in others], show_progress=False)
            if outcome.has_calls
        ]
        complete = {o.scan.path: o.scan for o in (*outcomes, *peeked) if o.complete}
        index = FileIndex(found.files, complete, load)
        for outcome in (*outcomes, *peeked):
            if not outcome.complete and outcome.has_calls:
                index.put(outcome.scan)
        scans = {outcome.scan.path: outcome.scan for outcome in (*outcomes, *peeked)}
        resolution = link_rounds(scans, options.extraction, again, index)
    if options.shard is not None:
        calls = tuple(c for c in resolution.calls if c.location.path in mine_paths)
        resolution = replace(resolution, calls=calls)
        scans = {path: scan for path, scan in scans.items() if path in mine_paths}
    files = tuple(scans.values())
    problems = [
        *(p for p in found.problems if in_shard(p.path, options.shard)),
        *(p for file in files for p in file.problems),
    ]
    problems.sort(key=problem_order)
    stats = scan_stats(outcomes, index.loaded_late)
    result = ScanResult(
        files,
        tuple(problems),
        resolution.calls,
        stats,
        tuple(runner.warnings),
        resolution.wrappers,
    )
    return found, result, frozenset(o.scan.path for o in outcomes if o.skipped)


def first_pass(
    runner: Runner, sources: Sequence[SourceFile], known_skips: frozenset[str]
) -> list[FileOutcome]:
    """Each file's first outcome, in order; a file known to spell no needle is not read."""
    from scanner.tasks import FileOutcome, FileTask

    outcomes: list[FileOutcome | None] = [
        FileOutcome(FileScan(s.path, s.language), False, skipped=True)
        if s.path in known_skips
        else None
        for s in sources
    ]
    to_read = [number for number, outcome in enumerate(outcomes) if outcome is None]
    read = runner.run([FileTask(sources[number]) for number in to_read])
    for number, outcome in zip(to_read, read, strict=True):
        outcomes[number] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


Rescan = Callable[[str, bytes, Language, ScanOptions], FileScan]


def link(
    files: dict[str, FileScan],
    read: Reader,
    options: ScanOptions,
    rescan: Rescan | None = None,
    index: FileIndex | None = None,
) -> Resolution:
    """Resolve files extracted in this process, reading files again for later rounds
    (`scanner.linking`); `rescan` extracts one file (by default `scan_bytes`)."""
    from scanner.linking import link as link_rounds
    from scanner.linking import read_again

    def extract(
        path: str, content: bytes, language: Language, symbols: tuple[SymbolName, ...]
    ) -> FileScan:
        with_symbols = replace(options.extraction, symbols=symbols)
        return (rescan or scan_bytes)(
            path, content, language, replace(options, extraction=with_symbols)
        )

    return link_rounds(files, options.extraction, read_again(files, read, extract), index)


def problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.kind.value)


def worker_config(options: ScanOptions) -> WorkerConfig:
    from scanner.tasks import WorkerConfig

    fingerprint = ""  # what a cache entry is valid for; no cache, no fingerprint
    if options.cache_dir is not None:
        import hashlib  # here: a warm scan of an unchanged tree never gets this far

        key = f"{code_fingerprint()}\0{options.extraction_key()}"
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
    return WorkerConfig(options, scan_bytes, options.cache_dir, fingerprint, options.prefilter)


def scan_stats(outcomes: Sequence[FileOutcome], loaded_late: int) -> ScanStats:
    return ScanStats(
        files=len(outcomes),
        parsed=sum(1 for outcome in outcomes if outcome.has_calls),
        checked=sum(1 for outcome in outcomes if not outcome.has_calls and not outcome.skipped),
        skipped=sum(1 for outcome in outcomes if outcome.skipped),
        cached=sum(1 for outcome in outcomes if outcome.cached),
        loaded_for_definitions=loaded_late,
    )
