"""`python -m trackscan`, and the `trackscan` command (`run`)."""

import os
import sys


def run() -> None:
    from scanner.workers import collect_less_often
    from trackscan.early import start_workers_early

    collect_less_often()
    start_workers_early(sys.argv[1:])
    from trackscan.cli import main

    code = main()
    # Every report is written and closed, and the workers and the cache are shut by now.
    # Python's own shutdown (a last collection, every module torn down) would take longer
    # than a warm scan spends writing its report: flush what is buffered and leave.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
