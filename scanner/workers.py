"""The process the scan's workers fork from: how it is made, and starting it.

Kept apart from `scanner.parallel` (and importing nothing of the scanner) so that the
command line can start it before it imports anything else (`trackscan.__main__`): the
server then loads the parsers while this process loads the rest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a process is started: a warm scan starts none
    import multiprocessing.context

# What the server imports once, so that each worker forked from it starts ready. `__main__`
# too: else each worker runs the main script again as it starts (a console script that
# imports the whole CLI), and again at each renewal.
PRELOAD = ["__main__", "scanner", "scanner.api", "scanner.parallel", "scanner.python"]
PRELOAD += ["scanner.javascript", "scanner.preload"]  # last: it warms up what came before


# A scan makes millions of short-lived objects, nearly all freed by reference counting; at
# the default (a pass every 700 net allocations) the cycle collector took 4% of the
# instructions of parsing the benchmark corpus's Python files (callgrind), about 1% at this.
COLLECTOR_THRESHOLD = 10_000


def collect_less_often() -> None:
    import gc

    _, *older = gc.get_threshold()
    gc.set_threshold(COLLECTOR_THRESHOLD, *older)


def default_jobs() -> int:
    """The CPUs this process may run on (cgroup and affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean process that has imported the scanner once
    # (plain fork is unsafe with threads, such as a progress bar's).
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(PRELOAD)
    return forkserver


def start_forkserver() -> None:
    """Start the process workers fork from (once: later calls find it running), in an
    empty directory.

    It runs as `python -c`, so the directory it starts in heads its `sys.path`: started in
    a scanned repository with a `scanner/`, `reports/` or `trackscan/` package of its own (a
    Django app named `reports`), it would import those instead of trackscan's. Workers go
    back to this process's directory as they start (`scanner.parallel`).
    """
    import multiprocessing.forkserver

    if context().get_start_method() != "forkserver":
        return
    import tempfile

    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="trackscan-") as empty:
        os.chdir(empty)
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            os.chdir(here)
