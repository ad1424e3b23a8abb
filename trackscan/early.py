"""Start the scan's workers before the command line loads the rest of trackscan.

The process the workers fork from (`scanner.workers`) loads the parsers, which takes as long
as this process takes to load the CLI and find the files; started first, it is ready when
the first files to parse turn up (0.15-0.25 s sooner on the benchmark corpus). Only a guess
from the raw arguments and the config file is possible this early, so it is a cautious one: a
scan (no other subcommand, no --help), more than one process, and no cache yet where the
arguments or the config file say it is (a warm scan may parse nothing). The scan makes its
own decision later; a server started for nothing exits with this process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trackscan.commands import SUBCOMMANDS
from trackscan.config_file import config_file_path, toml, trackscan_table

# The scanner's own names, repeated so as not to import it this early (`tests/test_early.py`
# holds them equal).
CACHE_DATABASE = "cache.sqlite3"  # `scanner.cache.DATABASE`
DEFAULT_CACHE = ".trackscan_cache"  # `trackscan.settings.default_cache_dir`
# A config file that sets none of these cannot change the guess: it is not parsed.
_SETTINGS_THAT_MATTER = re.compile(rb"(?m)^[ \t]*(?:jobs|cache|cache_dir)[ \t]*=")


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
    roots = [Path(arg) for arg in argv if not arg.startswith("-") and Path(arg).is_dir()]
    roots = roots or [Path()]
    configured = _configured(argv, roots[0])
    jobs = _value(argv, "--jobs", "-j") or str(configured.get("jobs", "")) or None
    if jobs is not None and jobs.strip() in ("0", "1"):
        return False
    if "--no-cache" not in argv and configured.get("cache") is not False:
        cache_dir = _value(argv, "--cache-dir") or configured.get("cache_dir")
        if cache_dir is not None:
            caches = [Path(cache_dir)]
        else:
            caches = [root / DEFAULT_CACHE for root in roots]
        if any((cache / CACHE_DATABASE).exists() for cache in caches):
            return False
    from scanner.workers import default_jobs

    return jobs is not None or default_jobs() > 1


def _configured(argv: list[str], root: Path) -> dict[str, Any]:
    """`jobs`, `cache` and `cache_dir` as the config file the scan reads sets them, with
    `cache_dir` made absolute (as `trackscan.config` makes every path)."""
    explicit = _value(argv, "--config", "-c")
    path = config_file_path(root, Path(explicit) if explicit else None)
    if path is None:
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}  # a named file that is missing: the scan says so
    if not _SETTINGS_THAT_MATTER.search(data):
        return {}
    table = trackscan_table(path, toml().loads(data.decode("utf-8")))
    values = {key: table[key] for key in ("jobs", "cache", "cache_dir") if key in table}
    if isinstance(values.get("cache_dir"), str):
        values["cache_dir"] = str(path.parent / values["cache_dir"])
    return values


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
