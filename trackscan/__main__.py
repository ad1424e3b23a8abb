"""`python -m trackscan`, and the `trackscan` command (`run`)."""

import sys


def run() -> None:
    from trackscan.early import start_workers_early

    start_workers_early(sys.argv[1:])
    from trackscan.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
