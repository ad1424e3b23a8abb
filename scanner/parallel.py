"""Run file tasks across processes, in order, and keep the cache up to date.

Work goes out in chunks (tens of files each, a few chunks per worker in flight) so
inter-process traffic stays small next to the work, and results are put back in task order,
so the output never depends on `--jobs`. Where processes cannot be started (no semaphores
in some sandboxes and serverless runtimes, a worker killed by the OS), the remaining work
runs in this process and a warning says so.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from scanner.cache import CacheError, Entry, prepare_directory
from scanner.tasks import FileOutcome, FileScanner, FileTask, Miss, Parse, WorkerConfig
from scanner.workers import context, start_forkserver

Progress = Callable[[int, int], None]  # (files done, files in all) after each chunk

MIN_PARALLEL_FILES = 64  # fewer files than this are quicker to scan than to start workers
# Reading, prefiltering and cache lookups run in this process, so a warm scan starts no
# worker at all and a file that needs no parsing never travels to one. When the first
# lookups mostly leave files to parse, the rest is left to the workers to read.
LOOKUP_SAMPLE = 64
MAX_CHUNK = 48
# Files that need parsing go out in small chunks as they turn up: each costs milliseconds,
# and small chunks keep the workers evenly loaded to the end.
STREAMED_CHUNK = 8
# Nor more bytes than this, once the workers run: a chunk of large files takes a worker
# tenths of a second, and the last one decides when the scan ends.
STREAMED_CHUNK_BYTES = 64 * 1024
# When no more files than this need parsing (a warm scan after an edit), they are parsed
# here: starting the workers takes longer than parsing a few files.
PARSED_HERE_AT_MOST = STREAMED_CHUNK - 1
CHUNKS_IN_FLIGHT_PER_WORKER = 3
# Files this process has not read yet, handed from the end of the list to workers that have
# nothing to parse (checked every few files: a look at the work in flight costs locks).
HANDED_OUT = 256
HUNGER_CHECK_EVERY = 16
# Done chunks are collected (and waiting ones sent) after each file that needs parsing, and
# every few files otherwise: a look at a future takes its lock.
POLL_EVERY = 8
# Workers are replaced once one of them holds more than this much memory: a libcst tree of
# a big file leaves the heap fragmented (hundreds of MB). Replacing them waits for the work
# in flight, so it happens only when needed, not every few chunks. (Not
# `max_tasks_per_child`: on CPython 3.11 the executor can hang when workers retire.)
RENEW_ABOVE_BYTES = 192 * 1024 * 1024


_WORKER: FileScanner | None = None


def _init_worker(config: WorkerConfig, directory: str) -> None:
    global _WORKER
    os.chdir(directory)  # the forkserver starts in an empty one (`start_forkserver`)
    _WORKER = FileScanner(config)


def _run_chunk(work: list[FileTask | Parse]) -> tuple[list[FileOutcome], int]:
    """The chunk's outcomes, and how much memory this worker holds after it."""
    assert _WORKER is not None, "worker not initialised"
    worker = _WORKER
    outcomes = [worker(t) if isinstance(t, FileTask) else worker.parse(t) for t in work]
    return outcomes, resident_bytes()


def resident_bytes() -> int:
    """This process's resident memory now (Linux); 0 where it cannot be read cheaply."""
    try:
        return int(Path("/proc/self/statm").read_bytes().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


class Runner:
    """Runs `FileTask`s for one scan; a context manager that writes the cache on exit."""

    def __init__(self, config: WorkerConfig, jobs: int, progress: Progress | None = None) -> None:
        self.warnings: list[str] = []
        if config.cache_dir is not None:
            try:
                prepare_directory(config.cache_dir)
            except CacheError as error:
                self.warnings.append(f"{error}; scanning without a cache")
                config = replace(config, cache_dir=None)
        self.config = config
        self.jobs = max(1, jobs)
        self.progress = progress
        self.local = FileScanner(config)
        if self.local.warning is not None:
            self.warnings.append(f"{self.local.warning}; scanning without a cache")
            self.config = config = replace(config, cache_dir=None)
            self.local = FileScanner(config)
        self.pool: ProcessPoolExecutor | None = None
        self.pool_failed = False
        self.entries: list[Entry] = []
        self.touched: list[bytes] = []
        self._cache_used: bool | None = None
        self._server_started = False

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=kind is None, cancel_futures=True)
        if kind is None:
            self._write_cache()
        self.local.close()

    def run(self, tasks: Sequence[FileTask], show_progress: bool = True) -> list[FileOutcome]:
        """Outcomes in task order, whatever the number of processes."""
        progress = self.progress if show_progress else None
        results: list[FileOutcome | Miss | None] = [None] * len(tasks)
        if self.jobs == 1 or len(tasks) < MIN_PARALLEL_FILES or self.pool_failed:
            self._run_local(tasks, results, progress)
        else:
            self._run_streamed(tasks, results, progress)
        outcomes = [outcome for outcome in results if isinstance(outcome, FileOutcome)]
        assert len(outcomes) == len(tasks), "every task has its outcome"
        for outcome in outcomes:
            if outcome.entry is not None:
                self.entries.append(outcome.entry)
            if outcome.touch is not None:
                self.touched.append(outcome.touch)
        return outcomes

    def _run_local(
        self,
        tasks: Sequence[FileTask],
        results: list[FileOutcome | Miss | None],
        progress: Progress | None,
    ) -> None:
        for number, task in enumerate(tasks):
            found = self.local.lookup(task)
            results[number] = self.local.finish(found) if isinstance(found, Miss) else found
            if progress is not None and ((number + 1) % 16 == 0 or number + 1 == len(tasks)):
                progress(number + 1, len(tasks))

    def _run_streamed(
        self,
        tasks: Sequence[FileTask],
        results: list[FileOutcome | Miss | None],
        progress: Progress | None,
    ) -> None:
        """Read, prefilter and look up each file here, and hand the ones that need parsing
        to the workers as they turn up, so parsing starts while the rest are still read.

        In most repositories few files can hold a call: this process settles the others
        (and cached files) faster than it could send them anywhere. When the first files
        mostly need parsing (no prefilter, a pattern without names, a cold cache with
        `--check-syntax`), the rest go to the workers unread, who read them in parallel.
        And whenever the workers run out of files to parse, they are handed files from
        the end of the list to read themselves, so that they never wait for this process.
        """
        feed = _Feed(self, tasks, results, progress)
        ask_cache = self._cache_in_use()
        settled = left = 0
        number, end = 0, len(tasks)  # this process reads from the front, up to `end`
        try:
            while number < end:
                if settled + left == LOOKUP_SAMPLE and settled < left:
                    feed.add_unread(enumerate(tasks[number:end], start=number))
                    break
                checked = number % HUNGER_CHECK_EVERY == 0 and end - number > 2 * HANDED_OUT
                if checked and feed.workers_waiting():
                    end -= HANDED_OUT
                    feed.add_unread(enumerate(tasks[end : end + HANDED_OUT], start=end))
                found = self.local.lookup(tasks[number], ask_cache=ask_cache)
                if isinstance(found, FileOutcome):
                    results[number] = found
                    settled += 1
                    feed.settled()
                else:
                    left += 1
                    feed.add(number, found)
                    feed.poll()
                if number % POLL_EVERY == 0:
                    feed.poll()
                number += 1
            feed.finish()
        except (BrokenProcessPool, OSError, ImportError, NotImplementedError) as error:
            self._give_up_pool(error)
            feed.run_rest_here()

    def _cache_in_use(self) -> bool:
        """Whether the cache holds anything at all (in an empty one every lookup misses)."""
        if self._cache_used is None:
            cache = self.local.cache
            self._cache_used = cache is not None and cache.has_entries()
        return self._cache_used

    def start_early(self) -> None:
        """On a cold scan, start the process workers fork from now: it loads the scanner
        while this one finds the files. (A warm scan may need no worker at all.)"""
        if self.jobs == 1 or self._cache_in_use():
            return
        self._start_server()

    def _start_server(self) -> None:
        """`start_forkserver`, once per run (pools renewed later fork from the same one)."""
        if not self._server_started:
            self._server_started = True
            # If it cannot start, the pool says why when it is needed.
            with suppress(OSError, ImportError, ValueError):
                start_forkserver()

    def started_pool(self) -> ProcessPoolExecutor:
        """The worker pool, started on first use."""
        if self.pool is None:
            self._start_server()
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context(),
                initializer=_init_worker,
                initargs=(self.config, str(Path.cwd())),
            )
        return self.pool

    def renew_pool(self) -> ProcessPoolExecutor:
        """A new pool once the work in flight is done (a worker grew too large)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
        return self.started_pool()

    def _give_up_pool(self, error: BaseException) -> None:
        self.pool_failed = True
        reason = str(error) or type(error).__name__
        self.warnings.append(f"cannot scan in parallel ({reason}); scanning in one process")
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def _write_cache(self) -> None:
        cache = self.local.cache
        if cache is None or not (self.entries or self.touched):
            return
        try:
            cache.write(self.entries, self.touched)
        except CacheError as error:
            self.warnings.append(f"{error}; results not cached")


Numbered = list[tuple[int, FileTask | Parse]]  # work with its places in the run


class _Feed:
    """Chunks of tasks on their way to the pool, and their outcomes put back in place.

    At most a few chunks per worker are in flight; the rest wait here, so that when a
    worker has grown too large the pool can be renewed once the work in flight is done.
    """

    def __init__(
        self,
        runner: Runner,
        tasks: Sequence[FileTask],
        results: list[FileOutcome | Miss | None],
        progress: Progress | None,
    ) -> None:
        self.runner = runner
        self.tasks = tasks
        self.results = results
        self.progress = progress
        self.done = 0
        # The files read here that need parsing, not yet sent: with their bytes, in case
        # they are so few that they are parsed here after all (`finish`).
        self.chunk: list[tuple[int, Miss]] = []
        self.chunk_bytes = 0
        self.backlog: deque[Numbered] = deque()
        self.pending: deque[tuple[Numbered, Future[tuple[list[FileOutcome], int]]]] = deque()
        self.in_flight = runner.jobs * CHUNKS_IN_FLIGHT_PER_WORKER
        self.renew = False  # a worker holds too much memory: renew once nothing is in flight

    def settled(self) -> None:
        """One more task settled in this process."""
        self.done += 1
        if self.progress is not None and self.done % 64 == 0:
            self.progress(self.done, len(self.tasks))

    def add(self, number: int, miss: Miss) -> None:
        self.chunk.append((number, miss))
        self.chunk_bytes += len(miss.content)
        full = len(self.chunk) == STREAMED_CHUNK
        if full or (self.chunk_bytes >= STREAMED_CHUNK_BYTES and self.runner.pool is not None):
            self._close_chunk()
            self._submit()

    def workers_waiting(self) -> bool:
        """The pool is up, and fewer chunks are left to parse than there are workers."""
        if self.runner.pool is None or self.backlog or self.chunk:
            return False
        running = sum(1 for _, future in self.pending if not future.done())
        return running < self.runner.jobs

    def add_unread(self, numbered: Iterable[tuple[int, FileTask]]) -> None:
        """Tasks not even read here: larger chunks, the workers do everything."""
        self._close_chunk()
        rest: Numbered = list(numbered)
        size = max(1, min(MAX_CHUNK, len(rest) // (self.runner.jobs * 8)))
        self.backlog.extend(rest[start : start + size] for start in range(0, len(rest), size))
        self._submit()

    def poll(self) -> None:
        """Put back the outcomes of the chunks done so far, without waiting."""
        while self.pending and self.pending[0][1].done():
            self._collect()
        self._submit()

    def finish(self) -> None:
        few = len(self.chunk) <= PARSED_HERE_AT_MOST and not self.backlog and not self.pending
        if few and self.runner.pool is None:
            for number, miss in self.chunk:
                self.results[number] = self.runner.local.finish(miss)
                self.settled()
            self.chunk = []
            return
        self._close_chunk()
        self._submit()
        while self.pending:
            self._collect()
            self._submit()

    def run_rest_here(self) -> None:
        """The pool failed: every task still without an outcome runs in this process."""
        self.chunk, self.backlog, self.pending = [], deque(), deque()
        for number, task in enumerate(self.tasks):
            if self.results[number] is None:
                self.results[number] = self.runner.local(task)
        if self.progress is not None:
            self.progress(len(self.tasks), len(self.tasks))

    def _close_chunk(self) -> None:
        """Send the files read here with their bytes (the cache missed them already)."""
        if self.chunk:
            self.backlog.append([(number, Parse.of(miss)) for number, miss in self.chunk])
            self.chunk, self.chunk_bytes = [], 0

    def _submit(self) -> None:
        if self.renew and not self.pending:
            self.runner.renew_pool()
            self.renew = False
        while self.backlog and len(self.pending) < self.in_flight and not self.renew:
            chunk = self.backlog.popleft()
            work = [item for _, item in chunk]
            self.pending.append((chunk, self.runner.started_pool().submit(_run_chunk, work)))

    def _collect(self) -> None:
        chunk, future = self.pending.popleft()
        outcomes, resident = future.result()
        for (number, _), outcome in zip(chunk, outcomes, strict=True):
            self.results[number] = outcome
        self.renew = self.renew or resident > RENEW_ABOVE_BYTES
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(self.done, len(self.tasks))
