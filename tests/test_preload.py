"""What the process the workers fork from does after loading the scanner (`scanner.preload`)."""

from __future__ import annotations

import subprocess
import sys

from scanner.workers import COLLECTOR_THRESHOLD, PRELOAD


def test_the_preload_warms_up_every_parser_and_freezes_what_it_made() -> None:
    probe = (
        "import gc, scanner.preload\n"
        "from scanner.javascript.parse import query\n"
        "from scanner.python_walk import child_fields\n"
        "print(gc.get_freeze_count(), child_fields.cache_info().currsize,"
        " query.cache_info().currsize, gc.get_threshold()[0])\n"
    )
    # A process of its own: freezing is for good.
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    frozen, child_orders, queries, threshold = map(int, result.stdout.split())
    assert frozen > 20_000  # the scanner and its parsers, loaded
    assert child_orders >= 10  # the node kinds of the Python sample
    assert queries >= 1  # JavaScript's call queries
    assert threshold == COLLECTOR_THRESHOLD  # and the workers collect cycles less often
    assert result.stderr == ""


def test_the_preload_comes_last_so_that_it_warms_up_what_the_server_loaded() -> None:
    assert PRELOAD[-1] == "scanner.preload"
