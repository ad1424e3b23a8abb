"""Command line: settings → plan → scan → match → render → exit code.

This module is the only place that prints or decides the exit code.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

from scanner import scan
from scanner.baseline import compare
from scanner.errors import PlanError, TrackscanError
from scanner.gates import failures
from scanner.match import match
from scanner.model import Report, ReportMeta
from trackscan.arguments import build_parser
from trackscan.commands import SUBCOMMANDS
from trackscan.outputs import (
    Outputs,
    annotations_wanted,
    outputs_for,
    print_annotations,
    use_color,
    write_outputs,
)
from trackscan.progress import ProgressBar
from trackscan.settings import Settings, load_baseline, load_settings, load_tracking_plan, make_meta

if TYPE_CHECKING:
    from scanner.parallel import Progress


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1  # --fail-under or --fail-on
    USAGE_ERROR = 2  # bad flags, unreadable or invalid config or plan
    INTERNAL_ERROR = 3  # a bug in trackscan


def run_scan(
    settings: Settings,
    meta_factory: Callable[[Settings], ReportMeta] | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> Report:
    """The pipeline, without printing: plan, scan, match (and compare with --baseline)."""
    plan = load_tracking_plan(settings)
    baseline = load_baseline(settings.baseline) if settings.baseline else None
    result = scan(settings.root, settings.scan, progress)
    for message in result.warnings:
        if warn is not None:
            warn(message)
    meta = (meta_factory or make_meta)(settings)
    report = match(plan, result.calls, result.problems, meta, settings.naming, result.wrappers)
    report = dataclasses.replace(report, shard=settings.scan.shard)
    if baseline is not None:
        report = dataclasses.replace(report, delta=compare(baseline, report))
    return report


def explained(settings: Settings) -> tuple[str, ...]:
    """`--explain`'s description of what the scan looked for (its module loads the presets)."""
    if not settings.explain:
        return ()
    from trackscan.explain import describe_patterns

    return describe_patterns(settings.scan.extraction)


def scan_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args)
    for message in settings.warnings:
        warn(message)
    show_progress = settings.progress and not settings.quiet and ProgressBar.wanted(sys.stderr)
    with ProgressBar(sys.stderr, enabled=show_progress) as progress:
        report = run_scan(settings, progress=progress, warn=warn)
    if settings.scan.shard is not None and not settings.quiet:
        print(
            f"trackscan: shard {settings.scan.shard}: this report covers only this shard's "
            "files; join the shard reports with `trackscan merge`",
            file=sys.stderr,
        )
    return finish(report, settings)


def warn(message: str) -> None:
    print(f"trackscan: warning: {message}", file=sys.stderr)


def finish(report: Report, settings: Settings, outputs: Outputs | None = None) -> int:
    """Write the outputs, print annotations and the summary, apply the gates: the exit code."""
    outputs = outputs or outputs_for(settings)
    write_outputs(report, outputs)
    if annotations_wanted(settings.github_annotations):
        print_annotations(report, outputs)
    summary_stream = sys.stderr if outputs.stdout else sys.stdout
    if not settings.quiet:
        from reports import terminal  # rich: a fifth of start-up, not needed with --quiet

        options = terminal.TerminalOptions(
            color=use_color(settings.color, summary_stream),
            verbose=settings.verbose,
            explain=settings.explain,
            patterns=explained(settings),
        )
        summary_stream.write(terminal.render(report, options))
    failed = failures(report, settings.fail_under, settings.fail_on)
    for message in failed:
        print(f"trackscan: gate failed: {message}", file=sys.stderr)
    if failed and not settings.exit_zero:
        return ExitCode.GATE_FAILED
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            module_name, function = SUBCOMMANDS[argv[0]].split(":")
            command = getattr(importlib.import_module(module_name), function)
            return int(command(argv[1:]))
        if argv and argv[0] == "scan":
            argv = argv[1:]
        return int(scan_command(argv))
    except PlanError as error:
        for detail in error.details:
            print(f"trackscan: {detail}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except TrackscanError as error:
        print(f"trackscan: {error}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except KeyboardInterrupt:
        print("trackscan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # the last line of defence: a short message, never a bare traceback
        return report_crash(error)


def report_crash(error: Exception) -> int:
    import tempfile  # here: only a crash needs them
    import traceback

    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="trackscan-crash-", suffix=".txt", delete=False, encoding="utf-8"
        ) as handle:
            handle.write(details)
        saved = f"; traceback saved to {handle.name}"
    except OSError:
        saved = ""
    print(
        f"trackscan: internal error: {type(error).__name__}: {error}{saved}\n"
        "This is a bug in trackscan; please report it with that file.",
        file=sys.stderr,
    )
    return ExitCode.INTERNAL_ERROR
