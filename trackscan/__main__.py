"""`python -m trackscan`, and the `trackscan` command (`run`)."""

import sys


def run() -> None:
    from scanner.workers import collect_less_often
    from trackscan.early import start_workers_early

    collect_less_often()
    start_workers_early(sys.argv[1:])
    from trackscan.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
