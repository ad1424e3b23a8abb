"""GitHub Actions workflow commands: `::warning file=...,line=...::message` per finding.

GitHub shows at most 10 warnings and 10 errors per step (50 per job), so each level is capped
and one notice says how many more are in the report. With a baseline only the findings the
change introduced are annotated: those are the lines a reviewer is looking at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reports.findings import Finding, call_findings
from reports.sarif import RULE_INDEX, RULES
from scanner.model import CallResult, Problem, Report

PER_LEVEL = 10
_SARIF_TO_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


@dataclass(frozen=True, slots=True)
class Annotation:
    level: str  # error | warning | notice
    path: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    title: str
    message: str


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(annotation: Annotation) -> str:
    fields = [("file", annotation.path)]
    for name, value in (
        ("line", annotation.line),
        ("col", annotation.column),
        ("endLine", annotation.end_line),
        ("endColumn", annotation.end_column),
    ):
        if value is not None:
            fields.append((name, str(value)))
    fields.append(("title", annotation.title))
    properties = ",".join(f"{name}={escape_property(value)}" for name, value in fields)
    return f"::{annotation.level} {properties}::{escape_data(annotation.message)}"


def _finding_annotation(finding: Finding, prefix: str) -> Annotation:
    rule = RULES[RULE_INDEX[finding.kind]]
    call = finding.result.call
    return Annotation(
        level=_SARIF_TO_COMMAND[rule.level],
        path=prefix + call.location.path,
        line=call.location.line,
        column=call.location.column,
        end_line=call.end_line,
        end_column=call.end_column,
        title=f"trackscan: {rule.short}",
        message=finding.message,
    )


def _problem_annotation(problem: Problem, prefix: str) -> Annotation:
    return Annotation(
        level="error",
        path=prefix + problem.path,
        line=problem.line,
        column=problem.column,
        end_line=None,
        end_column=None,
        title=f"trackscan: {problem.kind.value}",
        message=problem.message,
    )


def _annotated_calls(report: Report) -> Iterable[CallResult]:
    delta = report.delta
    if delta is None:
        return report.calls
    new = {
        id(result)
        for group in (
            delta.new_unplanned,
            delta.new_dynamic,
            delta.new_near_miss,
            delta.new_property_problems,
        )
        for result in group
    }
    return [result for result in report.calls if id(result) in new]


def collect(report: Report, prefix: str = "") -> list[Annotation]:
    found = [
        _finding_annotation(finding, prefix)
        for result in _annotated_calls(report)
        for finding in call_findings(result)
    ]
    found += [_problem_annotation(p, prefix) for p in report.errors]
    return found


def render(report: Report, prefix: str = "", per_level: int = PER_LEVEL) -> str:
    """The workflow commands, at most `per_level` per level, then a notice for the rest."""
    shown: dict[str, int] = {}
    lines = []
    left_out = 0
    for annotation in collect(report, prefix):
        count = shown.get(annotation.level, 0)
        if count >= per_level:
            left_out += 1
            continue
        shown[annotation.level] = count + 1
        lines.append(command(annotation))
    if left_out:
        lines.append(
            f"::notice title=trackscan::{left_out} more finding{'s' if left_out > 1 else ''} "
            "not annotated (GitHub shows 10 per level); see the report"
        )
    return "".join(line + "\n" for line in lines)
