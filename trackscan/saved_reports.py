"""What the subcommands that work on saved JSON reports share (`merge`, `report --from`):
reading a report, their config, output and gate flags, and the baseline comparison."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from reports import json_report
from scanner.baseline import compare
from scanner.errors import ConfigError
from scanner.model import Report
from trackscan.arguments import add_gate_arguments, add_output_arguments
from trackscan.cli import warn
from trackscan.settings import Settings, load_baseline, load_settings


def add_saved_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        "--config",
        metavar="FILE",
        help="config file for output and gate options (default: as for a scan of .)",
    )
    add_output_arguments(parser)
    add_gate_arguments(parser)


def saved_report_settings(args: argparse.Namespace) -> Settings:
    """The settings of a run on saved reports: the config found as for a scan of `.`."""
    args.path = "."
    settings = load_settings(args)
    for message in settings.warnings:
        warn(message)
    return settings


def read_report(path: Path) -> Report:
    try:
        return json_report.load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read report: {error.strerror}", str(path)) from None
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"not a trackscan JSON report: {error}", str(path)) from None


def with_baseline(report: Report, settings: Settings) -> Report:
    """`report` compared with the configured baseline, if there is one."""
    if settings.baseline is None:
        return report
    return replace(report, delta=compare(load_baseline(settings.baseline), report))
