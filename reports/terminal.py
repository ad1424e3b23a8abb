"""The short summary printed after a scan: coverage first, then what needs attention."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.console import Console
from rich.text import Text

from reports.format import format_coverage, printable, where
from scanner.model import (
    CallResult,
    CallStatus,
    EventResult,
    EventStatus,
    Problem,
    Report,
    ReportWarning,
    Wrapper,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TerminalOptions:
    color: bool = False
    verbose: bool = False  # list everything instead of the first few of each section
    width: int = 100
    limit: int = 10
    # `--explain`: what was looked for (lines prepared by the CLI from the settings), and
    # every wrapper found with the reason it is one.
    explain: bool = False
    patterns: tuple[str, ...] = ()


def render(report: Report, options: TerminalOptions | None = None) -> str:
    options = options or TerminalOptions()
    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        width=options.width,
        highlight=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in _lines(report, options):
        console.print(line)
    return out.getvalue()


def _lines(report: Report, options: TerminalOptions) -> list[Text]:
    lines = [_header(report), Text()]
    if report.plan is not None:
        lines += _plan_sections(report, options)
    else:
        lines += _inventory_sections(report, options)
    lines += _section("Naming conventions", list(report.warnings), options, _warning_line)
    lines += _problem_sections(report, options)
    if options.explain:
        lines += _explain_sections(report, options)
    return lines


def _explain_sections(report: Report, options: TerminalOptions) -> list[Text]:
    lines = [Text(), Text("What trackscan looked for", style="bold")]
    lines += [Text(f"  {line}") for line in options.patterns]
    title = "Wrappers: functions that pass a parameter on as the event name"
    every = TerminalOptions(options.color, True, options.width, options.limit)
    found = _section(title, list(report.wrappers), every, _wrapper_line)
    return lines + (found or [Text(), Text("No wrappers found.", style="dim")])


def _wrapper_line(wrapper: Wrapper) -> Text:
    line = Text(f"  {where(wrapper.location)}  ")
    line.append(printable(wrapper.name), style="bold")
    line.append(f"  {printable(wrapper.parameter)} → {printable(wrapper.forwards_callee)}")
    line.append(f" ({where(wrapper.forwards_to)})")
    if wrapper.properties is not None:
        line.append(f", {printable(wrapper.properties)} → properties")
    line.append(f" · {wrapper.method.value} · {_plural(wrapper.calls, 'call')}")
    if not wrapper.calls:
        line.append(" (none found by name: its call stays dynamic)", style="dim")
    return line


def _wrapper_count(report: Report) -> str:
    return _plural(len(report.wrappers), "wrapper")


def _header(report: Report) -> Text:
    text = Text()
    text.append(f"trackscan {report.meta.tool_version}", style="bold")
    text.append(f" · {printable(report.meta.root)}")
    if report.plan is not None:
        planned = report.summary.planned
        text.append(f" · plan {printable(report.plan.path)} ({_plural(planned, 'event')})")
    else:
        text.append(" · no tracking plan (inventory mode)", style="yellow")
    return text


def _plan_sections(report: Report, options: TerminalOptions) -> list[Text]:
    summary = report.summary
    coverage = summary.coverage
    headline = Text("Plan coverage ")
    style = (
        "green"
        if coverage is not None and coverage >= 100
        else ("yellow" if coverage and coverage >= 50 else "red")
    )
    headline.append(f"{format_coverage(coverage)}%", style=f"bold {style}")
    headline.append(f"  {_bar(coverage)}  {summary.implemented}/{summary.planned} implemented")
    counts = Text()
    counts.append(f"{summary.missing} missing", style="red" if summary.missing else "")
    counts.append(" · ")
    counts.append(f"{summary.unplanned} unplanned", style="yellow" if summary.unplanned else "")
    if summary.near_miss:
        counts.append(f" ({summary.near_miss} near miss{'es' if summary.near_miss > 1 else ''})")
    counts.append(" · ")
    counts.append(f"{summary.dynamic} dynamic", style="yellow" if summary.dynamic else "")
    counts.append(f" · {summary.property_problems} with property problems · {summary.calls} calls")
    if report.wrappers:
        counts.append(f" · {_wrapper_count(report)}")
    if report.warnings:
        counts.append(f" · {_naming_count(report)}", style="yellow")
    lines = [headline, counts]
    if report.delta is not None:
        lines.append(_delta_line(report))

    missing = [e for e in report.events if e.status is EventStatus.MISSING]
    lines += _section("Missing events", missing, options, _missing_line)
    unplanned = [c for c in report.calls if c.status is CallStatus.UNPLANNED]
    lines += _section("Unplanned calls", unplanned, options, _unplanned_line)
    lines += _dynamic_section(report, options)
    with_findings = [c for c in report.calls if c.properties is not None and c.properties.count]
    lines += _section("Property problems", with_findings, options, _property_line)
    return lines


def _delta_line(report: Report) -> Text:
    delta = report.delta
    assert delta is not None
    line = Text("Since the baseline: ", style="bold")
    before, after = delta.before.coverage, report.summary.coverage
    if before is not None and after is not None:
        line.append(f"coverage {format_coverage(before)}% → {format_coverage(after)}% · ")
    parts = [
        (len(delta.newly_implemented), "newly implemented", "green"),
        (len(delta.newly_missing), "newly missing", "red"),
        (len(delta.new_unplanned), "new unplanned", "yellow"),
        (len(delta.new_dynamic), "new dynamic", "yellow"),
        (len(delta.new_property_problems), "new with property problems", "yellow"),
    ]
    for index, (count, label, style) in enumerate(parts):
        line.append(f"{count} {label}", style=style if count else "")
        line.append(" · " if index < len(parts) - 1 else "")
    return line


def _inventory_sections(report: Report, options: TerminalOptions) -> list[Text]:
    by_name: dict[tuple[str, str], list[CallResult]] = {}
    for result in report.calls:
        if result.call.event is not None:
            by_name.setdefault((result.call.method.value, result.call.event), []).append(result)
    summary = report.summary
    lines = [Text(f"{summary.calls} calls · {len(by_name)} names · {summary.dynamic} dynamic")]
    if report.wrappers:
        lines[0].append(f" · {_wrapper_count(report)}")
    if report.warnings:
        lines[0].append(f" · {_naming_count(report)}", style="yellow")

    def found_line(item: tuple[tuple[str, str], list[CallResult]]) -> Text:
        (method, name), calls = item
        line = Text("  ")
        line.append(printable(name), style="bold")
        line.append(f"  {method} · {len(calls)} call{'s' if len(calls) > 1 else ''} · ")
        line.append(
            ", ".join(where(c.call.location) for c in calls[:3]) + (" …" if len(calls) > 3 else "")
        )
        return line

    lines += _section("Event names found", sorted(by_name.items()), options, found_line)
    lines += _dynamic_section(report, options)
    lines += [
        Text(),
        Text(
            "No tracking plan found: pass --plan FILE, or add tracking-plan.yaml at the root.",
            style="dim",
        ),
    ]
    return lines


def _dynamic_section(report: Report, options: TerminalOptions) -> list[Text]:
    dynamic = [c for c in report.calls if c.status is CallStatus.DYNAMIC]
    return _section("Dynamic event names", dynamic, options, _dynamic_line)


def _problem_sections(report: Report, options: TerminalOptions) -> list[Text]:
    lines = _section(
        "Files with parse or encoding errors", list(report.errors), options, _problem_line
    )
    notes = report.notes
    if notes:
        kinds: dict[str, int] = {}
        for note in notes:
            kinds[note.kind.value] = kinds.get(note.kind.value, 0) + 1
        detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        lines += [
            Text(),
            Text(
                f"Skipped {len(notes)} file{'s' if len(notes) > 1 else ''}: {detail}", style="dim"
            ),
        ]
        if options.verbose:
            lines += [_problem_line(note) for note in notes]
    return lines


def _section(
    title: str, items: Sequence[T], options: TerminalOptions, line: Callable[[T], Text]
) -> list[Text]:
    if not items:
        return []
    shown = items if options.verbose else items[: options.limit]
    lines = [Text(), Text(f"{title} ({len(items)})", style="bold")]
    lines += [line(item) for item in shown]
    if len(shown) < len(items):
        lines.append(
            Text(
                f"  … and {len(items) - len(shown)} more (--verbose or --json for all)", style="dim"
            )
        )
    return lines


def _missing_line(result: EventResult) -> Text:
    line = Text("  ")
    line.append(printable(result.event.name), style="bold")
    if result.event.method.value != "track":
        line.append(f" ({result.event.method.value})")
    if result.event.owner:
        line.append(f"  owner: {printable(result.event.owner)}", style="dim")
    return line


def _unplanned_line(result: CallResult) -> Text:
    line = Text(f"  {where(result.call.location)}  ")
    line.append(f'"{printable(result.call.event or "")}"', style="bold")
    if result.suggestion:
        line.append(f"  did you mean '{printable(result.suggestion)}'?", style="cyan")
    return line


def _dynamic_line(result: CallResult) -> Text:
    line = Text(f"  {where(result.call.location)}  {result.call.method.value}(")
    line.append(printable(result.call.expression or "…"), style="magenta")
    line.append(")")
    return line


def _property_line(result: CallResult) -> Text:
    findings = result.properties
    line = Text(f"  {where(result.call.location)}  ")
    line.append(printable(result.call.event or result.call.method.value), style="bold")
    parts = []
    if findings is not None:
        if findings.missing_required:
            parts.append("missing required: " + ", ".join(findings.missing_required))
        if findings.unplanned:
            parts.append("unplanned: " + ", ".join(findings.unplanned))
        for mismatch in findings.type_mismatches:
            if mismatch.kind == "enum":
                parts.append(
                    f"{mismatch.key}: '{mismatch.got}' is not one of {', '.join(mismatch.expected)}"
                )
            else:
                parts.append(
                    f"{mismatch.key}: expected {' or '.join(mismatch.expected)}, got {mismatch.got}"
                )
    line.append("  " + printable("; ".join(parts)))
    return line


def _naming_count(report: Report) -> str:
    count = len(report.warnings)
    return f"{count} naming warning{'s' if count > 1 else ''}"


def _warning_line(warning: ReportWarning) -> Text:
    line = Text(f"  {printable(where(warning.location))}  ")
    line.append(printable(warning.message), style="yellow")
    return line


def _problem_line(problem: Problem) -> Text:
    location = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    line = Text(f"  {printable(location)}  ")
    line.append(printable(problem.message), style="red" if problem.kind.is_error else "dim")
    return line


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _bar(percent: float | None, width: int = 20) -> str:
    if percent is None:
        return ""
    filled = int(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)
