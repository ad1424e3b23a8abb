"""`trackscan report --from REPORT.json`: render and gate a saved report without rescanning.

With `--history FILE.jsonl` the report is also appended to a JSON-lines history (what a CI
job on the main branch keeps as an artifact or commits), and the HTML report draws the trend
from it.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from reports import history as history_lines
from reports import write_atomic
from scanner.errors import ConfigError
from scanner.history import implemented_names, owner_summaries
from scanner.model import HistoryPoint, Report
from trackscan.cli import finish
from trackscan.outputs import outputs_for
from trackscan.saved_reports import (
    add_saved_report_arguments,
    read_report,
    saved_report_settings,
    with_baseline,
)
from trackscan.settings import root_prefix


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan report",
        description="Render a saved JSON report again (HTML, Markdown, SARIF, GitLab, "
        "summary), apply gates, and keep a coverage history.",
        epilog="Exit codes: 0 ok, 1 a gate failed, 2 usage error or an unusable report.",
    )
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="REPORT.json",
        help="the JSON report written by `trackscan --json`",
    )
    parser.add_argument(
        "--history",
        metavar="FILE.jsonl",
        help="append this report to a JSON-lines history and draw its trend "
        "in the HTML report (a re-run on the same commit replaces its line)",
    )
    parser.add_argument(
        "--path-prefix",
        metavar="DIR/",
        help="the scanned root inside the repository, for links and SARIF paths "
        "(default: the report's root when it is a relative path)",
    )
    add_saved_report_arguments(parser)
    return parser


def history_point(report: Report) -> HistoryPoint:
    return HistoryPoint(
        commit=report.meta.commit or "",
        date=report.meta.generated_at,
        subject="",
        summary=report.summary,
        owners=owner_summaries(report),
    )


def update_history(path: Path, report: Report) -> tuple[HistoryPoint, ...]:
    """Append `report` to the history file and return every point, oldest first."""
    lines = []
    if path.exists():
        try:
            lines = history_lines.read_lines(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"cannot read the history: {error}", str(path)) from None
        except ValueError as error:
            raise ConfigError(str(error)) from None
    lines = history_lines.append_line(lines, history_point(report), implemented_names(report))
    write_atomic(path, history_lines.render_lines(lines))
    return tuple(history_lines.point_from_dict(line) for line in lines)


def report_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = saved_report_settings(args)
    report = with_baseline(read_report(Path(args.source)), settings)
    history = update_history(Path(args.history), report) if args.history else ()
    prefix = args.path_prefix if args.path_prefix is not None else root_prefix(report.meta.root)
    outputs = dataclasses.replace(
        outputs_for(settings), prefix=prefix, excerpts_root=None, history=history
    )
    return finish(report, settings, outputs)
