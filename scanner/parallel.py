"""Run file tasks across processes, in order, and keep the cache up to date.

Work goes out in chunks (tens of files each, a few chunks per worker in flight) so
inter-process traffic stays small next to the work, and results are put back in task order,
so the output never depends on `--jobs`. Where processes cannot be started (no semaphores
in some sandboxes and serverless runtimes, a worker killed by the OS), the remaining work
runs in this process and a warning says so.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from scanner.cache import CacheError, Entry, prepare_directory
from scanner.tasks import FileOutcome, FileScanner, FileTask, Miss, WorkerConfig

Progress = Callable[[int, int], None]  # (files done, files in all) after each chunk

MIN_PARALLEL_FILES = 64  # fewer files than this are quicker to scan than to start workers
# Cache lookups run in this process first, so a warm scan starts no worker at all and a
# cached file never travels to one. When the first lookups mostly miss (a new cache
# version, another branch), the rest is left to the workers, who look up as they go.
LOOKUP_SAMPLE = 64
MAX_CHUNK = 48
CHUNKS_IN_FLIGHT_PER_WORKER = 3
# Workers are replaced once one of them holds more than this much memory: a libcst tree of
# a big file leaves the heap fragmented (hundreds of MB). Replacing them waits for the work
# in flight, so it happens only when needed, not every few chunks. (Not
# `max_tasks_per_child`: on CPython 3.11 the executor can hang when workers retire.)
RENEW_ABOVE_BYTES = 192 * 1024 * 1024


def default_jobs() -> int:
    """The CPUs this process may run on (cgroup and affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


_WORKER: FileScanner | None = None


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean process that has imported the scanner once
    # (plain fork is unsafe with threads, such as a progress bar's).
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # `__main__` too: else each worker runs the main script again as it starts (the
    # `trackscan` console script imports the whole CLI), and again at each renewal.
    preload = ["scanner", "scanner.parallel", "scanner.python", "scanner.javascript"]
    context.set_forkserver_preload(["__main__", *preload])
    return context


def _start_forkserver() -> None:
    """Start the process workers fork from, in an empty directory.

    It runs as `python -c`, so the directory it starts in heads its `sys.path`: started in
    a scanned repository with a `scanner/`, `reports/` or `trackscan/` package of its own (a
    Django app named `reports`), it would import those instead of trackscan's. Workers go
    back to this process's directory as they start (`_init_worker`).
    """
    if _context().get_start_method() != "forkserver":
        return
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="trackscan-") as empty:
        os.chdir(empty)
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            os.chdir(here)


def _init_worker(config: WorkerConfig, directory: str) -> None:
    global _WORKER
    os.chdir(directory)  # the forkserver's is an empty one (`_start_forkserver`)
    _WORKER = FileScanner(config)


def _run_chunk(tasks: list[FileTask]) -> tuple[list[FileOutcome], int]:
    """The chunk's outcomes, and how much memory this worker holds after it."""
    assert _WORKER is not None, "worker not initialised"
    return [_WORKER(task) for task in tasks], resident_bytes()


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
        todo = list(enumerate(tasks))
        if self._cache_in_use():
            todo = self._look_up(tasks, results, progress)
        done = len(tasks) - len(todo)
        if self.jobs == 1 or len(todo) < MIN_PARALLEL_FILES or self.pool_failed:
            for number, task in todo:
                found = results[number]
                results[number] = (
                    self.local.finish(found) if isinstance(found, Miss) else self.local(task)
                )
                done += 1
                if progress is not None and (done % 16 == 0 or done == len(tasks)):
                    progress(done, len(tasks))
        else:
            computed = self._run_pool([task for _, task in todo], progress, done, len(tasks))
            for (number, _), outcome in zip(todo, computed, strict=True):
                results[number] = outcome
        outcomes = [outcome for outcome in results if isinstance(outcome, FileOutcome)]
        assert len(outcomes) == len(tasks), "every task has its outcome"
        for outcome in outcomes:
            if outcome.entry is not None:
                self.entries.append(outcome.entry)
            if outcome.touch is not None:
                self.touched.append(outcome.touch)
        return outcomes

    def _cache_in_use(self) -> bool:
        """Whether the cache holds anything at all (in an empty one every lookup misses)."""
        if self._cache_used is None:
            cache = self.local.cache
            self._cache_used = cache is not None and cache.has_entries()
        return self._cache_used

    def _look_up(
        self,
        tasks: Sequence[FileTask],
        results: list[FileOutcome | Miss | None],
        progress: Progress | None,
    ) -> list[tuple[int, FileTask]]:
        """Settle here what needs no extraction; the tasks left, by number.

        A miss keeps its bytes only if this process will extract it; one sent to a worker
        says it was looked up already.
        """
        here = self.jobs == 1 or self.pool_failed
        left: list[tuple[int, FileTask]] = []
        settled = hits = misses = 0  # hits and misses: lookups that asked the cache
        for number, task in enumerate(tasks):
            if hits + misses == LOOKUP_SAMPLE and hits < misses:
                left.extend(enumerate(tasks[number:], start=number))  # mostly misses
                break
            found = self.local.lookup(task)
            if isinstance(found, FileOutcome):
                results[number] = found
                settled += 1
                hits += found.cached
                if progress is not None and settled % 64 == 0:
                    progress(settled, len(tasks))
            else:
                misses += 1
                if here:
                    results[number] = found
                left.append((number, replace(task, missed=True)))
        return left

    def _run_here(
        self, tasks: Sequence[FileTask], progress: Progress | None, done: int, total: int
    ) -> list[FileOutcome]:
        outcomes = []
        for number, task in enumerate(tasks, start=1):
            outcomes.append(self.local(task))
            if progress is not None and (number % 16 == 0 or number == len(tasks)):
                progress(done + number, total)
        return outcomes

    def _chunks(self, tasks: Sequence[FileTask]) -> list[list[FileTask]]:
        size = max(1, min(MAX_CHUNK, len(tasks) // (self.jobs * 8)))
        return [list(tasks[start : start + size]) for start in range(0, len(tasks), size)]

    def _run_pool(
        self, tasks: Sequence[FileTask], progress: Progress | None, done: int, total: int
    ) -> list[FileOutcome]:
        chunks = self._chunks(tasks)
        results: list[list[FileOutcome] | None] = [None] * len(chunks)
        pending: deque[tuple[int, Future[tuple[list[FileOutcome], int]]]] = deque()
        in_flight = self.jobs * CHUNKS_IN_FLIGHT_PER_WORKER
        next_chunk = 0
        renew = False  # a worker holds too much memory: renew once the work in flight is done
        try:
            pool = self._pool()
            while next_chunk < len(chunks) or pending:
                if renew and not pending:
                    pool, renew = self._renew_pool(), False
                while next_chunk < len(chunks) and len(pending) < in_flight and not renew:
                    pending.append((next_chunk, pool.submit(_run_chunk, chunks[next_chunk])))
                    next_chunk += 1
                number, future = pending.popleft()
                results[number], resident = future.result()
                renew = renew or resident > RENEW_ABOVE_BYTES
                done += len(chunks[number])
                if progress is not None:
                    progress(done, total)
        except (BrokenProcessPool, OSError, ImportError, NotImplementedError) as error:
            self._give_up_pool(error)
            for number, chunk in enumerate(chunks):
                if results[number] is None:
                    results[number] = self._run_here(chunk, progress, done, total)
                    done += len(chunk)
        return [outcome for chunk_results in results if chunk_results for outcome in chunk_results]

    def start_early(self) -> None:
        """On a cold scan, start the process workers fork from now: it loads the scanner
        while this one finds the files. (A warm scan may need no worker at all.)"""
        if self.jobs == 1 or self._cache_in_use():
            return
        self._start_server()

    def _start_server(self) -> None:
        """`_start_forkserver`, once per run (pools renewed later fork from the same one)."""
        if not self._server_started:
            self._server_started = True
            # If it cannot start, the pool says why when it is needed.
            with suppress(OSError, ImportError, ValueError):
                _start_forkserver()

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self._start_server()
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=_context(),
                initializer=_init_worker,
                initargs=(self.config, str(Path.cwd())),
            )
        return self.pool

    def _renew_pool(self) -> ProcessPoolExecutor:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
        return self._pool()

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
