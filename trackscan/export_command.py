"""`trackscan export`: the tracking plan as a CSV with implementation progress filled in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reports import write_bytes_atomic
from scanner.errors import ConfigError
from scanner.plan import CSV_SUFFIXES, PLAN_FORMATS, find_default_plan
from scanner.plan.csv_plan import parse_csv_plan
from scanner.plan.csv_table import read_table
from scanner.plan.export import STATUS_HEADER, WHERE_HEADER, export_csv_plan, export_plan
from trackscan.arguments import add_call_arguments, add_file_arguments
from trackscan.cli import ExitCode, run_scan
from trackscan.settings import display_path, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan export",
        description=f"Write the tracking plan as a CSV with two more columns, {STATUS_HEADER} "
        f"and {WHERE_HEADER}, so the team's spreadsheet shows what is implemented. A CSV "
        "plan keeps all its rows and columns.",
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="repository or directory to scan (default: .)"
    )
    parser.add_argument(
        "-p", "--plan", metavar="FILE", help="tracking plan (default: as for a scan)"
    )
    parser.add_argument("--plan-format", choices=PLAN_FORMATS, help="read the plan as this format")
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the CSV to write ('-' for stdout)"
    )
    parser.add_argument("-c", "--config", metavar="FILE", help="config file")
    add_file_arguments(parser)
    add_call_arguments(parser)
    return parser


def export_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args)
    plan_path = settings.plan or find_default_plan(settings.root)
    if plan_path is None:
        raise ConfigError("export needs a tracking plan: pass --plan FILE")
    output = args.output
    if output != "-" and Path(output).resolve() == plan_path.resolve():
        raise ConfigError(f"{output} is the plan itself; write the export to another file")
    report = run_scan(settings)
    is_csv = plan_path.is_file() and (
        settings.plan_format == "csv" or plan_path.suffix.lower() in CSV_SUFFIXES
    )
    encoding = "utf-8"
    if is_csv:
        table = read_table(plan_path, display_path(plan_path, settings.root))
        text = export_csv_plan(parse_csv_plan(table), report)
        encoding = table.encoding  # the team's spreadsheet opens it the way it saved it
    else:
        text = export_plan(report)
    if output == "-":
        sys.stdout.write(text)
    else:
        write_bytes_atomic(Path(output), text.encode(encoding, errors="replace"))
        summary = report.summary
        print(
            f"Wrote {output}: {summary.implemented} of {summary.planned} planned events "
            "implemented."
        )
    return ExitCode.OK
