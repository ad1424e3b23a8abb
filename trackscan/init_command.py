"""`trackscan init`: draft a tracking plan from the analytics calls already in the code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reports import write_bytes_atomic
from reports.format import printable
from scanner import scan
from scanner.errors import ConfigError, PlanError
from scanner.plan import find_default_plan
from scanner.plan.csv_plan import parse_csv_plan
from scanner.plan.csv_table import parse_table
from scanner.plan.documents import parse_yaml
from scanner.plan.draft import Draft, draft_plan
from scanner.plan.native import load_native
from scanner.plan.writers import fits_a_cell, render_csv, render_yaml, where
from trackscan.arguments import add_call_arguments, add_file_arguments
from trackscan.cli import ExitCode
from trackscan.settings import load_settings

DEFAULT_NAMES = {"yaml": "tracking-plan.yaml", "csv": "tracking-plan.csv"}
SHOW_DYNAMIC = 10


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan init",
        description="Draft a tracking plan from the analytics calls in the code: every static "
        "event with the properties its calls send, and the calls whose names are dynamic.",
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="repository or directory to scan (default: .)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the plan ('-' for stdout; default: tracking-plan.yaml in PATH, "
        "or tracking-plan.csv with --format csv)",
    )
    parser.add_argument(
        "--format",
        choices=("yaml", "csv"),
        help="trackscan's YAML plan, or a CSV for a spreadsheet (default: from the output's "
        "extension, else yaml)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("-c", "--config", metavar="FILE", help="config file")
    add_file_arguments(parser)
    add_call_arguments(parser)
    return parser


def init_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args)
    plan_format = args.format or (
        "csv" if args.output and Path(args.output).suffix.lower() in (".csv", ".tsv") else "yaml"
    )
    directory = settings.root if settings.root.is_dir() else settings.root.parent
    output = args.output or str(directory / DEFAULT_NAMES[plan_format])
    if output != "-" and Path(output).exists() and not args.force:
        raise ConfigError(f"{output} already exists; pass --force to overwrite it")
    result = scan(settings.root, settings.scan)
    draft = draft_plan(result.calls)
    name = directory.resolve().name or None
    if plan_format == "csv":
        text = render_csv(draft)
    else:
        text = render_yaml(draft, name or settings.root_shown, name)
    _check_reads_back(text, plan_format, output)
    if output == "-":
        sys.stdout.write(text)
    else:
        write_bytes_atomic(Path(output), text.encode("utf-8"))
    stream = sys.stderr if output == "-" else sys.stdout
    uses_default = output != "-" and find_default_plan(settings.root) == Path(output)
    stream.write(_summary(draft, output, settings.root_shown, uses_default))
    if plan_format == "csv":
        for warning in _left_out_of_csv(draft):
            print(f"trackscan: warning: {warning}", file=sys.stderr)
    for problem in (p for p in result.problems if p.kind.is_error):
        at = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        print(f"trackscan: warning: {at}: could not scan: {problem.message}", file=sys.stderr)
    return ExitCode.OK


def _left_out_of_csv(draft: Draft) -> list[str]:
    """Names a trimmed spreadsheet cell cannot hold: almost always a bug in the call."""
    found = []
    for item in draft.events:
        name = item.event.name
        place = where(item.locations[0])
        if not fits_a_cell(name):
            found.append(
                f"{place}: event name {printable(repr(name))} has spaces at an end; "
                "left out of the CSV (fix the call, or use the YAML format)"
            )
            continue
        for prop in item.properties:
            if not fits_a_cell(prop.planned.name):
                found.append(
                    f"{place}: property {printable(repr(prop.planned.name))} of "
                    f"{printable(repr(name))} has spaces at an end; left out of the CSV"
                )
    return found


def _check_reads_back(text: str, plan_format: str, shown: str) -> None:
    """The draft must load as a plan; if it does not, that is a bug in trackscan, not input."""
    try:
        if plan_format == "csv":
            parse_csv_plan(parse_table(text, shown))
        else:
            load_native(parse_yaml(text, shown))
    except PlanError as error:
        raise RuntimeError(f"the drafted plan does not read back: {error}") from error


def _summary(draft: Draft, output: str, root_shown: str, uses_default: bool) -> str:
    events = draft.events
    properties = sum(len(e.properties) for e in events)
    calls = sum(len(e.locations) for e in events) + len(draft.dynamic)
    written = "stdout" if output == "-" else output
    lines = [
        f"Wrote {written}: {len(events)} event{'s' if len(events) != 1 else ''} with "
        f"{properties} propert{'ies' if properties != 1 else 'y'}, from {calls} "
        f"call{'s' if calls != 1 else ''}."
    ]
    if draft.dynamic:
        count = len(draft.dynamic)
        lines.append(
            f"{count} call{'s have' if count != 1 else ' has'} a dynamic event name; "
            "find the names and add them to the plan:"
        )
        for call in draft.dynamic[:SHOW_DYNAMIC]:
            expression = printable(" ".join((call.expression or "…").split()))
            place = printable(where(call.location))
            lines.append(f"  {place}  {call.method.value}({expression})")
        if count > SHOW_DYNAMIC:
            lines.append(f"  … and {count - SHOW_DYNAMIC} more (listed in the plan file)")
    if output != "-":
        check = f"trackscan {root_shown}" + ("" if uses_default else f" --plan {output}")
        lines.append(
            f"Next: describe each event (why, owner, required properties), then run `{check}`."
        )
    return "\n".join(lines) + "\n"
