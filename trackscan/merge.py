"""`trackscan merge A.json B.json ...`: join shard reports, then output and gate as a scan does.

A CI matrix runs `trackscan --shard K/N --json shard-K.json` on N runners; one last job runs
`trackscan merge shard-*.json --fail-under 90` and gets the report, summary and exit code of
an unsharded scan.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from scanner.errors import ConfigError
from scanner.merge import MergeError, merge_reports
from trackscan.cli import finish
from trackscan.saved_reports import (
    add_saved_report_arguments,
    read_report,
    saved_report_settings,
    with_baseline,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan merge",
        description="Join the JSON reports of `trackscan --shard K/N` runs into one report.",
        epilog="Exit codes: 0 ok, 1 a gate failed, 2 usage error or unusable reports.",
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="shard JSON reports")
    add_saved_report_arguments(parser)
    return parser


def merge_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = saved_report_settings(args)
    reports = [read_report(Path(path)) for path in args.reports]
    try:
        merged = merge_reports(reports)
    except MergeError as error:
        raise ConfigError(f"cannot merge: {error}") from None
    return finish(with_baseline(merged, settings), settings)
