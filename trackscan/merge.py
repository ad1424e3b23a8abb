"""`trackscan merge A.json B.json ...`: join shard reports, then output and gate as a scan does.

A CI matrix runs `trackscan --shard K/N --json shard-K.json` on N runners; one last job runs
`trackscan merge shard-*.json --fail-under 90` and gets the report, summary and exit code of
an unsharded scan.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from reports import json_report
from scanner.baseline import compare
from scanner.errors import ConfigError
from scanner.merge import MergeError, merge_reports
from scanner.model import Report
from trackscan.arguments import add_gate_arguments, add_output_arguments
from trackscan.cli import finish, warn
from trackscan.settings import load_baseline, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan merge",
        description="Join the JSON reports of `trackscan --shard K/N` runs into one report.",
        epilog="Exit codes: 0 ok, 1 a gate failed, 2 usage error or unusable reports.",
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="shard JSON reports")
    parser.add_argument(
        "-c",
        "--config",
        metavar="FILE",
        help="config file for output and gate options (default: as for a scan of .)",
    )
    add_output_arguments(parser)
    add_gate_arguments(parser)
    return parser


def read_report(path: Path) -> Report:
    try:
        return json_report.load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read report: {error.strerror}", str(path)) from None
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"not a trackscan JSON report: {error}", str(path)) from None


def merge_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    args.path = "."
    settings = load_settings(args)
    for message in settings.warnings:
        warn(message)
    reports = [read_report(Path(path)) for path in args.reports]
    try:
        merged = merge_reports(reports)
    except MergeError as error:
        raise ConfigError(f"cannot merge: {error}") from None
    if settings.baseline is not None:
        merged = replace(merged, delta=compare(load_baseline(settings.baseline), merged))
    return finish(merged, settings)
