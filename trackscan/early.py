"""Start the scan's workers before the command line loads the rest of trackscan.

The process the workers fork from (`scanner.workers`) loads the parsers, which takes as long
as this process takes to load the CLI and find the files; started first, it is ready when
the first files to parse turn up (0.15-0.25 s sooner on the benchmark corpus). Only a guess
from the raw arguments is possible this early, so it is a cautious one: a scan (no other
subcommand, no --help), more than one process, and no cache yet where the arguments say it
is (a warm scan may parse nothing). The scan makes its own decision later; a server started
for nothing exits with this process.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trackscan.commands import SUBCOMMANDS

CACHE_DATABASE = "cache.sqlite3"  # `scanner.cache.DATABASE`, without importing the scanner
DEFAULT_CACHE = ".trackscan_cache"  # `trackscan.settings.default_cache_dir`


def start_workers_early(argv: Sequence[str]) -> None:
    try:
        if not cold_scan_likely(list(argv)):
            return
        from scanner.workers import start_forkserver

        start_forkserver()
    except Exception:  # a guess that fails is no guess: the scan starts them when needed
        return


def cold_scan_likely(argv: list[str]) -> bool:
    """Whether these arguments look like a scan that will parse files in several processes."""
    if argv and (argv[0] in SUBCOMMANDS):
        return False
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return False
    jobs = _value(argv, "--jobs", "-j")
    if jobs is not None and jobs.strip() in ("0", "1"):
        return False
    if "--no-cache" not in argv:
        cache_dir = _value(argv, "--cache-dir")
        if cache_dir is not None:
            caches = [Path(cache_dir)]
        else:
            roots = [Path(arg) for arg in argv if not arg.startswith("-") and Path(arg).is_dir()]
            caches = [root / DEFAULT_CACHE for root in roots or [Path()]]
        if any((cache / CACHE_DATABASE).exists() for cache in caches):
            return False
    from scanner.workers import default_jobs

    return jobs is not None or default_jobs() > 1


def _value(argv: list[str], *flags: str) -> str | None:
    """The value given to one of `flags` (`--flag V`, `--flag=V`, `-jV`), the last one wins."""
    found = None
    for number, arg in enumerate(argv):
        for flag in flags:
            if arg == flag and number + 1 < len(argv):
                found = argv[number + 1]
            elif arg.startswith(flag + "=") and flag.startswith("--"):
                found = arg[len(flag) + 1 :]
            elif not flag.startswith("--") and arg.startswith(flag) and len(arg) > len(flag):
                found = arg[len(flag) :]
    return found
